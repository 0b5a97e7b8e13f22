// Real processes that make IPC objects for the inspector's tests: test/native's ipc-child.cjs
// (a Node process loading the addon from $PROCESS_LAB_ADDON, one JSON call a line), started
// here with an optional uid so a test running as root can make another user's objects.
import { spawn, type ChildProcess } from 'node:child_process';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { addonPath } from '../../../main/native/addon';
import { afterAll, afterEach, beforeAll } from 'vitest';
import { leaksSince, ownKey, ownName, snapshot, type SystemSnapshot } from '../../helpers/leaks';

const FIXTURE = fileURLToPath(new URL('../../native/fixtures/ipc-child.cjs', import.meta.url));
const NOBODY = 65534;

export const isRoot = () => typeof process.geteuid === 'function' && process.geteuid() === 0;

export interface Maker {
  pid: number;
  call<T = unknown>(fn: string, ...args: unknown[]): Promise<T>;
  /** Makes the child exit and waits until it is reaped: its PID is then dead. */
  exit(): Promise<void>;
  kill(): Promise<void>;
}

const running = new Set<ChildProcess>();

export async function startMaker(options: { asNobody?: boolean; fds?: number[] } = {}): Promise<Maker> {
  const proc = spawn(process.execPath, [FIXTURE], {
    stdio: ['pipe', 'pipe', 'inherit', ...(options.fds ?? [])],
    env: { ...process.env, PROCESS_LAB_ADDON: addonPath() },
    ...(options.asNobody ? { uid: NOBODY, gid: NOBODY } : {}),
  });
  running.add(proc);
  const exited = new Promise<void>((resolve) => proc.once('exit', () => {
    running.delete(proc);
    resolve();
  }));
  const pending = new Map<number, (msg: { ok: boolean; value?: unknown; error?: { message: string; code?: string } }) => void>();
  let next = 1;
  createInterface({ input: proc.stdout! }).on('line', (line) => {
    const msg = JSON.parse(line) as { id: number; ok: boolean };
    pending.get(msg.id)?.(msg);
    pending.delete(msg.id);
  });
  await new Promise<void>((resolve, reject) => {
    pending.set(0, () => resolve());
    proc.once('error', reject);
  });
  const call = <T>(fn: string, ...args: unknown[]) => new Promise<T>((resolve, reject) => {
    const id = next++;
    pending.set(id, (msg) => {
      if (msg.ok) resolve(msg.value as T);
      else reject(Object.assign(new Error(msg.error!.message), { code: msg.error!.code }));
    });
    proc.stdin!.write(`${JSON.stringify({ id, fn, args })}\n`);
  });
  return {
    pid: proc.pid!,
    call,
    async exit() {
      proc.stdin!.write(`${JSON.stringify({ id: next++, fn: 'exit', args: [0] })}\n`);
      await exited;
    },
    async kill() {
      if (proc.exitCode === null && proc.signalCode === null) proc.kill('SIGKILL');
      await exited;
    },
  };
}

export async function killAllMakers(): Promise<void> {
  await Promise.all([...running].map((proc) => new Promise<void>((resolve) => {
    if (proc.exitCode !== null || proc.signalCode !== null) return resolve();
    proc.once('exit', () => resolve());
    proc.kill('SIGKILL');
  })));
}

let counter = 0;
/** A System V key unique to this test process; `lab` gives it Process Lab's high byte 0x50. */
export function testKey(lab = false): number {
  counter += 1;
  return ownKey(((lab ? 0x50 : 0x7e) << 24) + ((process.pid & 0xffff) << 8) + (counter & 0xff));
}

/** A POSIX name unique to this test process; `lab` makes it a /plab.* name. */
export function testName(label: string, lab = false): string {
  counter += 1;
  return ownName(lab ? `/plab.systest${process.pid}-${counter}.${label}` : `/plsys-t${process.pid}-${counter}-${label}`);
}

/**
 * leaks.ts's check narrowed to what this test process can have left: its descriptors and the
 * objects named by testKey / testName. The inspector itself creates nothing, and other
 * sessions' tests on this machine (bench, runs) create and remove objects concurrently, which
 * the machine-wide check would blame on this file.
 */
export function assertNoOwnLeaks(before: SystemSnapshot): void {
  const own = (leak: string) => {
    if (leak.startsWith('descriptor ')) return true;
    const key = leak.match(/key=(-?\d+)/);
    if (key) {
      const k = Number(key[1]) >>> 0;
      return ((k >>> 8) & 0xffff) === (process.pid & 0xffff) && [0x50, 0x7e].includes(k >>> 24);
    }
    return leak.includes(`systest${process.pid}-`) || leak.includes(`plsys-t${process.pid}-`);
  };
  const leaks = leaksSince(before).filter(own);
  if (leaks.length > 0) throw new Error(`left behind:\n  ${leaks.join('\n  ')}`);
}

/**
 * Registers a test file's hooks over objects it makes: a snapshot before the file; after each
 * test, its makers killed and the `cleanups` it pushed run (an object already gone is fine);
 * after the file, `afterFile` (e.g. removing its private directory), then assertNoOwnLeaks.
 */
export function useOwnObjects(afterFile?: () => void): { cleanups: Array<() => void> } {
  let before: SystemSnapshot;
  const cleanups: Array<() => void> = [];
  beforeAll(() => {
    before = snapshot();
  });
  afterEach(async () => {
    await killAllMakers();
    for (const cleanup of cleanups.splice(0)) {
      try { cleanup(); } catch { /* already gone */ }
    }
  });
  afterAll(() => {
    afterFile?.();
    assertNoOwnLeaks(before);
  });
  return { cleanups };
}
