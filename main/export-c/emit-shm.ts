// Shared memory in C: System V (shmget/shmat/shmdt/shmctl) or POSIX (shm_open/ftruncate/mmap/
// munmap/shm_unlink), by the object's flavor. The calls are the lab process's own functions
// (native/src/core/shm_calls.h, copied into the program by shared-calls.ts): the program calls
// shm_attach_sysv() exactly as the lab process does. Loads and stores go through volatile
// pointers: another process changes the bytes behind the compiler's back.
import type { ObjectOf, StepOf } from '../scenario/schema';
import type { ValueType } from '../scenario/values';
import { C_TYPES } from '../scenario/values';
import { fail, failNamedBy, objectOf, what, type EmitContext, type Emitter } from './context';
import { cBytesLiteral, cNumber, utf8, type CNames } from './writer';

type Shm = ObjectOf<'shm'>;

export function shmGlobals(object: Shm, names: CNames): string[] {
  const id = names.ident(object.id);
  const lines = [`/* ${object.id}: shared memory, ${object.size} bytes, ${object.flavor === 'posix' ? 'POSIX' : 'System V'} */`];
  if (object.flavor === 'posix') {
    lines.push(`static char name_${id}[64];           /* shm_open name */`);
  } else {
    lines.push(`static key_t key_${id};`);
    lines.push(`static int shmid_${id} = -1;`);
    lines.push(`static volatile int *created_shmid_${id};   /* the creator's shmid, for every process (attach by id) */`);
  }
  lines.push(`static char *seg_${id};                /* this process's attachment; NULL when not attached */`);
  lines.push(`static size_t size_${id};              /* its length in bytes */`);
  return lines;
}

export function shmNaming(object: Shm, names: CNames): string[] {
  const id = names.ident(object.id);
  return object.flavor === 'posix'
    ? [`snprintf(name_${id}, sizeof name_${id}, "/plab.c%ld.${object.id}", (long)getpid());`]
    : [
      `key_${id} = new_key();`,
      `created_shmid_${id} = mmap(NULL, sizeof(int), PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS, -1, 0);`,
      `*created_shmid_${id} = -1;`,
    ];
}

/** What exec would drop in a new process: attachments are not inherited (spec, Processes). */
export function shmReset(object: Shm, names: CNames): string[] {
  const id = names.ident(object.id);
  return object.flavor === 'posix'
    ? [`if (seg_${id} != NULL)`, `    munmap(seg_${id}, size_${id});`, `seg_${id} = NULL;`]
    : [`if (seg_${id} != NULL)`, `    shmdt(seg_${id});`, `seg_${id} = NULL;`, `shmid_${id} = -1;`];
}

export function shmLeakCheck(object: Shm, names: CNames): string[] {
  const id = names.ident(object.id);
  return object.flavor === 'posix'
    ? [`if (shm_unlink(name_${id}) == 0)`, `    report_leak("${object.id}");`]
    : [`id = shmget(key_${id}, 0, 0);`, `if (id >= 0 && shmctl(id, IPC_RMID, NULL) == 0)`, `    report_leak("${object.id}");`];
}

function shm(ctx: EmitContext, id: string): { object: Shm; c: string } {
  const object = objectOf(ctx, id) as Shm;
  return { object, c: ctx.names.ident(id) };
}

const WIDTH: Record<ValueType, number> = { u8: 1, i32: 4, u32: 4, i64: 8, f64: 8 };

/** The typed value at `cell` (a char * the shared shm_cell() checked). */
function at(type: ValueType): string {
  return `*(volatile ${C_TYPES[type]} *)cell`;
}

type Access = StepOf<'shm.write'> | StepOf<'shm.read'> | StepOf<'shm.waitUntil'> | StepOf<'shm.add'>;
type Call = StepOf<'shm.create'> | StepOf<'shm.attach'> | StepOf<'shm.detach'> | StepOf<'shm.destroy'>;

