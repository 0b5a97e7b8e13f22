// The names that cross process boundaries, in one place, with no dependency, so the
// sandboxed preload can bundle them without zod. methods.ts checks this list is complete.

/** Every contract method; the allowlist of what a renderer may call. */
export const METHOD_NAMES = [
  'app.info',
  'presets.list',
  'presets.get',
  'scenario.validate',
  'scenario.exportC',
  'signals.table',
  'run.start',
  'run.stop',
  'run.time',
  'run.step',
  'run.pause',
  'run.resume',
  'run.signal',
  'run.list',
  'run.rename',
  'run.delete',
  'run.events',
  'run.document',
  'run.inspect',
  'run.processes',
  'run.repeat',
  'run.repeatStop',
  'system.list',
  'system.remove',
  'system.orphanPlan',
  'system.removeOrphans',
  'system.processes',
  'system.pipes',
  'system.segment',
  'files.openDialog',
  'files.saveDialog',
  'files.recent',
  'files.read',
  'document.setDirty',
  'bench.run',
  'bench.results',
] as const;
export type MethodName = (typeof METHOD_NAMES)[number];

/** Run events, batched at display rate: payload `runEventsPushSchema` (runs.ts). */
export const RUN_EVENTS_PUSH = 'run.events';
/** A benchmark's progress: payload `benchProgressSchema` (bench.ts). */
export const BENCH_PROGRESS_PUSH = 'bench.progress';
/** A repetition's progress ("Run 20 times"): payload `repeatProgressSchema` (repeat.ts). */
export const REPEAT_PROGRESS_PUSH = 'repeat.progress';
/** The desktop menu asks the page to do something: payload `menuCommandPayloadSchema` (menu.ts). */
export const MENU_COMMAND_PUSH = 'menu.command';

/** Every push a page may receive; pushes.ts gives each its payload schema. */
export const PUSH_NAMES = [RUN_EVENTS_PUSH, BENCH_PROGRESS_PUSH, REPEAT_PROGRESS_PUSH, MENU_COMMAND_PUSH] as const;
export type PushName = (typeof PUSH_NAMES)[number];

/** Electron IPC channels. */
export const IPC_INVOKE_CHANNEL = 'lab:invoke';
export const IPC_EVENT_CHANNEL = 'lab:event';

/** Browser mode: the WebSocket path and the query parameter / cookie carrying the token. */
export const WS_PATH = '/lab';
export const TOKEN_PARAM = 'token';
export const TOKEN_COOKIE = 'process_lab_token';
/**
 * The WebSocket subprotocol a client offers with the token one (`process-lab.token.<token>`, see
 * main/server/access.ts); the server selects this plain name, never echoing the token.
 */
export const WS_SUBPROTOCOL = 'process-lab';

export function isPushName(value: unknown): value is PushName {
  return typeof value === 'string' && (PUSH_NAMES as readonly string[]).includes(value);
}

export function isMethodName(value: unknown): value is MethodName {
  return typeof value === 'string' && (METHOD_NAMES as readonly string[]).includes(value);
}
