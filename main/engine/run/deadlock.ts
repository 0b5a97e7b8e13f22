// Deadlock: every live process waits on something only another waiting process could provide.
// The lab decides it from what each worker says it is doing (the step it is in), confirmed by
// the kernel (sleeping, or spinning in a poll), held for a while so that a process merely
// passing through a blocking call is not mistaken for a stuck one. A stopped process (T) means
// the user is exploring: no verdict then. Nor while a process waits only for a signal (pause):
// the user can send one, so the run waits for it until its timeout (spec, "Run events").
import type { Step } from '../../scenario/schema';
import type { OpenPipeEnd } from './proc';
import { isBlockingStep, waitingWords } from '../../ops/waiting';
import { PAIR_END_NAMES } from '../../scenario/pitfall-socketpair';

export interface ProcessView {
  id: string;
  pid: number;
  kernelState: string;
  step?: Step;
  /** Milliseconds the process has been in its current step. */
  inStepMs: number;
  /** Pipe and FIFO ends it holds (from /proc/PID/fd). */
  pipeEnds: OpenPipeEnd[];
  /** Object id of each descriptor of a pipe or FIFO, as the worker named them. */
  fdObjects: Map<number, string>;
  /** Socket descriptors: their inode (from /proc/PID/fd) and role (socket(), sv[0]; connection, sv[1]). */
  socketEnds?: Array<{ fd: number; inode: number; role: 'socket' | 'connection'; pair: boolean }>;
}

export interface DeadlockVerdict {
  processes: Array<{ process: string; pid: number; waitingOn: string; why: string }>;
}

export const STABLE_MS = 300;

function isWaiting(view: ProcessView): boolean {
  if (!isBlockingStep(view.step) || view.inStepMs < STABLE_MS) return false;
  // A poll on shared memory spins or naps: R or S. Everything else sleeps in the kernel.
  return view.step!.op === 'shm.waitUntil' ? view.kernelState === 'R' || view.kernelState === 'S' : view.kernelState === 'S';
}

function holdersOf(views: ProcessView[], inode: number, end: 'read' | 'write'): string[] {
  return views.filter((v) => v.pipeEnds.some((e) => e.inode === inode && (e.end === end || e.end === 'both'))).map((v) => v.id);
}

function listWords(ids: string[]): string {
  return ids.length <= 1 ? ids.join('') : `${ids.slice(0, -1).join(', ')} and ${ids[ids.length - 1]}`;
}

function explain(view: ProcessView, views: ProcessView[]): string {
  const step = view.step!;
  const doing = `${view.id} is ${waitingWords(step)}`;
  if (step.op === 'read' || step.op === 'write') {
    const wanted = step.op === 'read' ? 'write' : 'read';
    const fd = [...view.fdObjects].find(([, object]) => object === step.object)?.[0];
    const inode = view.pipeEnds.find((e) => e.fd === fd)?.inode;
    if (inode !== undefined) {
      const holders = holdersOf(views, inode, wanted);
      const others = holders.filter((h) => h !== view.id);
      if (holders.length === 1 && holders[0] === view.id) {
        return `${doing}; the only ${wanted} end of ${step.object} still open is ${view.id}'s own`;
      }
      if (holders.length === 0) return `${doing}; no process holds a ${wanted} end of ${step.object}`;
      return `${doing}; the ${wanted} ends of ${step.object} are held by ${listWords(holders)}${others.length ? ', all waiting' : ''}`;
    }
  }
  if (step.op === 'socket.recv' || step.op === 'socket.send') {
    const same = sameEndSharers(view, views, step.object);
    if (same) return `${doing}; ${same}`;
  }
  if (step.op === 'wait') return `${doing}, which is itself waiting`;
  if (step.op === 'shm.waitUntil') return `${doing}; no running process is left to write it`;
  return `${doing}; every process that could answer is waiting too`;
}

/** The socket end a process sends and receives on for `object`: its connection if it holds one (op_socket.cc's DataFd). */
function dataEnd(view: ProcessView, object: string) {
  const ends = (view.socketEnds ?? []).filter((e) => view.fdObjects.get(e.fd) === object);
  return ends.find((e) => e.role === 'connection') ?? ends.find((e) => e.role === 'socket');
}

/**
 * When other waiting processes use the very socket this one uses (one inode), the words that
 * say so: the socketpair pitfall (pitfall-socketpair.ts), where what each sends arrives at the
 * other end, which none of them reads.
 */
function sameEndSharers(view: ProcessView, views: ProcessView[], object: string): string | undefined {
  const mine = dataEnd(view, object);
  if (!mine) return undefined;
  const sharers = views.filter((v) => v !== view && dataEnd(v, object)?.inode === mine.inode && v.step?.op.startsWith('socket.'));
  if (sharers.length === 0) return undefined;
  const end = mine.pair ? `${PAIR_END_NAMES[mine.role]} of socketpair ${object}` : `the same ${mine.role} of ${object}`;
  const otherEnd = mine.pair ? PAIR_END_NAMES[mine.role === 'socket' ? 'connection' : 'socket'] : 'the other end';
  return `${listWords([view.id, ...sharers.map((v) => v.id)])} ${sharers.length === 1 ? 'both' : 'all'} use ${end} (socket inode ${mine.inode}): what they send arrives at ${otherEnd}, which none of them reads`;
}

/** A verdict when every live process waits on another waiting one; undefined otherwise. */
export function findDeadlock(live: ProcessView[]): DeadlockVerdict | undefined {
  if (live.length === 0) return undefined;
  if (live.some((v) => v.kernelState === 'T' || v.kernelState === 't')) return undefined;
  if (live.some((v) => v.step?.op === 'signal.pause')) return undefined;
  if (!live.every(isWaiting)) return undefined;
  return {
    processes: live.map((view) => ({
      process: view.id,
      pid: view.pid,
      waitingOn: waitingWords(view.step!),
      why: explain(view, live),
    })),
  };
}
