/** Why IPC: processes are isolated; anything beyond an exit status needs the kernel's help. */
import { THREADS_SHARE_MEMORY } from './connections';
import { dataOf, exitOf, firstEnd, statesOf, stepEnds, type Events } from './query';
import type { Lesson } from './types';

export const whyIpcLesson: Lesson = {
  id: 'why-ipc',
  title: 'Why IPC?',
  summary: 'Each process has its own address space: it cannot see another process\'s variables. Cooperating processes (to share information, to speed up work, for modularity) need the operating system to pass data between them: shared memory or message passing.',
  steps: [
    {
      id: 'why-zombie',
      presetId: 'zombie',
      watch: 'The child exits at once; the parent sleeps a second before it calls waitpid. Watch the child\'s state in between.',
      question: 'Between the child\'s exit and the parent\'s waitpid, what is the child?',
      choices: [
        { id: 'gone', text: 'Gone: a process that exits disappears at once' },
        { id: 'zombie', text: 'A zombie (state Z): its exit status waits for the parent' },
        { id: 'running', text: 'Still running (state R) until the parent waits' },
      ],
      answer(events: Events) {
        const states = statesOf(events, 'child');
        if (states.length === 0) return undefined;
        if (states.includes('Z')) return 'zombie';
        return exitOf(events, 'child') ? 'gone' : 'running';
      },
      evidence: (events) => [`child's states: ${statesOf(events, 'child').join(' → ') || 'none seen'}`],
      explanation: 'The exit status is the only data the kernel keeps for a parent without any IPC: a few bits. The child stays a zombie to hold them until waitpid. Anything more (a message, a result) needs an IPC mechanism.',
    },
    {
      id: 'why-separate-memory',
      presetId: 'master-slave',
      watch: 'Master and slave are two processes. The slave attaches the segment the master created, by its key, and reads at offset 8.',
      question: 'What does the slave read from the shared segment?',
      choices: [
        { id: 'message', text: 'The master\'s text, "hello from master"' },
        { id: 'zeros', text: 'Zeros: each process has its own copy of memory' },
        { id: 'fault', text: 'Nothing: touching another process\'s memory fails (EFAULT)' },
      ],
      answer(events) {
        const end = firstEnd(events, 'slave', 'read message');
        if (!end) return undefined;
        if (end.errno) return 'fault';
        return dataOf(end) === 'hello from master' ? 'message' : 'zeros';
      },
      evidence: (events) => stepEnds(events, 'slave', 'read message').map((e) => `slave read: ${e.errno ?? JSON.stringify(e.result)}`),
      explanation: 'Ordinary memory is private to each process, but a segment attached by both (shmget + shmat) is mapped into both address spaces: the same physical pages. The kernel had to set that up: that is IPC.',
      connection: THREADS_SHARE_MEMORY,
    },
  ],
};
