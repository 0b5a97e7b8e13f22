// Message passing in C, as native/src/lab/op_mailbox.cc does it. Mailboxes: POSIX mq_* (default)
// or System V msg*. Inboxes (direct naming): one System V queue per process, made by main()
// before the first fork, in which a message's type is its sender's 1-based place in the
// scenario, so msgrcv's type selection is "receive only from that sender". A capacity-0
// mailbox (rendezvous) has no kernel equivalent: a one-slot queue plus an acknowledgement queue,
// so that a blocking send returns only once the message was received.
import type { ObjectOf, StepOf } from '../scenario/schema';
import { fail, objectOf, procConst, retry, what, type EmitContext, type Emitter } from './context';
import { cBytesLiteral, utf8, type CNames } from './writer';

type Mailbox = ObjectOf<'mailbox'>;

export function mailboxGlobals(object: Mailbox, names: CNames): string[] {
  const id = names.ident(object.id);
  const capacity = object.flavor === 'sysv'
    ? (object.capacityBytes !== undefined ? `msg_qbytes ${object.capacityBytes}` : 'msg_qbytes: the kernel default')
    : `capacity ${object.capacity}${object.capacity === 0 ? ' (rendezvous)' : ''}`;
  const head = `/* ${object.id}: ${object.flavor === 'sysv' ? 'System V' : 'POSIX'} mailbox, ${capacity}, messages up to ${object.maxMessage} bytes */`;
  if (object.flavor === 'sysv') return [head, `static key_t key_${id};`, `static int msqid_${id} = -1;   /* found on first use */`];
  return [
    head,
    `static char name_${id}[64];`,
    ...(object.capacity === 0 ? [`static char ackname_${id}[64];   /* the rendezvous's acknowledgement queue */`] : []),
    `static struct queue mq_${id} = QUEUE_CLOSED;`,
  ];
}

export function mailboxNaming(object: Mailbox, names: CNames): string[] {
  const id = names.ident(object.id);
  if (object.flavor === 'sysv') return [`key_${id} = new_key();`];
  const lines = [`snprintf(name_${id}, sizeof name_${id}, "/plab.c%ld.${object.id}", (long)getpid());`];
  if (object.capacity === 0) lines.push(`snprintf(ackname_${id}, sizeof ackname_${id}, "/plab.c%ld.${object.id}.ack", (long)getpid());`);
  return lines;
}

/** exec closes message queue descriptors (mq_overview(7)): a new process opens them again. */
export function mailboxReset(object: Mailbox, names: CNames): string[] {
  const id = names.ident(object.id);
  return object.flavor === 'sysv' ? [`msqid_${id} = -1;`] : [`queue_close(&mq_${id});`];
}

export function mailboxLeakCheck(object: Mailbox, names: CNames): string[] {
  const id = names.ident(object.id);
  if (object.flavor === 'sysv') {
    return [`id = msgget(key_${id}, 0);`, `if (id >= 0 && msgctl(id, IPC_RMID, NULL) == 0)`, `    report_leak("${object.id}");`];
  }
  return [
    ...(object.capacity === 0 ? [`mq_unlink(ackname_${id});`] : []),
    `if (mq_unlink(name_${id}) == 0)`,
    `    report_leak("${object.id}");`,
  ];
}

function mailbox(ctx: EmitContext, id: string): { object: Mailbox; c: string; ack: string } {
  const object = objectOf(ctx, id) as Mailbox;
  const c = ctx.names.ident(id);
  return { object, c, ack: object.flavor === 'posix' && object.capacity === 0 ? `ackname_${c}` : 'NULL' };
}

