import type { Step, StepOf, Op } from '../../scenario/schema';
import type { WorkerContext } from '../context';

/** What a step reports in step.end's `result` (the spec's shapes), or nothing. */
export type StepResult = Record<string, unknown> | undefined;

/** Hooks into the interpreter for ops that wait or nest (waitUntil, compute, repeat). */
export interface Interpreter {
  /** Runs the handlers of signals delivered since the last look; true when any ran. */
  runPendingHandlers(): boolean;
  /** Whether a handled signal arrived since `since` (a value of handledCount()). */
  handledCount(): number;
  runSteps(steps: Step[], indexPrefix: number[]): void;
}

export type OpImpl<O extends Op> = (step: StepOf<O>, ctx: WorkerContext, interp: Interpreter, index: number[]) => StepResult;
export type OpTable = { [O in Op]?: OpImpl<O> };