/** `width` bytes at the step's offset through shm_cell(): EFAULT when not attached here or past the end. */
function withCell(ctx: EmitContext, c: string, step: Access, path: readonly number[], width: number, call: string, body: () => void): void {
  ctx.w.braces('', () => {
    ctx.w.line(`char *cell = shm_cell(seg_${c}, size_${c}, ${step.offset}, ${width});`);
    ctx.w.braces('if (cell == NULL)', () => {
      ctx.w.line('errno = EFAULT;   /* not attached in this process, or past its end */');
      ctx.w.line(fail(ctx, step, path, call));
    });
    ctx.w.braces('else', body);
  });
}

/** `int err = <shared call>;` and the failure report when it is not 0. */
function checked(ctx: EmitContext, step: Call, path: readonly number[], call: string, name: string, then?: string): void {
  ctx.w.braces('', () => {
    ctx.w.line(`int err = ${call};`);
    ctx.w.braces('if (err != 0)', () => {
      ctx.w.line('errno = err;');
      ctx.w.line(fail(ctx, step, path, name));
    });
    if (then) ctx.w.braces('else', () => ctx.w.line(then));
  });
}

const create: Emitter<StepOf<'shm.create'>> = (step, path, ctx) => {
  const { object, c } = shm(ctx, step.object);
  if (object.flavor === 'posix') checked(ctx, step, path, `shm_create_posix(name_${c}, ${object.size})`, 'shm_open');
  else checked(ctx, step, path, `shm_create_sysv(key_${c}, ${object.size}, &shmid_${c})`, 'shmget', `*created_shmid_${c} = shmid_${c};   /* for attach by id */`);
};

const attach: Emitter<StepOf<'shm.attach'>> = (step, path, ctx) => {
  const { object, c } = shm(ctx, step.object);
  if (object.flavor === 'posix') {
    checked(ctx, step, path, `shm_attach_posix(name_${c}, &seg_${c}, &size_${c})`, 'mmap');
    return;
  }
  // By id: the creator's shmid, which works after IPC_RMID until the last detach (shmctl(2)).
  const byId = step.by === 'id';
  const known = byId ? `shmid_${c} >= 0 ? shmid_${c} : *created_shmid_${c}` : '-1';
  // The helper says which of its calls failed (shmget by key, or shmat): perror names that one.
  ctx.w.braces('', () => {
    ctx.w.line('const char *call;');
    ctx.w.line(`int err = shm_attach_sysv(key_${c}, ${step.size ?? 0}, ${byId ? 1 : 0}, ${known}, &shmid_${c}, &seg_${c}, &size_${c}, &call);`);
    ctx.w.braces('if (err != 0)', () => {
      ctx.w.line('errno = err;');
      ctx.w.line(failNamedBy(ctx, step, path, 'call'));
    });
  });
};

const write: Emitter<StepOf<'shm.write'>> = (step, path, ctx) => {
  const { c } = shm(ctx, step.object);
  if (typeof step.value === 'number') {
    const value = step.value;
    withCell(ctx, c, step, path, WIDTH[step.type], 'store', () => ctx.w.line(`${at(step.type)} = ${cNumber(value, step.type)};`));
    return;
  }
  const bytes = typeof step.value === 'string' ? utf8(step.value) : Uint8Array.from(step.value);
  withCell(ctx, c, step, path, bytes.length, 'store', () => ctx.w.line(`memcpy(cell, ${cBytesLiteral(bytes)}, ${bytes.length});`));
};

const read: Emitter<StepOf<'shm.read'>> = (step, path, ctx) => {
  const { c } = shm(ctx, step.object);
  if (step.length !== undefined) {
    const length = step.length;
    withCell(ctx, c, step, path, length, 'load', () => ctx.w.line(`show_bytes(${what(step, path)}, cell, ${length});`));
    return;
  }
  const type = step.type ?? 'i32';
  withCell(ctx, c, step, path, WIDTH[type], 'load', () => {
    ctx.w.line(`${C_TYPES[type]} value = ${at(type)};`);
    ctx.w.line(type === 'f64' ? `show_double(${what(step, path)}, value);` : `show_value(${what(step, path)}, value);`);
  });
};

