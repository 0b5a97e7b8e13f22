// Run history beside big recordings (issue 13, item 4): four recordings at the recording bound,
// written by the recorder itself, two of them without their index (recordings older than
// indexes), and a short live run with a 1 s timeout while run.list and run.events of those
// recordings are called back to back. The short run must end by its own timeout, and the engine
// must keep turning: every call spans event-loop turns (nothing reads a recording in one go) and
// no single turn holds the engine's thread for long (a synchronous read of one recording does).
// Measured in event-loop turns and in the engine thread's CPU time, never in wall-clock time.
import { existsSync, readFileSync, rmSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { EVENT_BOUNDS } from '../../../main/engine/run/event-bounds';
import { indexFile, RunRecorder, runFile } from '../../../main/engine/run/recorder';
import type { RunEvent } from '../../../main/scenario/events';
import { ofType, scenario, testEngine } from '../helpers';

const engine = testEngine();
afterAll(() => engine.dispose());
const runsDir = join(engine.root, 'runs');

/**
 * CPU time one event-loop turn may hold the engine's thread (clock ticks, 1/100 s on Linux).
 * Measured here: at most 1 tick per turn as the engine is; a synchronous read and parse of one
 * 64 MiB recording, 27 (CPU time, not elapsed time: the machine's load does not change it).
 */
const MAX_TICKS_PER_TURN = 10;

/** A recording at the bound, through the recorder (NDJSON and its index), as a real run leaves it. */
function bigRecording(runId: string): number {
  const recorder = new RunRecorder(runsDir, runId);
  const record = (event: Record<string, unknown>) => recorder.record(event as unknown as RunEvent, JSON.stringify(event));
  record({ t: 0, type: 'run.start', title: `big ${runId}`, runId });
  const text = `${runId} `.padEnd(1000, 'x'); // console text, well within one event's bound
  let index = 1;
  for (; record({ t: index * 1000, type: 'process.output', process: 'a', pid: 4242, stream: 'stdout', text }) === 'recorded'; index++) {
    if (index % 1000 === 0) recorder.flush();
  }
  record({ t: index * 1000, type: 'run.limit', limit: 'recording', bytes: EVENT_BOUNDS.maxRecordingBytes, message: 'recording stopped' });
  record({ t: index * 1000 + 1, type: 'run.end', status: 'completed', leaked: [], durationNs: index * 1000 + 1 });
  recorder.close();
  return index + 2; // lines in the file: run.start, the outputs, run.limit, run.end
}

/** The engine's own thread's CPU time (utime + stime, clock ticks): /proc/PID/task/PID/stat. */
function threadTicks(): number {
  const text = readFileSync(`/proc/${process.pid}/task/${process.pid}/stat`, 'utf8');
  const fields = text.slice(text.lastIndexOf(')') + 2).split(' ');
  return Number(fields[11]) + Number(fields[12]);
}

/** Counts event-loop turns and the CPU ticks of the longest one, until stopped. */
function turnCounter() {
  let turns = 0;
  let longest = 0;
  let last = threadTicks();
  let running = true;
  const turn = () => {
    const now = threadTicks();
    longest = Math.max(longest, now - last);
    last = now;
    turns++;
    if (running) setImmediate(turn);
  };
  setImmediate(turn);
  return {
    get turns() {
      return turns;
    },
    get longest() {
      return longest;
    },
    stop: () => (running = false),
  };
}

// The engine thread's CPU time comes from /proc (Linux).
// Skips where /proc has no per-thread entries (not Linux): the engine thread's CPU per turn is read there.
describe.skipIf(!existsSync(`/proc/${process.pid}/task`))('run history beside four big recordings', () => {
  it('lists and pages them without holding the engine, while a short run ends by its 1 s timeout', async () => {
    const ids = ['big-1', 'big-2', 'big-3', 'big-4'];
    const lines = ids.map(bigRecording);
    for (const id of ids) expect(statSync(runFile(runsDir, id)).size).toBeGreaterThan(EVENT_BOUNDS.maxRecordingBytes - 2000);
    // Two recordings from before indexes existed: the list reads their head and tail.
    for (const id of ids.slice(2)) rmSync(indexFile(runsDir, id));

    const counter = turnCounter();
    const short = engine.manager.start(scenario([{ id: 'sleeper', program: [{ op: 'sleep', ms: 60_000 }] }]), 1000);
    let ended = false;
    void short.finished.then(() => (ended = true));

    const calls: Array<{ what: string; turns: number; bytes: number }> = [];
    const measure = async <T>(what: string, bytes: number, call: () => Promise<T>): Promise<T> => {
      const before = counter.turns;
      const result = await call();
      calls.push({ what, turns: counter.turns - before, bytes });
      return result;
    };
    while (!ended) {
      const list = await measure('run.list', 0, () => engine.manager.list());
      for (const id of ids) expect(list.find((s) => s.runId === id)).toMatchObject({ title: `big ${id}`, status: 'completed' });
      for (const [i, id] of ids.entries()) {
        if (ended) break;
        // The head resets the file's cursor, so the page at the end scans the whole recording.
        const head = await measure('run.events head', 0, () => engine.manager.events(id, 0, 5));
        expect(head.events[0]).toMatchObject({ type: 'run.start', title: `big ${id}` });
        const size = statSync(runFile(runsDir, id)).size;
        const tail = await measure('run.events end', size, () => engine.manager.events(id, lines[i] - 2, 10));
        expect(tail.events.map((e) => e.type)).toEqual(['run.limit', 'run.end']);
        expect(tail.done).toBe(true);
      }
    }
    const status = await short.finished;
    counter.stop();

    // The short run ended by its own timeout logic: its sleeper killed, run.end says timeout.
    expect(status).toBe('timeout');
    expect(ofType(short.events, 'run.end')).toEqual([expect.objectContaining({ status: 'timeout' })]);
    expect(ofType(short.events, 'process.exit').find((e) => e.process === 'sleeper')).toBeDefined();

    // The history calls went on during the whole run, each over many turns of the loop: a page at
    // the end of a 64 MiB recording takes at least one turn per 4 MiB it scans.
    expect(calls.filter((c) => c.what === 'run.events end').length).toBeGreaterThanOrEqual(1);
    for (const call of calls) {
      expect(call.turns, `${call.what}: event-loop turns during the call`).toBeGreaterThanOrEqual(Math.max(1, Math.floor(call.bytes / (4 * 1024 * 1024))));
    }
    expect(counter.longest, 'CPU ticks of the engine thread in its longest turn').toBeLessThanOrEqual(MAX_TICKS_PER_TURN);
  }, 120_000);
});
