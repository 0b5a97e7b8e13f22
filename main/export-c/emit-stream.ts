// Byte streams in C: anonymous pipes (pipe2; children inherit both ends through fork) and FIFOs
// (mkfifo in the run's private directory, then open by unrelated processes), as
// native/src/lab/op_stream.cc does. fd_X[0] is the read end, fd_X[1] the write end; -1 is closed,
// so a step on an end this process lacks fails with EBADF, as in the lab. O_NONBLOCK is real
// descriptor state: a non-blocking open leaves it set, a step that wants the other mode changes it.
import type { ObjectOf, StepOf } from '../scenario/schema';
import { walkSteps } from '../scenario/walk';
import { fail, objectOf, retry, what, type EmitContext, type Emitter } from './context';
import { cBytesLiteral, utf8, type CNames } from './writer';

type Stream = ObjectOf<'pipe'> | ObjectOf<'fifo'>;

export function streamGlobals(object: Stream, names: CNames): string[] {
  const id = names.ident(object.id);
  const lines = [
    `/* ${object.id}: ${object.kind === 'pipe' ? 'pipe' : 'FIFO'}${object.capacity !== undefined ? `, capacity ${object.capacity} bytes` : ''} */`,
    `static int fd_${id}[2] = { -1, -1 };   /* [0] read end, [1] write end; -1: not open here */`,
  ];
  if (object.kind === 'fifo') lines.push(`static char path_${id}[PATH_MAX];`);
  return lines;
}

export function streamNaming(object: Stream, names: CNames): string[] {
  if (object.kind !== 'fifo') return [];
  const id = names.ident(object.id);
  return [`snprintf(path_${id}, sizeof path_${id}, "%s/${object.id}.fifo", run_dir);`];
}

export function streamLeakCheck(object: Stream, names: CNames): string[] {
  if (object.kind !== 'fifo') return [];
  const id = names.ident(object.id);
  return [`if (unlink(path_${id}) == 0)`, `    report_leak("${object.id}");`];
}

function stream(ctx: EmitContext, id: string): { object: Stream; c: string } {
  return { object: objectOf(ctx, id) as Stream, c: ctx.names.ident(id) };
}

/**
 * Whether any step of any process may leave O_NONBLOCK set on the object's descriptors (a
 * non-blocking open, read or write). O_NONBLOCK belongs to the open file description, shared
 * across fork: then a blocking step clears it first, as the lab does; else no fcntl is needed.
 */
function mayBeNonBlocking(ctx: EmitContext, id: string): boolean {
  for (const process of ctx.scenario.processes) {
    for (const { step } of walkSteps(process.program)) {
      if ((step.op === 'fifo.open' || step.op === 'read' || step.op === 'write') && step.object === id && !step.blocking) return true;
    }
  }
  return false;
}

/** The fcntl(F_SETFL) a step makes when its `blocking` differs from the descriptor's O_NONBLOCK. */
function setMode(ctx: EmitContext, step: StepOf<'read'> | StepOf<'write'>, fd: string): void {
  if (!step.blocking) ctx.w.line(`set_nonblocking(${fd}, 1);   /* left set, as O_NONBLOCK is descriptor state; EBADF on a closed end: the call says so too */`);
  else if (mayBeNonBlocking(ctx, step.object)) ctx.w.line(`set_nonblocking(${fd}, 0);   /* a blocking call: clear O_NONBLOCK if an earlier step set it */`);
}

const pipeCreate: Emitter<StepOf<'pipe.create'>> = (step, path, ctx) => {
  const { object, c } = stream(ctx, step.object);
  ctx.w.line(`if (pipe2(fd_${c}, 0) < 0)`);
  ctx.w.line(`    ${fail(ctx, step, path, 'pipe2')}`);
  if (object.capacity !== undefined) {
    // The kernel rounds the size up to a power-of-two number of pages (fcntl(2), F_SETPIPE_SZ).
    ctx.w.line(`else if (fcntl(fd_${c}[1], F_SETPIPE_SZ, ${object.capacity}) < 0)`);
    ctx.w.line(`    ${fail(ctx, step, path, 'fcntl(F_SETPIPE_SZ)')}`);
  }
};

