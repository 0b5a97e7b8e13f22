// Every push a page receives (engine -> renderer, shell -> renderer), each with its payload's
// schema. Senders are typed by it; the renderer's transports accept only what parses here.
import type { z } from 'zod';
import { PUSH_NAMES, isPushName, type PushName } from './channels';
import { benchProgressSchema } from './bench';
import { menuCommandPayloadSchema } from './menu';
import { runEventsPushSchema } from './runs';
import { repeatProgressSchema } from './repeat';

export const pushSchemas = {
  'run.events': runEventsPushSchema,
  'bench.progress': benchProgressSchema,
  'repeat.progress': repeatProgressSchema,
  'menu.command': menuCommandPayloadSchema,
} as const satisfies Record<PushName, z.ZodType>;

export type PushPayload<P extends PushName> = z.output<(typeof pushSchemas)[P]>;

/** A push as it travels: its name and its payload (Electron sends them as two arguments). */
export type Push = { [P in PushName]: { event: P; payload: PushPayload<P> } }[PushName];

/** Whoever sends pushes (the engine, the desktop shell) gives them to one of these. */
export type PushSink = <P extends PushName>(event: P, payload: PushPayload<P>) => void;

/**
 * Checks a push received from another process against the contract.
 * Returns the parsed push, or a sentence saying why it is refused (an unknown name, or a
 * payload that does not match the name's schema) for the receiver to report.
 */
export function parsePush(event: unknown, payload: unknown): { ok: true; push: Push } | { ok: false; reason: string } {
  if (!isPushName(event)) {
    return { ok: false, reason: `unknown push ${JSON.stringify(event)}; the contract has ${PUSH_NAMES.join(', ')}` };
  }
  const parsed = pushSchemas[event].safeParse(payload);
  if (!parsed.success) {
    const where = parsed.error.issues.map((issue) => `at /${issue.path.map(String).join('/')}: ${issue.message}`).join('; ');
    return { ok: false, reason: `push ${event} breaks the contract: ${where}` };
  }
  return { ok: true, push: { event, payload: parsed.data } as Push };
}
