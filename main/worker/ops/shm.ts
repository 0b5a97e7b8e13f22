// Shared memory steps: System V (shmget/shmat/shmdt/shmctl) or POSIX (shm_open/ftruncate/
// mmap/munmap/shm_unlink), by the object's flavor. Reads and writes copy through the addon.
import type { ObjectOf } from '../../scenario/schema';
import { StepError, type WorkerContext } from '../context';
import { describeBytes, plainNumber, toBytes } from '../values';
import type { OpTable } from './types';

function segment(ctx: WorkerContext, id: string): ObjectOf<'shm'> {
  const object = ctx.object(id);
  if (object.kind !== 'shm') throw new StepError('EINVAL', `${id} is not a shared-memory segment`);
  return object;
}

/** The attachment of this process; touching an unattached segment is EFAULT, as the spec says. */
function attached(ctx: WorkerContext, id: string): number {
  const handle = ctx.attachments.get(id);
  if (handle === undefined) throw new StepError('EFAULT', `${id} is not attached in this process`);
  return handle;
}

export const shmOps: OpTable = {
  'shm.create': (step, ctx) => {
    const object = segment(ctx, step.object);
    const name = ctx.names[step.object];
    const native = ctx.native;
    if (object.flavor === 'posix') {
      const fd = native.shmOpen(name.name!, { create: true, exclusive: true, mode: 0o600 });
      try {
        native.shmTruncate(fd, object.size);
      } finally {
        native.fdClose(fd);
      }
      ctx.emit({ type: 'object.created', object: step.object, kind: 'shm', name: name.name });
      return { name: name.name, size: object.size };
    }
    const shmid = native.shmGet(name.key!, object.size, { create: true, exclusive: true, mode: 0o600 });
    ctx.shmids.set(step.object, shmid);
    ctx.emit({ type: 'object.created', object: step.object, kind: 'shm', shmid, key: name.key });
    return { shmid, key: name.key, size: object.size };
  },

  'shm.attach': (step, ctx) => {
    const object = segment(ctx, step.object);
    const name = ctx.names[step.object];
    const native = ctx.native;
    if (ctx.attachments.has(step.object)) throw new StepError('EINVAL', `${step.object} is already attached here`);
    if (object.flavor === 'posix') {
      const fd = native.shmOpen(name.name!, {});
      try {
        const size = native.shmFstat(fd).size;
        ctx.attachments.set(step.object, native.shmMap(fd, size, { name: name.name }));
        return { name: name.name, size };
      } finally {
        native.fdClose(fd);
      }
    }
    const shmid = native.shmGet(name.key!, 0);
    ctx.shmids.set(step.object, shmid);
    ctx.attachments.set(step.object, native.shmAttach(shmid));
    return { shmid };
  },

  'shm.write': (step, ctx) => {
    const handle = attached(ctx, step.object);
    if (typeof step.value === 'number') {
      ctx.native.memStore(handle, step.offset, step.type === 'i64' ? BigInt(step.value) : step.value, step.type);
      return { value: step.value };
    }
    return { bytes: ctx.native.memWrite(handle, step.offset, toBytes(step.value)) };
  },

  'shm.read': (step, ctx) => {
    const handle = attached(ctx, step.object);
    if (step.length !== undefined) return describeBytes(ctx.native.memRead(handle, step.offset, step.length));
    return { value: plainNumber(ctx.native.memLoad(handle, step.offset, step.type)) };
  },

  'shm.waitUntil': (step, ctx, interp) => {
    const handle = attached(ctx, step.object);
    const equals = step.type === 'i64' ? BigInt(step.equals) : step.equals;
    let polls = 0;
    // A handled signal returns control here so its handler's steps run; then the wait goes on,
    // as a C polling loop would after the handler returned.
    for (;;) {
      const result = ctx.native.memWaitUntil(handle, step.offset, equals, { type: step.type, pollMs: step.pollMs });
      polls += result.polls;
      if (result.status === 'equal') return { value: plainNumber(result.value), polls };
      interp.runPendingHandlers();
    }
  },

  'shm.add': (step, ctx) => {
    const handle = attached(ctx, step.object);
    const delta = step.type === 'i64' ? BigInt(step.delta) : step.delta;
    if (step.atomic) {
      const previous = ctx.native.memFetchAdd(handle, step.offset, delta, step.type === 'f64' ? undefined : step.type);
      return { previous: plainNumber(previous) };
    }
    // load; sched_yield(); store: the yield stands for a preemption between the two, which makes
    // the lost update happen on one CPU as on several (see the race preset).
    return { value: plainNumber(ctx.native.memNonAtomicAdd(handle, step.offset, delta, step.type, { yields: 1 })) };
  },

  'shm.detach': (step, ctx) => {
    const object = segment(ctx, step.object);
    const handle = attached(ctx, step.object);
    if (object.flavor === 'posix') ctx.native.shmUnmap(handle);
    else ctx.native.shmDetach(handle);
    ctx.attachments.delete(step.object);
    return undefined;
  },

  'shm.destroy': (step, ctx) => {
    const object = segment(ctx, step.object);
    const name = ctx.names[step.object];
    if (object.flavor === 'posix') {
      ctx.native.shmUnlink(name.name!);
      ctx.emit({ type: 'object.removed', object: step.object, kind: 'shm', name: name.name });
      return { name: name.name };
    }
    const shmid = ctx.native.shmGet(name.key!, 0);
    ctx.native.shmRemove(shmid);
    // On Linux the segment lives on while attached (SHM_DEST): the inspector shows it.
    let nattch = 0;
    try {
      nattch = ctx.native.shmStat(shmid).nattch;
    } catch {
      // Gone at once: nobody was attached.
    }
    ctx.emit({ type: 'object.removed', object: step.object, kind: 'shm', shmid, key: name.key });
    return { shmid, nattch, deferred: nattch > 0 };
  },
};
