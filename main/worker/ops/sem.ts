// POSIX named semaphores: sem_open (O_CREAT|O_EXCL to create, plain to open on first use),
// sem_wait / sem_trywait, sem_post, sem_unlink.
import { StepError, type WorkerContext } from '../context';
import type { OpTable } from './types';

function semaphore(ctx: WorkerContext, id: string): number {
  const object = ctx.object(id);
  if (object.kind !== 'semaphore') throw new StepError('EINVAL', `${id} is not a semaphore`);
  let handle = ctx.semaphores.get(id);
  if (handle === undefined) {
    handle = ctx.native.semOpen(ctx.names[id].name!, {});
    ctx.semaphores.set(id, handle);
  }
  return handle;
}

export const semOps: OpTable = {
  'sem.create': (step, ctx) => {
    const object = ctx.object(step.object);
    if (object.kind !== 'semaphore') throw new StepError('EINVAL', `${step.object} is not a semaphore`);
    const name = ctx.names[step.object].name!;
    const handle = ctx.native.semOpen(name, { create: true, exclusive: true, mode: 0o600, value: object.initial });
    ctx.semaphores.set(step.object, handle);
    ctx.emit({ type: 'object.created', object: step.object, kind: 'semaphore', name });
    return { name, value: object.initial };
  },
  'sem.wait': (step, ctx) => {
    const handle = semaphore(ctx, step.object);
    if (step.blocking) ctx.native.semWait(handle);
    else ctx.native.semTryWait(handle);
    return undefined;
  },
  'sem.post': (step, ctx) => {
    ctx.native.semPost(semaphore(ctx, step.object));
    return undefined;
  },
  'sem.destroy': (step, ctx) => {
    const name = ctx.names[step.object].name!;
    ctx.native.semUnlink(name);
    ctx.emit({ type: 'object.removed', object: step.object, kind: 'semaphore', name });
    return { name };
  },
};
