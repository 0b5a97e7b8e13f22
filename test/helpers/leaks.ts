// What a test can leave behind on this machine: descriptors of the test process, System V
// objects, POSIX shared memory and semaphores (/dev/shm) and POSIX message queues
// (/dev/mqueue). A test file snapshots before and asserts that nothing new remains after.
import { existsSync, readdirSync, readFileSync, readlinkSync } from 'node:fs';

export interface SystemSnapshot {
  fds: Map<string, string>;
  objects: Set<string>;
}

function sysvIds(kind: 'shm' | 'msg' | 'sem'): string[] {
  const file = `/proc/sysvipc/${kind}`;
  if (!existsSync(file)) return [];
  const lines = readFileSync(file, 'utf8').trim().split('\n').slice(1);
  // Columns: key id perms ...; the id names the object, the key helps a reader find it.
  return lines.filter(Boolean).map((line) => {
    const [key, id] = line.trim().split(/\s+/);
    return `sysv ${kind} id=${id} key=${key}`;
  });
}

function dirEntries(dir: string, label: string): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir).map((name) => `${label} ${name}`);
}

function openDescriptors(): Map<string, string> {
  const fds = new Map<string, string>();
  for (const fd of readdirSync('/proc/self/fd')) {
    try {
      fds.set(fd, readlinkSync(`/proc/self/fd/${fd}`));
    } catch {
      // The descriptor readdir itself used is gone by now.
    }
  }
  return fds;
}

export function snapshot(): SystemSnapshot {
  return {
    fds: openDescriptors(),
    objects: new Set([
      ...sysvIds('shm'),
      ...sysvIds('msg'),
      ...sysvIds('sem'),
      ...dirEntries('/dev/shm', 'posix shm-or-sem /dev/shm/'),
      ...dirEntries('/dev/mqueue', 'posix mqueue /dev/mqueue/'),
    ]),
  };
}

/** Everything present now that was not in `before`, in words; empty when nothing leaked. */
export function leaksSince(before: SystemSnapshot): string[] {
  const now = snapshot();
  const leaks: string[] = [];
  for (const [fd, target] of now.fds) {
    if (before.fds.get(fd) !== target) leaks.push(`descriptor ${fd} -> ${target}`);
  }
  for (const object of now.objects) if (!before.objects.has(object)) leaks.push(object);
  return leaks;
}

/** Throws, listing every leak, when something is left since `before`. */
export function assertNoLeaks(before: SystemSnapshot): void {
  const leaks = leaksSince(before);
  if (leaks.length > 0) throw new Error(`left behind:\n  ${leaks.join('\n  ')}`);
}
