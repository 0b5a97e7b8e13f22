import { describe, expect, it } from 'vitest';
import type { RunEvent } from '../../../main/scenario/events';
import { buildTimeline } from '../../../renderer/src/model/timelineModel';
import { timelineRows } from '../../../renderer/src/model/timelineRows';
import { emptyScenario } from '../../../renderer/src/model/doc';

// A parent writes "hello child\n" (12 bytes) into a pipe that its child reads in two reads of 8
// and 4 bytes; A sends a message to B's inbox and B replies (the reply logged first, as the log
// holds each process's batches in turn); the lab sends SIGUSR1; the child is held at the gate.
const doc = emptyScenario();
doc.objects.push({ id: 'p', kind: 'pipe' });
doc.processes.push(
  { id: 'parent', program: [{ op: 'pipe.create', object: 'p' }, { op: 'spawn', process: 'child' }, { op: 'write', object: 'p', data: 'hello child\n' }, { op: 'wait', process: 'child' }] },
  { id: 'child', parent: 'parent', program: [{ op: 'read', object: 'p' }, { op: 'read', object: 'p' }, { op: 'signal.send', to: 'parent', signal: 'SIGUSR1' }] },
  { id: 'A', program: [{ op: 'send', to: { process: 'B' }, data: [0xde, 0xad, 0xbe, 0xef] }, { op: 'receive', from: { process: 'B' } }] },
  { id: 'B', program: [{ op: 'receive', from: { process: 'A' } }, { op: 'send', to: { process: 'A' }, data: 'hi A' }] },
);
const ofP = { process: 'parent', pid: 100 } as const;
const ofC = { process: 'child', pid: 101 } as const;
const ofA = { process: 'A', pid: 200 } as const;
const ofB = { process: 'B', pid: 201 } as const;
const events: RunEvent[] = [
  { t: 0, type: 'run.start', title: 't', runId: 'x' },
  { t: 10, type: 'process.start', ...ofP, ppid: 1 },
  { t: 20, type: 'step.begin', ...ofP, index: [1], op: 'spawn', call: 'fork()' },
  { t: 30, type: 'process.start', ...ofC, ppid: 100 },
  { t: 31, type: 'gate.wait', ...ofC, index: [0] },
  { t: 32, type: 'breakpoint.hit', ...ofC, index: [0] },
  { t: 35, type: 'step.begin', ...ofP, index: [2], op: 'write', call: 'write(4, "hello child\\n", 12)' },
  { t: 40, type: 'step.end', ...ofP, index: [2], op: 'write', result: { bytes: 12 }, durationNs: 5 },
  { t: 45, type: 'gate.pass', ...ofC, index: [0] },
  { t: 50, type: 'step.begin', ...ofC, index: [0], op: 'read', call: 'read(3, buf, 8)' },
  { t: 200_060, type: 'step.end', ...ofC, index: [0], op: 'read', result: { bytes: 8, data: 'hello ch' }, durationNs: 200_010 },
  { t: 200_070, type: 'step.end', ...ofC, index: [1], op: 'read', result: { bytes: 4, data: 'ild\n' }, durationNs: 1 },
  { t: 200_080, type: 'signal.sent', from: 'child', to: 'parent', signal: 'SIGUSR1' },
  { t: 200_090, type: 'signal.delivered', ...ofP, signal: 'SIGUSR1', disposition: 'ignored' },
  { t: 200_100, type: 'process.exit', ...ofC, code: 0 },
  { t: 200_110, type: 'step.end', ...ofP, index: [3], op: 'wait', result: { process: 'child', code: 0 }, durationNs: 1 },
  // A's batch comes first in the log, though B's send (t 330) is before A's receive (t 340).
  { t: 300, type: 'process.start', ...ofA, ppid: 1 },
  { t: 310, type: 'step.end', ...ofA, index: [0], op: 'send', result: { bytes: 4, to: 'B' }, durationNs: 1 },
  { t: 340, type: 'step.end', ...ofA, index: [1], op: 'receive', result: { bytes: 4, data: 'hi A', from: 'B' }, durationNs: 1 },
  { t: 305, type: 'process.start', ...ofB, ppid: 1 },
  { t: 320, type: 'step.end', ...ofB, index: [0], op: 'receive', result: { bytes: 4, data: [0xde, 0xad, 0xbe, 0xef], from: 'A' }, durationNs: 1 },
  { t: 330, type: 'step.end', ...ofB, index: [1], op: 'send', result: { bytes: 4, to: 'A' }, durationNs: 1 },
  { t: 200_200, type: 'run.end', status: 'completed', leaked: [], durationNs: 200_200 },
];

