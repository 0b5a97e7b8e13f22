// The engine's view of each process of a run: what its worker said (PID, current step, the
// descriptors it holds by object) and what the kernel says (state, wait channel, CPU).
import type { LabProcess, Step } from '../../scenario/schema';
import type { ProcessEventSource } from './runtime';

export interface ExitStatus {
  code?: number;
  signal?: string;
  core?: boolean;
}

export class RunProcess {
  pid?: number;
  ppid?: number;
  startTime?: number;
  /** The step the worker is in (between its step.begin and step.end), and since when. */
  step?: Step;
  stepIndex?: number[];
  stepSince = 0;
  kernelState?: string;
  waitingOn?: string;
  cpuTicks = 0;
  exit?: ExitStatus;
  /** Descriptor number -> object id, as reported by the worker's steps (and inherited at spawn). */
  readonly fdObjects = new Map<number, string>();
  /** Stdout/stderr text not yet ended by a newline. */
  consoleTail = '';

  constructor(
    readonly spec: LabProcess,
    /** What the process reports: its events and its console text. */
    readonly events: ProcessEventSource,
  ) {}

  get id(): string {
    return this.spec.id;
  }

  get isRoot(): boolean {
    return this.spec.parent === undefined;
  }

  get started(): boolean {
    return this.pid !== undefined;
  }

  get live(): boolean {
    return this.pid !== undefined && this.exit === undefined;
  }

  /** The step at an index path of this process's program (inside repeats and handlers too). */
  stepAt(index: number[]): Step | undefined {
    let steps: Step[] | undefined = this.spec.program;
    let step: Step | undefined;
    for (const i of index) {
      step = steps?.[i];
      if (!step) return undefined;
      steps = 'steps' in step ? (step.steps as Step[] | undefined) : undefined;
    }
    return step;
  }
}
