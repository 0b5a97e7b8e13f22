// Message passing. Indirect naming: a mailbox object (POSIX mq_* by default, or System V
// msg*). Direct naming: every process's inbox, a System V queue in which a message's type is
// its sender's number, so msgrcv's type selection is "receive only from that sender".
// A capacity-0 mailbox (rendezvous) has no kernel equivalent: the lab pairs a one-slot queue
// with an acknowledgement queue, so a blocking send returns only once the message was received.
import { inboxKey } from '../../engine/run/inbox';
import type { ObjectOf, ReceiveSource } from '../../scenario/schema';
import { StepError, type WorkerContext } from '../context';
import { describeBytes, toBytes } from '../values';
import type { OpTable } from './types';

function mailbox(ctx: WorkerContext, id: string): ObjectOf<'mailbox'> {
  const object = ctx.object(id);
  if (object.kind !== 'mailbox') throw new StepError('EINVAL', `${id} is not a mailbox`);
  return object;
}

/** mq_open without O_CREAT on first use (ENOENT until some process created it). */
function posixQueue(ctx: WorkerContext, id: string, nonBlocking: boolean) {
  const native = ctx.native;
  let queue = ctx.queues.get(id);
  if (!queue) {
    const name = ctx.names[id];
    const mqd = native.mqOpen!(name.name!, {});
    const ackMqd = name.ackName ? native.mqOpen!(name.ackName, {}) : undefined;
    queue = { mqd, ackMqd, nonBlocking: false };
    ctx.queues.set(id, queue);
  }
  if (queue.nonBlocking !== nonBlocking) {
    native.mqSetAttr!(queue.mqd, { nonBlocking });
    queue.nonBlocking = nonBlocking;
  }
  return queue;
}

/** msgget without IPC_CREAT on first use. */
function sysvQueue(ctx: WorkerContext, key: string): number {
  let msqid = ctx.msqids.get(key);
  if (msqid === undefined) {
    msqid = ctx.native.msgGet(ctx.names[key].key!);
    ctx.msqids.set(key, msqid);
  }
  return msqid;
}

function receiveFrom(ctx: WorkerContext, source: ReceiveSource, blocking: boolean, timeoutMs: number | undefined) {
  const native = ctx.native;
  if (source !== 'any' && 'mailbox' in source) {
    const object = mailbox(ctx, source.mailbox);
    if (object.flavor === 'sysv') {
      const message = native.msgReceive(sysvQueue(ctx, source.mailbox), { nonBlocking: !blocking, maxSize: object.maxMessage });
      return { ...describeBytes(message.data), type: message.type };
    }
    const queue = posixQueue(ctx, source.mailbox, !blocking);
    const message =
      timeoutMs !== undefined && blocking
        ? native.mqTimedReceive!(queue.mqd, timeoutMs)
        : native.mqReceive!(queue.mqd);
    // Rendezvous: tell the sender its message was taken.
    if (queue.ackMqd !== undefined) native.mqSend!(queue.ackMqd, new Uint8Array(0));
    return describeBytes(message.data);
  }
  // Direct naming: my own inbox; type 0 takes the first message from anyone.
  const type = source === 'any' ? 0 : ctx.senderType(source.process);
  const message = native.msgReceive(sysvQueue(ctx, inboxKey(ctx.me.id)), { type, nonBlocking: !blocking, maxSize: 8192 });
  return { ...describeBytes(message.data), from: ctx.processOfType(message.type) };
}

export const mailboxOps: OpTable = {
  'mailbox.create': (step, ctx) => {
    const object = mailbox(ctx, step.object);
    const name = ctx.names[step.object];
    const native = ctx.native;
    if (object.flavor === 'sysv') {
      const msqid = native.msgGet(name.key!, { create: true, exclusive: true, mode: 0o600 });
      ctx.msqids.set(step.object, msqid);
      ctx.emit({ type: 'object.created', object: step.object, kind: 'mailbox', msqid, key: name.key });
      return { msqid, key: name.key };
    }
    const slots = Math.max(object.capacity, 1);
    const mqd = native.mqOpen!(name.name!, { create: true, exclusive: true, mode: 0o600, maxMessages: slots, messageSize: object.maxMessage });
    const ackMqd = name.ackName
      ? native.mqOpen!(name.ackName, { create: true, exclusive: true, mode: 0o600, maxMessages: 1, messageSize: 1 })
      : undefined;
    ctx.queues.set(step.object, { mqd, ackMqd, nonBlocking: false });
    ctx.emit({ type: 'object.created', object: step.object, kind: 'mailbox', name: name.name });
    return { name: name.name, mqd, capacity: object.capacity };
  },

  'mailbox.destroy': (step, ctx) => {
    const object = mailbox(ctx, step.object);
    const name = ctx.names[step.object];
    if (object.flavor === 'sysv') {
      const msqid = sysvQueue(ctx, step.object);
      ctx.native.msgRemove(msqid);
      ctx.emit({ type: 'object.removed', object: step.object, kind: 'mailbox', msqid, key: name.key });
      return { msqid };
    }
    ctx.native.mqUnlink!(name.name!);
    if (name.ackName) ctx.native.mqUnlink!(name.ackName);
    ctx.emit({ type: 'object.removed', object: step.object, kind: 'mailbox', name: name.name });
    return { name: name.name };
  },

  send: (step, ctx) => {
    const native = ctx.native;
    const data = toBytes(step.data);
    if ('process' in step.to) {
      const msqid = sysvQueue(ctx, inboxKey(step.to.process));
      native.msgSend(msqid, ctx.senderType(ctx.me.id), data, { nonBlocking: !step.blocking });
      return { bytes: data.length, to: step.to.process };
    }
    const object = mailbox(ctx, step.to.mailbox);
    if (object.flavor === 'sysv') {
      native.msgSend(sysvQueue(ctx, step.to.mailbox), ctx.senderType(ctx.me.id), data, { nonBlocking: !step.blocking });
      return { bytes: data.length };
    }
    const queue = posixQueue(ctx, step.to.mailbox, !step.blocking);
    native.mqSend!(queue.mqd, data, 0);
    // Rendezvous: a blocking send waits until the receiver took the message.
    if (queue.ackMqd !== undefined && step.blocking) native.mqReceive!(queue.ackMqd);
    return { bytes: data.length };
  },

  receive: (step, ctx) => receiveFrom(ctx, step.from, step.blocking, step.timeoutMs),
};
