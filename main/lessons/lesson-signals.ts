/** Signals: handlers, the uncatchable two, fault handlers, stop/continue, EINTR, no data. */
import { countOf } from '../contract/units';
import { count, exitOf, firstEnd, ofType, statesOf, stepEnds, type Events } from './query';
import type { Lesson } from './types';

const handlerRuns = (events: Events, process: string, signal: string) =>
  count(events, 'handler.begin', (e) => e.process === process && e.signal === signal);

function describeExit(events: Events, process: string): string {
  const exit = exitOf(events, process);
  if (!exit) return `${process} did not exit`;
  return exit.signal ? `${process} was killed by ${exit.signal}` : `${process} exited with status ${exit.code}`;
}

export const signalsLesson: Lesson = {
  id: 'signals',
  title: 'Signals',
  summary: 'A signal is an asynchronous notification: the kernel interrupts the process and runs its handler, or the default action (terminate, core dump, stop, continue, ignore). A handler may call only async-signal-safe functions. A signal carries no data beyond its number.',
  steps: [
    {
      id: 'sig-uncatchable',
      presetId: 'uncatchable-signals',
      watch: 'The victim asks sigaction for a SIGKILL handler and to ignore SIGSTOP, then the killer sends SIGKILL.',
      question: 'Which of the victim\'s two sigaction calls succeed?',
      choices: [
        { id: 'both', text: 'Both: any signal can be caught or ignored' },
        { id: 'kill-only', text: 'Only the SIGKILL handler' },
        { id: 'stop-only', text: 'Only ignoring SIGSTOP' },
        { id: 'neither', text: 'Neither: both fail with EINVAL' },
      ],
      answer(events) {
        const kill = firstEnd(events, 'victim', 'catch SIGKILL');
        const stop = firstEnd(events, 'victim', 'ignore SIGSTOP');
        if (!kill || !stop) return undefined;
        if (kill.errno && stop.errno) return 'neither';
        if (!kill.errno && !stop.errno) return 'both';
        return kill.errno ? 'stop-only' : 'kill-only';
      },
      evidence: (events) => [
        ...['catch SIGKILL', 'ignore SIGSTOP'].flatMap((label) => stepEnds(events, 'victim', label).map((e) => `${label}: ${e.errno ?? 'succeeded'}`)),
        `handler runs in the victim: ${count(events, 'handler.begin', (e) => e.process === 'victim')}`,
        describeExit(events, 'victim'),
      ],
      explanation: 'SIGKILL and SIGSTOP can be neither caught, blocked nor ignored: sigaction fails with EINVAL. So the administrator (or the shell) can always kill or stop a process, whatever it does.',
    },
    {
      id: 'sig-segv',
      presetId: 'sigsegv-handler',
      watch: 'The crasher installs a SIGSEGV handler that writes a message and calls _exit(3), then writes through a NULL pointer.',
      question: 'How does the crasher end?',
      choices: [
        { id: 'killed', text: 'Killed by SIGSEGV with a core dump: a fault cannot be handled' },
        { id: 'handler', text: 'Its handler runs and it exits with status 3' },
        { id: 'continues', text: 'The handler runs and the program carries on after the faulting line' },
      ],
      answer(events) {
        const exit = exitOf(events, 'crasher');
        if (!exit) return undefined;
        if (exit.signal) return 'killed';
        return handlerRuns(events, 'crasher', 'SIGSEGV') > 0 && exit.code === 3 ? 'handler' : 'continues';
      },
      evidence: (events) => [
        ...ofType(events, 'signal.delivered').filter((e) => e.process === 'crasher').map((e) => `${e.signal} delivered, disposition ${e.disposition}`),
        ...ofType(events, 'process.output').filter((e) => e.process === 'crasher').map((e) => `console: ${e.text.trim()}`),
        describeExit(events, 'crasher'),
      ],
      explanation: 'The SIGSEGV handler runs instead of the default action. It must not return (the faulting store would run again) and may only use async-signal-safe calls such as write and _exit, not printf or malloc.',
    },
    {
      id: 'sig-no-data',
      presetId: 'signals-carry-no-data',
      watch: 'The sender sends SIGUSR1 twice in a row. Count the handler runs in the receiver.',
      question: 'How many times does the receiver\'s SIGUSR1 handler run?',
      choices: [
        { id: 'once', text: 'Once: the two signals merged into one pending signal' },
        { id: 'twice', text: 'Twice, once for each kill()' },
        { id: 'none', text: 'Never: the second signal cancels the first' },
      ],
      answer(events) {
        if (count(events, 'signal.sent', (e) => e.to === 'receiver') < 2) return undefined;
        const runs = handlerRuns(events, 'receiver', 'SIGUSR1');
        return runs === 0 ? 'none' : runs === 1 ? 'once' : 'twice';
      },
      evidence: (events) => [
        `SIGUSR1 sent ${countOf(count(events, 'signal.sent', (e) => e.to === 'receiver'), 'time')}, the handler ran ${countOf(handlerRuns(events, 'receiver', 'SIGUSR1'), 'time')}`,
        'the handler.begin events carry only the signal name: nothing tells the two apart',
      ],
      explanation: 'Both outcomes happen: a standard signal is a pending bit, so a second SIGUSR1 sent before the first is delivered is merged. Either way the handler learns only the number: not who sent it, nor why. To pass data, use a pipe, a queue or shared memory.',
    },
    {
      id: 'sig-value',
      presetId: 'sigqueue-value',
      watch: 'The sender sends SIGUSR1 with kill(), then SIGRTMIN+1 twice with sigqueue(), carrying 1 and then 2. Look at what each signal.delivered event in the receiver shows.',
      question: 'What does the receiver get from the two sigqueue() calls?',
      choices: [
        { id: 'both', text: 'Both signals, with the values 1 and 2, in that order' },
        { id: 'merged', text: 'One signal: the second merges into the first, as with SIGUSR1' },
        { id: 'nothing', text: 'The signals, but no value: signals never carry data' },
      ],
      answer(events) {
        if (count(events, 'signal.sent', (e) => e.to === 'receiver' && e.signal === 'SIGRTMIN+1') < 2) return undefined;
        const delivered = ofType(events, 'signal.delivered').filter((e) => e.process === 'receiver' && e.signal === 'SIGRTMIN+1');
        if (delivered.length < 2) return 'merged';
        return delivered.every((e) => e.value === undefined) ? 'nothing' : delivered.map((e) => e.value).join(',') === '1,2' ? 'both' : undefined;
      },
      evidence: (events) => ofType(events, 'signal.delivered').filter((e) => e.process === 'receiver')
        .map((e) => `${e.signal} delivered${e.value !== undefined ? ` with value ${e.value}` : ', no value'}`),
      explanation: 'Real-time signals (SIGRTMIN..SIGRTMAX) are queued, not merged, and delivered in order; sigqueue(3) attaches one integer to each, which an SA_SIGINFO handler reads in si_value. That is the only data a signal can carry: a kill() signal has its number and nothing more.',
    },
    {
      id: 'sig-stop',
      presetId: 'sigstop-sigcont',
      watch: 'The worker prints a tick every 100 ms; the controller sends SIGSTOP, waits 600 ms, then SIGCONT.',
      question: 'What is the worker\'s state between SIGSTOP and SIGCONT?',
      choices: [
        { id: 'T', text: 'T, stopped: it resumes where it was on SIGCONT' },
        { id: 'Z', text: 'Z: SIGSTOP ended it' },
        { id: 'S', text: 'S: it is only sleeping between ticks' },
      ],
      answer(events) {
        const states = statesOf(events, 'worker');
        if (states.length === 0) return undefined;
        if (states.includes('T')) return 'T';
        return exitOf(events, 'worker')?.signal ? 'Z' : 'S';
      },
      evidence: (events) => [`worker's states: ${statesOf(events, 'worker').join(' → ')}`, describeExit(events, 'worker')],
      explanation: 'SIGSTOP suspends a process without ending it, SIGCONT resumes it: the shell\'s job control (Ctrl-Z sends SIGTSTP) is built on these.',
    },
    {
      id: 'sig-eintr',
      presetId: 'eintr-vs-sa-restart',
      watch: 'The reader blocks in read on an empty pipe; the kicker sends SIGUSR1. The first handler is installed without SA_RESTART.',
      question: 'After the handler runs, what does the interrupted read (without SA_RESTART) return?',
      choices: [
        { id: 'eintr', text: 'It fails with EINTR' },
        { id: 'waits', text: 'It goes on waiting for data' },
        { id: 'eof', text: 'It returns 0: end of file' },
      ],
      answer(events) {
        const end = firstEnd(events, 'reader', 'read without SA_RESTART');
        if (!end) return undefined;
        if (end.errno === 'EINTR') return 'eintr';
        return end.result?.bytes === 0 ? 'eof' : 'waits';
      },
      evidence: (events) => ['read without SA_RESTART', 'read with SA_RESTART'].flatMap((label) =>
        stepEnds(events, 'reader', label).map((e) => `${label}: ${e.errno ?? JSON.stringify(e.result)}`)),
      explanation: 'A handled signal interrupts a slow system call, which fails with EINTR unless the handler was installed with SA_RESTART: then the kernel restarts it, as the second read shows.',
    },
    {
      id: 'sig-pipe',
      presetId: 'sigpipe',
      watch: 'The writer writes to a pipe whose only read end it closed. The careful process does the same after ignoring SIGPIPE.',
      question: 'What happens to the writer (which did not ignore SIGPIPE)?',
      choices: [
        { id: 'killed', text: 'SIGPIPE kills it' },
        { id: 'epipe', text: 'Its write fails with EPIPE and it goes on' },
        { id: 'blocks', text: 'Its write blocks until a reader appears' },
      ],
      answer(events) {
        const exit = exitOf(events, 'writer');
        if (!exit) return undefined;
        if (exit.signal === 'SIGPIPE') return 'killed';
        return stepEnds(events, 'writer').some((e) => e.errno === 'EPIPE') ? 'epipe' : 'blocks';
      },
      evidence: (events) => [describeExit(events, 'writer'), ...stepEnds(events, 'careful', 'write').map((e) => `careful's write: ${e.errno ?? 'succeeded'}`)],
      explanation: 'Writing to a pipe with no reader raises SIGPIPE, whose default action terminates. A program that wants to handle the error itself ignores SIGPIPE and checks for EPIPE.',
    },
  ],
};