const create: Emitter<StepOf<'mailbox.create'>> = (step, path, ctx) => {
  const { object, c } = mailbox(ctx, step.object);
  const w = ctx.w;
  if (object.flavor === 'sysv') {
    w.line(`msqid_${c} = msgget(key_${c}, IPC_CREAT | IPC_EXCL | 0600);`);
    w.line(`if (msqid_${c} < 0)`);
    w.line(`    ${fail(ctx, step, path, 'msgget')}`);
    if (object.capacityBytes !== undefined) {
      w.braces('else', () => {
        w.line('struct msqid_ds ds;');
        w.line(`/* The capacity in the kernel's terms: bytes (msg_qbytes); above kernel.msgmnb, EPERM unless privileged. */`);
        w.line(`if (msgctl(msqid_${c}, IPC_STAT, &ds) < 0)`);
        w.line(`    ${fail(ctx, step, path, 'msgctl(IPC_STAT)')}`);
        w.braces('else', () => {
          w.line(`ds.msg_qbytes = ${object.capacityBytes};`);
          w.line(`if (msgctl(msqid_${c}, IPC_SET, &ds) < 0)`);
          w.line(`    ${fail(ctx, step, path, 'msgctl(IPC_SET)')}`);
        });
      });
    }
    return;
  }
  w.braces('', () => {
    if (object.capacity === 0) w.line('/* Capacity 0: one slot for the message, and the acknowledgement queue. */');
    w.line(`struct mq_attr attr = { .mq_maxmsg = ${Math.max(object.capacity, 1)}, .mq_msgsize = ${object.maxMessage} };`);
    w.line(`mq_${c}.mqd = mq_open(name_${c}, O_CREAT | O_EXCL | O_RDWR, 0600, &attr);`);
    w.line(`mq_${c}.nonblocking = 0;`);
    w.line(`if (mq_${c}.mqd == (mqd_t)-1)`);
    w.line(`    ${fail(ctx, step, path, 'mq_open')}`);
    if (object.capacity === 0) {
      w.braces('else', () => {
        w.line('struct mq_attr one = { .mq_maxmsg = 1, .mq_msgsize = 1 };');
        w.line(`mq_${c}.ack = mq_open(ackname_${c}, O_CREAT | O_EXCL | O_RDWR, 0600, &one);`);
        w.line(`if (mq_${c}.ack == (mqd_t)-1)`);
        w.line(`    ${fail(ctx, step, path, 'mq_open')}`);
        w.line('else');
        w.line(`    mq_${c}.open = 1;`);
      });
    } else {
      w.line('else');
      w.line(`    mq_${c}.open = 1;`);
    }
  });
};

const destroy: Emitter<StepOf<'mailbox.destroy'>> = (step, path, ctx) => {
  const { object, c } = mailbox(ctx, step.object);
  const w = ctx.w;
  if (object.flavor === 'sysv') {
    w.line(`if (msq_get(&msqid_${c}, key_${c}) < 0 || msgctl(msqid_${c}, IPC_RMID, NULL) < 0)`);
    w.line(`    ${fail(ctx, step, path, 'msgctl(IPC_RMID)')}`);
    return;
  }
  w.line(`if (mq_unlink(name_${c}) < 0)`);
  w.line(`    ${fail(ctx, step, path, 'mq_unlink')}`);
  if (object.capacity === 0) {
    w.line(`else if (mq_unlink(ackname_${c}) < 0)`);
    w.line(`    ${fail(ctx, step, path, 'mq_unlink')}`);
  }
};

/** msgsnd of `data` with this process's type, into a System V queue. */
function sysvSend(ctx: EmitContext, step: StepOf<'send'>, path: readonly number[], msqid: string, bytes: Uint8Array): void {
  const w = ctx.w;
  w.line('int r;');
  w.line('msg.mtype = me_index + 1;   /* my place in the scenario: receivers select senders by it */');
  w.line(`memcpy(msg.mtext, ${cBytesLiteral(bytes)}, ${bytes.length});`);
  // msgsnd is never restarted after a handler, whatever SA_RESTART says (signal(7)).
  retry(ctx, `r = msgsnd(${msqid}, &msg, ${bytes.length}, ${step.blocking ? '0' : 'IPC_NOWAIT'})`, 'r < 0', false);
  w.line('if (r < 0)');
  w.line(`    ${fail(ctx, step, path, 'msgsnd')}`);
}

const send: Emitter<StepOf<'send'>> = (step, path, ctx) => {
  const w = ctx.w;
  const bytes = typeof step.data === 'string' ? utf8(step.data) : Uint8Array.from(step.data);
  if ('process' in step.to) {
    const target = step.to.process;
    w.braces('', () => {
      w.line(`/* Direct: into ${target}'s inbox. */`);
      sysvSend(ctx, step, path, `inbox[${procConst(ctx, target)}]`, bytes);
    });
    return;
  }
  const { object, c, ack } = mailbox(ctx, step.to.mailbox);
  if (object.flavor === 'sysv') {
    w.line(`if (msq_get(&msqid_${c}, key_${c}) < 0)`);
    w.line(`    ${fail(ctx, step, path, 'msgget')}`);
    w.braces('else', () => sysvSend(ctx, step, path, `msqid_${c}`, bytes));
    return;
  }
  w.line(`if (queue_open(&mq_${c}, name_${c}, ${ack}, ${step.blocking ? 0 : 1}) < 0)`);
  w.line(`    ${fail(ctx, step, path, 'mq_open')}`);
  w.braces('else', () => {
    w.line('int r;');
    retry(ctx, `r = mq_send(mq_${c}.mqd, ${cBytesLiteral(bytes)}, ${bytes.length}, 0)`, 'r < 0', true);
    w.line('if (r < 0)');
    w.line(`    ${fail(ctx, step, path, 'mq_send')}`);
    if (object.capacity === 0 && step.blocking) {
      w.braces('else', () => {
        w.line('char ack[1];');
        w.line('ssize_t n;');
        w.line('/* Rendezvous: wait until the receiver has taken the message. */');
        retry(ctx, `n = mq_receive(mq_${c}.ack, ack, sizeof ack, NULL)`, 'n < 0', true);
        w.line('if (n < 0)');
        w.line(`    ${fail(ctx, step, path, 'mq_receive')}`);
      });
    }
  });
};

