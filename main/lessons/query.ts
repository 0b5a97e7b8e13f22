/**
 * Small questions asked of a run's events, shared by the lesson checks. Pure: the events
 * are the spec's run events (main/scenario/events.ts), from a live run or a recorded one.
 */
import type { RunEvent, RunEventOf } from '../scenario/events';

export type Events = readonly RunEvent[];

export function ofType<T extends RunEvent['type']>(events: Events, type: T): RunEventOf<T>[] {
  return events.filter((event): event is RunEventOf<T> => event.type === type);
}

/** Every step.end of one process, optionally only those with a label. */
export function stepEnds(events: Events, process: string, label?: string): RunEventOf<'step.end'>[] {
  return ofType(events, 'step.end').filter((e) => e.process === process && (label === undefined || e.label === label));
}

/** Every step.begin of one process (or of all when process is undefined). */
export function stepBegins(events: Events, process?: string): RunEventOf<'step.begin'>[] {
  return ofType(events, 'step.begin').filter((e) => process === undefined || e.process === process);
}

export function firstEnd(events: Events, process: string, label: string): RunEventOf<'step.end'> | undefined {
  return stepEnds(events, process, label)[0];
}

export function lastEnd(events: Events, process: string, label: string): RunEventOf<'step.end'> | undefined {
  return stepEnds(events, process, label).at(-1);
}

/** A numeric `value` from a load's result, when there is one. */
export function valueOf(end: RunEventOf<'step.end'> | undefined): number | undefined {
  const value = end?.result?.value;
  return typeof value === 'number' ? value : undefined;
}

/** The `data` a read or receive returned, as text. */
export function dataOf(end: RunEventOf<'step.end'> | undefined): string | undefined {
  const data = end?.result?.data;
  return typeof data === 'string' ? data : undefined;
}

export function bytesOf(end: RunEventOf<'step.end'> | undefined): number | undefined {
  const bytes = end?.result?.bytes;
  return typeof bytes === 'number' ? bytes : undefined;
}

export function exitOf(events: Events, process: string): RunEventOf<'process.exit'> | undefined {
  return ofType(events, 'process.exit').filter((e) => e.process === process).at(-1);
}

export function runEnd(events: Events): RunEventOf<'run.end'> | undefined {
  return ofType(events, 'run.end').at(-1);
}

/** The states a process went through, in order, without repeats. */
export function statesOf(events: Events, process: string): string[] {
  const states: string[] = [];
  for (const e of ofType(events, 'process.state')) {
    if (e.process === process && states.at(-1) !== e.state) states.push(e.state);
  }
  return states;
}

export function count<T extends RunEvent['type']>(events: Events, type: T, where: (e: RunEventOf<T>) => boolean = () => true): number {
  return ofType(events, type).filter(where).length;
}

export const ms = (ns: number): string => (ns >= 1e6 ? `${(ns / 1e6).toFixed(1)} ms` : `${(ns / 1e3).toFixed(1)} µs`);

/**
 * The system call a step's C text starts with, if it is one. A step's `call` is the C the
 * step performs: `shmat(98362, NULL, 0)` enters the kernel, `*(int32_t *)(M) = 0` or
 * `memcpy(buf, M + 8, 17)` do not (memcpy is a library function on mapped memory).
 */
const SYSTEM_CALLS = new Set([
  'shmget', 'shmat', 'shmdt', 'shmctl', 'shm_open', 'shm_unlink', 'ftruncate', 'mmap', 'munmap',
  'pipe', 'pipe2', 'read', 'write', 'close', 'open', 'mkfifo', 'mq_open', 'mq_send', 'mq_receive',
  'mq_unlink', 'msgget', 'msgsnd', 'msgrcv', 'msgctl', 'kill', 'sigaction', 'pause', 'waitpid', 'nanosleep',
]);

export function systemCallOf(call: string): string | undefined {
  const name = /^([a-z_0-9]+)\(/.exec(call.trim())?.[1];
  return name !== undefined && SYSTEM_CALLS.has(name) ? name : undefined;
}
