// The lab process's program format, as native/src/lab/program.h defines it (the one
// definition; this file mirrors it for the compiler and test/engine/compile/format.test.ts
// checks the two agree: the executable prints its opcode list with --opcodes).
import type { Op } from '../../scenario/schema';

export const PROGRAM_MAGIC = 0x50414c50;
export const PROGRAM_VERSION = 1;

/** Opcodes in program.h's order: an op's number is its place here. Append only. */
export const OPCODES: readonly Op[] = [
  'shm.create', 'shm.attach', 'shm.write', 'shm.read', 'shm.waitUntil', 'shm.add', 'shm.detach', 'shm.destroy',
  'pipe.create', 'fifo.create', 'fifo.open', 'write', 'read', 'close',
  'mailbox.create', 'mailbox.destroy', 'send', 'receive',
  'signal.handle', 'signal.send', 'signal.raise', 'signal.pause', 'signal.mask',
  'sem.create', 'sem.wait', 'sem.post', 'sem.destroy',
  'spawn', 'wait', 'sleep', 'compute', 'log', 'exit', 'repeat', 'fault',
  'fifo.unlink',
  'socket.create', 'socket.pair', 'socket.bind', 'socket.listen', 'socket.accept', 'socket.connect',
  'socket.send', 'socket.recv', 'socket.shutdown', 'socket.close',
];

export const FLAGS = {
  blocking: 1 << 0,
  continue: 1 << 1,
  atomic: 1 << 2,
  length: 1 << 3,
  writeEnd: 1 << 4,
  restart: 1 << 5,
  nodefer: 1 << 6,
  direct: 1 << 7,
  timeout: 1 << 8,
  bytes: 1 << 9,
  crash: 1 << 10,
  yield: 1 << 11,
  byId: 1 << 12,
  queue: 1 << 13,
  group: 1 << 14,
} as const;

/** ObjectRec.flags (program.h OBJ_F_*). */
export const OBJECT_FLAGS = {
  qbytes: 1 << 0,
  dgram: 1 << 1,
} as const;

export const VALUE_TYPE_CODES = { i32: 0, u8: 1, u32: 2, i64: 3, f64: 4 } as const;
export const OBJECT_KIND_CODES = { shm: 0, pipe: 1, fifo: 2, mailbox: 3, semaphore: 4, socket: 5 } as const;
/** A socket's record: flavor = its domain; OBJECT_FLAGS.dgram = its type. */
export const SOCKET_DOMAIN_CODES = { unix: 0, inet: 1 } as const;
export const SHUTDOWN_CODES = { read: 0, write: 1, both: 2 } as const;
export const FLAVOR_CODES = { sysv: 0, posix: 1 } as const;

export const HEADER_BYTES = 32;
export const OBJECT_BYTES = 40;
export const PROCESS_BYTES = 8;
export const INSTR_BYTES = 40;
/** `wait` with no process: any child (waitpid(-1)). */
export const ANY_PROCESS = 0xffff;
