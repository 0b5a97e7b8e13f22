// What a lab process's records mean as run events: the C call text of a step (through the
// scenario layer's describeCall, with the identifiers the call really used) and the `result`
// of its step.end in the spec's shapes, plus the object.created/removed and signal.sent events
// a step implies. The lab process reports numbers only (core/ring.h); the words are made here,
// once, in TypeScript.
import { constants } from 'node:os';
import { describeCall, type CallContext, type ObjectIdentifiers } from '../../ops/call-text';
import type { LabObject, Scenario, Step } from '../../scenario/schema';
import { inboxKey, type RunNames } from './names';

/** errno number -> name (EAGAIN, not EWOULDBLOCK; ENOTSUP, not EOPNOTSUPP... as Linux prints). */
const ERRNO_NAMES = new Map<number, string>();
for (const [name, number] of Object.entries(constants.errno)) {
  if (!ERRNO_NAMES.has(number) || name === 'EAGAIN' || name === 'EDEADLK') ERRNO_NAMES.set(number, name);
}
export function errnoName(errno: number): string {
  return ERRNO_NAMES.get(errno) ?? `E${errno}`;
}

/** The numbers of one record (core/ring.h EventRecord). */
export interface RecordFigures {
  n: [number, number, number, number];
  /** n[0] as its 64 bits (a loaded value, exact beyond 2^53). */
  bits: bigint;
  aux: number;
  /** The bytes shown (at most ring::kMaxShownData), the full length and its FNV-1a digest. */
  data?: { shown: Uint8Array; length: number; digest: bigint };
}

const decoder = new TextDecoder('utf-8', { fatal: true });

function decodeText(bytes: Uint8Array): string | undefined {
  try {
    return decoder.decode(bytes);
  } catch {
    return undefined;
  }
}

/**
 * { bytes, data } as the spec says (text when valid UTF-8, else byte values). Data longer than
 * a record carries comes as its first bytes with `dataLength` and `dataDigest` (the FNV-1a 64
 * digest the lab process computed over all of it): the one shape of capped data
 * (event-bounds.ts). The inspector reads the whole segment on demand.
 */
function describeData(data: RecordFigures['data']): Record<string, unknown> {
  if (!data) return { bytes: 0, data: '' };
  const complete = data.shown.length === data.length;
  let text = decodeText(data.shown);
  // A prefix may end inside a UTF-8 sequence: drop up to 3 bytes of it before giving up on text.
  for (let cut = 1; text === undefined && !complete && cut <= 3 && cut < data.shown.length; cut++) text = decodeText(data.shown.subarray(0, data.shown.length - cut));
  const shown = text ?? Array.from(data.shown);
  if (complete) return { bytes: data.length, data: shown };
  return { bytes: data.length, data: shown, dataLength: data.length, dataDigest: `fnv1a64:${data.digest.toString(16).padStart(16, '0')}` };
}

/** i64 values as numbers when safe, else decimal text (as the worker runtime reported them). */
function plain(value: bigint): number | string {
  return value >= BigInt(Number.MIN_SAFE_INTEGER) && value <= BigInt(Number.MAX_SAFE_INTEGER) ? Number(value) : value.toString();
}

/** A typed load's 64 bits as the value of its type. */
function typedValue(bits: bigint, type: string | undefined): number | string {
  switch (type) {
    case 'f64': {
      const view = new DataView(new ArrayBuffer(8));
      view.setBigInt64(0, bits, true);
      return view.getFloat64(0, true);
    }
    case 'u8': return Number(BigInt.asUintN(8, bits));
    case 'u32': return Number(BigInt.asUintN(32, bits));
    case 'i64': return plain(BigInt.asIntN(64, bits));
    default: return Number(BigInt.asIntN(32, bits));
  }
}

/** The per-process facts call texts need, learnt from the process's own records. */
export interface ProcessView {
  scenario: Scenario;
  names: RunNames;
  self: string;
  signalName: (number: number) => string;
  /** PIDs seen in this process's records (children it spawned, targets it signalled). */
  pids: Record<string, number>;
  /** Identifiers learnt so far, by object id (and '#inbox:<id>'). */
  ids: Record<string, ObjectIdentifiers>;
}

function objectOf(view: ProcessView, id: string): LabObject | undefined {
  return view.scenario.objects.find((o) => o.id === id);
}

