// @vitest-environment happy-dom
// The run store against an engine that keeps the contract (support/fakeEngine): what it calls,
// how it takes the live pushes, the figures it polls, recorded runs, and its failures.
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createPinia, setActivePinia } from 'pinia';
import { LabFailure } from '../../../main/contract';
import type { RunEvent } from '../../../main/scenario/events';
import type { ScenarioDoc } from '../../../renderer/src/model/doc';
import { useRunStore } from '../../../renderer/src/stores/run';
import { PAGE_EVENTS } from '../../../renderer/src/stores/run/recorded';
import { fakeEngine, type FakeEngine } from '../support/fakeEngine';

const doc = {
  format: 'process-lab/scenario@1',
  title: 'two',
  objects: [{ id: 'M', kind: 'shm', size: 64 }, { id: 'p', kind: 'pipe' }],
  processes: [{ id: 'A', program: [] }, { id: 'B', program: [] }],
} as unknown as ScenarioDoc;

const started = (runId: string): RunEvent => ({ t: 0, type: 'run.start', title: 'two', runId });
const processStart = (process: string, pid: number, t = 1): RunEvent => ({ t, type: 'process.start', process, pid, ppid: 1 });
const ended = (t = 9): RunEvent => ({ t, type: 'run.end', status: 'completed', leaked: [], durationNs: t });
const snapshot = (object: string, extra: Record<string, unknown> = {}) => ({
  object, kind: object === 'M' ? ('shm' as const) : ('pipe' as const), exists: true, identifiers: {}, stat: {}, ...extra,
});

let engine: FakeEngine;
beforeEach(() => {
  setActivePinia(createPinia());
  engine = fakeEngine();
});
afterEach(() => {
  useRunStore().clear();
  expect(engine.violations).toEqual([]);
});

describe('starting a run', () => {
  it('sends the scenario, keeps the events pushed before run.start answers, and drops other runs', async () => {
    let answer!: () => void;
    engine.handlers['run.start'] = () =>
      new Promise((resolve) => {
        answer = () => resolve({ runId: 'r1' });
      });
    engine.handlers['run.inspect'] = ({ object }) => snapshot(object);
    engine.handlers['run.processes'] = () => [];
    const run = useRunStore();
    const starting = run.start(doc);
    expect(run.phase).toBe('starting');
    engine.push('run.events', { runId: 'r1', events: [started('r1'), processStart('A', 100)] });
    engine.push('run.events', { runId: 'other', events: [processStart('B', 999)] });
    await new Promise((resolve) => setTimeout(resolve, 0));
    answer();
    expect(await starting).toBe(true);
    expect(engine.calls[0]).toEqual({ method: 'run.start', args: { scenario: doc } });
    expect(run.runId).toBe('r1');
    expect(run.phase).toBe('live');
    expect(run.events.map((e) => e.type)).toEqual(['run.start', 'process.start']);
    expect(run.model.processes.get('A')?.pid).toBe(100);
    expect(run.model.processes.get('B')?.pid).toBeUndefined();

    engine.push('run.events', { runId: 'other', events: [processStart('B', 999, 2)] });
    engine.push('run.events', { runId: 'r1', events: [processStart('B', 101, 2), ended()] });
    expect(run.model.processes.get('B')?.pid).toBe(101);
    expect(run.phase).toBe('ended');
    expect(run.model.status).toBe('completed');
    expect(run.timeline.lanes).toEqual(['A', 'B']);
  });

  it('ignores a push that breaks the contract', async () => {
    engine.handlers['run.start'] = () => ({ runId: 'r2' });
    engine.handlers['run.inspect'] = ({ object }) => snapshot(object);
    engine.handlers['run.processes'] = () => [];
    const errors: unknown[] = [];
    const original = console.error;
    console.error = (...args: unknown[]) => errors.push(args.join(' '));
    try {
      const run = useRunStore();
      await run.start(doc);
      engine.push('run.events', { runId: 'r2', events: [{ t: 1, type: 'process.start', process: 'A' }] });
      engine.push('run.event', { runId: 'r2', events: [] });
      expect(run.events).toEqual([]);
      expect(errors).toHaveLength(2);
      expect(String(errors[0])).toContain('run.events breaks the contract');
      expect(String(errors[1])).toContain('unknown push "run.event"');
    } finally {
      console.error = original;
    }
  });

  it('stays idle and says why when the engine refuses the scenario', async () => {
    engine.handlers['run.start'] = () => {
      throw new LabFailure('INVALID_SCENARIO', 'The scenario has 1 problem(s): /processes: too many');
    };
    const run = useRunStore();
    expect(await run.start(doc)).toBe(false);
    expect(run.phase).toBe('idle');
    expect(run.error).toBe('INVALID_SCENARIO: The scenario has 1 problem(s): /processes: too many');
    engine.push('run.events', { runId: 'late', events: [started('late')] });
    expect(run.events).toEqual([]);
  });

  it('refuses a second start while a run is live', async () => {
    engine.handlers['run.start'] = () => ({ runId: 'r3' });
    engine.handlers['run.inspect'] = ({ object }) => snapshot(object);
    engine.handlers['run.processes'] = () => [];
    const run = useRunStore();
    expect(await run.start(doc)).toBe(true);
    expect(await run.start(doc)).toBe(false);
    expect(engine.calls.filter((c) => c.method === 'run.start')).toHaveLength(1);
  });
});

