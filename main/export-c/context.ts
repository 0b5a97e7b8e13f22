// What every step emitter gets: the writer, the scenario, the process being written, and the
// few decisions that change how a call is wrapped (inside a real signal handler or not; whether
// the process has handlers whose steps run from the main flow, so EINTR may mean "restart").
import type { LabObject, LabProcess, Scenario, Step } from '../scenario/schema';
import { cStringLiteral, type CNames, type CWriter } from './writer';

export interface EmitContext {
  w: CWriter;
  scenario: Scenario;
  names: CNames;
  proc: LabProcess;
  procIndex: number;
  /** Writing the body of a real C signal handler: only async-signal-safe calls, _exit. */
  inHandler: boolean;
  /** The process installs handlers run from the main flow: poll take_signals() around calls. */
  deferred: boolean;
  /** Nesting of repeat loops (names the loop counters). */
  loopDepth: number;
  /** The C function of the handler installed by the signal.handle step at `path`. */
  handlerName(path: readonly number[]): string;
  /** Writes steps (repeat bodies), each as its own block. */
  emitSteps(steps: readonly Step[], prefix: readonly number[], ctx: EmitContext): void;
}

export type Emitter<S extends Step = Step> = (step: S, path: readonly number[], ctx: EmitContext) => void;

export function objectOf(ctx: EmitContext, id: string): LabObject {
  const object = ctx.scenario.objects.find((o) => o.id === id);
  if (!object) throw new Error(`no object "${id}" in the scenario`);
  return object;
}

/** The enum constant naming a process (its index in the scenario). */
export function procConst(ctx: Pick<EmitContext, 'names'>, id: string): string {
  return `P_${ctx.names.ident(id)}`;
}

/** How reports name a step: its label, else its index path. A C string literal. */
export function what(step: Step, path: readonly number[]): string {
  return cStringLiteral(step.label ?? `step [${path.join(', ')}]`);
}

/** The statement that reports a failed call (and exits, unless the step continues on error). */
export function fail(ctx: EmitContext, step: Step, path: readonly number[], call: string): string {
  return failNamedBy(ctx, step, path, cStringLiteral(call));
}

/** fail() where a C expression (a `const char *` the helper set) names the call that failed. */
export function failNamedBy(ctx: EmitContext, step: Step, path: readonly number[], callExpression: string): string {
  const onError = step.onError === 'continue' ? 'CONTINUE' : 'FAIL';
  const fn = ctx.inHandler ? 'failed_in_handler' : 'failed';
  return `${fn}(${what(step, path)}, ${callExpression}, ${onError});`;
}

/**
 * A call that may be interrupted. Without main-flow handlers it is just the call: the kernel
 * restarts it (SA_RESTART) or fails it with EINTR by itself. With them, the interpreter's rule:
 * on EINTR run the handlers' steps, then re-issue the call if a handler asked for SA_RESTART and
 * signal(7) lists the call as restartable.
 */
export function retry(ctx: EmitContext, assign: string, failure: string, restartable: boolean): void {
  if (!ctx.deferred || ctx.inHandler) {
    ctx.w.line(`${assign};`);
    return;
  }
  ctx.w.line(`do ${assign};`);
  ctx.w.line(`while (${failure} && errno == EINTR && take_signals(${restartable ? 1 : 0}));`);
}
