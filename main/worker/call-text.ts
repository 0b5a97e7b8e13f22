// The C call a step makes, with the identifiers this process really has (shmid, descriptors,
// mqd, PIDs), through the scenario layer's describeCall (the editor shows the same text as a
// template).
import { inboxKey } from '../engine/run/inbox';
import { describeCall, type CallContext, type ObjectIdentifiers } from '../scenario/calls';
import type { Step } from '../scenario/schema';
import type { WorkerContext } from './context';

function identifiers(ctx: WorkerContext, id: string): ObjectIdentifiers {
  const name = ctx.names[id];
  const ends = ctx.ends[id];
  return {
    ...(name?.key !== undefined ? { key: name.key } : {}),
    ...(name?.name ? { name: name.name } : {}),
    ...(name?.path ? { path: name.path } : {}),
    ...(ctx.shmids.has(id) ? { shmid: ctx.shmids.get(id) } : {}),
    ...(ctx.msqids.has(id) ? { msqid: ctx.msqids.get(id) } : {}),
    ...(ctx.queues.has(id) ? { mqd: ctx.queues.get(id)!.mqd } : {}),
    ...(ends?.read !== undefined && ends?.write !== undefined ? { fds: [ends.read, ends.write] as const } : {}),
    ...(ends && (ends.read === undefined) !== (ends.write === undefined) ? { fd: ends.read ?? ends.write } : {}),
  };
}

/** The object ids a step names (its object, a mailbox it sends to or receives from). */
function referencedObjects(step: Step): string[] {
  const ids: string[] = [];
  if ('object' in step && typeof step.object === 'string') ids.push(step.object);
  if (step.op === 'send' && 'mailbox' in step.to) ids.push(step.to.mailbox);
  if (step.op === 'receive' && step.from !== 'any' && 'mailbox' in step.from) ids.push(step.from.mailbox);
  return ids;
}

export function callText(step: Step, ctx: WorkerContext): string {
  // Only the identifiers this step uses: the text is made for every step, so keep it cheap.
  const ids: Record<string, ObjectIdentifiers> = {};
  for (const id of referencedObjects(step)) ids[id] = identifiers(ctx, id);
  const inboxes: Record<string, ObjectIdentifiers> = {};
  if (step.op === 'send' || step.op === 'receive') {
    for (const process of ctx.scenario.processes) {
      const inbox = ctx.names[inboxKey(process.id)];
      inboxes[process.id] = { key: inbox?.key, ...(ctx.msqids.has(inboxKey(process.id)) ? { msqid: ctx.msqids.get(inboxKey(process.id)) } : {}) };
    }
  }
  const pids: Record<string, number> = Object.fromEntries(ctx.children);
  const context: CallContext = { objects: ctx.scenario.objects, ids, pids, inboxes, self: ctx.me.id, inboxFlavor: 'sysv' };
  try {
    return describeCall(step, context);
  } catch {
    return step.op;
  }
}
