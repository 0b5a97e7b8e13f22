// A private IPC namespace with its own /dev/shm (and mqueue where the machine has /dev/mqueue),
// for tests whose subject is "every orphan" (ipcrm --orphans, Remove all orphans): inside it
// they count and remove only their own objects, never another user's or agent's. Needs root
// (unshare(1) --ipc --mount); its last process gone, the kernel removes all that was in it.
// No vitest import: Playwright specs load it too.
import { spawn, type ChildProcess } from 'node:child_process';

export interface PrivateIpc {
  holder: ChildProcess;
  /** The prefix that runs a command inside: nsenter(1) into the holder's IPC and mount namespaces. */
  inside: string[];
}

/** Starts the namespaces' holder (a sleep) once /dev/shm (and /dev/mqueue) are mounted fresh. */
export async function startPrivateIpc(): Promise<PrivateIpc> {
  const holder = spawn('unshare', ['--ipc', '--mount', '--propagation', 'private', 'sh', '-c',
    'mount -t tmpfs -o mode=1777 tmpfs /dev/shm && { [ ! -d /dev/mqueue ] || mount -t mqueue mqueue /dev/mqueue; } && echo ready && exec sleep 600'], { stdio: ['ignore', 'pipe', 'inherit'] });
  await new Promise<void>((resolve, reject) => {
    holder.stdout!.once('data', () => resolve());
    holder.once('exit', (code) => reject(new Error(`unshare exited with ${code}`)));
  });
  return { holder, inside: ['nsenter', '-t', String(holder.pid), '--ipc', '--mount', '--'] };
}

/**
 * A run to kill mid-way: A holds the segment attached and waits for B's second message, which
 * never comes; C made the FIFO and sleeps, and nobody ever sends to C (its inbox is never used).
 * Ready to kill once two receives and the FIFO's creation have ended.
 */
export const deadRunScenario = {
  format: 'process-lab/scenario@1',
  title: 'left by a dead engine',
  objects: [{ id: 'S', kind: 'shm', size: 4096 }, { id: 'F', kind: 'fifo' }],
  processes: [
    { id: 'A', program: [{ op: 'shm.create', object: 'S' }, { op: 'shm.attach', object: 'S' }, { op: 'send', to: { process: 'B' }, data: 'hi' }, { op: 'receive', from: { process: 'B' } }, { op: 'receive', from: { process: 'B' } }] },
    { id: 'B', program: [{ op: 'receive', from: { process: 'A' } }, { op: 'send', to: { process: 'A' }, data: 'back' }, { op: 'receive', from: { process: 'A' } }] },
    { id: 'C', program: [{ op: 'fifo.create', object: 'F' }, { op: 'sleep', ms: 60_000 }] },
  ],
  limits: { timeoutMs: 60_000 },
};