/** The object ids a step names (its object, a mailbox it sends to or receives from). */
function referencedObject(step: Step): string | undefined {
  if ('object' in step && typeof step.object === 'string') return step.object;
  if (step.op === 'send' && 'mailbox' in step.to) return step.to.mailbox;
  if (step.op === 'receive' && step.from !== 'any' && 'mailbox' in step.from) return step.from.mailbox;
  return undefined;
}

const big = (n: number) => (n >= 0 ? n : undefined);

/** A socket object's address as text: its path, or `10.0.0.1:40123`. */
function socketAddress(view: ProcessView, id: string): string | undefined {
  const name = view.names[id];
  if (!name) return undefined;
  return name.path ?? (name.address !== undefined ? `${name.address}:${name.port}` : undefined);
}

/** A 32-bit IPv4 address (host byte order) as dotted text. */
function dotted(ipv4: number): string {
  return [24, 16, 8, 0].map((shift) => (ipv4 >>> shift) & 255).join('.');
}

/**
 * step.begin's `call`: the C call with the identifiers of the record (n0 shmid/msqid,
 * n1 read fd/mqd, n2 write fd, n3 a PID), and the fcntl/mq_setattr that changes O_NONBLOCK
 * first when aux bit 0 says the descriptor's mode differs from the step's.
 */
export function callText(step: Step, view: ProcessView, figures: RecordFigures): string {
  const [n0, n1, n2, n3] = figures.n;
  const objectId = referencedObject(step);
  const ids: Record<string, ObjectIdentifiers> = {};
  if (objectId) {
    const name = view.names[objectId];
    const object = objectOf(view, objectId);
    const known: ObjectIdentifiers = { ...(name?.key !== undefined ? { key: name.key } : {}), ...(name?.name ? { name: name.name } : {}), ...(name?.path ? { path: name.path } : {}) };
    if (object?.kind === 'shm' && big(n0) !== undefined) known.shmid = n0;
    if (object?.kind === 'mailbox') {
      if (big(n0) !== undefined) known.msqid = n0;
      if (big(n1) !== undefined) known.mqd = n1;
    }
    if (object?.kind === 'pipe' || object?.kind === 'fifo') {
      const read = big(n1);
      const write = big(n2);
      if (object.kind === 'fifo') {
        const end = step.op === 'write' || (step.op === 'close' && step.end === 'write') ? write : read;
        if (end !== undefined) known.fd = end;
      } else if (read !== undefined && write !== undefined) known.fds = [read, write];
      else if (read !== undefined || write !== undefined) known.fd = read ?? write;
    }
    if (object?.kind === 'socket') {
      if (big(n1) !== undefined) known.sock = n1;
      if (big(n2) !== undefined) known.conn = n2;
      known.address = socketAddress(view, objectId);
    }
    ids[objectId] = known;
    if (step.op === 'socket.send' && step.to !== undefined) ids[step.to] = { address: socketAddress(view, step.to) };
  }
  const inboxes: Record<string, ObjectIdentifiers> = {};
  if ((step.op === 'send' && 'process' in step.to) || (step.op === 'receive' && (step.from === 'any' || 'process' in step.from))) {
    const owner = step.op === 'send' && 'process' in step.to ? step.to.process : view.self;
    for (const process of view.scenario.processes) inboxes[process.id] = { key: view.names[inboxKey(process.id)]?.key, ...view.ids[inboxKey(process.id)] };
    if (big(n0) !== undefined) inboxes[owner] = { ...inboxes[owner], msqid: n0 };
  }
  if ((step.op === 'signal.send' || step.op === 'wait') && big(n3) !== undefined && n3 > 0) {
    const target = step.op === 'signal.send' ? (typeof step.to === 'string' ? step.to : step.to.group) : step.process;
    if (target) view.pids[target] = n3;
  }
  const context: CallContext = { objects: view.scenario.objects, ids, pids: view.pids, inboxes, self: view.self, inboxFlavor: 'sysv' };
  let call: string;
  try {
    call = describeCall(step, context);
  } catch {
    call = step.op;
  }
  if (figures.aux & 1) {
    const blocking = 'blocking' in step && step.blocking !== false;
    if (step.op === 'read' || step.op === 'write' || step.op.startsWith('socket.')) {
      const fd = step.op === 'read' ? n1 : step.op === 'write' ? n2 : (step.op === 'socket.send' || step.op === 'socket.recv') && n2 >= 0 ? n2 : n1;
      call = `fcntl(${fd}, F_SETFL, ${blocking ? 'flags & ~O_NONBLOCK' : 'flags | O_NONBLOCK'}); ${call}`;
    } else {
      call = `mq_setattr(${big(n1) ?? 'mqd'}, &(struct mq_attr){ .mq_flags = ${blocking ? '0' : 'O_NONBLOCK'} }, NULL); ${call}`;
    }
  }
  return call;
}

