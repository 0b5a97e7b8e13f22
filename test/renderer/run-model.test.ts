import { describe, expect, it } from 'vitest';
import type { RunEvent } from '../../main/scenario/events';
import { foldEvents, stateWords } from '../../renderer/src/model/runModel';
import { buildTimeline, visibleRange } from '../../renderer/src/model/timelineModel';
import { emptyScenario } from '../../renderer/src/model/doc';

const doc = emptyScenario();
doc.objects.push({ id: 'p', kind: 'pipe' });
doc.processes.push(
  { id: 'w', program: [{ op: 'pipe.create', object: 'p' }, { op: 'spawn', process: 'r' }, { op: 'write', object: 'p', data: 'hello' }, { op: 'wait', process: 'r' }] },
  { id: 'r', parent: 'w', program: [{ op: 'read', object: 'p' }] },
);

const events: RunEvent[] = [
  { t: 0, type: 'run.start', title: 't', runId: 'x' },
  { t: 10, type: 'process.start', process: 'w', pid: 100, ppid: 1 },
  { t: 20, type: 'step.begin', process: 'w', pid: 100, index: [1], op: 'spawn', call: 'spawn' },
  { t: 30, type: 'process.start', process: 'r', pid: 101, ppid: 100 },
  { t: 40, type: 'step.end', process: 'w', pid: 100, index: [2], op: 'write', result: { bytes: 5 }, durationNs: 1 },
  { t: 50, type: 'step.begin', process: 'r', pid: 101, index: [0], op: 'read', call: 'read(3, buf, 4096)' },
  { t: 60, type: 'step.end', process: 'r', pid: 101, index: [0], op: 'read', result: { bytes: 5, data: 'hello' }, durationNs: 1 },
  { t: 65, type: 'signal.sent', from: 'lab', to: 'r', signal: 'SIGUSR1' },
  { t: 66, type: 'signal.delivered', process: 'r', pid: 101, signal: 'SIGUSR1', disposition: 'handler' },
  { t: 70, type: 'process.exit', process: 'r', pid: 101, code: 0 },
  { t: 80, type: 'step.end', process: 'w', pid: 100, index: [3], op: 'wait', result: { process: 'r', code: 0 }, durationNs: 1 },
  { t: 90, type: 'process.state', process: 'w', pid: 100, state: 'T' },
  { t: 95, type: 'run.end', status: 'completed', leaked: [], durationNs: 95 },
];

