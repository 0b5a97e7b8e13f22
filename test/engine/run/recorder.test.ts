// The recorder's bound and what run.events may read from the file: past the cap, the lines
// recorded (run.end) are no longer at the run's indexes, so only [0, indexed) is read there.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { EVENT_BOUNDS } from '../../../main/engine/run/event-bounds';
import { RunRecorder, runFile } from '../../../main/engine/run/recorder';
import type { RunEvent } from '../../../main/scenario/events';

const dir = mkdtempSync(join(tmpdir(), 'plab-recorder-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const record = (recorder: RunRecorder, event: Record<string, unknown>) => recorder.record(event as RunEvent, JSON.stringify(event));

describe('a capped recording', () => {
  it('stops at the bound, records run.limit at its index and run.end after it, and says which lines are the run\'s indexes', () => {
    const recorder = new RunRecorder(dir, 'capped');
    record(recorder, { t: 0, type: 'run.start', title: 'big', runId: 'capped' });
    const text = 'x'.repeat(64 * 1024);
    let index = 1;
    for (; record(recorder, { t: index, type: 'process.output', process: 'a', pid: 1, stream: 'stdout', text }) === 'recorded'; index++) recorder.flush();
    // The event at `index` was refused: the run emits run.limit, which is recorded (at index + 1 in
    // the run; the refused event is kept in memory only, after it).
    expect(index * text.length).toBeGreaterThan(EVENT_BOUNDS.maxRecordingBytes - 2 * text.length);
    expect(record(recorder, { t: index, type: 'run.limit', limit: 'recording', bytes: EVENT_BOUNDS.maxRecordingBytes, message: 'm' })).toBe('recorded');
    expect(record(recorder, { t: index, type: 'process.output', process: 'a', pid: 1, stream: 'stdout', text: 'later' })).toBe('dropped');
    expect(record(recorder, { t: index + 9, type: 'run.end', status: 'completed', leaked: [], durationNs: 1 })).toBe('recorded');
    expect(recorder.indexed).toBe(index); // flushed so far: run.start and the outputs before the cap
    recorder.flush();
    expect(recorder.indexed).toBe(index + 1); // ... and run.limit; run.end is not at its index
    expect(recorder.recorded).toBe(index + 2);
    recorder.close();
    const lines = readFileSync(runFile(dir, 'capped'), 'utf8').trimEnd().split('\n').map((l) => (JSON.parse(l) as { type: string }).type);
    expect(lines.slice(-2)).toEqual(['run.limit', 'run.end']);
    expect(lines).toHaveLength(index + 2);
  });
});
