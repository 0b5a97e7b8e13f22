/** Summary: the comparison's synchronisation column, tried out. */
import { countOf } from '../contract/units';
import { SEMAPHORES_PROTECT_SHM } from './connections';
import { firstEnd, statesOf, stepEnds, valueOf, type Events } from './query';
import type { Lesson } from './types';

const consumed = (events: Events) => stepEnds(events, 'consumer', 'consume').map(valueOf);

export const summaryLesson: Lesson = {
  id: 'summary',
  title: 'Summary: choosing a mechanism',
  summary: 'Shared memory is fastest but leaves synchronisation to you; message passing and pipes synchronise for you (a receive or a read waits) at the cost of a copy through the kernel; signals only notify. The decision guide and the comparison table sum it up.',
  steps: [
    {
      id: 'sum-polling',
      presetId: 'master-slave',
      watch: 'After starting the slave, the master waits for a flag in the segment to become 1. Look at the master\'s wait step and its state.',
      question: 'Shared memory gives no synchronisation. How does the master learn the slave has answered?',
      choices: [
        { id: 'kernel', text: 'The kernel wakes the master when the slave writes' },
        { id: 'polls', text: 'It checks the flag again and again (polling), costing CPU time' },
        { id: 'signal', text: 'The slave sends it a signal' },
      ],
      answer(events) {
        const wait = firstEnd(events, 'master', 'wait for flag');
        if (!wait) return undefined;
        const polls = wait.result?.polls;
        return typeof polls === 'number' && polls > 1 ? 'polls' : 'kernel';
      },
      evidence: (events) => stepEnds(events, 'master', 'wait for flag').map((e) =>
        `the master checked the flag ${typeof e.result?.polls === 'number' ? countOf(e.result.polls, 'time') : '? times'} in ${(e.durationNs / 1e6).toFixed(0)} ms; master's states: ${statesOf(events, 'master').join(' → ')}`),
      explanation: 'Nothing in shared memory tells a process that data arrived: it polls (busy waiting) or uses a separate synchronisation tool, a semaphore. A blocking receive or read does that waiting in the kernel, asleep.',
      connection: SEMAPHORES_PROTECT_SHM,
    },
    {
      id: 'sum-atomic',
      presetId: 'shared-counter-atomic',
      watch: 'The racing counter again, but each add is an atomic fetch-and-add instruction: no semaphore, no system call.',
      question: 'With atomic adds, what is the counter after 2 × 20 000 adds?',
      choices: [
        { id: 'exact', text: 'Exactly 40 000' },
        { id: 'below', text: 'Less than 40 000: without a semaphore updates are lost' },
      ],
      answer(events) {
        const total = valueOf(firstEnd(events, 'main', 'total'));
        if (total === undefined) return undefined;
        return total === 40_000 ? 'exact' : 'below';
      },
      evidence: (events) => [`main read the counter: ${valueOf(firstEnd(events, 'main', 'total')) ?? 'no value'}`],
      explanation: 'The hardware can make one read-modify-write indivisible (lock xadd on x86). Atomic instructions are what semaphores and mutexes are built on; for a single counter they are enough.',
    },
    {
      id: 'sum-bounded-buffer',
      presetId: 'bounded-buffer',
      watch: 'A producer and a consumer share a one-slot buffer guarded by two semaphores, empty and full. Five items go through.',
      question: 'What does the consumer take out, in order?',
      choices: [
        { id: 'ordered', text: '1, 2, 3, 4, 5: nothing lost, nothing twice' },
        { id: 'lossy', text: 'Some items are lost or read twice' },
      ],
      answer(events) {
        const values = consumed(events);
        if (values.length === 0) return undefined;
        return values.join() === '1,2,3,4,5' ? 'ordered' : 'lossy';
      },
      evidence: (events) => [`consumer took: ${consumed(events).join(', ')}`],
      explanation: 'Counting semaphores synchronise, not only exclude: empty counts free slots, full counts items. Shared memory plus semaphores is what message passing does for you inside the kernel.',
      connection: SEMAPHORES_PROTECT_SHM,
    },
  ],
};
