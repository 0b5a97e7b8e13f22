/** Shared memory: the system calls that set it up, why it is fast, and its pitfalls. */
import { SEMAPHORES_PROTECT_SHM } from './connections';
import { firstEnd, ms, runEnd, stepBegins, stepEnds, systemCallOf, valueOf, type Events } from './query';
import type { Choice, Lesson } from './types';

/** Every shared-memory step of the run: its op, its C text, the call it makes (if a system call) and its duration. */
function shmSteps(events: Events) {
  const ends = stepEnds.bind(null, events);
  return stepBegins(events)
    .filter((begin) => begin.op.startsWith('shm.') && begin.op !== 'shm.waitUntil')
    .map((begin) => {
      const end = ends(begin.process).find((e) => e.t >= begin.t && e.index.join() === begin.index.join());
      return { process: begin.process, op: begin.op, call: begin.call, syscall: systemCallOf(begin.call), durationNs: end?.durationNs };
    });
}

const isAccess = (op: string) => op === 'shm.read' || op === 'shm.write';

const counterChoices: Choice[] = [
  { id: 'exact', text: 'Exactly 40 000' },
  { id: 'below', text: 'Less than 40 000' },
  { id: 'above', text: 'More than 40 000' },
];

function judgeTotal(events: Events): string | undefined {
  const total = valueOf(firstEnd(events, 'main', 'total'));
  if (total === undefined) return undefined;
  return total === 40_000 ? 'exact' : total < 40_000 ? 'below' : 'above';
}

const totalEvidence = (events: Events) => [`main read the counter: ${valueOf(firstEnd(events, 'main', 'total')) ?? 'no value'}`];

