// What a transport accepts from the engine: only replies and pushes the contract defines.
// Both transports (Electron's bridge, browser mode's WebSocket) use these, so a message the
// contract does not define is refused the same way whichever way it came.
import { contract, envelopeSchema, parsePush, type MethodName, type MethodResult, type PushName, type PushPayload } from '@contract';
import { LabCallError } from './errors';

/** Where a refused message is reported (the console by default; tests collect them). */
export type RefusalReporter = (reason: string) => void;
export const consoleReporter: RefusalReporter = (reason) => console.error(`Process Lab: refused a message from the engine: ${reason}`);

/**
 * The value of a reply to `method`, checked against the contract's result schema.
 * Throws LabCallError with the engine's error, or BAD_MESSAGE when the reply breaks the contract.
 */
export function acceptReply<M extends MethodName>(method: M, reply: unknown): MethodResult<M> {
  const parsed = envelopeSchema(contract[method].result).safeParse(reply);
  if (!parsed.success) {
    const where = parsed.error.issues.map((issue) => `at /${issue.path.map(String).join('/')}: ${issue.message}`).join('; ');
    throw new LabCallError({ code: 'BAD_MESSAGE', message: `The engine's reply to ${method} breaks the contract: ${where}` });
  }
  if (!parsed.data.ok) throw new LabCallError(parsed.data.error);
  return parsed.data.value as MethodResult<M>;
}

type Listener = (payload: never) => void;

/** The push listeners of one client, by push name; `deliver` hands on only valid pushes. */
export class PushHub {
  private readonly listeners = new Map<PushName, Set<Listener>>();

  constructor(private readonly report: RefusalReporter) {}

  on<P extends PushName>(event: P, listener: (payload: PushPayload<P>) => void): () => void {
    let set = this.listeners.get(event);
    if (!set) this.listeners.set(event, (set = new Set()));
    set.add(listener as Listener);
    return () => void set.delete(listener as Listener);
  }

  get size(): number {
    let count = 0;
    for (const set of this.listeners.values()) count += set.size;
    return count;
  }

  deliver(event: unknown, payload: unknown): void {
    const checked = parsePush(event, payload);
    if (!checked.ok) return this.report(checked.reason);
    const { push } = checked;
    for (const listener of [...(this.listeners.get(push.event) ?? [])]) (listener as (p: unknown) => void)(push.payload);
  }
}