const fifoCreate: Emitter<StepOf<'fifo.create'>> = (step, path, ctx) => {
  const { c } = stream(ctx, step.object);
  ctx.w.line(`if (mkfifo(path_${c}, 0600) < 0)`);
  ctx.w.line(`    ${fail(ctx, step, path, 'mkfifo')}`);
};

const fifoOpen: Emitter<StepOf<'fifo.open'>> = (step, path, ctx) => {
  const { object, c } = stream(ctx, step.object);
  const w = ctx.w;
  const end = step.end === 'read' ? 0 : 1;
  const flags = `${step.end === 'read' ? 'O_RDONLY' : 'O_WRONLY'}${step.blocking ? '' : ' | O_NONBLOCK'}`;
  w.braces('', () => {
    w.line('int fd;');
    if (step.blocking) w.line('/* A blocking open waits until the other end is opened too (fifo(7)). */');
    retry(ctx, `fd = open(path_${c}, ${flags})`, 'fd < 0', true);
    w.line('if (fd < 0)');
    w.line(`    ${fail(ctx, step, path, 'open')}`);
    w.braces('else', () => {
      w.line(`fd_${c}[${end}] = fd;`);
      if (object.capacity !== undefined && step.end === 'write') {
        w.line(`if (fcntl(fd, F_SETPIPE_SZ, ${object.capacity}) < 0)`);
        w.line(`    ${fail(ctx, step, path, 'fcntl(F_SETPIPE_SZ)')}`);
      }
    });
  });
};

/** unlink(2): the name goes; ends already open keep working until closed (fifo(7)). */
const fifoUnlink: Emitter<StepOf<'fifo.unlink'>> = (step, path, ctx) => {
  const { c } = stream(ctx, step.object);
  ctx.w.line(`if (unlink(path_${c}) < 0)`);
  ctx.w.line(`    ${fail(ctx, step, path, 'unlink')}`);
};

const write: Emitter<StepOf<'write'>> = (step, path, ctx) => {
  const { c } = stream(ctx, step.object);
  const w = ctx.w;
  const bytes = typeof step.data === 'string' ? utf8(step.data) : Uint8Array.from(step.data);
  w.braces('', () => {
    w.line('ssize_t n;');
    setMode(ctx, step, `fd_${c}[1]`);
    if (step.blocking) w.line('/* Blocks while the pipe is full; with no reader left: SIGPIPE, or EPIPE if it is handled or ignored. */');
    retry(ctx, `n = write(fd_${c}[1], ${cBytesLiteral(bytes)}, ${bytes.length})`, 'n < 0', true);
    w.line('if (n < 0)');
    w.line(`    ${fail(ctx, step, path, 'write')}`);
  });
};

const read: Emitter<StepOf<'read'>> = (step, path, ctx) => {
  const { c } = stream(ctx, step.object);
  const w = ctx.w;
  w.braces('', () => {
    w.line('ssize_t n;');
    setMode(ctx, step, `fd_${c}[0]`);
    if (step.blocking) w.line('/* 0 bytes is end-of-file: every write end, in every process, is closed. */');
    retry(ctx, `n = read(fd_${c}[0], buf, ${step.max})`, 'n < 0', true);
    w.line('if (n < 0)');
    w.line(`    ${fail(ctx, step, path, 'read')}`);
    w.line('else');
    w.line(`    show_bytes(${what(step, path)}, buf, n);`);
  });
};

const close: Emitter<StepOf<'close'>> = (step, path, ctx) => {
  const { c } = stream(ctx, step.object);
  const end = step.end === 'read' ? 0 : 1;
  ctx.w.line(`if (close(fd_${c}[${end}]) < 0)`);
  ctx.w.line(`    ${fail(ctx, step, path, 'close')}`);
  ctx.w.line(`fd_${c}[${end}] = -1;`);
};

export const streamEmitters = {
  'pipe.create': pipeCreate, 'fifo.create': fifoCreate, 'fifo.open': fifoOpen, 'fifo.unlink': fifoUnlink, write, read, close,
};
