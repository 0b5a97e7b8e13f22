// Shared memory in C: System V (shmget/shmat/shmdt/shmctl) or POSIX (shm_open/ftruncate/mmap/
// munmap/shm_unlink), by the object's flavor, as native/src/lab/op_shm.cc does. Loads and stores
// go through volatile pointers: another process changes the bytes behind the compiler's back.
import type { ObjectOf, StepOf } from '../scenario/schema';
import type { ValueType } from '../scenario/values';
import { C_TYPES } from '../scenario/values';
import { fail, objectOf, what, type EmitContext, type Emitter } from './context';
import { cBytesLiteral, cNumber, utf8, type CNames } from './writer';

type Shm = ObjectOf<'shm'>;

export function shmGlobals(object: Shm, names: CNames): string[] {
  const id = names.ident(object.id);
  const lines = [`/* ${object.id}: shared memory, ${object.size} bytes, ${object.flavor === 'posix' ? 'POSIX' : 'System V'} */`];
  if (object.flavor === 'posix') {
    lines.push(`static char name_${id}[64];           /* shm_open name */`);
    lines.push(`static size_t mapped_${id};            /* length of this process's mapping */`);
  } else {
    lines.push(`static key_t key_${id};`);
    lines.push(`static int shmid_${id} = -1;`);
    lines.push(`static volatile int *created_shmid_${id};   /* the creator's shmid, for every process (attach by id) */`);
  }
  lines.push(`static char *seg_${id};                /* this process's attachment; NULL when not attached */`);
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
    ? [`if (seg_${id} != NULL)`, `    munmap(seg_${id}, mapped_${id});`, `seg_${id} = NULL;`]
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

/** The address of a typed value in the segment. */
function cell(c: string, offset: number, type: ValueType): string {
  return `*(volatile ${C_TYPES[type]} *)(seg_${c} + ${offset})`;
}

/** Every access to a segment not attached here fails with EFAULT, as the spec says, not a crash. */
function ifAttached(ctx: EmitContext, c: string, step: StepOf<'shm.write'> | StepOf<'shm.read'> | StepOf<'shm.waitUntil'> | StepOf<'shm.add'> | StepOf<'shm.detach'>, path: readonly number[], call: string, body: () => void): void {
  ctx.w.braces(`if (seg_${c} == NULL)`, () => {
    ctx.w.line('errno = EFAULT;   /* not attached in this process */');
    ctx.w.line(fail(ctx, step, path, call));
  });
  ctx.w.braces('else', body);
}

const create: Emitter<StepOf<'shm.create'>> = (step, path, ctx) => {
  const { object, c } = shm(ctx, step.object);
  const w = ctx.w;
  if (object.flavor === 'posix') {
    w.braces('', () => {
      w.line(`int fd = shm_open(name_${c}, O_CREAT | O_EXCL | O_RDWR, 0600);`);
      w.line('if (fd < 0)');
      w.line(`    ${fail(ctx, step, path, 'shm_open')}`);
      w.braces('else', () => {
        w.line(`if (ftruncate(fd, ${object.size}) < 0)`);
        w.line(`    ${fail(ctx, step, path, 'ftruncate')}`);
        w.line('close(fd);');
      });
    });
    return;
  }
  w.line(`shmid_${c} = shmget(key_${c}, ${object.size}, IPC_CREAT | IPC_EXCL | 0600);`);
  w.line(`if (shmid_${c} < 0)`);
  w.line(`    ${fail(ctx, step, path, 'shmget')}`);
  w.line('else');
  w.line(`    *created_shmid_${c} = shmid_${c};`);
};

const attach: Emitter<StepOf<'shm.attach'>> = (step, path, ctx) => {
  const { object, c } = shm(ctx, step.object);
  const w = ctx.w;
  w.braces(`if (seg_${c} != NULL)`, () => {
    w.line('errno = EINVAL;   /* the lab refuses a second attachment of the same segment */');
    w.line(fail(ctx, step, path, object.flavor === 'posix' ? 'mmap' : 'shmat'));
  });
  if (object.flavor === 'posix') {
    w.braces('else', () => {
      w.line(`int fd = shm_open(name_${c}, O_RDWR, 0);`);
      w.line('struct stat st;');
      w.line('void *p;');
      w.line('if (fd < 0)');
      w.line(`    ${fail(ctx, step, path, 'shm_open')}`);
      w.braces('else', () => {
        w.line('if (fstat(fd, &st) < 0)');
        w.line(`    ${fail(ctx, step, path, 'fstat')}`);
        w.line('else if ((p = mmap(NULL, st.st_size, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0)) == MAP_FAILED)');
        w.line(`    ${fail(ctx, step, path, 'mmap')}`);
        w.braces('else', () => {
          w.line(`seg_${c} = p;`);
          w.line(`mapped_${c} = (size_t)st.st_size;`);
        });
        w.line('close(fd);   /* the mapping stays without the descriptor */');
      });
    });
    return;
  }
  if (step.by === 'id') {
    // shmat on the shmid itself: it works after IPC_RMID, until the last detach (shmctl(2)).
    w.line(`else if ((shmid_${c} = shmid_${c} >= 0 ? shmid_${c} : *created_shmid_${c}) < 0)`);
    w.line(`    { errno = EINVAL; ${fail(ctx, step, path, 'shmat')} }   /* nobody created it yet: shmat(-1) */`);
  } else {
    w.line(`else if ((shmid_${c} = shmget(key_${c}, ${step.size ?? 0}, 0)) < 0)   /* a size over the segment's: EINVAL */`);
    w.line(`    ${fail(ctx, step, path, 'shmget')}`);
  }
  w.braces('else', () => {
    w.line(`void *p = shmat(shmid_${c}, NULL, 0);`);
    w.line(`if (p == (void *)-1)`);
    w.line(`    ${fail(ctx, step, path, 'shmat')}`);
    w.line('else');
    w.line(`    seg_${c} = p;`);
  });
};

const write: Emitter<StepOf<'shm.write'>> = (step, path, ctx) => {
  const { c } = shm(ctx, step.object);
  ifAttached(ctx, c, step, path, 'store', () => {
    if (typeof step.value === 'number') {
      ctx.w.line(`${cell(c, step.offset, step.type)} = ${cNumber(step.value, step.type)};`);
    } else {
      const bytes = typeof step.value === 'string' ? utf8(step.value) : Uint8Array.from(step.value);
      ctx.w.line(`memcpy(seg_${c} + ${step.offset}, ${cBytesLiteral(bytes)}, ${bytes.length});`);
    }
  });
};

const read: Emitter<StepOf<'shm.read'>> = (step, path, ctx) => {
  const { c } = shm(ctx, step.object);
  ifAttached(ctx, c, step, path, 'load', () => {
    if (step.length !== undefined) {
      ctx.w.line(`show_bytes(${what(step, path)}, seg_${c} + ${step.offset}, ${step.length});`);
      return;
    }
    const type = step.type ?? 'i32';
    ctx.w.line(`${C_TYPES[type]} value = ${cell(c, step.offset, type)};`);
    ctx.w.line(type === 'f64' ? `show_double(${what(step, path)}, value);` : `show_value(${what(step, path)}, value);`);
  });
};

const waitUntil: Emitter<StepOf<'shm.waitUntil'>> = (step, path, ctx) => {
  const { c } = shm(ctx, step.object);
  const w = ctx.w;
  ifAttached(ctx, c, step, path, 'load', () => {
    const poll = step.pollMs;
    const sleep = `nanosleep(&(struct timespec){ ${Math.floor(poll / 1000)}, ${(poll % 1000) * 1_000_000} }, NULL);`;
    w.braces(`while (${cell(c, step.offset, step.type)} != ${cNumber(step.equals, step.type)})`, () => {
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
  ifAttached(ctx, c, step, path, 'add', () => {
    if (step.atomic && type === 'f64') {
      // No fetch-add on doubles: a compare-and-swap loop does the same atomically.
      w.line(`double *cell = (double *)(seg_${c} + ${step.offset});`);
      w.line('double old = __atomic_load_n(cell, __ATOMIC_SEQ_CST), sum;');
      w.line('do sum = old + ' + delta + ';');
      w.line('while (!__atomic_compare_exchange(cell, &old, &sum, 0, __ATOMIC_SEQ_CST, __ATOMIC_SEQ_CST));');
    } else if (step.atomic) {
      w.line(`__atomic_fetch_add((${cType} *)(seg_${c} + ${step.offset}), ${delta}, __ATOMIC_SEQ_CST);`);
    } else {
      w.line(`${cType} value = ${cell(c, step.offset, type)};   /* load */`);
      if (step.yield) w.line('sched_yield();   /* the step\'s `yield`: a wider window between load and store */');
      w.line(`${cell(c, step.offset, type)} = value + ${delta};   /* store */`);
    }
  });
};

const detach: Emitter<StepOf<'shm.detach'>> = (step, path, ctx) => {
  const { object, c } = shm(ctx, step.object);
  const posix = object.flavor === 'posix';
  ifAttached(ctx, c, step, path, posix ? 'munmap' : 'shmdt', () => {
    ctx.w.line(posix ? `if (munmap(seg_${c}, mapped_${c}) < 0)` : `if (shmdt(seg_${c}) < 0)`);
    ctx.w.line(`    ${fail(ctx, step, path, posix ? 'munmap' : 'shmdt')}`);
    ctx.w.line('else');
    ctx.w.line(`    seg_${c} = NULL;`);
  });
};

const destroy: Emitter<StepOf<'shm.destroy'>> = (step, path, ctx) => {
  const { object, c } = shm(ctx, step.object);
  const w = ctx.w;
  if (object.flavor === 'posix') {
    w.line(`if (shm_unlink(name_${c}) < 0)`);
    w.line(`    ${fail(ctx, step, path, 'shm_unlink')}`);
    return;
  }
  // Linux defers the removal while processes are attached; the key is gone at once. On the
  // shmid this process holds (a second IPC_RMID of a marked segment succeeds), else by key.
  w.line(`if (shmid_${c} < 0 && (shmid_${c} = shmget(key_${c}, 0, 0)) < 0)`);
  w.line(`    ${fail(ctx, step, path, 'shmget')}`);
  w.line(`else if (shmctl(shmid_${c}, IPC_RMID, NULL) < 0)`);
  w.line(`    ${fail(ctx, step, path, 'shmctl(IPC_RMID)')}`);
};

export const shmEmitters = {
  'shm.create': create, 'shm.attach': attach, 'shm.write': write, 'shm.read': read,
  'shm.waitUntil': waitUntil, 'shm.add': add, 'shm.detach': detach, 'shm.destroy': destroy,
};
