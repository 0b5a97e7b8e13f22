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
