// Processes and control: spawn a child (fork+exec in C, inheriting this process's pipe and
// FIFO ends at the same numbers), wait for it, sleep, compute, log, exit, repeat, fault.
import { closeSync, openSync } from 'node:fs';
import { join } from 'node:path';
import { ENV, RUN_FILES, type InheritedEnds } from '../env';
import { StepError } from '../context';
import type { OpTable } from './types';

export const controlOps: OpTable = {
  spawn: (step, ctx) => {
    const child = ctx.scenario.processes.find((p) => p.id === step.process);
    if (!child || child.parent !== ctx.me.id) throw new StepError('EINVAL', `${step.process} is not a child of ${ctx.me.id}`);
    if (ctx.children.has(step.process)) throw new StepError('EEXIST', `${step.process} was already started`);
    // Like fork: the child gets every pipe and FIFO end open here, at the same numbers.
    const inherited: InheritedEnds = {};
    const fds: Array<[number, number]> = [];
    for (const [object, ends] of Object.entries(ctx.ends)) {
      if (ends.read === undefined && ends.write === undefined) continue;
      inherited[object] = { ...ends };
      if (ends.read !== undefined) fds.push([ends.read, ends.read]);
      if (ends.write !== undefined) fds.push([ends.write, ends.write]);
    }
    const consoleFd = openSync(join(ctx.runDir, RUN_FILES.consoleDir, step.process), 'w');
    const nullFd = openSync('/dev/null', 'r');
    try {
      fds.push([0, nullFd], [1, consoleFd], [2, consoleFd]);
      const env = { ...process.env, [ENV.processId]: step.process, [ENV.inherited]: JSON.stringify(inherited) };
      const pid = ctx.native.spawn(process.execPath, [process.execPath, process.argv[1]], { env: env as Record<string, string>, fds });
      ctx.children.set(step.process, pid);
      return { process: step.process, pid };
    } finally {
      closeSync(consoleFd);
      closeSync(nullFd);
    }
  },

  wait: (step, ctx) => {
    const pid = step.process ? ctx.children.get(step.process) : -1;
    if (pid === undefined) throw new StepError('ECHILD', `${step.process} is not a child this process started`);
    const status = ctx.native.waitpid(pid)!;
    const processId = [...ctx.children].find(([, p]) => p === status.pid)?.[0] ?? String(status.pid);
    return status.signaled
      ? { process: processId, pid: status.pid, signal: status.signal, ...(status.coreDumped ? { core: true } : {}) }
      : { process: processId, pid: status.pid, code: status.code };
  },

  sleep: (step, ctx) => {
    ctx.native.nanosleep(step.ms);
    return undefined;
  },

  compute: (step, _ctx, interp) => {
    // Busy on the CPU (state R), but a handled signal's steps still run when it arrives.
    const end = performance.now() + step.ms;
    let seen = interp.handledCount();
    while (performance.now() < end) {
      if (interp.handledCount() !== seen) {
        interp.runPendingHandlers();
        seen = interp.handledCount();
      }
    }
    return undefined;
  },

  log: (step, ctx) => {
    ctx.native.fdWrite(1, new TextEncoder().encode(step.message + '\n'));
    return undefined;
  },

  exit: (step) => {
    process.exit(step.code);
  },

  repeat: (step, _ctx, interp, index) => {
    for (let i = 0; i < step.times; i++) interp.runSteps(step.steps, index);
    return { times: step.times };
  },

  fault: (step, ctx) => {
    if (step.kind === 'segv') ctx.native.faultNullWrite();
    else ctx.native.faultDivideByZero();
    return undefined;
  },
};
