/**
 * Across machines (issue 20): the comparison table says shared memory works on one machine only
 * while message passing works across a network. The two-hosts preset puts the run on two hosts
 * the lab makes (namespaces linked by a veth pair); the student predicts which mechanisms reach
 * from B what A made, and the run's own step results decide.
 */
import { stepEnds, type Events } from './query';
import type { Lesson } from './types';

/** The attempts b makes on host B, by label, and what each is. */
const ATTEMPTS: ReadonlyArray<{ label: string; what: string }> = [
  { label: 'shm from B', what: 'System V segment' },
  { label: 'FIFO from B', what: 'FIFO' },
  { label: 'queue from B', what: 'POSIX queue' },
  { label: 'inbox of a from B', what: 'direct message' },
  { label: 'pipe from B', what: 'pipe' },
  { label: 'TCP from B', what: 'TCP connection to 10.0.0.1' },
];

/** Whether each attempt succeeded (true), failed (false) or did not happen (undefined). */
function outcomes(events: Events): Map<string, boolean | undefined> {
  return new Map(ATTEMPTS.map(({ label }) => {
    const end = stepEnds(events, 'b', label)[0];
    return [label, end ? end.errno === undefined : undefined];
  }));
}

export const hostsLesson: Lesson = {
  id: 'two-hosts',
  title: 'Across machines',
  summary: 'Shared memory, pipes, FIFOs, queues and signals live in one kernel; two machines have two. Across machines only messages over the network travel: the decision guide\'s first question ("Same machine?") is about this.',
  steps: [
    {
      id: 'hosts-what-survives',
      presetId: 'two-hosts',
      watch: 'a, on host A, creates a System V segment, a FIFO, a queue and a pipe, and listens on a TCP socket at 10.0.0.1. b, on host B, then tries each of them by the name every process of the run agrees on.',
      question: 'Which of them can b reach from host B?',
      choices: [
        { id: 'everything', text: 'All of them: the lab runs both hosts on one real kernel anyway' },
        { id: 'named', text: 'The named ones (segment, FIFO, queue, TCP), not the pipe: a pipe has no name' },
        { id: 'network', text: 'Only the TCP connection; everything else fails' },
        { id: 'nothing', text: 'Nothing, not even TCP: the hosts are sealed off from each other' },
      ],
      answer(events) {
        const seen = outcomes(events);
        if ([...seen.values()].some((ok) => ok === undefined)) return undefined;
        const tcp = seen.get('TCP from B');
        const others = ATTEMPTS.filter((a) => a.label !== 'TCP from B').map((a) => seen.get(a.label));
        if (others.every(Boolean)) return 'everything';
        if (!tcp) return others.some(Boolean) ? undefined : 'nothing';
        if (others.every((ok) => !ok)) return 'network';
        return seen.get('pipe from B') === false && others.filter((ok) => !ok).length === 1 ? 'named' : undefined;
      },
      evidence(events) {
        return ATTEMPTS.map(({ label, what }) => {
          const end = stepEnds(events, 'b', label)[0];
          return `${what} from B: ${!end ? 'not tried' : end.errno ?? 'worked'}`;
        });
      },
      explanation: 'Each host has its own IPC namespace (System V objects, POSIX queues), its own mount namespace (FIFO paths, /dev/shm) and its own network namespace: a name made on A means nothing on B (ENOENT), and a pipe exists only in the processes that hold its ends (EBADF). The one thing that crosses is a packet on the link between them: b\'s connect to 10.0.0.1 reaches a\'s listening socket, and a receives b\'s bytes. Between machines, message passing over a network is the only choice.',
    },
  ],
};