describe('timeline model', () => {
  const model = buildTimeline(events, doc);

  it('has one lane per process, in the scenario order', () => {
    expect(model.lanes).toEqual(['parent', 'child', 'A', 'B']);
    expect(model.endT).toBe(200_200);
  });

  it('draws an arrow per piece of data, with the first bytes of what was read', () => {
    const data = model.arrows.filter((a) => a.kind === 'data');
    expect(data.map((a) => [a.lane0, a.lane1, a.payload])).toEqual([[0, 1, '"hello ch"'], [0, 1, '"ild\\n"']]);
    expect(data[0].label).toBe('"hello ch": 8 B through p');
    expect(data.map((a) => a.t0)).toEqual([40, 40]);
  });

  it('pairs messages in time order even when the log has the reply first; bytes that are not text in hex', () => {
    const messages = model.arrows.filter((a) => a.kind === 'message');
    expect(messages.map((a) => [model.lanes[a.lane0], model.lanes[a.lane1], a.payload, a.t0, a.t1])).toEqual([
      ['A', 'B', 'de ad be ef', 310, 320],
      ['B', 'A', '"hi A"', 330, 340],
    ]);
  });

  it('draws signals, spawns and exits as arrows with their words', () => {
    const kinds = (kind: string) => model.arrows.filter((a) => a.kind === kind).map((a) => [model.lanes[a.lane0], model.lanes[a.lane1], a.payload]);
    expect(kinds('signal')).toEqual([['child', 'parent', 'SIGUSR1']]);
    expect(kinds('spawn')).toEqual([['parent', 'child', 'fork']]);
    expect(kinds('exit')).toEqual([['child', 'parent', 'exit 0']]);
  });

  it('keeps blocked spans apart from held-at-gate spans', () => {
    const spans = model.spans.filter((s) => s.kind !== 'alive').map((s) => [model.lanes[s.lane], s.kind, s.label, s.t0, s.t1]);
    expect(spans).toEqual([
      ['child', 'gate', 'at a breakpoint', 31, 45],
      ['child', 'blocked', 'blocked in read', 50, 200_060],
    ]);
    const gate = model.marks.filter((m) => m.kind === 'gate' || m.kind === 'breakpoint');
    expect(gate.map((m) => [m.kind, m.detail, m.path])).toEqual([
      ['gate', "held at the lab's gate before read", [0]],
      ['breakpoint', 'stopped at the breakpoint before read', [0]],
    ]);
  });

  it('sorts marks by time and gives each step its index path', () => {
    const times = model.marks.map((m) => m.t);
    expect(times).toEqual([...times].sort((a, b) => a - b));
    const read = model.marks.find((m) => m.kind === 'step' && m.label === 'read')!;
    expect(read).toMatchObject({ path: [0], detail: 'read(3, buf, 8)', waitedNs: 200_010 });
  });
});

