// Runs a lab process's program, one real call per step, reporting an event before and after.
//
// Signals: the addon's C handler only records a delivery. The interpreter takes recorded
// deliveries after every step and whenever a call fails with EINTR, and runs the handler's
// steps then, so they run "when the signal is delivered, before the interrupted step goes on".
// The C handler is installed without SA_RESTART (control must come back here to run the steps);
// when the scenario asked for SA_RESTART, the interpreter re-issues the calls that signal(7)
// says the kernel restarts, after the handler's steps, which is what the kernel would have done.
import type { Op, Step } from '../scenario/schema';
import { callText } from './call-text';
import type { WorkerContext } from './context';
import { controlOps } from './ops/control';
import { mailboxOps } from './ops/mailbox';
import { semOps } from './ops/sem';
import { shmOps } from './ops/shm';
import { signalOps } from './ops/signal';
import { streamOps } from './ops/stream';
import type { Interpreter, OpImpl, OpTable, StepResult } from './ops/types';

const OPS: OpTable = { ...shmOps, ...streamOps, ...mailboxOps, ...semOps, ...signalOps, ...controlOps };

/** Calls Linux restarts under SA_RESTART (signal(7)); msgsnd/msgrcv, nanosleep, pause never. */
function restartable(step: Step, ctx: WorkerContext): boolean {
  switch (step.op) {
    case 'read':
    case 'write':
    case 'fifo.open':
    case 'wait':
    case 'sem.wait':
      return true;
    case 'send':
      return 'mailbox' in step.to && ctx.object(step.to.mailbox).kind === 'mailbox' && (ctx.object(step.to.mailbox) as { flavor: string }).flavor === 'posix';
    case 'receive':
      return step.from !== 'any' && 'mailbox' in step.from && (ctx.object(step.from.mailbox) as { flavor?: string }).flavor === 'posix';
    default:
      return false;
  }
}

export class ProgramInterpreter implements Interpreter {
  private readonly now: () => bigint;

  constructor(private readonly ctx: WorkerContext) {
    this.now = () => ctx.native.monotonicNs();
  }

  handledCount(): number {
    return this.ctx.native.signalStats().handled;
  }

  /** Runs the handlers of every delivery recorded so far; returns the signals handled. */
  private takeAndRunHandlers(): number[] {
    const ctx = this.ctx;
    const handled: number[] = [];
    for (const delivery of ctx.native.takeSignals()) {
      const entry = ctx.handlers.get(delivery.number);
      if (!entry) continue;
      handled.push(delivery.number);
      ctx.emit({ type: 'signal.delivered', signal: delivery.signal, disposition: 'handler' });
      ctx.emit({ type: 'handler.begin', signal: delivery.signal });
      this.runSteps(entry.steps, entry.index);
      ctx.emit({ type: 'handler.end', signal: delivery.signal });
    }
    return handled;
  }

  runPendingHandlers(): boolean {
    return this.takeAndRunHandlers().length > 0;
  }

  runSteps(steps: Step[], indexPrefix: number[]): void {
    for (let i = 0; i < steps.length; i++) this.runStep(steps[i], [...indexPrefix, i]);
  }

  runStep(step: Step, index: number[]): void {
    const ctx = this.ctx;
    const label = step.label !== undefined ? { label: step.label } : {};
    ctx.emit({ type: 'step.begin', index, op: step.op, call: callText(step, ctx), ...label });
    const start = this.now();
    const impl = OPS[step.op] as OpImpl<Op> | undefined;
    let result: StepResult;
    let errno: string | undefined;
    for (;;) {
      try {
        if (!impl) throw Object.assign(new Error(`the lab cannot run "${step.op}"`), { code: 'ENOSYS' });
        result = impl(step as never, ctx, this, index);
        break;
      } catch (error) {
        const code = (error as { code?: unknown }).code;
        if (code === 'EINTR') {
          const handled = this.takeAndRunHandlers();
          const restart = handled.some((signal) => ctx.handlers.get(signal)?.restart) && restartable(step, ctx);
          if (restart) continue;
        }
        if (typeof code === 'string' && /^E[A-Z0-9]+$/.test(code)) {
          errno = code;
        } else {
          // Not a system call's failure: a bug or a refused argument. Say it on the console.
          errno = 'EINVAL';
          ctx.native.fdWrite(2, new TextEncoder().encode(`process-lab: ${step.op}: ${(error as Error).message}\n`));
        }
        break;
      }
    }
    const durationNs = Number(this.now() - start);
    ctx.emit({ type: 'step.end', index, op: step.op, ...(result ? { result } : {}), ...(errno ? { errno } : {}), durationNs, ...label });
    this.takeAndRunHandlers();
    if (errno && step.onError !== 'continue') process.exit(1);
  }
}
