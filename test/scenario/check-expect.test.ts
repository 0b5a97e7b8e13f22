// checkExpectations against hand-written run events: one matching and one mismatching case per kind.
import { describe, expect, it } from 'vitest';
import { checkExpectations } from '../../main/scenario/check-expect';
import type { RunEvent } from '../../main/scenario/events';
import { RunEventSchema } from '../../main/scenario/events';
import type { z } from 'zod';
import { ExpectSchema } from '../../main/scenario/expect';

let t = 0;
const at = () => (t += 1000);
const A = { process: 'A', pid: 101 };
const B = { process: 'B', pid: 102 };

/** A small run: A creates M, writes, B reads; SIGUSR1 handled twice; B ends by SIGPIPE; M leaks. */
const events: RunEvent[] = [
  { t: at(), type: 'run.start', title: 'Test', runId: 'r1' },
  { t: at(), type: 'process.start', ...A, ppid: 1 },
  { t: at(), type: 'process.start', ...B, ppid: 101 },
  { t: at(), type: 'step.begin', ...A, index: [0], op: 'shm.create', call: 'shmget(0x1, 4096, IPC_CREAT|IPC_EXCL|0600)' },
  { t: at(), type: 'object.created', ...A, object: 'M', kind: 'shm', shmid: 32769, key: 1 },
  { t: at(), type: 'step.end', ...A, index: [0], op: 'shm.create', result: { shmid: 32769 }, durationNs: 5000 },
  { t: at(), type: 'process.output', ...A, stream: 'stdout', text: 'hello fr' },
  { t: at(), type: 'process.output', ...A, stream: 'stdout', text: 'om A\n' },
  { t: at(), type: 'process.state', ...B, state: 'S', waitingOn: 'M' },
  { t: at(), type: 'step.end', ...B, index: [1, 0], op: 'shm.read', label: 'total', result: { value: 39_812 }, durationNs: 2_000_000 },
  { t: at(), type: 'step.end', ...B, index: [1, 1], op: 'shm.read', label: 'total', result: { value: 40_000 }, durationNs: 600_000_000 },
  { t: at(), type: 'step.end', ...B, index: [2], op: 'receive', label: 'try', errno: 'EAGAIN', durationNs: 1000 },
  { t: at(), type: 'step.end', ...B, index: [3], op: 'read', label: 'read', result: { bytes: 5, data: 'hello' }, durationNs: 1000 },
  { t: at(), type: 'signal.sent', from: 'A', to: 'B', signal: 'SIGUSR1', process: 'A', pid: 101 },
  { t: at(), type: 'signal.delivered', ...B, signal: 'SIGUSR1', disposition: 'handler' },
  { t: at(), type: 'handler.begin', ...B, signal: 'SIGUSR1' },
  { t: at(), type: 'handler.end', ...B, signal: 'SIGUSR1' },
  { t: at(), type: 'handler.begin', ...B, signal: 'SIGUSR1' },
  { t: at(), type: 'handler.end', ...B, signal: 'SIGUSR1' },
  { t: at(), type: 'process.state', ...B, state: 'Z' },
  { t: at(), type: 'process.exit', ...A, code: 0 },
  { t: at(), type: 'process.exit', ...B, signal: 'SIGPIPE' },
  { t: at(), type: 'deadlock', processes: [{ process: 'B', why: 'B reads p1; the only write end of p1 still open is B\'s own' }] },
  { t: at(), type: 'object.removed', object: 'M', kind: 'shm', shmid: 32769 },
  { t: at(), type: 'run.end', status: 'failed', leaked: [{ object: 'M', kind: 'shm', shmid: 32769 }], durationNs: 1e9 },
];

function check(partial: Partial<z.input<typeof ExpectSchema>>): string[] {
  const expectation = ExpectSchema.parse({ status: 'failed', ...partial });
  return checkExpectations(expectation, events);
}

describe('the hand-written events', () => {
  it('are valid run events', () => {
    for (const event of events) expect(RunEventSchema.safeParse(event).error).toBeUndefined();
  });
});

