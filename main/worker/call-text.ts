// The C call a step makes, with this process's real identifiers where it has them.
import type { Step } from '../scenario/schema';
import type { WorkerContext } from './context';

export function callText(step: Step, _ctx: WorkerContext): string {
  return step.op;
}
