// Processes and control in C, as native/src/lab/op_control.cc does: spawn (fork; see become() for
// what exec would reset), wait (waitpid), sleep (nanosleep), compute (a busy loop), log
// (write(1, ...)), exit (_exit), repeat (a for loop), fault (a NULL write, a division by zero).
import type { StepOf } from '../scenario/schema';
import { fail, procConst, retry, what, type Emitter } from './context';
import { cBytesLiteral, utf8 } from './writer';

const spawn: Emitter<StepOf<'spawn'>> = (step, path, ctx) => {
  ctx.w.line(`if (start_process(${procConst(ctx, step.process)}) < 0)`);
  ctx.w.line(`    ${fail(ctx, step, path, 'fork')}`);
};

const wait: Emitter<StepOf<'wait'>> = (step, path, ctx) => {
  const w = ctx.w;
  w.braces('', () => {
    w.line('int status;');
    w.line('pid_t pid;');
    if (step.process !== undefined) {
      const child = procConst(ctx, step.process);
      // procs[].pid is 0 until the child started; waitpid(0, ...) would mean "any child of my group".
      w.braces(`if (procs[${child}].pid <= 0)`, () => {
        w.line('errno = ECHILD;');
        w.line(fail(ctx, step, path, 'waitpid'));
      });
      w.braces('else', () => reap(`procs[${child}].pid`));
    } else {
      reap('-1');
    }
  });
  function reap(pid: string) {
    w.line('/* A child that ended before this is a zombie (state Z) until now. */');
    retry(ctx, `pid = waitpid(${pid}, &status, 0)`, 'pid < 0', true);
    w.line('if (pid < 0)');
    w.line(`    ${fail(ctx, step, path, 'waitpid')}`);
    w.braces('else', () => {
      w.line('record_exit(pid, status);');
      w.line(`show_status(${what(step, path)}, pid, status);`);
    });
  }
};

const sleep: Emitter<StepOf<'sleep'>> = (step, path, ctx) => {
  const ms = step.ms;
  ctx.w.line(`if (nanosleep(&(struct timespec){ ${Math.floor(ms / 1000)}, ${(ms % 1000) * 1_000_000} }, NULL) < 0)   /* never restarted: EINTR */`);
  ctx.w.line(`    ${fail(ctx, step, path, 'nanosleep')}`);
};

const compute: Emitter<StepOf<'compute'>> = (step, _path, ctx) => {
  const w = ctx.w;
  w.braces('', () => {
    w.line('struct timespec start, now;');
    w.line('clock_gettime(CLOCK_MONOTONIC, &start);');
    w.braces('do', () => {
      w.line('clock_gettime(CLOCK_MONOTONIC, &now);   /* busy on the CPU: state R */');
      if (ctx.deferred && !ctx.inHandler) w.line('take_signals(0);');
    }, ` while (ms_between(&start, &now) < ${step.ms});`);
  });
};

const log: Emitter<StepOf<'log'>> = (step, path, ctx) => {
  const bytes = utf8(`${step.message}\n`);
  ctx.w.line(`if (write(1, ${cBytesLiteral(bytes)}, ${bytes.length}) < 0)`);
  ctx.w.line(`    ${fail(ctx, step, path, 'write')}`);
};

const exit: Emitter<StepOf<'exit'>> = (step, _path, ctx) => {
  ctx.w.line(`_exit(${step.code});`);
};

const repeat: Emitter<StepOf<'repeat'>> = (step, path, ctx) => {
  const i = `i${ctx.loopDepth + 1}`;
  ctx.w.braces(`for (long ${i} = 0; ${i} < ${step.times}; ${i}++)`, () => {
    ctx.emitSteps(step.steps, path, { ...ctx, loopDepth: ctx.loopDepth + 1 });
  });
};

const fault: Emitter<StepOf<'fault'>> = (step, _path, ctx) => {
  const w = ctx.w;
  w.braces('', () => {
    if (step.kind === 'segv') {
      // volatile: the compiler may not prove the pointer NULL and turn the write into a trap.
      // Both the pointer and the store volatile: an optimising compiler may drop a plain store
      // through NULL (undefined behaviour), and then nothing crashes.
      w.line('volatile int *volatile nowhere = NULL;');
      w.line('*nowhere = 1;   /* SIGSEGV */');
    } else {
      w.line('volatile int zero = 0;');
      w.line('volatile int quotient = 1 / zero;   /* SIGFPE (x86; arm64 has no trap for it) */');
      w.line('(void)quotient;');
    }
  });
};

export const controlEmitters = { spawn, wait, sleep, compute, log, exit, repeat, fault };
