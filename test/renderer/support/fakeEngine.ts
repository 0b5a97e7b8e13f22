// An engine for the renderer's unit tests that keeps the contract: every call goes through the
// engine's real dispatcher (the contract's method list, argument and result schemas) and the
// desktop transport's real checks (preload bridge shape, reply and push validation). Only the
// handlers are the test's. A call the contract refuses is recorded in `violations`: a store
// that sends what the contract does not define fails its test even if it swallows the error.
import { dispatch, type Handlers } from '../../../main/engine/dispatch';
import { METHOD_NAMES, type Envelope, type MethodName } from '../../../main/contract';
import type { PreloadBridge } from '../../../renderer/src/transport/electron';

export interface FakeEngine {
  /** Every call the page made, in order, with its arguments as sent. */
  calls: { method: MethodName; args: unknown }[];
  /** Calls the contract refused (UNKNOWN_METHOD, INVALID_ARGUMENT, a result that breaks it). */
  violations: string[];
  /** The handlers answering calls; a method without one fails with INTERNAL. */
  handlers: Partial<Handlers>;
  /** Sends a push to the page, as the engine or the shell would. */
  push(event: string, payload: unknown): void;
  /** Waits until every call made so far has been answered. */
  settle(): Promise<void>;
}

let engine: FakeEngine | undefined;

/** Installs (once per test file) the bridge the page's labClient() finds, and empties it. */
export function fakeEngine(handlers: Partial<Handlers> = {}): FakeEngine {
  if (!engine) {
    const listeners = new Set<(event: string, payload: unknown) => void>();
    let inFlight: Promise<unknown>[] = [];
    const state: FakeEngine = {
      calls: [],
      violations: [],
      handlers: {},
      push: (event, payload) => {
        for (const listener of listeners) listener(event, payload);
      },
      settle: async () => {
        while (inFlight.length > 0) {
          const waiting = inFlight;
          inFlight = [];
          await Promise.allSettled(waiting);
          await new Promise((resolve) => setTimeout(resolve, 0));
        }
      },
    };
    const answer = async (method: MethodName, args: unknown): Promise<Envelope<unknown>> => {
      state.calls.push({ method, args });
      const served = { ...state.handlers } as Handlers;
      for (const name of METHOD_NAMES) {
        served[name] ??= (() => {
          throw new Error(`${name} is not served in this test`);
        }) as never;
      }
      const envelope = await dispatch(served, method, args, { frontDoor: 'electron' });
      if (!envelope.ok && ['UNKNOWN_METHOD', 'INVALID_ARGUMENT'].includes(envelope.error.code)) {
        state.violations.push(envelope.error.message);
      }
      if (!envelope.ok && envelope.error.message.includes('breaks the contract')) state.violations.push(envelope.error.message);
      return envelope;
    };
    const bridge: PreloadBridge = {
      invoke: Object.fromEntries(
        METHOD_NAMES.map((method) => [method, (args: unknown) => {
          const reply = answer(method, args);
          inFlight.push(reply);
          return reply;
        }]),
      ) as PreloadBridge['invoke'],
      onEvent(listener) {
        listeners.add(listener);
        return () => listeners.delete(listener);
      },
    };
    (window as unknown as { processLab: PreloadBridge }).processLab = bridge;
    engine = state;
  }
  engine.calls = [];
  engine.violations = [];
  engine.handlers = handlers;
  return engine;
}
