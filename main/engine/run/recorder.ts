// Every event of a run, in order, to <data>/runs/<runId>.ndjson as it happens: a recorded run
// can be reopened and replayed, and a crash loses at most the last moments.
import { closeSync, existsSync, openSync, readdirSync, readFileSync, statSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import type { RunEvent } from '../../scenario/events';

export class RunRecorder {
  private readonly fd: number;
  private buffer: string[] = [];

  constructor(readonly file: string) {
    this.fd = openSync(file, 'a', 0o600);
  }

  record(event: RunEvent): void {
    this.buffer.push(JSON.stringify(event));
  }

  /** Writes what was recorded since the last flush (called on every engine tick). */
  flush(): void {
    if (this.buffer.length === 0) return;
    writeSync(this.fd, this.buffer.join('\n') + '\n');
    this.buffer = [];
  }

  close(): void {
    this.flush();
    closeSync(this.fd);
  }
}

export const runFile = (runsDir: string, runId: string) => join(runsDir, `${runId}.ndjson`);

/** The events of a recorded run (a last line cut by a crash is skipped). */
export function readRecordedRun(runsDir: string, runId: string): RunEvent[] | undefined {
  const file = runFile(runsDir, runId);
  if (!existsSync(file)) return undefined;
  const events: RunEvent[] = [];
  for (const line of readFileSync(file, 'utf8').split('\n')) {
    if (!line) continue;
    try {
      events.push(JSON.parse(line) as RunEvent);
    } catch {
      break;
    }
  }
  return events;
}

export interface RecordedRunInfo {
  runId: string;
  file: string;
  modified: Date;
}

export function listRecordedRuns(runsDir: string): RecordedRunInfo[] {
  if (!existsSync(runsDir)) return [];
  return readdirSync(runsDir)
    .filter((name) => name.endsWith('.ndjson'))
    .map((name) => {
      const file = join(runsDir, name);
      return { runId: name.slice(0, -'.ndjson'.length), file, modified: statSync(file).mtime };
    })
    .sort((a, b) => b.modified.getTime() - a.modified.getTime());
}
