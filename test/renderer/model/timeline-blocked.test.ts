// A blocked span belongs to the call that blocked: a SIGCHLD handler's write, run while the
// parent waits in wait(), does not take the wait's 4.67 s; the wait says its handler interrupted it.
import { describe, expect, it } from 'vitest';
import type { RunEvent } from '../../../main/scenario/events';
import { buildTimeline } from '../../../renderer/src/model/timelineModel';
import { timelineRows } from '../../../renderer/src/model/timelineRows';
import { emptyScenario } from '../../../renderer/src/model/doc';

const doc = emptyScenario();
doc.processes.push(
  {
    id: 'parent',
    program: [
      { op: 'signal.handle', signal: 'SIGCHLD', handler: [{ op: 'log', message: 'parent got SIGCHLD' }] },
      { op: 'spawn', process: 'child' },
      { op: 'wait', process: 'child' },
    ],
  },
  { id: 'child', parent: 'parent', program: [{ op: 'sleep', ms: 4670 }] },
);
const ofP = { process: 'parent', pid: 100 } as const;
const ofC = { process: 'child', pid: 101 } as const;
const S = 1e9;
const handlerWrite = 'write(1, "parent got SIGCHLD\\n", 19)';

/** The parent blocks in wait() from 1 s; the child exits at 5.67 s; the handler runs; `after` follows. */
function run(after: RunEvent[]): RunEvent[] {
  return [
    { t: 0, type: 'run.start', title: 't', runId: 'x' },
    { t: 10, type: 'process.start', ...ofP, ppid: 1 },
    { t: 20, type: 'process.start', ...ofC, ppid: 100 },
    { t: 1 * S, type: 'step.begin', ...ofP, index: [2], op: 'wait', call: 'waitpid(101, &status, 0)' },
    { t: 5.67 * S, type: 'process.exit', ...ofC, code: 0 },
    { t: 5.67 * S + 100, type: 'signal.delivered', ...ofP, signal: 'SIGCHLD', disposition: 'handler' },
    { t: 5.67 * S + 200, type: 'handler.begin', ...ofP, signal: 'SIGCHLD' },
    { t: 5.67 * S + 300, type: 'step.begin', ...ofP, index: [0, 0], op: 'log', call: handlerWrite },
    { t: 5.67 * S + 400, type: 'step.end', ...ofP, index: [0, 0], op: 'log', result: {}, durationNs: 100 },
    { t: 5.67 * S + 500, type: 'handler.end', ...ofP, signal: 'SIGCHLD' },
    ...after,
  ];
}

const rowOf = (events: RunEvent[], what: string) => timelineRows(buildTimeline(events, doc)).find((r) => r.process === 'parent' && r.what === what)!;

describe('blocked spans belong to the call that blocked', () => {
  it('gives the wait its 4.67 s, says its handler interrupted it, and gives the handler\'s write none (SA_RESTART: the wait goes on)', () => {
    const events = run([{ t: 5.67 * S + 600, type: 'step.end', ...ofP, index: [2], op: 'wait', result: { process: 'child', code: 0 }, durationNs: 4.67 * S }]);
    const write = rowOf(events, 'log');
    expect(write.detail).toBe(handlerWrite);
    const wait = rowOf(events, 'wait');
    expect(wait.detail).toBe('waitpid(101, &status, 0); child reaped (exit 0); after 4.67 s blocked; interrupted by SIGCHLD (its handler ran)');
    const model = buildTimeline(events, doc);
    const blocked = model.spans.filter((s) => s.kind === 'blocked').map((s) => [model.lanes[s.lane], s.label, s.t0, s.t1]);
    expect(blocked).toEqual([['parent', 'blocked in wait', 1 * S, 5.67 * S + 200]]); // not through the handler
  });

  it('says so of a wait the handler made fail with EINTR', () => {
    const events = run([{ t: 5.67 * S + 600, type: 'step.end', ...ofP, index: [2], op: 'wait', errno: 'EINTR', result: {}, durationNs: 4.67 * S }]);
    expect(rowOf(events, 'wait: EINTR').detail).toBe('waitpid(101, &status, 0); after 4.67 s blocked; interrupted by SIGCHLD (its handler ran)');
    expect(rowOf(events, 'log').detail).toBe(handlerWrite);
  });

  it('draws a wait still going on after the handler up to the last event', () => {
    const model = buildTimeline(run([{ t: 7 * S, type: 'process.output', ...ofP, stream: 'stdout', text: 'x\n' }]), doc);
    const blocked = model.spans.filter((s) => s.kind === 'blocked').map((s) => [s.t0, s.t1]);
    expect(blocked).toEqual([[1 * S, 5.67 * S + 200], [5.67 * S + 500, 7 * S]]);
  });
});