describe('controlling a run', () => {
  beforeEach(async () => {
    engine.handlers['run.start'] = () => ({ runId: 'r4' });
    engine.handlers['run.inspect'] = ({ object }) => snapshot(object);
    engine.handlers['run.processes'] = () => [];
    await useRunStore().start(doc);
  });

  it('pauses and resumes the run, and one process', async () => {
    engine.handlers['run.pause'] = () => ({});
    engine.handlers['run.resume'] = () => ({});
    const run = useRunStore();
    await run.togglePause();
    expect(run.phase).toBe('paused');
    await run.togglePause();
    expect(run.phase).toBe('live');
    await run.pauseProcess('A');
    expect(run.pausedProcesses).toEqual(['A']);
    await run.resumeProcess('A');
    expect(run.pausedProcesses).toEqual([]);
    const controls = engine.calls.filter((c) => c.method === 'run.pause' || c.method === 'run.resume');
    expect(controls).toEqual([
      { method: 'run.pause', args: { runId: 'r4' } },
      { method: 'run.resume', args: { runId: 'r4' } },
      { method: 'run.pause', args: { runId: 'r4', process: 'A' } },
      { method: 'run.resume', args: { runId: 'r4', process: 'A' } },
    ]);
  });

  it('keeps the phase when a control fails, and says why', async () => {
    engine.handlers['run.pause'] = () => {
      throw Object.assign(new Error('No such process'), { code: 'ESRCH', syscall: 'pidfd_send_signal' });
    };
    const run = useRunStore();
    await run.togglePause();
    expect(run.phase).toBe('live');
    expect(run.error).toBe('ESRCH: pidfd_send_signal: No such process');
  });

  it('sends a signal and returns the PID it reached', async () => {
    engine.handlers['run.signal'] = ({ process }) => ({ pid: process === 'A' ? 100 : 101 });
    const run = useRunStore();
    expect(await run.signal('B', 'SIGUSR1')).toBe(101);
    expect(engine.calls.at(-1)).toEqual({ method: 'run.signal', args: { runId: 'r4', process: 'B', signal: 'SIGUSR1' } });
  });

  it('sends a signal name the contract lacks nowhere: the engine refuses it and the store says so', async () => {
    engine.handlers['run.signal'] = () => ({ pid: 1 });
    const run = useRunStore();
    expect(await run.signal('A', 'SIGNOPE')).toBeUndefined();
    expect(run.error).toMatch(/^INVALID_ARGUMENT: run.signal: invalid arguments: at \/signal/);
    engine.violations.length = 0; // this test sends it on purpose
  });
});

