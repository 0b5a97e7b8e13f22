// The engine compiles each validated program into the lab process's instruction list
// (format: native/src/lab/program.h): object and process names resolved to slots, data and
// names in a pool, repeat and handler bodies inlined after their instruction. The lab process
// maps the file and runs it without parsing anything. The compiler also returns, for each
// instruction, the step and index path it came from: the engine reads events by instruction.
import { inboxKey, type RunNames } from '../run/names';
import type { LabProcess, Scenario, Step } from '../../scenario/schema';
import { CRASH_SIGNALS } from '../../scenario/signals';
import {
  ANY_PROCESS, FLAGS, FLAVOR_CODES, OBJECT_FLAGS, HEADER_BYTES, INSTR_BYTES, OBJECT_BYTES, OBJECT_KIND_CODES, OPCODES,
  PROCESS_BYTES, PROGRAM_MAGIC, PROGRAM_VERSION, SHUTDOWN_CODES, SOCKET_DOMAIN_CODES, VALUE_TYPE_CODES,
} from './format';

/** The step behind one instruction, and where it is in the program ([3, 0] inside a repeat). */
export interface CompiledStep {
  step: Step;
  index: number[];
}

export interface CompiledProgram {
  bytes: Uint8Array;
  steps: CompiledStep[];
}

/** Signal numbers of this platform (the addon's signalNumber). */
export type SignalNumbers = (name: string) => number;

const encoder = new TextEncoder();

class Pool {
  private readonly chunks: Uint8Array[] = [];
  length = 0;
  /** Raw bytes; returns their offset. */
  bytes(data: Uint8Array): number {
    const at = this.length;
    this.chunks.push(data);
    this.length += data.length;
    return at;
  }
  /** A NUL-terminated string; returns offset + 1 (0 means none in the format). */
  string(text: string | undefined): number {
    if (text === undefined) return 0;
    const bytes = encoder.encode(text);
    const at = this.bytes(bytes);
    this.bytes(new Uint8Array(1));
    return at + 1;
  }
  concat(): Uint8Array {
    const out = new Uint8Array(this.length);
    let at = 0;
    for (const chunk of this.chunks) {
      out.set(chunk, at);
      at += chunk.length;
    }
    return out;
  }
}

interface Instr {
  op: number; type: number; flags: number; obj: number; sig: number;
  a: number; b: number; c: number; d: number;
  v: { i?: bigint; f?: number }; w: { i?: bigint };
}

function dataBytes(data: string | readonly number[]): Uint8Array {
  return typeof data === 'string' ? encoder.encode(data) : Uint8Array.from(data);
}

/** A dotted IPv4 address as its 32 bits, host byte order. */
function ipv4(address: string): number {
  return address.split('.').reduce((n, part) => n * 256 + Number(part), 0) >>> 0;
}

function signalBits(list: readonly string[] | undefined, number: SignalNumbers): bigint {
  let bits = 0n;
  for (const name of list ?? []) bits |= 1n << BigInt(number(name) - 1);
  return bits;
}

/**
 * Compiles the program of `processId` for a run whose objects have `names`.
 * Throws an Error naming the step when a step refers to something the run lacks (the
 * validator has refused such scenarios before: this is a guard, not a check users meet).
 */
