// Signals: sigaction with the addon's C handler (the handler's steps run in the interpreter when
// the delivery is taken), kill, raise, pause, sigprocmask. Crash signals (SIGSEGV, SIGFPE, SIGBUS,
// SIGILL) get a handler that runs in C (write + _exit), as the lecture's example does.
import { CRASH_SIGNALS } from '../../scenario/signals';
import type { Step } from '../../scenario/schema';
import type { OpTable } from './types';

/** The message and exit code of a crash handler made of log and exit steps. */
function crashHandlerBody(steps: Step[]): { message: string; code?: number } {
  let message = '';
  let code: number | undefined;
  for (const step of steps) {
    if (step.op === 'log') message += step.message + '\n';
    if (step.op === 'exit' && code === undefined) code = step.code;
  }
  return { message, code };
}

export const signalOps: OpTable = {
  'signal.handle': (step, ctx, _interp, index) => {
    const native = ctx.native;
    const number = native.signalNumber(step.signal);
    if (step.action !== 'handler') {
      native.sigaction(step.signal, step.action);
      ctx.handlers.delete(number);
      return { action: step.action };
    }
    const steps = step.steps ?? [];
    const crash = (CRASH_SIGNALS as readonly string[]).includes(step.signal);
    const body = crashHandlerBody(steps);
    if (crash && body.code !== undefined) {
      // The handler runs in C; it reports its beginning and end on the control channel itself.
      const report = {
        fd: ctx.channel.fd,
        before:
          ctx.channel.prepare({ type: 'signal.delivered', signal: step.signal, disposition: 'handler' }) +
          ctx.channel.prepare({ type: 'handler.begin', signal: step.signal }),
        after: ctx.channel.prepare({ type: 'handler.end', signal: step.signal }),
      };
      native.installCrashHandler(step.signal as 'SIGSEGV', body.message, body.code, 1, report);
      return { action: 'handler', runsIn: 'C' };
    }
    // No SA_RESTART in the kernel: control must come back to run the handler's steps; the
    // interpreter then restarts the call itself when `restart` asked for it (see interpreter.ts).
    native.sigaction(step.signal, 'handler');
    ctx.handlers.set(number, { steps, restart: step.restart, index });
    return { action: 'handler', restart: step.restart };
  },

  'signal.send': (step, ctx) => {
    const pid = ctx.pidOf(step.to);
    ctx.emit({ type: 'signal.sent', from: ctx.me.id, to: step.to, toPid: pid, signal: step.signal });
    ctx.native.kill(pid, step.signal);
    return { to: step.to, pid };
  },

  'signal.raise': (step, ctx) => {
    ctx.emit({ type: 'signal.sent', from: ctx.me.id, to: ctx.me.id, toPid: process.pid, signal: step.signal });
    ctx.native.raise(step.signal);
    return undefined;
  },

  'signal.pause': (_step, ctx, interp) => {
    // pause() returns only after a handler ran, always with EINTR: that is its success.
    try {
      ctx.native.pause();
    } catch (error) {
      if ((error as { code?: string }).code !== 'EINTR') throw error;
      interp.runPendingHandlers();
    }
    return undefined;
  },

  'signal.mask': (step, ctx) => {
    const native = ctx.native;
    if (step.block?.length) native.sigprocmask('block', step.block);
    if (step.unblock?.length) native.sigprocmask('unblock', step.unblock);
    return { blocked: native.sigprocmask('block', []) };
  },
};
