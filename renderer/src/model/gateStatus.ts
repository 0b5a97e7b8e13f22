/**
 * Where a process of a live run stands with respect to the lab's gate (ARCHITECTURE.md, "Time is
 * the user's"), in words: held at its gate before a step (it can be stepped), stopped there by a
 * breakpoint, blocked in the kernel in a call (it cannot be stepped: what it waits for, who could
 * release it), in a call that has not returned, not started, or ended. Folded from the run's
 * events (runModel) and the programs the run was started with.
 */
import { isBlockingStep, releasersOf, waitingWords, waitManner } from '@ops/waiting';
import type { Step } from '@scenario/schema';
import type { ScenarioDoc, StepDoc } from './doc';
import { isLive, type ProcessLive, type RunModel } from './runModel';

type GateKind = 'gate' | 'breakpoint' | 'blocked' | 'in-call' | 'running' | 'not-started' | 'ended';

export interface GateStatus {
  kind: GateKind;
  /** One short line for the canvas node: "next: 4 shm.write", "blocked in the kernel: reading p1". */
  short: string;
  /** The whole sentence: what it waits for and who could release it. */
  text: string;
  /** Why it cannot be stepped now; undefined when it can (it waits at its gate). */
  cannotStep?: string;
  /** The step it makes next (held at its gate) or is in (a call under way), as numbered in the editor. */
  step?: number[];
}

/** The step at an index path of a program ([3, 0]: the first step inside the fourth). */
export function stepAtPath(program: readonly StepDoc[] | undefined, path: readonly number[]): StepDoc | undefined {
  let steps = program;
  let step: StepDoc | undefined;
  for (const i of path) {
    step = steps?.[i];
    if (!step) return undefined;
    steps = step.steps;
  }
  return step;
}

/** "4 shm.write" or "4 shm.write "write reply"", numbered from 1 as in the editor. */
export function stepWords(program: readonly StepDoc[] | undefined, path: readonly number[]): string {
  const step = stepAtPath(program, path);
  const label = typeof step?.label === 'string' && step.label ? ` "${step.label}"` : '';
  return `${path.map((i) => i + 1).join('.')} ${step?.op ?? '?'}${label}`;
}

/** The gate status of process `id` in `model`, a run of `scenario`. */
export function gateStatus(id: string, model: RunModel, scenario: ScenarioDoc | undefined): GateStatus {
  const live: ProcessLive | undefined = model.processes.get(id);
  const program = scenario?.processes.find((p) => p.id === id)?.program;
  if (!live || live.state === 'not started') {
    const parent = scenario?.processes.find((p) => p.id === id)?.parent;
    const text = parent ? `${id} has not started: ${parent}'s spawn step starts it.` : `${id} has not started yet.`;
    return { kind: 'not-started', short: 'not started', text, cannotStep: text };
  }
  if (!isLive(live)) return { kind: 'ended', short: 'ended', text: `${id} has ended.`, cannotStep: `${id} has ended.` };
  if (live.atGate) {
    const words = stepWords(program, live.atGate);
    if (live.atBreakpoint) return { kind: 'breakpoint', short: `breakpoint: ${words}`, text: `${id} stopped at a breakpoint, before its step ${words}.`, step: live.atGate };
    return { kind: 'gate', short: `next: ${words}`, text: `${id} is held at its gate: its next call is step ${words}.`, step: live.atGate };
  }
  if (live.inCall && live.currentStep) {
    const step = stepAtPath(program, live.currentStep) as Step | undefined;
    const words = stepWords(program, live.currentStep);
    if (step && isBlockingStep(step)) {
      const owners = (scenario?.processes ?? []).map((p) => ({ id: p.id, parent: p.parent, program: p.program as unknown as Step[] }));
      const who = releasersOf(step, id, owners, (other) => { const p = model.processes.get(other); return !!p && (p.state === 'exited' || p.state === 'Z'); });
      const waits = waitingWords(step);
      const release = who.length ? `${who.join(' or ')} could release it` : 'no other process of the run can release it';
      const where = waitManner(step);
      return {
        kind: 'blocked', short: `${where}: ${waits}`, step: live.currentStep,
        text: `${id} is ${where} in step ${words}, ${waits}: ${release}.`,
        cannotStep: `${id} is ${where}, ${waits}: it cannot be stepped until ${who.length ? `${who.join(' or ')} releases it` : 'something releases it'}.`,
      };
    }
    return { kind: 'in-call', short: `in ${words}`, step: live.currentStep, text: `${id} is in its step ${words}: it reaches its gate when the call returns.`, cannotStep: `${id} is in its step ${words}: it reaches its gate when the call returns.` };
  }
  return { kind: 'running', short: 'running', text: `${id} is running, not waiting at its gate.`, cannotStep: `${id} is running, not waiting at its gate.` };
}

/** Where a live process is in its program now, for the Processes table and the inspector. */
export interface StepNow {
  /** Index path of the step it is held before (at its gate) or is in (a call under way). */
  step: number[];
  /** "held before step 4 shm.write", "stopped at a breakpoint before step 2 read", or "4 shm.write" (in it). */
  text: string;
  /** The call it is in ("nanosleep(...)"), only while that call has not returned; never at the gate. */
  call?: string;
  atGate: boolean;
}

/**
 * The step process `live` is held before or is in, in words; undefined when it is between steps,
 * not started or ended. At the gate the last call has returned, so it names the next step, not
 * the last one begun (gate.wait until gate.pass).
 */
export function stepNow(live: ProcessLive | undefined, program: readonly StepDoc[] | undefined): StepNow | undefined {
  if (!live || !isLive(live)) return undefined;
  if (live.atGate) {
    const why = live.atBreakpoint ? 'stopped at a breakpoint' : 'held';
    return { step: live.atGate, text: `${why} before step ${stepWords(program, live.atGate)}`, atGate: true };
  }
  if (live.inCall && live.currentStep) {
    const op = live.currentOp ?? stepAtPath(program, live.currentStep)?.op ?? '?';
    return { step: live.currentStep, text: `${live.currentStep.map((i) => i + 1).join('.')} ${op}`, call: live.currentCall, atGate: false };
  }
  return undefined;
}