const waitUntil: Emitter<StepOf<'shm.waitUntil'>> = (step, path, ctx) => {
  const { c } = shm(ctx, step.object);
  const w = ctx.w;
  withCell(ctx, c, step, path, WIDTH[step.type], 'load', () => {
    const poll = step.pollMs;
    const sleep = `nanosleep(&(struct timespec){ ${Math.floor(poll / 1000)}, ${(poll % 1000) * 1_000_000} }, NULL);`;
    w.braces(`while (${at(step.type)} != ${cNumber(step.equals, step.type)})`, () => {
      // Busy waiting, as the seed's master does; a signal ending the sleep early only polls sooner.
      w.line(poll === 0 ? `/* pollMs 0: spin on the CPU */` : `${sleep}   /* pollMs ${poll} */`);
      if (ctx.deferred) w.line('take_signals(0);');
    });
  });
};

const add: Emitter<StepOf<'shm.add'>> = (step, path, ctx) => {
  const { c } = shm(ctx, step.object);
  const w = ctx.w;
  const type = step.type;
  const cType = C_TYPES[type];
  const delta = cNumber(step.delta, type);
  withCell(ctx, c, step, path, WIDTH[type], 'add', () => {
    if (!step.atomic) {
      w.line(`${cType} value = ${at(type)};   /* load */`);
      if (step.yield) w.line('sched_yield();   /* the step\'s `yield`: a wider window between load and store */');
      w.line(`${at(type)} = value + ${delta};   /* store */`);
      return;
    }
    w.braces(`if (shm_misaligned(cell, ${WIDTH[type]}))`, () => {
      w.line('errno = EINVAL;');
      w.line(fail(ctx, step, path, 'add'));
    });
    w.braces('else', () => {
      if (type === 'f64') {
        // No fetch-add on doubles: a compare-and-swap loop does the same atomically.
        w.line('double *sum_at = (double *)cell;');
        w.line('double old = __atomic_load_n(sum_at, __ATOMIC_SEQ_CST), sum;');
        w.line('do sum = old + ' + delta + ';');
        w.line('while (!__atomic_compare_exchange(sum_at, &old, &sum, 0, __ATOMIC_SEQ_CST, __ATOMIC_SEQ_CST));');
      } else {
        w.line(`__atomic_fetch_add((${cType} *)cell, ${delta}, __ATOMIC_SEQ_CST);`);
      }
    });
  });
};

const detach: Emitter<StepOf<'shm.detach'>> = (step, path, ctx) => {
  const { object, c } = shm(ctx, step.object);
  const posix = object.flavor === 'posix';
  checked(ctx, step, path, `${posix ? 'shm_detach_posix' : 'shm_detach_sysv'}(&seg_${c}, &size_${c})`, posix ? 'munmap' : 'shmdt');
};

const destroy: Emitter<StepOf<'shm.destroy'>> = (step, path, ctx) => {
  const { object, c } = shm(ctx, step.object);
  // Linux defers the removal while processes are attached; the key is gone at once. On the
  // shmid this process holds (a second IPC_RMID of a marked segment succeeds), else by key.
  if (object.flavor === 'posix') checked(ctx, step, path, `shm_destroy_posix(name_${c})`, 'shm_unlink');
  else checked(ctx, step, path, `shm_destroy_sysv(key_${c}, &shmid_${c})`, 'shmctl(IPC_RMID)');
};

export const shmEmitters = {
  'shm.create': create, 'shm.attach': attach, 'shm.write': write, 'shm.read': read,
  'shm.waitUntil': waitUntil, 'shm.add': add, 'shm.detach': detach, 'shm.destroy': destroy,
};
