// Byte streams: anonymous pipes (pipe2, both ends here; children inherit them at spawn) and
// FIFOs (mkfifo in the run directory, then open() by unrelated processes).
import { StepError, type WorkerContext } from '../context';
import { describeBytes, toBytes } from '../values';
import type { OpTable } from './types';

function end(ctx: WorkerContext, id: string, which: 'read' | 'write'): number {
  const fd = ctx.ends[id]?.[which];
  // A C program would pass a closed or never-opened descriptor and get EBADF.
  if (fd === undefined) throw new StepError('EBADF', `this process holds no ${which} end of ${id}`);
  return fd;
}

function setCapacity(ctx: WorkerContext, id: string, fd: number): number | undefined {
  const object = ctx.object(id);
  if ((object.kind === 'pipe' || object.kind === 'fifo') && object.capacity !== undefined) {
    return ctx.native.pipeSetSize(fd, object.capacity);
  }
  return undefined;
}

export const streamOps: OpTable = {
  'pipe.create': (step, ctx) => {
    // O_CLOEXEC: a spawn passes the ends it inherits explicitly (spawn.cc), nothing else leaks.
    const { readFd, writeFd } = ctx.native.pipeCreate({ cloexec: true });
    ctx.ends[step.object] = { read: readFd, write: writeFd };
    const capacity = setCapacity(ctx, step.object, writeFd) ?? ctx.native.pipeGetSize(writeFd);
    ctx.emit({ type: 'object.created', object: step.object, kind: 'pipe', fds: [readFd, writeFd] });
    return { fds: [readFd, writeFd], capacity };
  },

  'fifo.create': (step, ctx) => {
    const path = ctx.names[step.object].path!;
    ctx.native.fifoCreate(path, 0o600);
    ctx.emit({ type: 'object.created', object: step.object, kind: 'fifo', path });
    return { path };
  },

  'fifo.open': (step, ctx) => {
    const path = ctx.names[step.object].path!;
    const fd = ctx.native.fifoOpen(path, step.end, { nonBlocking: !step.blocking, cloexec: true });
    // O_NONBLOCK was for the open only; reads and writes say their own mode.
    if (!step.blocking) ctx.native.fdSetNonBlocking(fd, false);
    ctx.ends[step.object] = { ...ctx.ends[step.object], [step.end]: fd };
    const capacity = step.end === 'write' ? setCapacity(ctx, step.object, fd) : undefined;
    return { fd, ...(capacity ? { capacity } : {}) };
  },

  write: (step, ctx) => {
    const fd = end(ctx, step.object, 'write');
    return { bytes: ctx.native.fdWrite(fd, toBytes(step.data), { nonBlocking: !step.blocking }) };
  },

  read: (step, ctx) => {
    const fd = end(ctx, step.object, 'read');
    return describeBytes(ctx.native.fdRead(fd, step.max, { nonBlocking: !step.blocking }));
  },

  close: (step, ctx) => {
    const fd = end(ctx, step.object, step.end);
    ctx.native.fdClose(fd);
    const ends = { ...ctx.ends[step.object] };
    delete ends[step.end];
    ctx.ends[step.object] = ends;
    return { fd };
  },
};
