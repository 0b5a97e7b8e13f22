/**
 * Iterating the steps of a program with their index path ([3, 0] inside a repeat or a
 * handler, the `index` of step events) and JSON pointer. Iterative with an explicit stack:
 * the validator walks documents that have not been checked yet, so recursion depth must
 * not depend on the input.
 */
import type { Step } from './schema';
import { escapeSegment } from './pointer';

export interface StepVisit<S = Step> {
  readonly step: S;
  /** Index path from the top of the program. */
  path: number[];
  /** JSON pointer of the step, from `basePointer` (e.g. /processes/1/program). */
  pointer: string;
  /** 0 at the top of the program, +1 inside each repeat or handler. */
  depth: number;
  /** Signal of the innermost handler this step runs in, or undefined. */
  handler: string | undefined;
  /** Whether an enclosing repeat (times > 1) or handler may run the step more than once. */
  repeated: boolean;
}

/** Where a step sits: a linked list up to the program, so a visit costs O(1) however deep it is. */
interface Position {
  parent: Position | undefined;
  index: number;
  /** The segment that leads to this step's array: the program's pointer at the top, "steps" below. */
  container: string;
}

function pathOf(position: Position): number[] {
  const path: number[] = [];
  for (let at: Position | undefined = position; at; at = at.parent) path.push(at.index);
  return path.reverse();
}

function pointerOf(position: Position): string {
  const parts: string[] = [];
  for (let at: Position | undefined = position; at; at = at.parent) parts.push(`${at.container}/${escapeSegment(at.index)}`);
  return parts.reverse().join('');
}

/** A visit whose path and pointer are built only when read (deep walks stay linear). */
class Visit<S> implements StepVisit<S> {
  constructor(
    readonly step: S,
    private readonly position: Position,
    readonly depth: number,
    readonly handler: string | undefined,
    readonly repeated: boolean,
  ) {}

  get path(): number[] {
    return pathOf(this.position);
  }

  get pointer(): string {
    return pointerOf(this.position);
  }
}

interface Frame {
  steps: readonly unknown[];
  next: number;
  parent: Position | undefined;
  container: string;
  depth: number;
  handler: string | undefined;
  repeated: boolean;
}

/** The nested steps of a step, if it has any: repeat.steps, signal.handle.steps. */
export function childSteps(step: unknown): readonly unknown[] | undefined {
  if (typeof step !== 'object' || step === null) return undefined;
  const record = step as Record<string, unknown>;
  if ((record.op === 'repeat' || record.op === 'signal.handle') && Array.isArray(record.steps)) {
    return record.steps;
  }
  return undefined;
}

/**
 * Pre-order walk, in document order. Works on unchecked input too (non-object entries are
 * yielded as they are, and only arrays are descended into), hence the loose generic.
 * `descend` may return false to skip a step's children (the validator uses it to stop at
 * the nesting limit).
 */
export function* walkSteps<S = Step>(
  program: readonly S[] | readonly unknown[],
  basePointer = '',
  descend: (visit: StepVisit<S>) => boolean = () => true,
): Generator<StepVisit<S>> {
  const stack: Frame[] = [
    { steps: program, next: 0, parent: undefined, container: basePointer, depth: 0, handler: undefined, repeated: false },
  ];
  while (stack.length > 0) {
    const frame = stack[stack.length - 1];
    if (frame.next >= frame.steps.length) {
      stack.pop();
      continue;
    }
    const index = frame.next++;
    const step = frame.steps[index] as S;
    const position: Position = { parent: frame.parent, index, container: frame.container };
    const visit = new Visit<S>(step, position, frame.depth, frame.handler, frame.repeated);
    yield visit;
    const children = childSteps(step);
    if (children && descend(visit)) {
      const record = step as Record<string, unknown>;
      const isHandler = record.op === 'signal.handle';
      stack.push({
        steps: children,
        next: 0,
        parent: position,
        container: '/steps',
        depth: frame.depth + 1,
        handler: isHandler && typeof record.signal === 'string' ? record.signal : frame.handler,
        // A handler runs once per delivery, so its steps may run many times too.
        repeated: frame.repeated || isHandler || (record.op === 'repeat' && record.times !== 1),
      });
    }
  }
}

/** Steps in all, nested ones included (the spec's 2 000-step limit counts these). */
export function countSteps(program: readonly unknown[]): number {
  let count = 0;
  for (const _visit of walkSteps(program)) count++;
  return count;
}