describe('the figures of a live run', () => {
  // The poller's own timer is held still: each read here is one pollOnce.
  beforeEach(() => void vi.useFakeTimers({ toFake: ['setInterval', 'clearInterval'] }));
  afterEach(() => void vi.useRealTimers());

  it('reads every object and the CPU times, keeps the last figures of a removed object, and the last ones after an error', async () => {
    let reads = 0;
    engine.handlers['run.start'] = () => ({ runId: 'r5' });
    engine.handlers['run.processes'] = () => [{ process: 'A', cpuMs: 12 }, { process: 'B', cpuMs: 3 }];
    engine.handlers['run.inspect'] = ({ object, length }) => {
      reads += 1;
      if (object === 'M') return snapshot('M', { bytes: [reads], offset: 0, stat: { nattch: reads < 3 ? 1 : 0 }, exists: reads < 3, length });
      if (reads >= 4) throw new LabFailure('NOT_FOUND', 'No live run r5.');
      return snapshot('p', { stat: { queued: 5 } });
    };
    const run = useRunStore();
    await run.start(doc);
    await engine.settle();
    expect(run.cpu).toEqual({ A: 12, B: 3 });
    expect(run.snapshots.M.stat.nattch).toBe(1);
    expect(run.snapshots.p.stat.queued).toBe(5);
    const inspect = engine.calls.filter((c) => c.method === 'run.inspect');
    // A segment is read 4096 bytes at most unless asked; its size (64) is smaller.
    expect(inspect.map((c) => c.args)).toEqual([
      { runId: 'r5', object: 'M', offset: 0, length: 64 },
      { runId: 'r5', object: 'p' },
    ]);
    await run.pollOnce();
    await engine.settle();
    expect(run.snapshots.M.exists).toBe(false);
    expect(run.snapshots.M.gone).toBe(true);
    expect(run.snapshots.M.stat.nattch).toBe(1);
    expect(run.snapshots.p.error).toBe('NOT_FOUND: No live run r5.');
    expect(run.snapshots.p.stat.queued).toBe(5);
  });
});

describe('recorded runs', () => {
  it('reads every page, replays with the scenario the run recorded, from the start', async () => {
    const recordedDoc = { ...doc, title: 'recorded', processes: [{ id: 'X', program: [] }] };
    const all: RunEvent[] = [
      { t: 0, type: 'run.start', title: 'recorded', runId: 'old', scenario: recordedDoc as unknown as Record<string, unknown> },
      ...Array.from({ length: PAGE_EVENTS + 5 }, (_, i) => ({ t: i + 1, type: 'process.output' as const, process: 'X', pid: 7, stream: 'stdout' as const, text: `${i}\n` })),
      ended(PAGE_EVENTS + 10),
    ];
    engine.handlers['run.events'] = ({ from = 0, limit = 10_000 }) => {
      const events = all.slice(from, from + limit);
      return { events, next: from + events.length, done: from + events.length >= all.length };
    };
    const run = useRunStore();
    expect(await run.openRecorded('old', doc)).toBe(true);
    expect(engine.calls.map((c) => c.args)).toEqual([
      { runId: 'old', from: 0, limit: PAGE_EVENTS },
      { runId: 'old', from: PAGE_EVENTS, limit: PAGE_EVENTS },
    ]);
    expect(run.phase).toBe('replay');
    expect(run.events).toHaveLength(all.length);
    expect(run.scenario?.title).toBe('recorded');
    expect(run.cursor).toBe(0);
    expect(run.model.count).toBe(0);
    run.setCursor(3);
    expect(run.model.console.map((line) => line.text)).toEqual(['0\n', '1\n']);
    run.setCursor(10 ** 9);
    expect(run.cursor).toBe(all.length);
    // A replay takes no live pushes.
    engine.push('run.events', { runId: 'old', events: [processStart('X', 8, 99)] });
    expect(run.events).toHaveLength(all.length);
  });

  it('says why a run cannot be opened', async () => {
    engine.handlers['run.events'] = ({ runId }) => {
      throw new LabFailure('NOT_FOUND', `No run ${runId}, live or recorded.`);
    };
    const run = useRunStore();
    expect(await run.openRecorded('gone', undefined)).toBe(false);
    expect(run.phase).toBe('idle');
    expect(run.error).toBe('NOT_FOUND: No run gone, live or recorded.');
  });
});
