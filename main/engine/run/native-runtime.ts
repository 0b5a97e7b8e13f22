// The native lab process as the run's runtime (runtime.ts): every process of a run is the
// executable native/build/Release/lab_process (native/src/lab/), started with argv[0] = its
// process id, running the program the engine compiled for it (compile/compiler.ts) and
// reporting through its event ring (ring-events.ts). Roots are started here (vfork + exec, in
// the addon's spawn); children by their parent's spawn step, from the same files.
import { closeSync, constants, existsSync, mkdirSync, openSync, writeFileSync, writeSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { addon, addonPath } from '../../native/addon';
import { compileProgram, type CompiledStep } from '../compile/compiler';
import type { RunNames } from './names';
import { openConsole, RingEventSource } from './ring-events';
import { LAB_ENV, PID_SLOT_BYTES, RUN_FILES } from './run-files';
import type { LabRuntime, PreparedRun, RootLaunch } from './runtime';
import type { Scenario } from '../../scenario/schema';

const EXECUTABLE = 'lab_process';

let found: string | undefined;

/** The lab process executable: $PROCESS_LAB_EXE, else beside the addon (native/build/Release). */
export function labProcessPath(): string {
  const override = process.env.PROCESS_LAB_EXE;
  if (override) return override;
  if (found) return found; // looked up once: every root process's start pays for nothing else
  const path = join(dirname(addonPath()), EXECUTABLE);
  if (!existsSync(path)) throw new Error(`The lab process (${path}) is not built: run \`npm run build:native\`.`);
  found = path;
  return path;
}

interface RunState {
  scenario: Scenario;
  names: RunNames;
  t0: bigint;
  steps: Map<string, CompiledStep[]>;
  sources: Map<string, RingEventSource>;
}

const runs = new Map<string, RunState>();

function slotOf(state: RunState, processId: string): number {
  return state.scenario.processes.findIndex((p) => p.id === processId);
}

/** Writes a PID into the run's table (0 clears it), where lab processes look before kill(). */
function writePidSlot(runDir: string, slot: number, pid: number): void {
  const fd = openSync(join(runDir, RUN_FILES.pidTable), constants.O_WRONLY);
  try {
    const bytes = Buffer.alloc(4);
    bytes.writeInt32LE(pid);
    writeSync(fd, bytes, 0, 4, slot * PID_SLOT_BYTES);
  } finally {
    closeSync(fd);
  }
}

export const nativeRuntime: LabRuntime & {
  /** The event source of a process of a live run (the gate lives there). */
  source(runDir: string, processId: string): RingEventSource | undefined;
} = {
  prepareRun({ runDir, scenario, names, t0 }: PreparedRun): void {
    for (const sub of [RUN_FILES.programDir, RUN_FILES.ringDir, RUN_FILES.consoleDir]) mkdirSync(join(runDir, sub), { mode: 0o700, recursive: true });
    // The PID table, then the shmid table (lab/state.h): one int32 per object, inboxes included.
    const objectSlots = scenario.objects.length + scenario.processes.length;
    writeFileSync(join(runDir, RUN_FILES.pidTable), Buffer.alloc(scenario.processes.length * PID_SLOT_BYTES + objectSlots * 4), { mode: 0o600 });
    const native = addon();
    const state: RunState = { scenario, names, t0, steps: new Map(), sources: new Map() };
    for (const process of scenario.processes) {
      const compiled = compileProgram(scenario, names, process.id, (name) => native.signalNumber(name as never));
      writeFileSync(join(runDir, RUN_FILES.programDir, process.id), compiled.bytes, { mode: 0o600 });
      state.steps.set(process.id, compiled.steps);
    }
    runs.set(runDir, state);
  },

  openEvents(runDir: string, processId: string): RingEventSource {
    const state = runs.get(runDir);
    if (!state) throw new Error(`the run in ${runDir} was not prepared for lab processes`);
    const native = addon();
    const ring = native.ringCreate(join(runDir, RUN_FILES.ringDir, processId));
    const consoleFd = openConsole(join(runDir, RUN_FILES.consoleDir, processId));
    const source = new RingEventSource(native, ring, consoleFd, state.steps.get(processId)!, {
      scenario: state.scenario, names: state.names, self: processId, signalName: (n) => native.signalName(n), pids: {}, ids: {},
    }, state.t0);
    state.sources.set(processId, source);
    return source;
  },

  spawnRoot({ runDir, processId, joinNamespacesOf }: RootLaunch): number {
    const state = runs.get(runDir);
    const consoleFd = openSync(join(runDir, RUN_FILES.consoleDir, processId), constants.O_WRONLY | constants.O_APPEND);
    const nullFd = openSync('/dev/null', constants.O_RDONLY);
    try {
      const executable = labProcessPath();
      // argv is the process id alone, so `ps` shows `master`; the run is in the environment.
      const pid = addon().spawn(executable, [processId], {
        env: { [LAB_ENV.runDir]: runDir, [LAB_ENV.processId]: processId, [LAB_ENV.executable]: executable },
        fds: [[0, nullFd], [1, consoleFd], [2, consoleFd]],
        // Its own process group, as a shell starts a job: its children join it, and a
        // signal.send to { group } (kill(-pgid)) reaches the run's processes only, never the engine.
        newProcessGroup: true,
        // If the lab dies, its root processes go with it (prctl(2): Linux only; elsewhere the next
        // engine's leftover cleanup stops them by the run journal).
        ...(process.platform === 'linux' ? { parentDeathSignal: 'SIGKILL' as const } : {}),
        ...(joinNamespacesOf !== undefined ? { joinNamespacesOf } : {}), // its host (hosts.ts)
      });
      if (state) writePidSlot(runDir, slotOf(state, processId), pid);
      return pid;
    } finally {
      closeSync(consoleFd);
      closeSync(nullFd);
    }
  },

  processEnded(runDir: string, processId: string): void {
    const state = runs.get(runDir);
    if (state) writePidSlot(runDir, slotOf(state, processId), 0);
  },

  endRun(runDir: string): void {
    runs.delete(runDir);
  },

  source(runDir: string, processId: string): RingEventSource | undefined {
    return runs.get(runDir)?.sources.get(processId);
  },
};