describe('timeline rows (the table)', () => {
  const model = buildTimeline(events, doc);
  const rows = timelineRows(model);

  it('lists every marked event once, in time order', () => {
    expect(rows.map((r) => r.event).sort((a, b) => a - b)).toEqual(model.marks.map((m) => m.event).sort((a, b) => a - b));
    const times = rows.map((r) => r.t);
    expect(times).toEqual([...times].sort((a, b) => a - b));
  });

  it('says what arrived, from whom, and how long the step was blocked', () => {
    const read = rows.find((r) => r.process === 'child' && r.what === 'read' && r.t === 200_060)!;
    expect(read.detail).toBe('read(3, buf, 8); data from parent: "hello ch": 8 B through p; after 200 µs blocked');
    const reply = rows.find((r) => r.process === 'A' && r.what === 'receive')!;
    expect(reply.detail).toContain('message from B: "hi A"');
    expect(rows.find((r) => r.process === 'child' && r.what === 'start')!.detail).toBe('started, PID 101; spawned by parent');
  });
});

// Issue 18: the receiver blocks SIGUSR1, the sender sends it with kill and SIGRTMIN+1 with
// sigqueue values 7 and -1; SIGUSR1 stays pending (signal.pending) until the receiver unblocks it.
describe('pending signals and sigqueue values', () => {
  const sq = emptyScenario();
  sq.processes.push({ id: 'rx', program: [] }, { id: 'tx', program: [] });
  const ofRx = { process: 'rx', pid: 300 } as const;
  const sqEvents: RunEvent[] = [
    { t: 0, type: 'run.start', title: 't', runId: 'y' },
    { t: 10, type: 'process.start', ...ofRx, ppid: 1 },
    { t: 11, type: 'process.start', process: 'tx', pid: 301, ppid: 1 },
    { t: 20, type: 'signal.sent', process: 'tx', pid: 301, from: 'tx', to: 'rx', toPid: 300, signal: 'SIGUSR1' },
    { t: 30, type: 'signal.pending', ...ofRx, signals: ['SIGUSR1'] },
    { t: 40, type: 'signal.sent', process: 'tx', pid: 301, from: 'tx', to: 'rx', toPid: 300, signal: 'SIGRTMIN+1', value: 7 },
    { t: 41, type: 'signal.sent', process: 'tx', pid: 301, from: 'tx', to: 'rx', toPid: 300, signal: 'SIGRTMIN+1', value: -1 },
    { t: 45, type: 'signal.delivered', ...ofRx, signal: 'SIGRTMIN+1', disposition: 'handler', value: 7 },
    { t: 46, type: 'signal.delivered', ...ofRx, signal: 'SIGRTMIN+1', disposition: 'handler', value: -1 },
    { t: 50, type: 'signal.pending', ...ofRx, signals: ['SIGUSR1', 'SIGUSR2'] },
    { t: 60, type: 'signal.delivered', ...ofRx, signal: 'SIGUSR1', disposition: 'handler' },
    { t: 61, type: 'signal.pending', ...ofRx, signals: [] },
    { t: 70, type: 'process.exit', ...ofRx, code: 0 },
    { t: 80, type: 'run.end', status: 'completed', leaked: [], durationNs: 80 },
  ];
  const model = buildTimeline(sqEvents, sq);

  it('draws the pending set as spans on the receiver\'s lane, one per set, ending when it empties', () => {
    const pending = model.spans.filter((s) => s.kind === 'pending').map((s) => [model.lanes[s.lane], s.label, s.t0, s.t1]);
    expect(pending).toEqual([['rx', 'SIGUSR1 pending', 30, 50], ['rx', 'SIGUSR1, SIGUSR2 pending', 50, 61]]);
    expect(model.marks.filter((m) => m.kind === 'pending').map((m) => m.label)).toEqual(['pending SIGUSR1', 'pending SIGUSR1, SIGUSR2', 'none pending']);
  });

  it('a pending set still there when the process exits ends with it', () => {
    const cut = buildTimeline(sqEvents.filter((e) => e.t !== 61), sq);
    expect(cut.spans.filter((s) => s.kind === 'pending').at(-1)).toMatchObject({ t0: 50, t1: 70 });
  });

  it('puts the sigqueue value on the signal arrow and on both marks; kill has none', () => {
    const signals = model.arrows.filter((a) => a.kind === 'signal').map((a) => [a.payload, a.label, a.t0, a.t1]);
    expect(signals).toEqual([
      ['SIGUSR1', 'SIGUSR1 (a signal carries no data)', 20, 60],
      ['SIGRTMIN+1 value 7', 'SIGRTMIN+1 carrying the value 7 (sigqueue, si_value)', 40, 45],
      ['SIGRTMIN+1 value -1', 'SIGRTMIN+1 carrying the value -1 (sigqueue, si_value)', 41, 46],
    ]);
    const marks = model.marks.filter((m) => m.kind === 'signal').map((m) => [m.label, m.detail]);
    expect(marks).toEqual([
      ['kill SIGUSR1', 'kill(rx, SIGUSR1)'],
      ['sigqueue SIGRTMIN+1 value 7', 'sigqueue(rx, SIGRTMIN+1, 7)'],
      ['sigqueue SIGRTMIN+1 value -1', 'sigqueue(rx, SIGRTMIN+1, -1)'],
      ['SIGRTMIN+1 value 7', 'SIGRTMIN+1 delivered: handler, carrying the value 7 (si_value, sent by sigqueue)'],
      ['SIGRTMIN+1 value -1', 'SIGRTMIN+1 delivered: handler, carrying the value -1 (si_value, sent by sigqueue)'],
      ['SIGUSR1', 'SIGUSR1 delivered: handler'],
    ]);
  });

  it('the table says what is pending and which value arrived', () => {
    const rows = timelineRows(model);
    expect(rows.filter((r) => r.kind === 'pending').map((r) => [r.process, r.what, r.detail])).toEqual([
      ['rx', 'pending SIGUSR1', 'pending (generated, not yet delivered: blocked): SIGUSR1'],
      ['rx', 'pending SIGUSR1, SIGUSR2', 'pending (generated, not yet delivered: blocked): SIGUSR1, SIGUSR2'],
      ['rx', 'none pending', 'no signal pending any more'],
    ]);
    const got = rows.find((r) => r.what === 'SIGRTMIN+1 value -1')!;
    expect(got.detail).toBe('SIGRTMIN+1 delivered: handler, carrying the value -1 (si_value, sent by sigqueue); signal from tx: SIGRTMIN+1 carrying the value -1 (sigqueue, si_value)');
  });

  it('a group send says so, with an arrow to each process of the group that got it', () => {
    const tree = emptyScenario();
    tree.processes.push({ id: 'root', program: [] }, { id: 'kid', parent: 'root', program: [] }, { id: 'grandkid', parent: 'kid', program: [] }, { id: 'other', program: [] });
    const group = buildTimeline([
      { t: 1, type: 'process.start', process: 'other', pid: 301, ppid: 1 },
      { t: 2, type: 'signal.sent', process: 'other', pid: 301, from: 'other', to: 'kid', toPid: 302, signal: 'SIGTERM', group: true },
      { t: 3, type: 'signal.delivered', process: 'root', pid: 300, signal: 'SIGTERM', disposition: 'terminate' },
      { t: 4, type: 'signal.delivered', process: 'kid', pid: 302, signal: 'SIGTERM', disposition: 'terminate' },
      { t: 5, type: 'signal.delivered', process: 'grandkid', pid: 303, signal: 'SIGTERM', disposition: 'terminate' },
      { t: 6, type: 'signal.delivered', process: 'other', pid: 301, signal: 'SIGTERM', disposition: 'terminate' },
    ], tree);
    expect(group.marks.find((m) => m.kind === 'signal')).toMatchObject({ label: 'kill SIGTERM to group', detail: 'kill(-pgid of kid, SIGTERM)' });
    expect(group.arrows.filter((a) => a.kind === 'signal').map((a) => `${group.lanes[a.lane0]} -> ${group.lanes[a.lane1]}`)).toEqual(['other -> root', 'other -> kid', 'other -> grandkid']);
  });
});
