// The run model at a replay position (renderer/src/model/replayFold.ts) is the fold of the events
// before it, however the cursor got there: forward a little (scrubbing), back across checkpoints,
// to the start and the end, on a log that grew since the last position.
import { describe, expect, it } from 'vitest';
import type { RunEvent } from '../../../main/scenario/events';
import { createReplayFold } from '../../../renderer/src/model/replayFold';
import { foldEvents } from '../../../renderer/src/model/runModel';

/** A run of two processes stepping, logging, signalled now and then (outcomes resolved later). */
function run(steps: number): RunEvent[] {
  const events: RunEvent[] = [
    { t: 0, type: 'process.start', process: 'a', pid: 10, ppid: 1 },
    { t: 0, type: 'process.start', process: 'b', pid: 11, ppid: 10 },
  ];
  for (let i = 0; i < steps; i++) {
    const process = i % 2 ? 'b' : 'a';
    const pid = i % 2 ? 11 : 10;
    const t = i + 1;
    events.push({ t, type: 'step.begin', process, pid, index: [i % 7], op: 'log', call: `write(1, "${i}", 1)` });
    events.push({ t, type: 'step.end', process, pid, index: [i % 7], op: 'log', durationNs: 1, ...(i % 13 === 0 ? { errno: 'EINTR' } : {}) });
    if (i % 3 === 0) events.push({ t, type: 'process.output', process, pid, stream: 'stdout', text: `line ${i}\n` });
    if (i % 500 === 0) events.push({ t, type: 'signal.sent', from: 'lab', to: 'b', signal: 'SIGUSR1' });
    if (i % 500 === 250) events.push({ t, type: 'signal.delivered', process: 'b', pid: 11, signal: 'SIGUSR1', disposition: 'handler' });
  }
  return events;
}

describe('the model at a replay position', () => {
  it('equals the fold of the events before it, forward, back across checkpoints, at both ends', () => {
    const events = run(6000); // about 14 000 events: checkpoints every 5000
    const ids = ['a', 'b'];
    const modelAt = createReplayFold();
    const positions = [0, 1, 37, 4999, 5000, 5001, 9000, 9100, 12_000, 700, 5200, 5100, 0, events.length, events.length + 50, 10_001];
    for (const position of positions) expect(modelAt(events, ids, position), `at ${position}`).toEqual(foldEvents(events, ids, position));
  });

  it('hands out a new object each time, and none changes when the cursor moves on', () => {
    const events = run(100);
    const modelAt = createReplayFold();
    const first = modelAt(events, ['a', 'b'], 50);
    const copy = structuredClone(first);
    const second = modelAt(events, ['a', 'b'], 51);
    expect(second).not.toBe(first);
    expect(first.console).toEqual(copy.console);
    expect(first.signals).toEqual(copy.signals);
    expect([...first.processes.values()].map((p) => p.currentStep)).toEqual([...copy.processes.values()].map((p) => p.currentStep));
  });

  it('follows a log that grew at its end, and starts again for another log or other processes', () => {
    const events = run(200);
    const modelAt = createReplayFold();
    const head = events.slice(0, 300);
    const growing = [...head];
    expect(modelAt(growing, ['a', 'b'], 300)).toEqual(foldEvents(head, ['a', 'b'], 300));
    growing.push(...events.slice(300));
    expect(modelAt(growing, ['a', 'b'], 350)).toEqual(foldEvents(events, ['a', 'b'], 350));
    expect(modelAt(growing, ['b', 'a'], 350)).toEqual(foldEvents(events, ['b', 'a'], 350));
    const other = run(50);
    expect(modelAt(other, ['a', 'b'], 60)).toEqual(foldEvents(other, ['a', 'b'], 60));
  });
});
