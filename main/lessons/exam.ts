/** The lecture's mock exam questions, each answered by experiments in the lessons. */
export interface ExamQuestion {
  id: string;
  question: string;
  /** The short answer the lecture expects. */
  answer: string;
  /** Lesson step ids (lessons.ts) whose run answers it. */
  steps: string[];
}

export const EXAM_QUESTIONS: readonly ExamQuestion[] = [
  {
    id: 'shm-os-involvement',
    question: 'How much is the operating system involved in communication through shared memory?',
    answer: 'Only to set it up and tear it down: shmget, shmat, shmdt and shmctl are system calls; reads and writes are plain memory accesses.',
    steps: ['shm-syscalls'],
  },
  {
    id: 'shm-why-fastest',
    question: 'Why is shared memory faster than message passing?',
    answer: 'No copy through the kernel and no system call per exchange: the reader loads what the writer stored.',
    steps: ['shm-no-copy', 'shm-syscalls'],
  },
  {
    id: 'direct-vs-indirect',
    question: 'What is the difference between direct and indirect naming in message passing?',
    answer: 'Direct: processes name each other, one link per pair. Indirect: they name a mailbox, which any number of processes may share and which has its own lifetime.',
    steps: ['msg-direct', 'msg-indirect'],
  },
  {
    id: 'pipe-fd0',
    question: 'After pipe(fd), which end is fd[0]?',
    answer: 'The read end; fd[1] is the write end.',
    steps: ['pipe-fd0'],
  },
  {
    id: 'two-pipes',
    question: 'How do a parent and a child talk in both directions over pipes?',
    answer: 'With two pipes, one per direction, each process closing the ends it does not use: an ordinary pipe is half-duplex.',
    steps: ['pipe-two'],
  },
  {
    id: 'uncatchable-signals',
    question: 'Which signals cannot be caught or ignored?',
    answer: 'SIGKILL and SIGSTOP: sigaction fails with EINVAL.',
    steps: ['sig-uncatchable'],
  },
];

/** The exam questions a lesson step answers. */
export function examQuestionsFor(stepId: string): ExamQuestion[] {
  return EXAM_QUESTIONS.filter((q) => q.steps.includes(stepId));
}
