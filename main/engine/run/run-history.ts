// Run history without reading whole recordings, and without blocking the engine's event loop:
// the list reads each run's small index (recorder.ts; for recordings older than the index, at
// most 64 KiB from the head and the tail), and events are read a page at a time with
// asynchronous reads, remembering where the last page ended so paging on costs one page.
import { open, readdir, readFile, rename, rm, stat, writeFile } from 'node:fs/promises';
import type { RunSummary } from '../../contract/runs';
import type { RunEvent } from '../../scenario/events';
import { indexFile, runFile, type RunIndex } from './recorder';
import { readStat } from './proc';

const HEAD_BYTES = 64 * 1024;
const MAX_INDEX_BYTES = 64 * 1024;
const CHUNK_BYTES = 1024 * 1024;
/** A line longer than this (a recording from before events were bounded) is skipped, not buffered. */
const MAX_LINE_BYTES = 8 * 1024 * 1024;
/** Bytes of events one page carries at most, whatever `limit` says. */
const MAX_PAGE_BYTES = 4 * 1024 * 1024;

function engineAlive(pid: number, startTime: number): boolean {
  const s = readStat(pid);
  return s !== undefined && s.startTime === startTime && s.state !== 'Z';
}

async function readIndex(runsDir: string, runId: string): Promise<RunIndex | undefined> {
  try {
    const file = indexFile(runsDir, runId);
    if ((await stat(file)).size > MAX_INDEX_BYTES) return undefined;
    return JSON.parse(await readFile(file, 'utf8')) as RunIndex;
  } catch {
    return undefined;
  }
}

/** At most `length` bytes at `position` of a file. */
async function readSlice(file: string, position: number, length: number): Promise<string> {
  const handle = await open(file, 'r');
  try {
    const buffer = Buffer.alloc(length);
    const { bytesRead } = await handle.read(buffer, 0, length, position);
    return buffer.subarray(0, bytesRead).toString('utf8');
  } finally {
    await handle.close();
  }
}

/** A recording made before indexes existed: title from its head, status from its tail. */
async function legacySummary(runsDir: string, runId: string): Promise<RunSummary> {
  const file = runFile(runsDir, runId);
  const info = await stat(file);
  const head = await readSlice(file, 0, HEAD_BYTES);
  const title = /"title":("(?:[^"\\]|\\.)*")/.exec(head.split('\n')[0]);
  const tail = await readSlice(file, Math.max(0, info.size - HEAD_BYTES), HEAD_BYTES);
  const endLine = tail.split('\n').reverse().find((line) => line.includes('"type":"run.end"'));
  let end: RunEvent | undefined;
  try {
    end = endLine ? (JSON.parse(endLine) as RunEvent) : undefined;
  } catch {
    end = undefined;
  }
  return {
    runId,
    title: title ? (JSON.parse(title[1]) as string) : runId,
    startedAt: info.mtime.toISOString(),
    ...(end && end.type === 'run.end' ? { status: end.status, durationNs: end.durationNs } : { engineStopped: true }),
  };
}

/** Summaries of every recorded run, newest first; `live` are runs of this engine (never "stopped"). */
export async function listRecordedRuns(runsDir: string, live: ReadonlySet<string>): Promise<RunSummary[]> {
  let names: string[];
  try {
    names = await readdir(runsDir);
  } catch {
    return [];
  }
  const summaries: RunSummary[] = [];
  for (const name of names) {
    if (!name.endsWith('.ndjson')) continue;
    const runId = name.slice(0, -'.ndjson'.length);
    if (!/^[A-Za-z0-9-]{1,64}$/.test(runId)) continue;
    const index = await readIndex(runsDir, runId);
    if (!index) {
      try {
        summaries.push(await legacySummary(runsDir, runId));
      } catch {
        // Removed meanwhile.
      }
      continue;
    }
    const stopped = index.status === undefined && !live.has(runId) && !engineAlive(index.enginePid, index.engineStartTime);
    summaries.push({
      runId,
      title: index.title,
      startedAt: index.startedAt,
      ...(index.status ? { status: index.status } : {}),
      ...(index.durationNs !== undefined ? { durationNs: index.durationNs } : {}),
      ...(stopped ? { engineStopped: true } : {}),
      ...(index.name ? { name: index.name } : {}),
      ...(index.internal ? { internal: true } : {}),
    });
  }
  return summaries.sort((a, b) => b.startedAt.localeCompare(a.startedAt));
}

