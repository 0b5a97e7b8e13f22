// The C call a step makes, with the identifiers this process really has (shmid, descriptors,
// mqd, PIDs), through the scenario layer's describeCall (the editor shows the same text as a
// template).
import { inboxKey } from '../engine/run/names';
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

export function callText(step: Step, ctx: WorkerContext): string {
  const ids: Record<string, ObjectIdentifiers> = {};
  const inboxes: Record<string, ObjectIdentifiers> = {};
  for (const object of ctx.scenario.objects) ids[object.id] = identifiers(ctx, object.id);
  for (const process of ctx.scenario.processes) {
    const inbox = ctx.names[inboxKey(process.id)];
    inboxes[process.id] = { key: inbox?.key, ...(ctx.msqids.has(inboxKey(process.id)) ? { msqid: ctx.msqids.get(inboxKey(process.id)) } : {}) };
  }
  const pids: Record<string, number> = Object.fromEntries(ctx.children);
  const context: CallContext = { objects: ctx.scenario.objects, ids, pids, inboxes, self: ctx.me.id, inboxFlavor: 'sysv' };
  try {
    return describeCall(step, context);
  } catch {
    return step.op;
  }
}