const receive: Emitter<StepOf<'receive'>> = (step, path, ctx) => {
  const w = ctx.w;
  const flag = step.blocking ? '0' : 'IPC_NOWAIT';
  const sysvReceive = (msqid: string, size: string, type: string) => {
    w.line('ssize_t n;');
    if (step.timeoutMs !== undefined) w.line(`/* timeoutMs ${step.timeoutMs}: System V queues have no timed receive; the lab ignores it too. */`);
    retry(ctx, `n = msgrcv(${msqid}, &msg, ${size}, ${type}, ${flag})`, 'n < 0', false);
    w.line('if (n < 0)');
    w.line(`    ${fail(ctx, step, path, 'msgrcv')}`);
    w.line('else');
    w.line(`    show_bytes(${what(step, path)}, msg.mtext, n);`);
  };
  if (step.from === 'any' || 'process' in step.from) {
    const from = step.from === 'any' ? undefined : step.from.process;
    w.braces('', () => {
      w.line(from === undefined ? '/* Direct: my inbox, from anyone (type 0). */' : `/* Direct: my inbox, only from ${from} (its type). */`);
      sysvReceive('inbox[me_index]', 'sizeof msg.mtext', from === undefined ? '0' : `${procConst(ctx, from)} + 1`);
    });
    return;
  }
  const { object, c, ack } = mailbox(ctx, step.from.mailbox);
  if (object.flavor === 'sysv') {
    w.line(`if (msq_get(&msqid_${c}, key_${c}) < 0)`);
    w.line(`    ${fail(ctx, step, path, 'msgget')}`);
    w.braces('else', () => sysvReceive(`msqid_${c}`, String(object.maxMessage), '0'));
    return;
  }
  w.line(`if (queue_open(&mq_${c}, name_${c}, ${ack}, ${step.blocking ? 0 : 1}) < 0)`);
  w.line(`    ${fail(ctx, step, path, 'mq_open')}`);
  w.braces('else', () => {
    w.line('ssize_t n;');
    if (step.timeoutMs !== undefined && step.blocking) {
      const ms = step.timeoutMs;
      w.line('struct timespec deadline;   /* mq_timedreceive takes an absolute CLOCK_REALTIME time */');
      w.line('clock_gettime(CLOCK_REALTIME, &deadline);');
      w.line(`deadline.tv_sec += ${Math.floor(ms / 1000)};`);
      w.line(`deadline.tv_nsec += ${(ms % 1000) * 1_000_000}L;`);
      w.braces('if (deadline.tv_nsec >= 1000000000L)', () => {
        w.line('deadline.tv_sec++;');
        w.line('deadline.tv_nsec -= 1000000000L;');
      });
      retry(ctx, `n = mq_timedreceive(mq_${c}.mqd, buf, ${object.maxMessage}, NULL, &deadline)`, 'n < 0', true);
    } else {
      retry(ctx, `n = mq_receive(mq_${c}.mqd, buf, ${object.maxMessage}, NULL)`, 'n < 0', true);
    }
    w.line('if (n < 0)');
    w.line(`    ${fail(ctx, step, path, 'mq_receive')}`);
    w.braces('else', () => {
      if (object.capacity === 0) {
        w.line(`if (mq_send(mq_${c}.ack, "", 0, 0) < 0)   /* rendezvous: tell the sender */`);
        w.line(`    ${fail(ctx, step, path, 'mq_send')}`);
      }
      w.line(`show_bytes(${what(step, path)}, buf, n);`);
    });
  });
};

export const messageEmitters = { 'mailbox.create': create, 'mailbox.destroy': destroy, send, receive };
