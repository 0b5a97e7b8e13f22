/** The lecture's links between topics, quoted where a lesson or the guide touches them. */
import type { Connection } from './types';

export const THREADS_SHARE_MEMORY: Connection = {
  title: 'Threads',
  text: 'Threads of one process already share its address space: they need no IPC to share data, only synchronisation (a mutex), exactly as processes sharing a segment do.',
};

export const SEMAPHORES_PROTECT_SHM: Connection = {
  title: 'Semaphores',
  text: 'Shared memory gives no synchronisation of its own: a semaphore (or a mutex, or an atomic instruction) must guard every read-modify-write of shared data.',
};

export const PIPES_ARE_FILES: Connection = {
  title: 'File descriptors',
  text: 'A pipe is used through the file-descriptor interface: read, write and close, the same calls as for files, sockets and FIFOs; fork copies the descriptor table, which is how the child gets the pipe.',
};
