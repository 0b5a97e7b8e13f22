// Signals in C: sigaction, kill, raise, pause, sigprocmask, as native/src/lab/op_signal.cc does.
// A handler whose steps are all async-signal-safe runs them inside the real C handler (with
// SA_RESTART when the step asks for it: the kernel then restarts what signal(7) lists). Any
// other handler only notes the delivery (note_signal) and its steps run from the main flow,
// which is what the lab's interpreter does for every handler.
import type { Scenario, Step, StepOf } from '../scenario/schema';
import { walkSteps } from '../scenario/walk';
import { handlerFlags } from '../ops/call-text';
import { fail, procConst, type Emitter } from './context';

/** Ops whose C form is async-signal-safe as this generator writes it (signal-safety(7)). */
const HANDLER_SAFE: ReadonlySet<string> = new Set([
  'log', 'exit', 'shm.write', 'signal.send', 'signal.raise', 'signal.mask', 'write', 'close', 'repeat',
]);

/**
 * Whether some step of the scenario sends `signal` with a value (sigqueue(3)): its handlers
 * then show the value they receive (show_sigvalue), as the lab's signal.delivered event does.
 */
export function carriesValue(scenario: Scenario, signal: string): boolean {
  return scenario.processes.some((p) => [...walkSteps(p.program)].some(({ step }) => step.op === 'signal.send' && step.signal === signal && step.value !== undefined));
}

/** Whether a handler's steps can run inside the C handler itself. */
export function runsInHandler(steps: readonly Step[] | undefined): boolean {
  for (const visit of walkSteps(steps ?? [])) if (!HANDLER_SAFE.has(visit.step.op)) return false;
  return true;
}

const handle: Emitter<StepOf<'signal.handle'>> = (step, path, ctx) => {
  const w = ctx.w;
  const sig = step.signal;
  w.braces('', () => {
    if (step.action !== 'handler') {
      w.line(`struct sigaction sa = { .sa_handler = ${step.action === 'ignore' ? 'SIG_IGN' : 'SIG_DFL'} };`);
      w.line('sigemptyset(&sa.sa_mask);');
      if (ctx.deferred) w.line(`deferred[${sig}].body = NULL;`);
    } else if (runsInHandler(step.steps)) {
      // The flags the lab process installs its handler with, and its call text shows.
      w.line(`struct sigaction sa = { .sa_sigaction = ${ctx.handlerName(path)}, .sa_flags = ${handlerFlags(step).join('|')} };`);
      w.line('sigemptyset(&sa.sa_mask);');
      if (ctx.deferred) w.line(`deferred[${sig}].body = NULL;`);
    } else {
      w.line('/* No SA_RESTART here: the call must return so that the steps run; take_signals() restarts it if asked. */');
      const flags = handlerFlags({ nodefer: step.nodefer }).join('|');
      w.line(`struct sigaction sa = { .sa_sigaction = ${carriesValue(ctx.scenario, sig) ? `${ctx.handlerName(path)}_queued` : 'note_signal'}, .sa_flags = ${flags} };`);
      w.line('sigemptyset(&sa.sa_mask);');
      w.line(`deferred[${sig}].body = ${ctx.handlerName(path)};`);
      w.line(`deferred[${sig}].restart = ${step.restart ? 1 : 0};`);
    }
    if (sig === 'SIGKILL' || sig === 'SIGSTOP') w.line(`/* sigaction(2): ${sig} cannot be caught or ignored: EINVAL. */`);
    w.line(`if (sigaction(${sig}, &sa, NULL) < 0)`);
    w.line(`    ${fail(ctx, step, path, 'sigaction')}`);
  });
};

const send: Emitter<StepOf<'signal.send'>> = (step, path, ctx) => {
  const target = typeof step.to === 'string' ? step.to : step.to.group;
  ctx.w.braces('', () => {
    ctx.w.line(`pid_t pid = pid_of(${procConst(ctx, target)});   /* -1 (ESRCH) while ${target} has not started */`);
    if (typeof step.to !== 'string') {
      // Each root process leads a group of its own (become()); its children are in it.
      ctx.w.line('pid_t pgid = pid < 0 ? -1 : getpgid(pid);');
      ctx.w.line(`if (pgid < 0 || kill(-pgid, ${step.signal}) < 0)`);
      ctx.w.line(`    ${fail(ctx, step, path, 'kill')}`);
    } else if (step.value !== undefined) {
      ctx.w.line(`if (pid < 0 || sigqueue(pid, ${step.signal}, (union sigval){ .sival_int = ${step.value} }) < 0)`);
      ctx.w.line(`    ${fail(ctx, step, path, 'sigqueue')}`);
    } else {
      ctx.w.line(`if (pid < 0 || kill(pid, ${step.signal}) < 0)`);
      ctx.w.line(`    ${fail(ctx, step, path, 'kill')}`);
    }
  });
};

const raiseStep: Emitter<StepOf<'signal.raise'>> = (step, path, ctx) => {
  ctx.w.line(`if (raise(${step.signal}) != 0)`);
  ctx.w.line(`    ${fail(ctx, step, path, 'raise')}`);
};

/** Whether a step clears handler_ran before it runs: it is the step right before a pause. */
export function marksPause(steps: readonly Step[], index: number): boolean {
  return steps[index + 1]?.op === 'signal.pause';
}

const pause: Emitter<StepOf<'signal.pause'>> = (_step, path, ctx) => {
  // pause(2) misses a signal handled just before it is called and sleeps until the next one: a
  // sender forked in microseconds wins that race often. The race-free form (sigsuspend(2), TLPI
  // 22.9): every signal blocked, the flag checked, then one atomic unblock-and-wait.
  const w = ctx.w;
  w.braces('', () => {
    // A pause that opens a loop or handler body has no step before it in that body: its mark is here.
    if (path.length > 1 && path[path.length - 1] === 0) w.line('handler_ran = 0;');
    w.line('sigset_t all, old;');
    w.line('sigfillset(&all);');
    w.line('sigprocmask(SIG_BLOCK, &all, &old);');
    w.line('while (!handler_ran)');
    w.line('    sigsuspend(&old);   /* returns -1 with EINTR once a handler ran: that is its success */');
    w.line('handler_ran = 0;');
    w.line('sigprocmask(SIG_SETMASK, &old, NULL);');
  });
};

const mask: Emitter<StepOf<'signal.mask'>> = (step, path, ctx) => {
  const w = ctx.w;
  const change = (how: string, list: readonly string[] | undefined) => {
    if (!list || list.length === 0) return;
    w.braces('', () => {
      w.line('sigset_t set;');
      w.line('sigemptyset(&set);');
      for (const sig of list) w.line(`sigaddset(&set, ${sig});`);
      w.line(`if (sigprocmask(${how}, &set, NULL) < 0)`);
      w.line(`    ${fail(ctx, step, path, 'sigprocmask')}`);
    });
  };
  change('SIG_BLOCK', step.block);
  change('SIG_UNBLOCK', step.unblock);
  if (!step.block?.length && !step.unblock?.length) w.line('/* nothing to block or unblock */');
};

export const signalEmitters = {
  'signal.handle': handle, 'signal.send': send, 'signal.raise': raiseStep, 'signal.pause': pause, 'signal.mask': mask,
};
