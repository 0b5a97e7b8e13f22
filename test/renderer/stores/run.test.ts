// @vitest-environment happy-dom
// The run store against an engine that keeps the contract (support/fakeEngine): what it calls,
// how it takes the live pushes, the kernel figures its events carry, recorded runs, and its failures.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
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
    const run = useRunStore();
    expect(await run.start(doc)).toBe(true);
    expect(await run.start(doc)).toBe(false);
    expect(engine.calls.filter((c) => c.method === 'run.start')).toHaveLength(1);
  });
});

describe('controlling a run', () => {
  beforeEach(async () => {
    engine.handlers['run.start'] = () => ({ runId: 'r4' });
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

describe('taking over a live run', () => {
  const liveEvents: RunEvent[] = [started('r9'), processStart('A', 100), processStart('B', 101)];
  beforeEach(() => {
    engine.handlers['run.events'] = () => ({ events: liveEvents, next: liveEvents.length, done: false });
    engine.handlers['run.resume'] = () => ({});
  });

  it('shows a run paused by the toolbar as paused, and resumes it as the page that paused it would', async () => {
    const run = useRunStore();
    expect(await run.adopt('r9', { run: true, processes: ['A', 'B'] })).toBe(true);
    expect(run.phase).toBe('paused');
    expect(run.pausedProcesses).toEqual(['A', 'B']);
    await run.togglePause();
    expect(run.phase).toBe('live');
    expect(run.pausedProcesses).toEqual([]);
  });

  it('shows one process paused by the lab as paused, the run live', async () => {
    const run = useRunStore();
    expect(await run.adopt('r9', { run: false, processes: ['B'] })).toBe(true);
    expect(run.phase).toBe('live');
    expect(run.isStopped('B')).toBe(true);
    expect(run.isStopped('A')).toBe(false);
  });
});

describe('the kernel figures of a run, from its events', () => {
  const state = (t: number, extra: Record<string, unknown>): RunEvent => ({ t, type: 'object.state', object: 'M', kind: 'shm', exists: true, ...extra } as RunEvent);
  const events: RunEvent[] = [
    started('r5'),
    processStart('A', 100),
    { t: 2, type: 'object.created', process: 'A', pid: 100, object: 'M', kind: 'shm', shmid: 7, key: 99 },
    state(3, { nattch: 1, dest: false, size: 64, cpid: 100, lpid: 100, bytes: '01'.padEnd(128, '0') }),
    { t: 4, type: 'process.cpu', process: 'A', pid: 100, cpuMs: 10 },
    state(5, { nattch: 2, dest: false, size: 64, cpid: 100, lpid: 101 }),
    { t: 6, type: 'process.cpu', process: 'A', pid: 100, cpuMs: 30 },
    state(7, { nattch: 0, dest: false, size: 64, cpid: 100, lpid: 101, bytes: '02'.padEnd(128, '0') }),
    { t: 8, type: 'object.state', object: 'M', kind: 'shm', exists: false },
    ended(9),
  ];

  it('shows the newest state while live and the removal at the end, never a stale attach count', async () => {
    engine.handlers['run.start'] = () => ({ runId: 'r5' });
    const run = useRunStore();
    await run.start(doc);
    engine.push('run.events', { runId: 'r5', events: events.slice(0, 6) });
    expect(run.objects.M).toMatchObject({ exists: true, identifiers: { shmid: 7, key: 99 }, stat: { nattch: 2, lpid: 101 } });
    expect(run.objects.M.bytes?.slice(0, 2)).toEqual([1, 0]);
    expect(run.model.processes.get('A')?.cpuMs).toBe(10);
    engine.push('run.events', { runId: 'r5', events: events.slice(6) });
    expect(run.phase).toBe('ended');
    expect(run.objects.M).toMatchObject({ exists: false, removedAt: 8, stat: {} });
    expect(run.objects.M.bytes).toBeUndefined();
    expect(run.model.processes.get('A')?.cpuMs).toBe(30);
    // The store reads nothing from the kernel itself: the events are the whole story.
    expect(engine.calls.map((c) => c.method)).toEqual(['run.start']);
  });

  it('replays each object at the replay position from a recording alone', async () => {
    engine.handlers['run.events'] = () => ({ events, next: events.length, done: true });
    const run = useRunStore();
    expect(await run.openRecorded('r5', doc)).toBe(true);
    expect(run.objects.M).toBeUndefined();
    run.setCursor(3);
    expect(run.objects.M).toMatchObject({ exists: true, stat: {} });
    run.setCursor(6);
    expect(run.objects.M.stat).toMatchObject({ nattch: 2 });
    expect(run.objects.M.bytes?.slice(0, 2)).toEqual([1, 0]);
    expect(run.model.processes.get('A')?.cpuMs).toBe(10);
    run.setCursor(8);
    expect(run.objects.M.stat.nattch).toBe(0);
    expect(run.objects.M.bytes?.slice(0, 2)).toEqual([2, 0]);
    expect(run.objects.M.previousBytes?.slice(0, 2)).toEqual([1, 0]);
    run.setCursor(null);
    expect(run.objects.M.exists).toBe(false);
    expect(engine.calls.map((c) => c.method)).toEqual(['run.events']);
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
