// What a test can leave behind: descriptors of the test process, System V objects, POSIX shared
// memory and semaphores (/dev/shm) and POSIX message queues (/dev/mqueue). Other programs on the
// machine use IPC at the same time, so a leak check looks only at the objects this test process
// made: the keys and names it registered (ownKey, ownName: the key and name helpers of the
// tests register theirs, and trackRun every run's journalled names), and System V segments whose
// creator (cpid) is this process. Never machine-wide counts.
import { existsSync, readdirSync, readFileSync, readlinkSync } from 'node:fs';

export interface SystemSnapshot {
  fds: Map<string, string>;
  objects: Set<string>;
}

const ownedKeys = new Set<number>();
const ownedNames = new Set<string>();
const ownedPids = new Set<number>([process.pid]);

/** A System V key this test process uses (IPC_PRIVATE objects are tracked by creator PID). */
export function ownKey(key: number): number {
  ownedKeys.add(key >>> 0);
  return key;
}

/** A POSIX name ("/x") this test process uses for shm, semaphores or message queues. */
export function ownName(name: string): string {
  ownedNames.add(name.replace(/^\//, ''));
  return name;
}

/** Every name a run journalled (keys, POSIX names, acknowledgement queues). */
export function trackRun(names: Record<string, { key?: number; name?: string; ackName?: string }>): void {
  for (const name of Object.values(names)) {
    if (name.key !== undefined) ownKey(name.key);
    if (name.name) ownName(name.name);
    if (name.ackName) ownName(name.ackName);
  }
}

function sysvObjects(kind: 'shm' | 'msg' | 'sem'): string[] {
  const file = `/proc/sysvipc/${kind}`;
  if (!existsSync(file)) return [];
  const lines = readFileSync(file, 'utf8').trim().split('\n');
  const header = lines[0].trim().split(/\s+/);
  const cpidColumn = header.indexOf('cpid');
  // Columns: key id perms ...; the id names the object, the key says whose it is.
  return lines.slice(1).filter(Boolean).flatMap((line) => {
    const fields = line.trim().split(/\s+/);
    const key = Number(fields[0]) >>> 0;
    const cpid = cpidColumn >= 0 ? Number(fields[cpidColumn]) : undefined;
    const ours = ownedKeys.has(key) || (cpid !== undefined && ownedPids.has(cpid));
    return ours ? [`sysv ${kind} id=${fields[1]} key=${fields[0]}`] : [];
  });
}

function posixEntries(dir: string, label: string): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir)
    .filter((name) => ownedNames.has(name) || (name.startsWith('sem.') && ownedNames.has(name.slice(4))))
    .map((name) => `${label} ${name}`);
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

/** The test process's descriptors and the objects it owns now. */
export function snapshot(): SystemSnapshot {
  return {
    fds: openDescriptors(),
    objects: new Set([
      ...sysvObjects('shm'),
      ...sysvObjects('msg'),
      ...sysvObjects('sem'),
      ...posixEntries('/dev/shm', 'posix shm-or-sem /dev/shm/'),
      ...posixEntries('/dev/mqueue', 'posix mqueue /dev/mqueue/'),
    ]),
  };
}

/** Everything of the test's own present now that was not in `before`, in words; empty when nothing leaked. */
export function leaksSince(before: SystemSnapshot): string[] {
  const now = snapshot();
  const leaks: string[] = [];
  for (const [fd, target] of now.fds) {
    if (before.fds.get(fd) !== target) leaks.push(`descriptor ${fd} -> ${target}`);
  }
  for (const object of now.objects) if (!before.objects.has(object)) leaks.push(object);
  return leaks;
}

/** Throws, listing every leak, when something of the test's own is left since `before`. */
export function assertNoLeaks(before: SystemSnapshot): void {
  const leaks = leaksSince(before);
  if (leaks.length > 0) throw new Error(`left behind:\n  ${leaks.join('\n  ')}`);
}
