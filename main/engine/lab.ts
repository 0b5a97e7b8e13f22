// The engine as one object: every contract method's handler. No Electron, no sockets:
// the front doors (main/electron, main/server, main/cli) are thin adapters over this.
import { LabFailure, type PushSink } from '../contract';
import { addon } from '../native/addon';
import { presets } from '../presets';
import { exportScenarioAsC } from '../export-c/generator';
import { validateScenario, validateScenarioText } from '../scenario/validate';
import { defaultPaths, type LabPaths } from './paths';
import { RunManager } from './runs';
import { BenchManager } from './bench/manager';
import { RepeatManager } from './repeat';
import { dispatch, type CallContext, type Handlers } from './dispatch';
import { systemHandlers } from './system';
import { APP_NAME, APP_VERSION } from './version';
import { platformCapabilities } from './capabilities';

export interface LabOptions {
  frontDoor: CallContext['frontDoor'];
  /** Where runs are recorded and run directories live (defaults: the user's data and runtime dirs). */
  paths?: LabPaths;
  /** A front door's own handlers (the desktop shell's files.* and document.*), replacing the engine's. */
  overrides?: Partial<Handlers>;
}

/** Receives every push of the engine (contract: main/contract/pushes.ts). */
type LabEventListener = PushSink;

export interface Lab {
  handlers: Handlers;
  /** Validates and runs one call; never throws. */
  call(method: unknown, args: unknown): ReturnType<typeof dispatch>;
  /** Pushes for the renderer (run events, batched); returns the unsubscribe function. */
  onEvent(listener: LabEventListener): () => void;
  /** The runs of this engine (created on first use: the CLI's `presets` needs none). */
  runs(): RunManager;
  /**
   * Whether a page or window is there to step the runs (browser mode: at least one socket
   * connected). While not, time a run is held counts towards its timeout (RunManager.setWatched).
   */
  setWatched(watched: boolean): void;
  close(): Promise<void>;
}

/** Documents and dialogs belong to the desktop shell; the engine itself has neither. */
function desktopOnlyHandlers(): Pick<Handlers, 'files.openDialog' | 'files.saveDialog' | 'files.recent' | 'files.read' | 'document.setDirty'> {
  const unavailable = (): never => {
    throw new LabFailure('UNAVAILABLE', 'only in the desktop app');
  };
  return { 'files.openDialog': unavailable, 'files.saveDialog': unavailable, 'files.recent': unavailable, 'files.read': unavailable, 'document.setDirty': unavailable };
}

export function createLab(options: LabOptions): Lab {
  const listeners = new Set<LabEventListener>();
  let manager: RunManager | undefined;
  let benchManager: BenchManager | undefined;
  let repeatManager: RepeatManager | undefined;
  let watched = true;
  const push: PushSink = (event, payload) => {
    for (const listener of listeners) listener(event, payload);
  };
  const runs = () => {
    if (!manager) {
      manager = new RunManager(options.paths ?? defaultPaths(), push, () => listeners.size > 0);
      manager.setWatched(watched);
    }
    return manager;
  };
  const repeats = () => (repeatManager ??= new RepeatManager(runs, push));
  const bench = () => (benchManager ??= new BenchManager(options.paths ?? defaultPaths(), push, runs));
  const handlers: Handlers = {
    'app.info': () => ({
      name: APP_NAME,
      version: APP_VERSION,
      platform: process.platform,
      frontDoor: options.frontDoor,
      capabilities: platformCapabilities(process.platform),
    }),
    'presets.list': () => presets().map(({ id, title, description }) => ({ id, title, description })),
    'presets.get': ({ id }) => {
      const preset = presets().find((p) => p.id === id);
      if (!preset) throw new LabFailure('NOT_FOUND', `No preset named "${id}".`);
      return { id: preset.id, scenario: preset.scenario as Record<string, unknown> };
    },
    'scenario.validate': ({ text }) => {
      const result = validateScenarioText(text);
      return { ok: result.ok, problems: result.problems.map((p) => ({ ...p, severity: p.severity ?? 'error' })) };
    },
    'scenario.exportC': ({ scenario }) => {
      const validation = validateScenario(scenario);
      if (!validation.ok) {
        const errors = validation.problems.filter((p) => (p.severity ?? 'error') === 'error');
        throw new LabFailure('INVALID_SCENARIO', `The scenario has ${errors.length} problem(s): ${errors.map((p) => `${p.pointer}: ${p.message}`).join('; ')}`, validation.problems);
      }
      return { code: exportScenarioAsC(validation.scenario).code };
    },
    'signals.table': () => addon().signalTable().map(({ name, number, defaultAction, catchable }) => ({ name, number, defaultAction, catchable })),
    'run.start': ({ scenario, timeoutMs, fileName, mode, slowMs, breakpoints }) => ({ runId: runs().start(scenario, timeoutMs, undefined, { mode, slowMs, breakpoints }, { fileName }).runId }),
    'run.document': ({ runId }) => runs().document(runId),
    'run.time': ({ runId, mode, slowMs, breakpoints }) => {
      runs().get(runId).setTime({ mode, slowMs, breakpoints });
      return {};
    },
    'run.step': ({ runId, process }) => ({ released: runs().get(runId).step(process) }),
    'run.stop': ({ runId }) => {
      runs().get(runId).stop();
      return {};
    },
    'run.pause': ({ runId, process }) => {
      runs().pause(runId, process);
      return {};
    },
    'run.resume': ({ runId, process }) => {
      runs().resume(runId, process);
      return {};
    },
    'run.signal': ({ runId, process, pid, signal }) => {
      const run = runs().get(runId);
      const target = process ?? run.processByPid(pid!).id;
      return { pid: run.signal(target, signal) };
    },
    'run.list': ({ internal }) => runs().list(internal === true),
    'run.rename': ({ runId, name }) => runs().rename(runId, name),
    'run.delete': async ({ runId }) => {
      await runs().delete(runId);
      return {};
    },
    'run.events': ({ runId, from, limit }) => runs().events(runId, from, limit),
    'run.inspect': ({ runId, object, offset, length }) => runs().inspect(runId, object, offset, length),
    'run.processes': ({ runId }) => runs().get(runId).processFigures(),
    'run.repeat': ({ scenario, times, timeoutMs }) => repeats().start(scenario, times, timeoutMs),
    'run.repeatStop': ({ repeatId }) => {
      repeats().stop(repeatId);
      return {};
    },
    'bench.run': (args) => bench().start(args),
    'bench.results': ({ limit }) => bench().results(limit),
    ...systemHandlers(() => (options.paths ?? defaultPaths()).runtimeDir),
    ...desktopOnlyHandlers(),
    ...options.overrides,
  };
  const context: CallContext = { frontDoor: options.frontDoor };
  return {
    handlers,
    call: (method, args) => dispatch(handlers, method, args, context),
    onEvent(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    runs,
    setWatched(now) {
      watched = now;
      manager?.setWatched(now);
    },
    close: async () => {
      await benchManager?.close();
      await manager?.close();
    },
  };
}