describe('run model', () => {
  it('folds events into a process table', () => {
    const model = foldEvents(events, ['w', 'r']);
    expect(model.processes.get('w')).toMatchObject({ pid: 100, state: 'T' });
    expect(stateWords(model.processes.get('r'))).toBe('exited with 0');
    expect(model.status).toBe('completed');
    expect(model.signals).toEqual([{ t: 65, from: 'lab', to: 'r', signal: 'SIGUSR1', outcome: 'the handler ran' }]);
    expect(model.console.map((l) => l.text)).toEqual(['read ← 5 B: "hello"']);
  });

  it('shows the pending set from the kernel and the value a sigqueue carried', () => {
    const more: RunEvent[] = [
      ...events.slice(0, 4),
      { t: 61, type: 'signal.pending', process: 'r', pid: 101, signals: ['SIGUSR1', 'SIGRTMIN+1'] },
      { t: 62, type: 'signal.sent', from: 'w', to: 'r', signal: 'SIGRTMIN+1', value: 7 },
    ];
    let model = foldEvents(more, ['w', 'r']);
    expect(model.processes.get('r')?.pendingSignals).toEqual(['SIGUSR1', 'SIGRTMIN+1']);
    model = foldEvents([...more,
      { t: 63, type: 'signal.delivered', process: 'r', pid: 101, signal: 'SIGRTMIN+1', disposition: 'handler', value: 7 },
      { t: 64, type: 'signal.pending', process: 'r', pid: 101, signals: [] },
    ], ['w', 'r']);
    expect(model.processes.get('r')?.pendingSignals).toBeUndefined();
    expect(model.signals.at(-1)).toMatchObject({ signal: 'SIGRTMIN+1', outcome: 'the handler ran (value 7)' });
  });

  it('gives a send to a process group a row for every member, even one whose start is folded after the send', () => {
    const group: RunEvent[] = [
      { t: 10, type: 'process.start', process: 'a', pid: 200, ppid: 1 },
      { t: 11, type: 'process.start', process: 'b', pid: 201, ppid: 200 },
      { t: 50, type: 'signal.sent', from: 'a', to: 'a', group: true, signal: 'SIGUSR1' },
      // Read after a's send: c and d started before it; e is another root's, not in the group.
      { t: 12, type: 'process.start', process: 'c', pid: 202, ppid: 200 },
      { t: 13, type: 'process.start', process: 'd', pid: 203, ppid: 202 },
      { t: 14, type: 'process.start', process: 'e', pid: 204, ppid: 1 },
      { t: 50, type: 'signal.delivered', process: 'a', pid: 200, signal: 'SIGUSR1', disposition: 'ignored' },
      { t: 50, type: 'signal.delivered', process: 'b', pid: 201, signal: 'SIGUSR1', disposition: 'terminate' },
      { t: 51, type: 'signal.delivered', process: 'c', pid: 202, signal: 'SIGUSR1', disposition: 'handler' },
      { t: 50, type: 'signal.pending', process: 'd', pid: 203, signals: ['SIGUSR1'] },
    ];
    const rows = (events: RunEvent[]) => foldEvents(events, ['a', 'b', 'c', 'd', 'e']).signals.map((s) => `${s.from}->${s.to} ${s.group ?? ''}: ${s.outcome ?? 'not delivered yet'}`);
    expect(rows(group)).toEqual([
      'a->a a: ignored', 'a->b a: the process was terminated', 'a->c a: the handler ran', 'a->d a: not delivered yet',
    ]);
    // d unblocks it later and ignores it then: its row gets that outcome, no new row.
    expect(rows([...group, { t: 90, type: 'signal.delivered', process: 'd', pid: 203, signal: 'SIGUSR1', disposition: 'ignored' }]).at(-1)).toBe('a->d a: ignored');
  });

  it('replays up to a cursor', () => {
    const model = foldEvents(events, ['w', 'r'], 4);
    expect(stateWords(model.processes.get('r'))).toBe('running');
    expect(model.status).toBeUndefined();
  });
});

describe('timeline', () => {
  it('draws arrows for spawn, data, exit', () => {
    const model = buildTimeline(events, doc);
    expect(model.lanes).toEqual(['w', 'r']);
    expect(model.arrows.map((a) => a.kind).sort()).toEqual(['data', 'exit', 'spawn']);
    expect(model.spans.some((s) => s.kind === 'stopped')).toBe(true);
  });

  it('builds 100 000 events and finds a window by binary search', () => {
    const many: RunEvent[] = [{ t: 0, type: 'process.start', process: 'w', pid: 100, ppid: 1 }, { t: 0, type: 'process.start', process: 'r', pid: 101, ppid: 100 }];
    for (let i = 0; i < 50_000; i++) {
      many.push({ t: i * 1000 + 1, type: 'step.end', process: 'w', pid: 100, index: [2], op: 'write', result: { bytes: 5 }, durationNs: 1 });
      many.push({ t: i * 1000 + 500, type: 'step.end', process: 'r', pid: 101, index: [0], op: 'read', result: { bytes: 5, data: 'hello' }, durationNs: 1 });
    }
    const model = buildTimeline(many, doc);
    expect(model.arrows).toHaveLength(50_000);
    const [from, to] = visibleRange(model.marks, 10_000_000, 10_010_000, (m) => m.t);
    expect(to - from).toBeLessThan(30);
  });
});