export function compileProgram(scenario: Scenario, names: RunNames, processId: string, signalNumber: SignalNumbers): CompiledProgram {
  const processSlot = new Map(scenario.processes.map((p, i) => [p.id, i]));
  const objectSlot = new Map(scenario.objects.map((o, i) => [o.id, i]));
  const inboxSlot = (id: string) => scenario.objects.length + processSlot.get(id)!;
  const self = processSlot.get(processId);
  if (self === undefined) throw new Error(`no process "${processId}" in the scenario`);
  const me: LabProcess = scenario.processes[self];
  const pool = new Pool();
  const instrs: Instr[] = [];
  const steps: CompiledStep[] = [];

  const slotOf = (id: string) => {
    const slot = objectSlot.get(id);
    if (slot === undefined) throw new Error(`no object "${id}" in the scenario`);
    return slot;
  };
  const procOf = (id: string) => {
    const slot = processSlot.get(id);
    if (slot === undefined) throw new Error(`no process "${id}" in the scenario`);
    return slot;
  };

  const emit = (list: readonly Step[], prefix: number[]) => {
    list.forEach((step, i) => {
      const index = [...prefix, i];
      const ins: Instr = { op: OPCODES.indexOf(step.op), type: 0, flags: 0, obj: 0, sig: 0, a: 0, b: 0, c: 0, d: 0, v: {}, w: {} };
      if (ins.op < 0) throw new Error(`the lab process has no op "${step.op}"`);
      if (step.onError === 'continue') ins.flags |= FLAGS.continue;
      if ('blocking' in step && step.blocking) ins.flags |= FLAGS.blocking;
      if ('type' in step && step.type) ins.type = VALUE_TYPE_CODES[step.type];
      const at = instrs.length;
      instrs.push(ins);
      steps.push({ step, index });
      const data = (bytes: Uint8Array) => {
        ins.c = pool.bytes(bytes);
        ins.d = bytes.length;
      };
      switch (step.op) {
        case 'shm.attach':
          ins.obj = slotOf(step.object);
          if (step.by === 'id') ins.flags |= FLAGS.byId;
          ins.a = step.size ?? 0;
          break;
        case 'shm.create': case 'shm.detach': case 'shm.destroy':
        case 'pipe.create': case 'fifo.create': case 'fifo.unlink': case 'mailbox.create': case 'mailbox.destroy':
        case 'sem.create': case 'sem.post': case 'sem.destroy':
          ins.obj = slotOf(step.object);
          break;
        case 'sem.wait':
          ins.obj = slotOf(step.object);
          break;
        case 'shm.write':
          ins.obj = slotOf(step.object);
          ins.a = step.offset;
          if (typeof step.value === 'number') {
            if (step.type === 'f64') ins.v.f = step.value;
            else ins.v.i = BigInt(Math.trunc(step.value));
          } else {
            ins.flags |= FLAGS.bytes;
            data(dataBytes(step.value));
          }
          break;
        case 'shm.read':
          ins.obj = slotOf(step.object);
          ins.a = step.offset;
          if (step.length !== undefined) {
            ins.flags |= FLAGS.length;
            ins.b = step.length;
          }
          break;
        case 'shm.waitUntil':
          ins.obj = slotOf(step.object);
          ins.a = step.offset;
          ins.b = step.pollMs;
          if (step.type === 'f64') ins.v.f = step.equals;
          else ins.v.i = BigInt(Math.trunc(step.equals));
          break;
        case 'shm.add':
          ins.obj = slotOf(step.object);
          ins.a = step.offset;
          if (step.atomic) ins.flags |= FLAGS.atomic;
          if (!step.atomic && step.yield) ins.flags |= FLAGS.yield;
          if (step.type === 'f64') ins.v.f = step.delta;
          else ins.v.i = BigInt(Math.trunc(step.delta));
          break;
        case 'fifo.open':
          ins.obj = slotOf(step.object);
          if (step.end === 'write') ins.flags |= FLAGS.writeEnd;
          break;
        case 'write':
          ins.obj = slotOf(step.object);
          data(dataBytes(step.data));
          break;
        case 'read':
          ins.obj = slotOf(step.object);
          ins.a = step.max;
          break;
        case 'close':
          ins.obj = slotOf(step.object);
          if (step.end === 'write') ins.flags |= FLAGS.writeEnd;
          break;
        case 'send':
          if ('process' in step.to) {
            ins.flags |= FLAGS.direct;
            ins.obj = inboxSlot(step.to.process);
            procOf(step.to.process);
          } else {
            ins.obj = slotOf(step.to.mailbox);
          }
          data(dataBytes(step.data));
          break;
        case 'receive':
          if (step.from !== 'any' && 'mailbox' in step.from) {
            ins.obj = slotOf(step.from.mailbox);
          } else {
            ins.flags |= FLAGS.direct;
            ins.obj = inboxSlot(processId);
            ins.sig = step.from === 'any' ? 0 : procOf(step.from.process) + 1;
          }
          if (step.timeoutMs !== undefined) {
            ins.flags |= FLAGS.timeout;
            ins.a = step.timeoutMs;
          }
          break;
        case 'signal.handle': {
          ins.sig = signalNumber(step.signal);
          ins.a = step.action === 'default' ? 0 : step.action === 'ignore' ? 1 : 2;
          if (step.restart) ins.flags |= FLAGS.restart;
          if (step.nodefer) ins.flags |= FLAGS.nodefer;
          if ((CRASH_SIGNALS as readonly string[]).includes(step.signal)) ins.flags |= FLAGS.crash;
          if (step.action === 'handler') emit(step.steps ?? [], index);
          break;
        }
        case 'signal.send':
          if (typeof step.to === 'string') {
            ins.obj = procOf(step.to);
          } else {
            ins.obj = procOf(step.to.group);
            ins.flags |= FLAGS.group;
          }
          ins.sig = signalNumber(step.signal);
          if (step.value !== undefined) {
            ins.flags |= FLAGS.queue;
            ins.v.i = BigInt(step.value);
          }
          break;
        case 'signal.raise':
          ins.sig = signalNumber(step.signal);
          break;
        case 'signal.pause':
          break;
        case 'signal.mask':
          ins.v.i = signalBits(step.block, signalNumber);
          ins.w.i = signalBits(step.unblock, signalNumber);
          break;
        case 'spawn':
          ins.obj = procOf(step.process);
          break;
        case 'wait':
          ins.obj = step.process === undefined ? ANY_PROCESS : procOf(step.process);
          break;
        case 'sleep': case 'compute':
          ins.a = step.ms;
          break;
        case 'log':
          data(encoder.encode(`${step.message}\n`));
          break;
        case 'exit':
          ins.a = step.code;
          break;
        case 'repeat':
          ins.a = step.times;
          emit(step.steps, index);
          break;
        case 'fault':
          ins.a = step.kind === 'segv' ? 0 : 1;
          break;
        case 'socket.create': case 'socket.pair': case 'socket.bind': case 'socket.accept': case 'socket.connect':
          ins.obj = slotOf(step.object);
          break;
        case 'socket.listen':
          ins.obj = slotOf(step.object);
          ins.a = step.backlog;
          break;
        case 'socket.send':
          ins.obj = slotOf(step.object);
          ins.a = step.to === undefined ? 0 : slotOf(step.to) + 1;
          data(dataBytes(step.data));
          break;
        case 'socket.recv':
          ins.obj = slotOf(step.object);
          ins.a = step.max;
          break;
        case 'socket.shutdown':
          ins.obj = slotOf(step.object);
          ins.a = SHUTDOWN_CODES[step.how];
          break;
        case 'socket.close':
          ins.obj = slotOf(step.object);
          ins.a = step.end === undefined ? 0 : step.end === 'socket' ? 1 : 2;
          break;
        default: {
          const never: never = step;
          throw new Error(`the compiler has no case for "${(never as Step).op}"`);
        }
      }
      ins.b = step.op === 'repeat' || step.op === 'signal.handle' ? instrs.length - at - 1 : ins.b;
    });
  };
  emit(me.program, []);

  // Objects: the scenario's, then one inbox per process.
  const objectCount = scenario.objects.length + scenario.processes.length;
  const objects = new DataView(new ArrayBuffer(objectCount * OBJECT_BYTES));
  scenario.objects.forEach((object, i) => {
    const name = names[object.id];
    const o = i * OBJECT_BYTES;
    objects.setUint8(o, OBJECT_KIND_CODES[object.kind]);
    objects.setUint8(o + 1, 'flavor' in object ? FLAVOR_CODES[object.flavor] : object.kind === 'socket' ? SOCKET_DOMAIN_CODES[object.domain] : 0);
    if (object.kind === 'socket' && object.type === 'dgram') objects.setUint16(o + 2, OBJECT_FLAGS.dgram, true);
    objects.setInt32(o + 4, name?.key ?? 0, true);
    if (name?.address !== undefined) objects.setUint32(o + 4, ipv4(name.address), true);
    objects.setUint32(o + 8, pool.string(name?.name ?? name?.path), true);
    objects.setUint32(o + 12, pool.string(name?.ackName), true);
    objects.setBigUint64(o + 16, BigInt(object.kind === 'shm' ? object.size : 0), true);
    objects.setUint32(o + 24, 'capacity' in object && object.capacity !== undefined ? object.capacity : name?.port ?? 0, true);
    objects.setUint32(o + 28, object.kind === 'mailbox' ? object.maxMessage : 0, true);
    objects.setUint32(o + 32, object.kind === 'semaphore' ? object.initial : 0, true);
    if (object.kind === 'mailbox' && object.capacityBytes !== undefined) {
      objects.setUint16(o + 2, OBJECT_FLAGS.qbytes, true);
      objects.setUint32(o + 36, object.capacityBytes, true);
    }
  });
  scenario.processes.forEach((process, i) => {
    const o = (scenario.objects.length + i) * OBJECT_BYTES;
    objects.setUint8(o, OBJECT_KIND_CODES.mailbox);
    objects.setUint8(o + 1, FLAVOR_CODES.sysv);
    objects.setInt32(o + 4, names[inboxKey(process.id)]?.key ?? 0, true);
    objects.setUint32(o + 28, 8192, true);
  });
  const processes = new DataView(new ArrayBuffer(scenario.processes.length * PROCESS_BYTES));
  scenario.processes.forEach((process, i) => {
    processes.setUint32(i * PROCESS_BYTES, pool.string(process.id), true);
    processes.setInt32(i * PROCESS_BYTES + 4, process.parent === undefined ? -1 : procOf(process.parent), true);
  });
  const code = new DataView(new ArrayBuffer(instrs.length * INSTR_BYTES));
  instrs.forEach((ins, i) => {
    const o = i * INSTR_BYTES;
    code.setUint8(o, ins.op);
    code.setUint8(o + 1, ins.type);
    code.setUint16(o + 2, ins.flags, true);
    code.setUint16(o + 4, ins.obj, true);
    code.setUint16(o + 6, ins.sig, true);
    code.setUint32(o + 8, ins.a, true);
    code.setUint32(o + 12, ins.b, true);
    code.setUint32(o + 16, ins.c, true);
    code.setUint32(o + 20, ins.d, true);
    if (ins.v.f !== undefined) code.setFloat64(o + 24, ins.v.f, true);
    else code.setBigInt64(o + 24, BigInt.asIntN(64, ins.v.i ?? 0n), true);
    code.setBigInt64(o + 32, BigInt.asIntN(64, ins.w.i ?? 0n), true);
  });
  const poolBytes = pool.concat();
  const header = new DataView(new ArrayBuffer(HEADER_BYTES));
  [PROGRAM_MAGIC, PROGRAM_VERSION, self, objectCount, scenario.processes.length, instrs.length, instrs.length, poolBytes.length]
    .forEach((value, i) => header.setUint32(i * 4, value, true));

  const parts = [header, objects, processes, code].map((view) => new Uint8Array(view.buffer));
  const bytes = new Uint8Array(parts.reduce((sum, part) => sum + part.length, 0) + poolBytes.length);
  let at = 0;
  for (const part of [...parts, poolBytes]) {
    bytes.set(part, at);
    at += part.length;
  }
  return { bytes, steps };
}