export const sharedMemoryLesson: Lesson = {
  id: 'shared-memory',
  title: 'Shared memory',
  summary: 'A segment created with shmget and attached with shmat appears in the address space of every process that attaches it. After that, processes communicate by ordinary loads and stores: the fastest IPC, and the one with no synchronisation of its own.',
  steps: [
    {
      id: 'shm-syscalls',
      presetId: 'master-slave',
      watch: 'Each step shows the C it performs. Compare the shmget/shmat/shmdt/shmctl steps with the steps that write and read the segment.',
      question: 'How much does the operating system take part in shared-memory communication?',
      choices: [
        { id: 'every', text: 'Every read and write of the segment is a system call' },
        { id: 'setup', text: 'Only shmget, shmat, shmdt and shmctl are system calls; reads and writes are plain memory accesses' },
        { id: 'none', text: 'Not at all, not even to create the segment' },
      ],
      answer(events) {
        const steps = shmSteps(events);
        if (steps.length === 0) return undefined;
        if (steps.some((s) => isAccess(s.op) && s.syscall !== undefined)) return 'every';
        return steps.some((s) => s.syscall !== undefined) ? 'setup' : 'none';
      },
      evidence: (events) => shmSteps(events).map((s) =>
        `${s.process}: ${s.call} — ${s.syscall ? `system call ${s.syscall}` : 'memory access, no system call'}${s.durationNs !== undefined ? ` (${ms(s.durationNs)} for the whole lab step)` : ''}`),
      explanation: 'The kernel creates the segment (shmget), maps it (shmat), unmaps it (shmdt) and removes it (shmctl IPC_RMID). Between shmat and shmdt a write is a store instruction and a read is a load: the kernel is not involved. The durations here include the lab\'s own bookkeeping around each step; the benchmark in the comparison table measures the bare mechanisms.',
    },
    {
      id: 'shm-no-copy',
      presetId: 'master-slave',
      watch: 'Look at the C text of the slave\'s read step, and compare it with a pipe\'s read(fd[0], buf, n) in the pipes lesson.',
      question: 'How does the master\'s message get into the slave\'s buffer?',
      choices: [
        { id: 'kernel-copy', text: 'A system call copies it from a kernel buffer, as read() does for a pipe' },
        { id: 'memcpy', text: 'The slave copies it straight out of the shared pages: no kernel, no copy through it' },
        { id: 'message', text: 'The kernel delivers it as a message' },
      ],
      answer(events) {
        const read = stepBegins(events, 'slave').find((b) => b.op === 'shm.read');
        if (!read) return undefined;
        return systemCallOf(read.call) === undefined ? 'memcpy' : 'kernel-copy';
      },
      evidence: (events) => stepBegins(events, 'slave').filter((b) => b.op === 'shm.read').map((b) => `slave: ${b.call}`),
      explanation: 'With a pipe or a message queue the data is copied twice, from the writer into the kernel and from the kernel into the reader, with a system call each time. With shared memory the writer stores it once and the reader loads it: that is why shared memory is the fastest IPC (see the measured figures in the comparison table).',
    },
    {
      id: 'shm-destroy-attached',
      presetId: 'destroy-while-attached',
      watch: 'The owner calls shmctl(IPC_RMID) while it is still attached, then reads the segment; a late process then tries to attach it.',
      question: 'After IPC_RMID, what does the owner\'s read of the value 42 return?',
      choices: [
        { id: '42', text: '42: removal waits until the last detach' },
        { id: 'error', text: 'An error: the segment is gone' },
        { id: 'zero', text: '0: the memory was cleared' },
      ],
      answer(events) {
        const end = firstEnd(events, 'owner', 'still readable');
        if (!end) return undefined;
        if (end.errno) return 'error';
        return valueOf(end) === 42 ? '42' : 'zero';
      },
      evidence: (events) => [
        ...stepEnds(events, 'owner', 'IPC_RMID while attached').map((e) => `shmctl(IPC_RMID): ${JSON.stringify(e.result)}`),
        ...stepEnds(events, 'owner', 'still readable').map((e) => `owner's read: ${e.errno ?? valueOf(e)}`),
        ...stepEnds(events, 'late', 'attach after destroy').map((e) => `late attach: ${e.errno ?? 'succeeded'}`),
      ],
      explanation: 'Linux marks the segment for destruction and frees it at the last shmdt; meanwhile the key is gone, so the late attach fails with ENOENT. Destroying while attached is a pitfall only if you expect the memory to vanish at once.',
    },
    {
      id: 'shm-race',
      presetId: 'shared-counter-race',
      watch: 'Two processes A and B start together and each add 1 to the same counter 20 000 times, with a separate load and store.',
      question: 'What is the counter after two racing processes add 20 000 each?',
      choices: counterChoices,
      answer: judgeTotal,
      evidence: totalEvidence,
      explanation: 'counter++ is a load, an add and a store. When A and B load the same old value, one of the two stores is lost. The result is below 40 000 and changes from run to run: a race condition.',
      connection: SEMAPHORES_PROTECT_SHM,
    },
    {
      id: 'shm-semaphore',
      presetId: 'shared-counter-semaphore',
      watch: 'The same race, but each add sits between sem_wait and sem_post on a semaphore initialised to 1.',
      question: 'With the semaphore around each add, what is the counter?',
      choices: counterChoices,
      answer: judgeTotal,
      evidence: totalEvidence,
      explanation: 'Only one process at a time can be between sem_wait and sem_post, so no update is lost: exactly 40 000. The price: a system call per add when the semaphore is contended, and time asleep (state S).',
      connection: SEMAPHORES_PROTECT_SHM,
    },
    {
      id: 'shm-crash-leak',
      presetId: 'crash-leaks-segment',
      watch: 'The crasher creates a segment and dies by SIGSEGV before it can remove it.',
      question: 'What happens to the segment when its creator crashes?',
      choices: [
        { id: 'freed', text: 'The kernel frees it with the process' },
        { id: 'leaked', text: 'It stays in the kernel: leaked until someone removes it' },
      ],
      answer(events) {
        const end = runEnd(events);
        if (!end) return undefined;
        return end.leaked.some((o) => o.kind === 'shm') ? 'leaked' : 'freed';
      },
      evidence: (events) => [`leaked at the end of the run: ${runEnd(events)?.leaked.map((o) => `${o.object} (${o.kind})`).join(', ') || 'nothing'}`],
      explanation: 'System V objects are kernel-persistent: they outlive their creator. The dead process is detached, but the segment stays until shmctl(IPC_RMID), ipcrm or a reboot. Here the lab removed it and reported it as leaked.',
    },
  ],
};
