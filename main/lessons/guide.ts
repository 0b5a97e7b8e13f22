/**
 * The lecture's decision flowchart: four yes/no questions lead to one of four mechanisms.
 * `walk` follows the answers given so far; answers off the resulting path are ignored, so
 * changing an earlier answer simply takes another branch.
 */
import { PIPES_ARE_FILES, SEMAPHORES_PROTECT_SHM } from './connections';
import type { Connection } from './types';

export type Answer = 'yes' | 'no';
export type QuestionId = 'same-machine' | 'throughput' | 'parent-child' | 'notification';
export type RecommendationId = 'message-passing' | 'shared-memory' | 'pipes' | 'signals';
export type NodeId = QuestionId | RecommendationId;

export interface GuideQuestion {
  id: QuestionId;
  text: string;
  /** What the question means, for a student unsure how to answer. */
  hint: string;
  next: Record<Answer, NodeId>;
  /** Why the branch leads where it does, shown once taken. */
  because: Partial<Record<Answer, string>>;
  /** Presets that run a branch's claim (the two-host run for "not the same machine"). */
  presets?: Partial<Record<Answer, string[]>>;
}

export interface Recommendation {
  id: RecommendationId;
  mechanism: string;
  why: string;
  tradeoffs: { speed: string; portability: string; synchronisation: string };
  /** Presets that show the mechanism at work; the first opens by default. */
  presets: string[];
  connection?: Connection;
}

const START: QuestionId = 'same-machine';

export const QUESTIONS: Record<QuestionId, GuideQuestion> = {
  'same-machine': {
    id: 'same-machine',
    text: 'Do the processes run on the same machine?',
    hint: 'Shared memory, pipes and signals need one kernel; across machines only messages travel.',
    next: { yes: 'throughput', no: 'message-passing' },
    because: { no: 'Across machines there is no shared kernel: messages over the network (sockets, TCP) are the only way. The two-host preset runs it: on a second host, the shared memory, FIFO, queue and pipe of the first do not exist.' },
    presets: { no: ['two-hosts'] },
  },
  throughput: {
    id: 'throughput',
    text: 'Do they exchange large amounts of data at high throughput?',
    hint: 'Megabytes per second, video frames, big arrays: the cost of copying starts to matter.',
    next: { yes: 'shared-memory', no: 'parent-child' },
    because: { yes: 'For large data the copy through the kernel dominates: shared memory avoids it.' },
  },
  'parent-child': {
    id: 'parent-child',
    text: 'Are they parent and child (related by fork)?',
    hint: 'A child inherits its parent\'s open descriptors, and so an unnamed pipe.',
    next: { yes: 'pipes', no: 'notification' },
    because: { yes: 'A pipe created before fork is shared by inheritance: no name needed. (Unrelated processes can use a FIFO, a pipe with a name.)' },
  },
  notification: {
    id: 'notification',
    text: 'Is a bare notification enough, with no data to carry?',
    hint: '"Reload your configuration", "stop", "a child ended": an event, not a message.',
    next: { yes: 'signals', no: 'message-passing' },
    because: {
      yes: 'A signal is the lightest notification, and carries nothing but its number.',
      no: 'Unrelated processes exchanging moderate amounts of data: a mailbox (message queue) both can name.',
    },
  },
};

export const RECOMMENDATIONS: Record<RecommendationId, Recommendation> = {
  'message-passing': {
    id: 'message-passing',
    mechanism: 'Message passing',
    why: 'The kernel carries each message and synchronises the two sides: a receive waits for a message. It works between unrelated processes (a mailbox both can name) and, with sockets, between machines.',
    tradeoffs: {
      speed: 'Moderate: a system call and a copy through the kernel per message.',
      portability: 'High: POSIX and System V queues on one machine, sockets everywhere.',
      synchronisation: 'Built in: blocking send and receive.',
    },
    presets: ['indirect-mailbox', 'direct-messages'],
  },
  'shared-memory': {
    id: 'shared-memory',
    mechanism: 'Shared memory (with a semaphore)',
    why: 'After shmget and shmat, data moves by plain loads and stores: no system call, no copy through the kernel. The fastest IPC for large data, but every access to shared data must be synchronised.',
    tradeoffs: {
      speed: 'Fastest: memory speed once attached.',
      portability: 'Same machine only; System V or POSIX APIs.',
      synchronisation: 'None: add a semaphore, or atomics.',
    },
    presets: ['master-slave', 'shared-counter-semaphore'],
    connection: SEMAPHORES_PROTECT_SHM,
  },
  pipes: {
    id: 'pipes',
    mechanism: 'A pipe',
    why: 'A byte stream from one process to the other, through read and write on descriptors the child inherits. Simple, ordered, with flow control (the writer waits when full).',
    tradeoffs: {
      speed: 'Moderate: a copy through the kernel each way.',
      portability: 'Every Unix; one direction per pipe (two for a conversation).',
      synchronisation: 'Built in: read waits for data, write waits for room.',
    },
    presets: ['parent-child-pipe', 'fifo-unrelated'],
    connection: PIPES_ARE_FILES,
  },
  signals: {
    id: 'signals',
    mechanism: 'A signal',
    why: 'An asynchronous notification: the kernel interrupts the receiver and runs its handler. Nothing travels but the signal\'s number.',
    tradeoffs: {
      speed: 'Fast to send, but carries no data.',
      portability: 'Every Unix; handlers must be async-signal-safe.',
      synchronisation: 'Asynchronous: the handler may interrupt anything.',
    },
    presets: ['signals-carry-no-data', 'sigstop-sigcont'],
  },
};

export function isQuestion(id: NodeId): id is QuestionId {
  return id in QUESTIONS;
}

export interface GuideWalk {
  /** Nodes from the start to the current one, in order. */
  path: NodeId[];
  /** The answer taken at each question on the path. */
  taken: Array<{ question: QuestionId; answer: Answer }>;
  /** The question waiting for an answer, or undefined once a recommendation is reached. */
  current?: QuestionId;
  recommendation?: Recommendation;
  /** The "because" of the last branch that explains the recommendation. */
  because?: string;
}

export function walk(answers: Partial<Record<QuestionId, Answer>>): GuideWalk {
  const path: NodeId[] = [START];
  const taken: GuideWalk['taken'] = [];
  let node: NodeId = START;
  let because: string | undefined;
  while (isQuestion(node)) {
    const answer: Answer | undefined = answers[node];
    if (answer === undefined) return { path, taken, current: node };
    taken.push({ question: node, answer });
    because = QUESTIONS[node].because[answer];
    node = QUESTIONS[node].next[answer];
    path.push(node);
  }
  return { path, taken, recommendation: RECOMMENDATIONS[node], because };
}

/** Edge ids of the flowchart, `${from}-${answer}`, so the view can light the path. */
export function edgesOf(): Array<{ id: string; from: QuestionId; to: NodeId; answer: Answer }> {
  return (Object.values(QUESTIONS) as GuideQuestion[]).flatMap((q) =>
    (['yes', 'no'] as const).map((answer) => ({ id: `${q.id}-${answer}`, from: q.id, to: q.next[answer], answer })));
}

/** Drops answers to questions no longer on the path, after one was changed. */
export function prune(answers: Partial<Record<QuestionId, Answer>>): Partial<Record<QuestionId, Answer>> {
  const onPath = new Set(walk(answers).taken.map((t) => t.question));
  return Object.fromEntries(Object.entries(answers).filter(([id]) => onPath.has(id as QuestionId))) as Partial<Record<QuestionId, Answer>>;
}