describe('checkExpectations', () => {
  it('status', () => {
    expect(check({})).toEqual([]);
    expect(check({ status: 'completed' })).toEqual(['The run ended "failed", expected "completed".']);
    expect(checkExpectations({ status: 'completed' }, events.slice(0, -1))).toEqual(['The run never ended (no run.end event).']);
  });

  it('processes: exit code and signal', () => {
    expect(check({ processes: { A: { exit: 0 }, B: { signal: 'SIGPIPE' } } })).toEqual([]);
    expect(check({ processes: { A: { exit: 3 }, B: { exit: 0 } } })).toEqual([
      '"A" exited with code 0, expected exit code 3.',
      '"B" was killed by SIGPIPE, expected exit code 0.',
    ]);
    expect(check({ processes: { A: { signal: 'SIGKILL' } } })).toEqual(['"A" exited with code 0, expected to be killed by SIGKILL.']);
  });

  it('leaked objects, as a set', () => {
    expect(check({ leaked: ['M'] })).toEqual([]);
    expect(check({ leaked: [] })).toEqual(['"M" was reported leaked unexpectedly.']);
    expect(check({ leaked: ['M', 'N'] })).toEqual(['"N" was expected to be reported leaked, but was not.']);
  });

  it('logs: substrings of the whole console, across chunks', () => {
    expect(check({ logs: { A: ['hello from A'] } })).toEqual([]);
    expect(check({ logs: { A: ['goodbye'], B: ['anything'] } })).toEqual([
      'The console of "A" does not contain "goodbye".',
      'The console of "B" does not contain "anything".',
    ]);
  });

  it('results: partial result, value range, errno, duration, match', () => {
    expect(check({
      results: [
        { process: 'B', label: 'read', result: { data: 'hello' } },
        { process: 'B', label: 'total', value: { below: 40_000 } },
        { process: 'B', label: 'total', match: 'last', result: { value: 40_000 } },
        { process: 'B', label: 'try', errno: 'EAGAIN' },
        { process: 'B', label: 'read', errno: null },
        { process: 'B', label: 'total', durationMs: { min: 500 } },
      ],
    })).toEqual([]);
    expect(check({
      results: [
        { process: 'B', label: 'read', result: { data: 'bye' } },
        { process: 'B', label: 'total', match: 'every', value: { below: 40_000 } },
        { process: 'B', label: 'try', errno: null },
        { process: 'B', label: 'read', errno: 'EPIPE' },
        { process: 'B', label: 'read', durationMs: { min: 100 } },
        { process: 'A', label: 'missing' },
      ],
    })).toEqual([
      'No run of the step "read" of "B" matched: its result {"bytes":5,"data":"hello"} does not match {"data":"bye"}.',
      'The run of the step "total" of "B" at index [1, 1] did not match: its value 40000 is not below 40000.',
      'No run of the step "try" of "B" matched: it failed with EAGAIN.',
      'No run of the step "read" of "B" matched: it succeeded instead of failing with EPIPE.',
      'No run of the step "read" of "B" matched: its duration in ms: 0.001 is below the minimum 100.',
      'The step "missing" of "A" never finished (no step.end with that label).',
    ]);
  });

  it('counts of events', () => {
    expect(check({ counts: [{ event: 'handler.begin', process: 'B', signal: 'SIGUSR1', count: { min: 1, max: 2 } }] })).toEqual([]);
    expect(check({ counts: [{ event: 'signal.sent', signal: 'SIGUSR1', count: { min: 2, max: 2 } }] })).toEqual([
      'Expected exactly 2 signal.sent events (signal SIGUSR1), got 1.',
    ]);
  });

  it('states seen', () => {
    expect(check({ states: { B: ['S', 'Z'] } })).toEqual([]);
    expect(check({ states: { B: ['T'], A: ['Z'] } })).toEqual([
      '"B" was never seen in state T (seen: S, Z).',
      '"A" was never seen in state Z.',
    ]);
  });

  it('deadlocked processes', () => {
    expect(check({ deadlocked: ['B'] })).toEqual([]);
    expect(check({ deadlocked: ['A', 'B'] })).toEqual(['The deadlock report does not name "A".']);
    expect(checkExpectations({ status: 'deadlock', deadlocked: ['A'] }, events.filter((event) => event.type !== 'deadlock'))).toContain('No deadlock was reported.');
  });
});
