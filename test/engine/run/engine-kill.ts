// Helpers for tests that kill -9 an engine in the middle of a run: the engine is the CLI
// (`process-lab run FILE --json`, a real Node process), read event by event until the run is
// where the test wants it; then what the run made is looked for by its own PIDs, paths and
// namespace inodes only (other agents' IPC on this machine is none of the test's business).
import { spawn, type ChildProcess } from 'node:child_process';
import { readdirSync, statSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { readStat } from '../../../main/engine/run/proc';
import type { RunEvent } from '../../../main/scenario/events';

const bin = fileURLToPath(new URL('../../../main/bin/process-lab.js', import.meta.url));

/** A host's namespace inodes: with a PID and these, "is it gone" is a question about ours only. */
export function namespaces(pid: number): string[] {
  return ['net', 'ipc', 'mnt', 'uts'].map((ns) => `${ns}:${statSync(`/proc/${pid}/ns/${ns}`).ino}`);
}

/** Every process of the machine still in one of these namespaces (none, once a run is over). */
export function processesIn(inodes: string[]): number[] {
  const found: number[] = [];
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    for (const ns of ['net', 'ipc', 'mnt', 'uts']) {
      try {
        if (inodes.includes(`${ns}:${statSync(`/proc/${entry}/ns/${ns}`).ino}`)) found.push(Number(entry));
      } catch {
        // Gone meanwhile, or not ours to look at (then not in our namespaces either).
      }
    }
  }
  return found;
}

/** Dead: no such process, or a zombie (after a kill -9 of the engine, init adopts what it started). */
export const gone = (pid: number) => ['gone', 'Z'].includes(readStat(pid)?.state ?? 'gone');

/**
 * Starts `process-lab run FILE --json` with `env` and reads its events until `ready(events)`
 * says the run is where the test wants it (30 s at most). The caller kills the engine, or waits
 * for it. `prefix`: a command that execs the engine, e.g. setpriv to run it as uid 65534.
 */
export async function engineRunUntil(file: string, env: NodeJS.ProcessEnv, ready: (events: RunEvent[]) => boolean, prefix: string[] = []): Promise<{ engine: ChildProcess; events: RunEvent[] }> {
  const argv = [...prefix, process.execPath, bin, 'run', file, '--json'];
  const engine = spawn(argv[0], argv.slice(1), { env, stdio: ['ignore', 'pipe', 'inherit'] });
  const events: RunEvent[] = [];
  await new Promise<void>((resolve, reject) => {
    let buffer = '';
    const timer = setTimeout(() => reject(new Error('the run did not get going')), 30_000);
    engine.stdout!.on('data', (chunk: Buffer) => {
      buffer += chunk.toString();
      const lines = buffer.split('\n');
      buffer = lines.pop()!;
      for (const line of lines) events.push(JSON.parse(line) as RunEvent);
      if (ready(events)) {
        clearTimeout(timer);
        resolve();
      }
    });
  });
  return { engine, events };
}

/** kill -9 of the engine, and its exit seen. */
export async function killEngine(engine: ChildProcess): Promise<void> {
  const exited = engine.exitCode !== null || engine.signalCode !== null ? Promise.resolve() : new Promise((resolve) => engine.once('exit', resolve));
  engine.kill('SIGKILL');
  await exited;
}
