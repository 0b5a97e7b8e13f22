// What the operating system the engine runs on offers, so the renderer can mark what it lacks
// (the renderer knows nothing of Node: it learns this through app.info). macOS has System V IPC,
// POSIX shared memory and semaphores, but no POSIX message queues (no mq_open(3)) and no /proc.
import type { Capabilities } from '../contract/methods';

/** The capabilities of `platform` (a Node `process.platform` value). */
export function platformCapabilities(platform: string): Capabilities {
  return {
    // mq_overview(7): Linux since 2.6.6; FreeBSD has them too. Darwin's libc has no mq_open.
    posixMessageQueues: platform === 'linux' || platform === 'freebsd',
    // proc(5): process state and wait channel; macOS reads them through libproc instead.
    procfs: platform === 'linux',
  };
}
