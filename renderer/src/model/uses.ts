/**
 * How processes use objects and each other, read from their programs: what the canvas draws
 * as edges. Nothing here is stored: the program is the truth, edges are a view of it.
 */
import { walkSteps } from '@scenario/walk';
import type { ScenarioDoc, StepDoc } from './doc';

export type UseRole =
  | 'create' | 'attach' | 'write' | 'read' | 'detach' | 'destroy' | 'open-read' | 'open-write'
  | 'close-read' | 'close-write' | 'send' | 'receive' | 'wait' | 'post'
  | 'bind' | 'listen' | 'accept' | 'connect' | 'close';

/** The object a step names and in which role, if any. */
export function objectUseOf(step: StepDoc): { object: string; role: UseRole } | undefined {
  const object = typeof step.object === 'string' ? step.object : undefined;
  switch (step.op) {
    case 'shm.create': case 'pipe.create': case 'fifo.create': case 'mailbox.create': case 'sem.create':
      return object ? { object, role: 'create' } : undefined;
    case 'shm.attach': return object ? { object, role: 'attach' } : undefined;
    case 'shm.write': case 'shm.add': case 'write': return object ? { object, role: 'write' } : undefined;
    case 'shm.read': case 'shm.waitUntil': case 'read': return object ? { object, role: 'read' } : undefined;
    case 'shm.detach': return object ? { object, role: 'detach' } : undefined;
    case 'shm.destroy': case 'mailbox.destroy': case 'sem.destroy': case 'fifo.unlink': return object ? { object, role: 'destroy' } : undefined;
    case 'fifo.open': return object ? { object, role: step.end === 'write' ? 'open-write' : 'open-read' } : undefined;
    case 'close': return object ? { object, role: step.end === 'write' ? 'close-write' : 'close-read' } : undefined;
    case 'sem.wait': return object ? { object, role: 'wait' } : undefined;
    // Sockets (socket(7)): the step's object is the socket (or the socketpair) it acts on.
    case 'socket.create': case 'socket.pair': return object ? { object, role: 'create' } : undefined;
    case 'socket.bind': return object ? { object, role: 'bind' } : undefined;
    case 'socket.listen': return object ? { object, role: 'listen' } : undefined;
    case 'socket.accept': return object ? { object, role: 'accept' } : undefined;
    case 'socket.connect': return object ? { object, role: 'connect' } : undefined;
    case 'socket.send': return object ? { object, role: 'send' } : undefined;
    case 'socket.recv': return object ? { object, role: 'receive' } : undefined;
    case 'socket.shutdown': case 'socket.close': return object ? { object, role: 'close' } : undefined;
    case 'sem.post': return object ? { object, role: 'post' } : undefined;
    case 'send': {
      const to = step.to as { mailbox?: unknown } | undefined;
      return typeof to?.mailbox === 'string' ? { object: to.mailbox, role: 'send' } : undefined;
    }
    case 'receive': {
      const from = step.from as { mailbox?: unknown } | undefined;
      return typeof from?.mailbox === 'string' ? { object: from.mailbox, role: 'receive' } : undefined;
    }
    default: return undefined;
  }
}

/** The process a step names (spawn, wait, direct send/receive, signal.send). */
export function processRefOf(step: StepDoc): { process: string; kind: 'spawn' | 'wait' | 'message' | 'signal' } | undefined {
  switch (step.op) {
    case 'spawn': return typeof step.process === 'string' ? { process: step.process, kind: 'spawn' } : undefined;
    case 'wait': return typeof step.process === 'string' ? { process: step.process, kind: 'wait' } : undefined;
    case 'signal.send': {
      if (typeof step.to === 'string') return { process: step.to, kind: 'signal' };
      const group = (step.to as { group?: unknown } | undefined)?.group; // kill(-pgid): the group of that process
      return typeof group === 'string' ? { process: group, kind: 'signal' } : undefined;
    }
    case 'send': {
      const to = step.to as { process?: unknown } | undefined;
      return typeof to?.process === 'string' ? { process: to.process, kind: 'message' } : undefined;
    }
    default: return undefined;
  }
}

