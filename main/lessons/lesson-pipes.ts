/** Pipes: the two ends, end-of-file, two pipes for two directions, FIFOs, a full pipe. */
import { countOf } from '../contract/units';
import { PIPES_ARE_FILES } from './connections';
import { bytesOf, count, dataOf, firstEnd, lastEnd, ofType, runEnd, stepBegins, stepEnds, type Events } from './query';
import type { Lesson } from './types';

const bytesWords = (bytes: number | undefined) => (bytes === undefined ? '? bytes' : countOf(bytes, 'byte'));

/** The [read, write] descriptors pipe2 returned, from the pipe.create step's result. */
function pipeFds(events: Events, process: string): [number, number] | undefined {
  const fds = stepEnds(events, process).find((e) => e.op === 'pipe.create')?.result?.fds;
  return Array.isArray(fds) && fds.length === 2 ? [Number(fds[0]), Number(fds[1])] : undefined;
}

/** Descriptors a process closed, from its close steps' results. */
const closedFds = (events: Events, process: string) =>
  stepEnds(events, process).filter((e) => e.op === 'close' && typeof e.result?.fd === 'number').map((e) => e.result!.fd as number);

export const pipesLesson: Lesson = {
  id: 'pipes',
  title: 'Pipes and FIFOs',
  summary: 'pipe(fd) gives two descriptors: fd[0] to read, fd[1] to write. A pipe carries bytes one way, has no name, and reaches a child through fork; each process closes the end it does not use. A FIFO is a pipe with a name in the file system, for unrelated processes.',
  steps: [
    {
      id: 'pipe-fd0',
      presetId: 'parent-child-pipe',
      watch: 'The parent calls pipe(fd), starts the child, closes one end and writes; the child closes the other end and reads. Note which descriptor numbers pipe2 returned.',
      question: 'Which end of the pipe does the reading child keep: fd[0] or fd[1]?',
      choices: [
        { id: 'fd0', text: 'fd[0], the first descriptor pipe() returns' },
        { id: 'fd1', text: 'fd[1], the second descriptor pipe() returns' },
      ],
      answer(events) {
        const fds = pipeFds(events, 'parent');
        const closed = closedFds(events, 'child');
        if (!fds || closed.length === 0) return undefined;
        const kept = fds.filter((fd) => !closed.includes(fd));
        if (kept.length !== 1) return undefined;
        return kept[0] === fds[0] ? 'fd0' : 'fd1';
      },
      evidence(events) {
        const fds = pipeFds(events, 'parent');
        return [
          fds ? `pipe2 returned fd[0] = ${fds[0]}, fd[1] = ${fds[1]}` : 'no pipe2 result',
          `the child closed descriptor ${closedFds(events, 'child').join(', ') || 'none'} and read with: ${stepBegins(events, 'child').find((b) => b.op === 'read')?.call ?? '?'}`,
          `the parent closed descriptor ${closedFds(events, 'parent')[0] ?? '?'} and wrote with: ${stepBegins(events, 'parent').find((b) => b.op === 'write')?.call ?? '?'}`,
        ];
      },
      explanation: 'fd[0] is the read end and fd[1] the write end (think of 0 as standard input, 1 as standard output). The reader closes fd[1], the writer closes fd[0].',
      connection: PIPES_ARE_FILES,
    },
    {
      id: 'pipe-eof',
      presetId: 'parent-child-pipe',
      watch: 'The child reads twice. Between the two reads the parent closes its write end.',
      question: 'What does the reader\'s second read return?',
      choices: [
        { id: 'eof', text: '0 bytes: end of file' },
        { id: 'again', text: 'The same message again' },
        { id: 'blocks', text: 'Nothing: it waits forever' },
        { id: 'error', text: 'An error, EPIPE' },
      ],
      answer(events) {
        const end = firstEnd(events, 'child', 'read EOF');
        if (!end) return runEnd(events)?.status === 'deadlock' ? 'blocks' : undefined;
        if (end.errno) return 'error';
        return bytesOf(end) === 0 ? 'eof' : 'again';
      },
      evidence: (events) => stepEnds(events, 'child').filter((e) => e.op === 'read').map((e) => `read returned ${bytesWords(bytesOf(e))}${bytesOf(e) ? `: "${dataOf(e)}"` : ''}`),
      explanation: 'read returns 0, end of file, once every write end in every process is closed and the pipe is empty. The child closed its inherited write end, the parent closed its own: EOF.',
    },
    {
      id: 'pipe-no-eof',
      presetId: 'pipe-no-eof',
      watch: 'The same pipe, but the child forgets to close the write end it inherited.',
      question: 'The parent has closed its write end and exited. What does the child\'s second read do?',
      choices: [
        { id: 'eof', text: 'Returns 0 bytes: end of file' },
        { id: 'blocks', text: 'Waits forever: a write end is still open, its own' },
        { id: 'error', text: 'Fails with EPIPE' },
      ],
      answer(events) {
        const status = runEnd(events)?.status;
        if (status === undefined) return undefined;
        if (status === 'deadlock') return 'blocks';
        const reads = stepEnds(events, 'child').filter((e) => e.op === 'read');
        return reads.some((e) => e.errno) ? 'error' : 'eof';
      },
      evidence: (events) => [`run ended: ${runEnd(events)?.status ?? '?'}`, ...ofType(events, 'deadlock').flatMap((d) => d.processes.map((p) => p.why))],
      explanation: 'The kernel cannot know the child will never write: its own write end keeps the pipe open. Close the ends you do not use, right after fork.',
    },
    {
      id: 'pipe-two',
      presetId: 'two-pipes',
      watch: 'Parent and child hold a conversation: ping down, pong up. Count the pipes and the descriptors each process closes.',
      question: 'How many pipes does a two-way conversation between parent and child use?',
      choices: [
        { id: 'one', text: 'One: both processes read and write the same pipe' },
        { id: 'two', text: 'Two: one for each direction' },
      ],
      answer(events) {
        const pipes = count(events, 'object.created', (e) => e.kind === 'pipe');
        if (pipes === 0) return undefined;
        return pipes >= 2 ? 'two' : 'one';
      },
      evidence: (events) => [
        `pipes created: ${ofType(events, 'object.created').filter((e) => e.kind === 'pipe').map((e) => `${e.object} [${e.fds?.join(', ')}]`).join(', ')}`,
        `child read "${dataOf(firstEnd(events, 'child', 'read ping')) ?? '?'}", parent read "${dataOf(firstEnd(events, 'parent', 'read pong')) ?? '?'}"`,
      ],
      explanation: 'An ordinary pipe is half-duplex: with one pipe, a process could read back its own message. Two pipes, each process closing the two ends it does not use, give one clean channel per direction (a socketpair is the full-duplex alternative).',
    },
    {
      id: 'pipe-fifo',
      presetId: 'fifo-unrelated',
      watch: 'Writer and reader are unrelated (no fork between them), so they meet at a FIFO: both call mkfifo on the same path.',
      question: 'Both processes call mkfifo for the same name. What happens?',
      choices: [
        { id: 'both', text: 'Both succeed and get two different FIFOs' },
        { id: 'one-eexist', text: 'The second one fails with EEXIST; both then open the same FIFO' },
        { id: 'both-fail', text: 'Both fail: a FIFO needs a parent' },
      ],
      answer(events) {
        const creates = stepEnds(events, 'writer').concat(stepEnds(events, 'reader')).filter((e) => e.op === 'fifo.create');
        if (creates.length < 2) return undefined;
        const failed = creates.filter((e) => e.errno === 'EEXIST').length;
        return failed === 0 ? 'both' : failed === 1 ? 'one-eexist' : 'both-fail';
      },
      evidence: (events) => ofType(events, 'step.end').filter((e) => e.op === 'fifo.create').map((e) => `${e.process}: mkfifo ${e.errno ?? 'succeeded'}`)
        .concat(stepEnds(events, 'reader', 'read').map((e) => `reader got "${dataOf(e)}"`)),
      explanation: 'A FIFO (named pipe) lives in the file system, so unrelated processes find it by its path, the way they would agree on a file. Once open it behaves like a pipe, and it stays until unlinked.',
      connection: PIPES_ARE_FILES,
    },
    {
      id: 'pipe-full',
      presetId: 'full-pipe-blocks-writer',
      watch: 'The pipe holds 4096 bytes; the writer writes 40 chunks of 128 bytes while the reader sleeps 800 ms.',
      question: 'What happens to the writer when the pipe is full?',
      choices: [
        { id: 'blocks', text: 'Its write blocks until the reader makes room' },
        { id: 'eagain', text: 'Its write fails with EAGAIN' },
        { id: 'lost', text: 'The extra bytes are lost' },
      ],
      answer(events) {
        const writes = stepEnds(events, 'writer', 'write 128 bytes');
        const last = lastEnd(events, 'reader', 'read');
        if (writes.length === 0 || !last) return undefined;
        if (writes.some((e) => e.errno === 'EAGAIN')) return 'eagain';
        return Math.max(...writes.map((e) => e.durationNs)) >= 300e6 ? 'blocks' : 'lost';
      },
      evidence(events) {
        const writes = stepEnds(events, 'writer', 'write 128 bytes');
        const longest = writes.length ? Math.max(...writes.map((e) => e.durationNs)) : 0;
        return [`${countOf(writes.length, 'write')}, the longest took ${(longest / 1e6).toFixed(0)} ms`,
          `reader's first read returned ${bytesWords(bytesOf(firstEnd(events, 'reader', 'read')))}`];
      },
      explanation: 'A pipe is a bounded buffer in the kernel: the writer sleeps while it is full, the reader while it is empty. That is flow control for free.',
    },
  ],
};