/**
 * Gives a recorded run the user's name ('' clears it), in its index (written for a recording
 * older than indexes). Returns the new summary, or undefined when there is no such recording.
 */
export async function renameRecordedRun(runsDir: string, runId: string, name: string): Promise<RunSummary | undefined> {
  try {
    await stat(runFile(runsDir, runId));
  } catch {
    return undefined;
  }
  let index = await readIndex(runsDir, runId);
  if (!index) {
    const legacy = await legacySummary(runsDir, runId);
    index = { runId, title: legacy.title, startedAt: legacy.startedAt, enginePid: 0, engineStartTime: 0, events: 0, bytes: 0,
      ...(legacy.status && legacy.status !== 'running' ? { status: legacy.status } : {}), ...(legacy.durationNs !== undefined ? { durationNs: legacy.durationNs } : {}) };
  }
  const updated: RunIndex = { ...index, name };
  if (!name) delete updated.name;
  const file = indexFile(runsDir, runId);
  await writeFile(`${file}.tmp`, JSON.stringify(updated), { mode: 0o600 });
  await rename(`${file}.tmp`, file); // atomic: a reader never sees half an index
  return (await listRecordedRuns(runsDir, new Set())).find((s) => s.runId === runId);
}

/** Removes a recorded run (recording and index); false when there was none. */
export async function deleteRecordedRun(runsDir: string, runId: string): Promise<boolean> {
  const recording = runFile(runsDir, runId);
  let existed = true;
  try {
    await stat(recording);
  } catch {
    existed = false;
  }
  await rm(recording, { force: true });
  await rm(indexFile(runsDir, runId), { force: true });
  cursors.delete(recording);
  return existed;
}

/** Where the last page of a file ended: the next page starts there without a rescan. */
const cursors = new Map<string, { index: number; offset: number }>();
const MAX_CURSORS = 64;

export interface EventPage {
  events: RunEvent[];
  next: number;
  /** The end of the recording was reached. */
  end: boolean;
}

/**
 * Events [from, from + limit) of a recording (fewer when MAX_PAGE_BYTES is reached first), read
 * with asynchronous 1 MiB reads. A line that does not parse (a recording cut by a crash) ends it.
 * Returns undefined when the file does not exist.
 */
export async function readRecordedPage(file: string, from: number, limit: number): Promise<EventPage | undefined> {
  let handle;
  try {
    handle = await open(file, 'r');
  } catch {
    return undefined;
  }
  try {
    const cursor = cursors.get(file);
    let index = cursor && cursor.index <= from ? cursor.index : 0;
    let offset = cursor && cursor.index <= from ? cursor.offset : 0;
    const events: RunEvent[] = [];
    let pageBytes = 0;
    let carry = Buffer.alloc(0);
    let skipping = false; // inside an over-long line: its bytes are dropped as they come
    const chunk = Buffer.alloc(CHUNK_BYTES);
    let position = offset;
    for (;;) {
      const { bytesRead } = await handle.read(chunk, 0, CHUNK_BYTES, position);
      if (bytesRead === 0) break;
      position += bytesRead;
      const data = carry.length ? Buffer.concat([carry, chunk.subarray(0, bytesRead)]) : chunk.subarray(0, bytesRead);
      let start = 0;
      for (let nl = data.indexOf(10, start); nl >= 0; nl = data.indexOf(10, start)) {
        if (skipping) {
          skipping = false;
          index++;
          offset += nl - start + 1;
          start = nl + 1;
          continue;
        }
        if (index >= from) {
          const line = data.subarray(start, nl).toString('utf8');
          let event: RunEvent;
          try {
            event = JSON.parse(line) as RunEvent;
          } catch {
            return { events, next: index, end: true };
          }
          events.push(event);
          pageBytes += nl - start + 1;
        }
        index++;
        offset += nl - start + 1;
        start = nl + 1;
        if (events.length >= limit || pageBytes >= MAX_PAGE_BYTES) {
          remember(file, index, offset);
          return { events, next: index, end: false };
        }
      }
      carry = Buffer.from(data.subarray(start));
      if (skipping || carry.length > MAX_LINE_BYTES) {
        skipping = true;
        offset += carry.length;
        carry = Buffer.alloc(0);
      }
    }
    remember(file, index, offset);
    return { events, next: index, end: true };
  } finally {
    await handle.close();
  }
}

function remember(file: string, index: number, offset: number): void {
  cursors.delete(file);
  cursors.set(file, { index, offset });
  if (cursors.size > MAX_CURSORS) cursors.delete(cursors.keys().next().value!);
}
