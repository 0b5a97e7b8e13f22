// `run --slow MS` and `run --break PROC:STEP` (spec, Command line): the run's time control from a
// terminal. A breakpoint names a step as the program editor numbers it, from 1 (`slave:3`, the
// third step; `main:4.1`, the first step inside step 4); a process stopped there goes on when
// the user presses Enter (every stopped process), or by itself once stdin has ended.
import { createInterface } from 'node:readline';
import type { Run } from '../engine/run/supervisor';
import type { Breakpoint, TimeSettings } from '../engine/run/time-control';
import type { Scenario, Step } from '../scenario/schema';
import { UsageError } from './usage';

/** --slow and --break as the run's time settings; UsageError for what cannot be understood. */
export function parseTimeOptions(slow: string | undefined, breaks: readonly string[], scenario: Scenario): TimeSettings {
  const settings: TimeSettings = {};
  if (slow !== undefined) {
    const ms = Number(slow);
    if (!Number.isInteger(ms) || ms < 0 || ms > 60_000) throw new UsageError(`--slow must be 0..60000 milliseconds per step, not "${slow}"`);
    settings.mode = 'slow';
    settings.slowMs = ms;
  }
  if (breaks.length) settings.breakpoints = breaks.map((text) => parseBreakpoint(text, scenario));
  return settings;
}

function parseBreakpoint(text: string, scenario: Scenario): Breakpoint {
  const match = /^([A-Za-z][A-Za-z0-9_-]{0,31}):(\d+(?:\.\d+)*)$/.exec(text);
  if (!match) throw new UsageError(`--break takes PROCESS:STEP (steps numbered from 1, as in the editor; 4.1 inside step 4), not "${text}"`);
  const process = scenario.processes.find((p) => p.id === match[1]);
  if (!process) throw new UsageError(`--break ${text}: no process "${match[1]}" (processes: ${scenario.processes.map((p) => p.id).join(', ')})`);
  const index = match[2].split('.').map((n) => Number(n) - 1);
  if (!stepAt(process.program, index)) throw new UsageError(`--break ${text}: ${match[1]} has no step ${match[2]}`);
  return { process: process.id, index };
}

/** The step at an index path, or undefined. */
function stepAt(program: readonly Step[], index: readonly number[]): Step | undefined {
  let steps: readonly Step[] | undefined = program;
  let step: Step | undefined;
  for (const i of index) {
    step = i >= 0 ? steps?.[i] : undefined;
    if (!step) return undefined;
    steps = 'steps' in step ? (step.steps as Step[]) : undefined;
  }
  return step;
}

/** A breakpoint's index path as the editor numbers it: [2, 0] -> "3.1". */
const stepNumber = (index: readonly number[]) => index.map((i) => i + 1).join('.');

/** What a breakpoint stop looks like to the user: "slave stopped before its step 4 (shm.write "write reply")". */
export function describeStop(scenario: Scenario, process: string, index: readonly number[]): string {
  const step = stepAt(scenario.processes.find((p) => p.id === process)?.program ?? [], index);
  return `${process} stopped before its step ${stepNumber(index)} (${step?.op}${step?.label ? ` "${step.label}"` : ''})`;
}

/** Lets the user continue runs stopped at breakpoints from stdin (see continueOnEnter). */
export interface Continuer {
  /** Whether stdin has ended: stopped processes then go on by themselves. */
  readonly ended: boolean;
  /** The run whose stopped processes Enter continues from now on (one at a time: --repeat). */
  watch(run: Run): void;
  /** Stops listening to stdin. */
  close(): void;
}

/**
 * For the whole command (one reader of stdin, whatever the number of runs): each line on stdin
 * lets every process stopped at a breakpoint in the watched run go on; once stdin ends, they go
 * on by themselves (a second reader made after stdin's end would never see it end, and a run
 * held at a breakpoint does not time out: it would wait forever).
 */
export function continueOnEnter(): Continuer {
  let ended = false;
  let current: Run | undefined;
  const lines = createInterface({ input: process.stdin });
  const goOn = () => {
    if (!current) return;
    for (const stop of current.stoppedAtBreakpoints()) current.step(stop.process);
  };
  lines.on('line', goOn);
  lines.on('close', () => (ended = true));
  const timer = setInterval(() => ended && goOn(), 50);
  return {
    get ended() { return ended; },
    watch: (run) => (current = run),
    close() {
      clearInterval(timer);
      lines.close();
    },
  };
}