const ROLE_WORDS: Record<UseRole, string> = {
  create: 'creates', attach: 'attaches', write: 'writes', read: 'reads', detach: 'detaches',
  destroy: 'removes', 'open-read': 'opens read end', 'open-write': 'opens write end',
  'close-read': 'closes read end', 'close-write': 'closes write end', send: 'sends', receive: 'receives',
  wait: 'waits', post: 'posts', bind: 'binds', listen: 'listens', accept: 'accepts', connect: 'connects',
  close: 'closes',
};

export interface UseEdge {
  id: string;
  source: string;
  target: string;
  kind: 'use' | 'parent' | 'message' | 'signal';
  label: string;
  /** Direction of data: into the object (writes, sends), out of it (reads), or both. */
  flow?: 'in' | 'out' | 'both';
  roles?: UseRole[];
}

function flowOf(roles: Set<UseRole>): UseEdge['flow'] {
  const writes = roles.has('write') || roles.has('send') || roles.has('post') || roles.has('open-write');
  const reads = roles.has('read') || roles.has('receive') || roles.has('wait') || roles.has('open-read');
  return writes && reads ? 'both' : writes ? 'in' : reads ? 'out' : undefined;
}

/** Words for an edge: the roles that say most, e.g. "creates · writes". */
function describeRoles(roles: readonly UseRole[]): string {
  const order: UseRole[] = ['create', 'attach', 'accept', 'connect', 'open-write', 'open-read', 'write', 'send', 'read', 'receive', 'wait', 'post', 'bind', 'listen', 'close-write', 'close-read', 'close', 'detach', 'destroy'];
  const main = order.filter((role) => roles.includes(role));
  const shown = main.filter((role) => !['detach', 'close-read', 'close-write', 'close', 'destroy'].includes(role) || main.length === 1);
  return (shown.length ? shown : main).slice(0, 3).map((role) => ROLE_WORDS[role]).join(' · ');
}

export function deriveEdges(doc: ScenarioDoc): UseEdge[] {
  const edges: UseEdge[] = [];
  const objectIds = new Set(doc.objects.map((o) => o.id));
  const processIds = new Set(doc.processes.map((p) => p.id));
  for (const process of doc.processes) {
    const uses = new Map<string, Set<UseRole>>();
    const messages = new Set<string>();
    const signals = new Map<string, Set<string>>();
    for (const { step } of walkSteps<StepDoc>(process.program)) {
      if (typeof step !== 'object' || step === null) continue;
      const use = objectUseOf(step);
      if (use && objectIds.has(use.object)) {
        if (!uses.has(use.object)) uses.set(use.object, new Set());
        uses.get(use.object)!.add(use.role);
      }
      const ref = processRefOf(step);
      if (ref && processIds.has(ref.process)) {
        if (ref.kind === 'message') messages.add(ref.process);
        if (ref.kind === 'signal') {
          if (!signals.has(ref.process)) signals.set(ref.process, new Set());
          signals.get(ref.process)!.add(String(step.signal ?? 'signal'));
        }
      }
    }
    for (const [object, roles] of uses) {
      edges.push({
        id: `use:${process.id}:${object}`, source: process.id, target: object, kind: 'use',
        label: describeRoles([...roles]), flow: flowOf(roles), roles: [...roles],
      });
    }
    for (const to of messages) {
      edges.push({ id: `message:${process.id}:${to}`, source: process.id, target: to, kind: 'message', label: 'sends to' });
    }
    for (const [to, names] of signals) {
      edges.push({ id: `signal:${process.id}:${to}`, source: process.id, target: to, kind: 'signal', label: [...names].join(', ') });
    }
    if (process.parent && processIds.has(process.parent)) {
      edges.push({ id: `parent:${process.parent}:${process.id}`, source: process.parent, target: process.id, kind: 'parent', label: 'spawns' });
    }
  }
  return edges;
}
