/** Message passing: naming (direct, indirect), blocking or not, buffering, and deadlock. */
import { dataOf, firstEnd, ofType, runEnd, stepBegins, stepEnds, type Events } from './query';
import type { Lesson } from './types';

/** Mailboxes the processes themselves created: inboxes are made by the lab for direct naming. */
const createdMailboxes = (events: Events) => ofType(events, 'object.created').filter((e) => e.kind === 'mailbox' && !e.inbox);

export const messagesLesson: Lesson = {
  id: 'message-passing',
  title: 'Message passing',
  summary: 'Processes exchange messages through the kernel with send and receive. The link is named directly (send to process P) or indirectly (send to mailbox A); send and receive may block or not; a link buffers zero, a bounded or an unbounded number of messages.',
  steps: [
    {
      id: 'msg-direct',
      presetId: 'direct-messages',
      watch: 'A sends to B and waits for B\'s reply; B receives only from A. Look at what each send and receive names.',
      question: 'In direct message passing, what does A\'s send name?',
      choices: [
        { id: 'process', text: 'The receiving process itself, B: no mailbox object is created' },
        { id: 'mailbox', text: 'A mailbox that A and B both opened' },
      ],
      answer(events) {
        const send = stepEnds(events, 'A').find((e) => e.op === 'send');
        if (!send) return undefined;
        return createdMailboxes(events).length === 0 && send.result?.to === 'B' ? 'process' : 'mailbox';
      },
      evidence: (events) => [
        ...stepBegins(events).filter((b) => b.op === 'send' || b.op === 'receive').map((b) => `${b.process}: ${b.call}`),
        `mailboxes created by the processes: ${createdMailboxes(events).map((e) => e.object).join(', ') || 'none'}`,
      ],
      explanation: 'Direct naming: send(P, message), receive(Q, message). The link is set up by naming the partner and joins exactly two processes; rename a process and every partner must change (limited modularity). Here each process has an inbox, and B\'s receive takes only messages whose type is A\'s PID.',
    },
    {
      id: 'msg-indirect',
      presetId: 'indirect-mailbox',
      watch: 'The producer and the consumer never name each other: both use mailbox Q, created by a third process.',
      question: 'The producer sends job 1, job 2, job 3 to Q. In which order does the consumer receive them?',
      choices: [
        { id: 'fifo', text: 'job 1, job 2, job 3: in the order sent' },
        { id: 'lifo', text: 'job 3, job 2, job 1: the last one first' },
        { id: 'none', text: 'None: the consumer would have to name the producer' },
      ],
      answer(events) {
        const jobs = stepEnds(events, 'consumer', 'take job').map(dataOf);
        if (jobs.length === 0) return undefined;
        if (jobs.join() === 'job 1,job 2,job 3') return 'fifo';
        return jobs.join() === 'job 3,job 2,job 1' ? 'lifo' : undefined;
      },
      evidence: (events) => [`consumer received: ${stepEnds(events, 'consumer', 'take job').map(dataOf).join(', ') || 'nothing'}`,
        `mailboxes created: ${createdMailboxes(events).map((e) => `${e.object} (${e.name ?? 'unnamed'})`).join(', ') || 'none'}`],
      explanation: 'Indirect naming: send(A, message), receive(A, message) with a mailbox A that has its own identity and owner. Any number of processes may use it, none needs to know the others, and it buffers messages in order (same priority: FIFO).',
    },
    {
      id: 'msg-nonblocking',
      presetId: 'blocking-and-nonblocking',
      watch: 'P tries a non-blocking receive on an empty mailbox, then fills it (capacity 2) and tries a third non-blocking send.',
      question: 'What does the non-blocking receive on the empty mailbox do?',
      choices: [
        { id: 'waits', text: 'It waits until a message arrives' },
        { id: 'eagain', text: 'It returns at once with EAGAIN' },
        { id: 'empty', text: 'It returns an empty message' },
      ],
      answer(events) {
        const end = firstEnd(events, 'P', 'try receive on empty');
        if (!end) return undefined;
        if (end.errno === 'EAGAIN') return 'eagain';
        return end.errno ? undefined : dataOf(end) === '' ? 'empty' : 'waits';
      },
      evidence: (events) => ['try receive on empty', 'try send on full'].flatMap((label) =>
        stepEnds(events, 'P', label).map((e) => `${label}: ${e.errno ?? JSON.stringify(e.result)}`))
        .concat(stepEnds(events, 'C', 'blocking receive').map((e) => `C's blocking receive got "${dataOf(e)}"`)),
      explanation: 'Non-blocking (asynchronous) calls never wait: an empty queue or a full one is reported as EAGAIN and the process goes on. A blocking receive puts the process to sleep (state S, no CPU) until a message arrives, as C shows.',
    },
    {
      id: 'msg-rendezvous',
      presetId: 'rendezvous-mailbox',
      watch: 'The mailbox has capacity 0. The sender sends at once; the receiver sleeps 500 ms before it receives.',
      question: 'How long does the sender\'s blocking send take?',
      choices: [
        { id: 'instant', text: 'Almost nothing: the kernel keeps the message' },
        { id: 'waits', text: 'About 500 ms: it waits until the receiver takes the message' },
        { id: 'fails', text: 'It fails: there is no room' },
      ],
      answer(events) {
        const end = firstEnd(events, 'sender', 'send waits for receiver');
        if (!end) return undefined;
        if (end.errno) return 'fails';
        return end.durationNs >= 300e6 ? 'waits' : 'instant';
      },
      evidence: (events) => stepEnds(events, 'sender', 'send waits for receiver').map((e) => `send took ${(e.durationNs / 1e6).toFixed(0)} ms`),
      explanation: 'Zero capacity means no buffer: sender and receiver meet (a rendezvous). Bounded capacity makes the sender wait only when full; unbounded never.',
    },
    {
      id: 'msg-deadlock',
      presetId: 'receive-first-deadlock',
      watch: 'A waits for a message from B before sending; B waits for a message from A before sending.',
      question: 'How does this run end?',
      choices: [
        { id: 'completed', text: 'Both get their message and finish' },
        { id: 'deadlock', text: 'Deadlock: each waits for the other forever' },
        { id: 'eagain', text: 'Both receives fail with EAGAIN' },
      ],
      answer(events) {
        const end = runEnd(events);
        if (!end) return undefined;
        if (end.status === 'deadlock') return 'deadlock';
        return end.status === 'completed' ? 'completed' : 'eagain';
      },
      evidence: (events) => [`run ended: ${runEnd(events)?.status ?? '?'}`, ...ofType(events, 'deadlock').flatMap((d) => d.processes.map((p) => p.why))],
      explanation: 'With blocking receives the order of sends and receives is part of the protocol. A cycle of processes each waiting for the next is a deadlock (circular wait).',
    },
  ],
};
