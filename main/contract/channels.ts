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
  'run.pause',
  'run.resume',
  'run.signal',
  'run.list',
  'run.events',
  'run.inspect',
  'run.processes',
  'system.list',
  'system.remove',
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

/** Electron IPC channels. */
export const IPC_INVOKE_CHANNEL = 'lab:invoke';
export const IPC_EVENT_CHANNEL = 'lab:event';

/** Browser mode: the WebSocket path and the query parameter / cookie carrying the token. */
export const WS_PATH = '/lab';
export const TOKEN_PARAM = 'token';
export const TOKEN_COOKIE = 'process_lab_token';

export function isMethodName(value: unknown): value is MethodName {
  return typeof value === 'string' && (METHOD_NAMES as readonly string[]).includes(value);
}