export interface StepOutcome {
  result?: Record<string, unknown>;
  /** Events the step implies, emitted just before its step.end (object.created/removed). */
  before: Array<Record<string, unknown>>;
}

/** Ops whose step.end has no result: the common case of a busy run, kept free of allocation. */
const NO_RESULT: ReadonlySet<string> = new Set(['compute', 'sleep', 'log', 'shm.detach', 'sem.wait', 'sem.post', 'signal.raise', 'signal.pause', 'exit', 'fault']);
const NOTHING: StepOutcome = Object.freeze({ before: Object.freeze([]) as unknown as Array<Record<string, unknown>> });

/** step.end's `result` in the spec's shapes, from the record's figures. */
export function stepResult(step: Step, view: ProcessView, figures: RecordFigures): StepOutcome {
  if (NO_RESULT.has(step.op)) return NOTHING;
  const [n0, n1, n2] = figures.n;
  const before: Array<Record<string, unknown>> = [];
  const name = 'object' in step && typeof step.object === 'string' ? view.names[step.object] : undefined;
  const object = 'object' in step && typeof step.object === 'string' ? objectOf(view, step.object) : undefined;
  const remember = (id: string, more: ObjectIdentifiers) => (view.ids[id] = { ...view.ids[id], ...more });
  const created = (identifiers: Record<string, unknown>) => before.push({ type: 'object.created', object: (step as { object: string }).object, kind: object?.kind, ...identifiers });
  const removed = (identifiers: Record<string, unknown>) => before.push({ type: 'object.removed', object: (step as { object: string }).object, kind: object?.kind, ...identifiers });
  switch (step.op) {
    case 'shm.create': {
      const size = object?.kind === 'shm' ? object.size : 0;
      if (object?.kind === 'shm' && object.flavor === 'posix') {
        created({ name: name?.name });
        return { result: { name: name?.name, size }, before };
      }
      remember(step.object, { shmid: n0 });
      created({ shmid: n0, key: name?.key });
      return { result: { shmid: n0, key: name?.key, size }, before };
    }
    case 'shm.attach':
      if (object?.kind === 'shm' && object.flavor === 'posix') return { result: { name: name?.name, size: n1 }, before };
      return { result: { shmid: n0 }, before };
    case 'shm.write':
      return { result: typeof step.value === 'number' ? { value: step.value } : { bytes: n0 }, before };
    case 'shm.read':
      if (step.length !== undefined) return { result: describeData(figures.data), before };
      return { result: { value: typedValue(figures.bits, step.type) }, before };
    case 'shm.waitUntil':
      return { result: { value: typedValue(figures.bits, step.type), polls: n1 }, before };
    case 'shm.add':
      return { result: step.atomic ? { previous: typedValue(figures.bits, step.type) } : { value: typedValue(figures.bits, step.type) }, before };
    case 'shm.destroy':
      if (object?.kind === 'shm' && object.flavor === 'posix') {
        removed({ name: name?.name });
        return { result: { name: name?.name }, before };
      }
      // Still attached: Linux only marks it (SHM_DEST) and frees it at the last detach, which the
      // object history reports as its object.removed (object-history.ts).
      if (n1 === 0) removed({ shmid: n0, key: name?.key });
      return { result: { shmid: n0, nattch: n1, deferred: n1 > 0 }, before };
    case 'pipe.create':
      remember(step.object, { fds: [n0, n1] });
      created({ fds: [n0, n1] });
      return { result: { fds: [n0, n1], capacity: n2 }, before };
    case 'fifo.create':
      created({ path: name?.path });
      return { result: { path: name?.path }, before };
    case 'fifo.unlink':
      removed({ path: name?.path });  // the name is gone; open ends live on until closed
      return { result: { path: name?.path }, before };
    case 'fifo.open':
      return { result: { fd: n0, ...(n1 > 0 ? { capacity: n1 } : {}) }, before };
    case 'write':
      return { result: { bytes: n0 }, before };
    case 'read':
      return { result: describeData(figures.data), before };
    case 'close':
      return { result: { fd: n0 }, before };
    case 'mailbox.create':
      if (object?.kind === 'mailbox' && object.flavor === 'sysv') {
        remember(step.object, { msqid: n0 });
        created({ msqid: n0, key: name?.key });
        return { result: { msqid: n0, key: name?.key }, before };
      }
      created({ name: name?.name });
      return { result: { name: name?.name, mqd: n0, capacity: object?.kind === 'mailbox' ? object.capacity : 0 }, before };
    case 'mailbox.destroy':
      if (object?.kind === 'mailbox' && object.flavor === 'sysv') {
        removed({ msqid: n0, key: name?.key });
        return { result: { msqid: n0 }, before };
      }
      removed({ name: name?.name });
      return { result: { name: name?.name }, before };
    case 'send':
      return { result: { bytes: n0, ...('process' in step.to ? { to: step.to.process } : {}) }, before };
    case 'receive': {
      const described = describeData(figures.data);
      if (step.from !== 'any' && 'mailbox' in step.from) {
        const mailbox = objectOf(view, step.from.mailbox);
        return { result: mailbox?.kind === 'mailbox' && mailbox.flavor === 'sysv' ? { ...described, type: n1 } : described, before };
      }
      return { result: { ...described, from: view.scenario.processes[n1 - 1]?.id }, before };
    }
    case 'sem.create':
      created({ name: name?.name });
      return { result: { name: name?.name, value: n0 }, before };
    case 'sem.destroy':
      removed({ name: name?.name });
      return { result: { name: name?.name }, before };
    case 'signal.handle':
      return { result: step.action === 'handler' ? { action: 'handler', restart: step.restart } : { action: step.action }, before };
    case 'signal.send':
      return { result: typeof step.to === 'string' ? { to: step.to, pid: n0, ...(step.value !== undefined ? { value: step.value } : {}) } : { group: step.to.group, pid: n0 }, before };
    case 'signal.mask': {
      const blocked: string[] = [];
      const bits = BigInt.asUintN(64, BigInt(n0));
      for (let sig = 1; sig <= 64; sig++) if ((bits >> BigInt(sig - 1)) & 1n) blocked.push(view.signalName(sig));
      return { result: { blocked }, before };
    }
    case 'spawn':
      view.pids[step.process] = n0;
      return { result: { process: step.process, pid: n0 }, before };
    case 'wait': {
      const process = view.scenario.processes[n1]?.id ?? String(n0);
      return {
        result: n2 >= 0 ? { process, pid: n0, code: n2 } : { process, pid: n0, signal: view.signalName(-n2), ...(figures.aux & 1 ? { core: true } : {}) },
        before,
      };
    }
    case 'repeat':
      return { result: { times: step.times }, before };
    case 'socket.create':
      return { result: { fd: n0 }, before };
    case 'socket.pair':
      created({ fds: [n0, n1] });
      return { result: { fds: [n0, n1] }, before };
    case 'socket.bind': {
      const address = socketAddress(view, step.object);
      created(name?.path ? { path: name.path } : { address });
      return { result: { fd: n0, address }, before };
    }
    case 'socket.listen':
      return { result: { fd: n0, backlog: step.backlog }, before };
    case 'socket.accept':
      return { result: { fd: n0, ...(n1 >= 0 ? { peer: `${dotted(n1)}:${n2}` } : {}) }, before };
    case 'socket.connect':
      return { result: { fd: n0, to: socketAddress(view, step.object), ...(n1 >= 0 ? { local: `${dotted(n1)}:${n2}` } : {}) }, before };
    case 'socket.send':
      return { result: { bytes: n0, ...(step.to !== undefined ? { to: step.to } : {}) }, before };
    case 'socket.recv': {
      const described = describeData(figures.data);
      const from = n1 > 0 ? view.scenario.objects[n1 - 1]?.id : undefined;
      return { result: { ...described, ...(from ? { from } : {}) }, before };
    }
    case 'socket.shutdown':
    case 'socket.close':
      return { result: { fd: n0 }, before };
    default:
      return { before };
  }
}
