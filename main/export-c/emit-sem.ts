// POSIX named semaphores in C: sem_open (O_CREAT|O_EXCL to create, plain on first use),
// sem_wait / sem_trywait, sem_post, sem_unlink, as native/src/lab/op_sem.cc does.
import type { ObjectOf, StepOf } from '../scenario/schema';
import { fail, retry, type Emitter } from './context';
import type { CNames } from './writer';

type Semaphore = ObjectOf<'semaphore'>;

export function semGlobals(object: Semaphore, names: CNames): string[] {
  const id = names.ident(object.id);
  return [
    `/* ${object.id}: POSIX semaphore, initial value ${object.initial} */`,
    `static char name_${id}[64];`,
    `static sem_t *sem_${id} = SEM_FAILED;   /* opened on first use */`,
  ];
}

export function semNaming(object: Semaphore, names: CNames): string[] {
  const id = names.ident(object.id);
  return [`snprintf(name_${id}, sizeof name_${id}, "/plab.c%ld.${object.id}", (long)getpid());`];
}

/** exec closes named semaphores (sem_overview(7)); a new process opens them again on first use. */
export function semReset(object: Semaphore, names: CNames): string[] {
  const id = names.ident(object.id);
  return [`if (sem_${id} != SEM_FAILED)`, `    sem_close(sem_${id});`, `sem_${id} = SEM_FAILED;`];
}

export function semLeakCheck(object: Semaphore, names: CNames): string[] {
  const id = names.ident(object.id);
  return [`if (sem_unlink(name_${id}) == 0)`, `    report_leak("${object.id}");`];
}

const create: Emitter<StepOf<'sem.create'>> = (step, path, ctx) => {
  const c = ctx.names.ident(step.object);
  const object = ctx.scenario.objects.find((o) => o.id === step.object) as Semaphore;
  ctx.w.line(`sem_${c} = sem_open(name_${c}, O_CREAT | O_EXCL, 0600, ${object.initial});`);
  ctx.w.line(`if (sem_${c} == SEM_FAILED)`);
  ctx.w.line(`    ${fail(ctx, step, path, 'sem_open')}`);
};

const wait: Emitter<StepOf<'sem.wait'>> = (step, path, ctx) => {
  const c = ctx.names.ident(step.object);
  const w = ctx.w;
  w.line(`if (sem_get(&sem_${c}, name_${c}) < 0)`);
  w.line(`    ${fail(ctx, step, path, 'sem_open')}`);
  if (!step.blocking) {
    w.line(`else if (sem_trywait(sem_${c}) < 0)`);
    w.line(`    ${fail(ctx, step, path, 'sem_trywait')}`);
    return;
  }
  w.braces('else', () => {
    w.line('int r;');
    retry(ctx, `r = sem_wait(sem_${c})`, 'r < 0', true);
    w.line('if (r < 0)');
    w.line(`    ${fail(ctx, step, path, 'sem_wait')}`);
  });
};

const post: Emitter<StepOf<'sem.post'>> = (step, path, ctx) => {
  const c = ctx.names.ident(step.object);
  ctx.w.line(`if (sem_get(&sem_${c}, name_${c}) < 0)`);
  ctx.w.line(`    ${fail(ctx, step, path, 'sem_open')}`);
  ctx.w.line(`else if (sem_post(sem_${c}) < 0)`);
  ctx.w.line(`    ${fail(ctx, step, path, 'sem_post')}`);
};

const destroy: Emitter<StepOf<'sem.destroy'>> = (step, path, ctx) => {
  const c = ctx.names.ident(step.object);
  ctx.w.line(`if (sem_unlink(name_${c}) < 0)`);
  ctx.w.line(`    ${fail(ctx, step, path, 'sem_unlink')}`);
};

export const semEmitters = { 'sem.create': create, 'sem.wait': wait, 'sem.post': post, 'sem.destroy': destroy };
