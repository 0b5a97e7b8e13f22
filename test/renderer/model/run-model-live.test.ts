// Issue 17, items 3 and 6: live state ends when a process ends; every signal sent gets an
// outcome, whatever order the recording holds the two processes' events in.
import { describe, expect, it } from 'vitest';
import type { RunEvent } from '../../../main/scenario/events';
import { foldEvents, isLive, runStatusWords, stateWords } from '../../../renderer/src/model/runModel';

const start = (process: string, pid: number): RunEvent => ({ t: 1, type: 'process.start', process, pid, ppid: 1 });
const end: RunEvent = { t: 99, type: 'run.end', status: 'completed', leaked: [], durationNs: 99 };

describe('live state', () => {
  it('an exited process is in no call and waits on nothing', () => {
    const model = foldEvents([
      start('a', 10),
      { t: 2, type: 'step.begin', process: 'a', pid: 10, index: [1], op: 'wait', call: 'waitpid(11, &status, 0)' },
      { t: 3, type: 'process.state', process: 'a', pid: 10, state: 'S', waitingOn: 'waiting for its child b' },
      { t: 4, type: 'process.exit', process: 'a', pid: 10, code: 0 },
    ]);
    const a = model.processes.get('a')!;
    expect([a.currentCall, a.currentOp, a.currentStep, a.waitingOn]).toEqual([undefined, undefined, undefined, undefined]);
    expect(isLive(a)).toBe(false);
  });

  it('a zombie has no current step and takes no signal', () => {
    const model = foldEvents([
      start('b', 11),
      { t: 2, type: 'step.begin', process: 'b', pid: 11, index: [0], op: 'log', call: 'write(1, "x", 1)' },
      { t: 3, type: 'process.state', process: 'b', pid: 11, state: 'Z' },
    ]);
    const b = model.processes.get('b')!;
    expect(b.currentStep).toBeUndefined();
    expect(b.currentCall).toBeUndefined();
    expect(isLive(b)).toBe(false);
    expect(stateWords(b)).toContain('zombie');
  });

  it('never says "sleeping on sleeping"', () => {
    const model = foldEvents([start('c', 12), { t: 2, type: 'process.state', process: 'c', pid: 12, state: 'S', waitingOn: 'sleeping 100 ms' }]);
    expect(stateWords(model.processes.get('c'))).toBe('sleeping 100 ms');
  });

  it('says how a run ended in words', () => {
    expect(runStatusWords('deadlock')).toBe('Run ended in a deadlock');
    expect(runStatusWords('completed')).toBe('Run completed');
    // A scenario with expectations: a crash or a deadlock it promises is not a failure.
    expect(runStatusWords('failed', true)).toBe('Run ended as expected');
    expect(runStatusWords('failed', true, true)).toBe('Run ended as expected: a process ended abnormally, as the scenario shows');
    expect(runStatusWords('deadlock', true)).toBe('Run ended in a deadlock, as expected');
    expect(runStatusWords('completed', true)).toBe('Run completed, as expected');
    expect(runStatusWords('completed', false)).toBe('Run completed, not as expected');
  });
});

describe('signal outcomes', () => {
  it('a delivery recorded before its send still resolves the send', () => {
    const model = foldEvents([
      start('r', 20), start('s', 21),
      { t: 5, type: 'signal.delivered', process: 'r', pid: 20, signal: 'SIGUSR1', disposition: 'handler' },
      { t: 4, type: 'signal.sent', from: 's', to: 'r', signal: 'SIGUSR1' },
      end,
    ]);
    expect(model.signals.map((s) => s.outcome)).toEqual(['the handler ran']);
  });

  it('a standard signal sent twice and delivered once was merged', () => {
    const model = foldEvents([
      start('r', 20),
      { t: 4, type: 'signal.sent', from: 's', to: 'r', signal: 'SIGUSR1' },
      { t: 5, type: 'signal.sent', from: 's', to: 'r', signal: 'SIGUSR1' },
      { t: 6, type: 'signal.delivered', process: 'r', pid: 20, signal: 'SIGUSR1', disposition: 'handler' },
      end,
    ]);
    expect(model.signals[0].outcome).toBe('the handler ran');
    expect(model.signals[1].outcome).toMatch(/merged/);
  });

  it('a real-time signal queued twice is delivered twice: two delivered rows with their values, in order', () => {
    // signal(7): real-time signals queue (FIFO for one signal); the engine reports each delivery.
    const sends: RunEvent[] = [
      { t: 4, type: 'signal.sent', process: 's', pid: 21, from: 's', to: 'r', signal: 'SIGRTMIN', value: 1 },
      { t: 5, type: 'signal.sent', process: 's', pid: 21, from: 's', to: 'r', signal: 'SIGRTMIN', value: 2 },
    ];
    const deliveries: RunEvent[] = [
      { t: 8, type: 'signal.delivered', process: 'r', pid: 20, signal: 'SIGRTMIN', disposition: 'handler', value: 1 },
      { t: 9, type: 'signal.delivered', process: 'r', pid: 20, signal: 'SIGRTMIN', disposition: 'handler', value: 2 },
    ];
    // Either order a recording may hold the two processes' events in.
    for (const events of [[...sends, ...deliveries], [...deliveries, ...sends]]) {
      const model = foldEvents([start('r', 20), start('s', 21), ...events, end]);
      expect(model.signals.map((s) => s.outcome)).toEqual(['the handler ran (value 1)', 'the handler ran (value 2)']);
    }
  });

  it('an exit by a signal whose delivery was reported is that delivery, not a second one', () => {
    // Two SIGTERMs: the first kills (the engine reports its delivery, then the exit); the second
    // reaches a dying process and is dropped, so only one send was delivered.
    const model = foldEvents([
      start('r', 20),
      { t: 4, type: 'signal.sent', from: 's', to: 'r', signal: 'SIGTERM' },
      { t: 4, type: 'signal.delivered', process: 'r', pid: 20, signal: 'SIGTERM', disposition: 'terminate' },
      { t: 5, type: 'signal.sent', from: 's', to: 'r', signal: 'SIGTERM' },
      { t: 6, type: 'process.exit', process: 'r', pid: 20, signal: 'SIGTERM' },
      end,
    ]);
    expect(model.signals.map((s) => s.outcome)).toEqual(['the process was terminated', expect.stringMatching(/^merged/)]);
  });

  it('an exit by a signal nobody reported delivering resolves its send', () => {
    const model = foldEvents([
      start('r', 20),
      { t: 4, type: 'signal.sent', from: 's', to: 'r', signal: 'SIGTERM' },
      { t: 6, type: 'process.exit', process: 'r', pid: 20, signal: 'SIGTERM' },
      end,
    ]);
    expect(model.signals.map((s) => s.outcome)).toEqual(['terminated by SIGTERM']);
  });

  it('every send of a real run gets the outcome its recording says: as many "handler ran" as handler runs', () => {
    // A recording's order (from the signals preset): the receiver's handler runs are read before
    // the sender's sends, and the second send was merged while the first was pending.
    const model = foldEvents([
      start('receiver', 20), start('sender', 21),
      { t: 10, type: 'signal.delivered', process: 'receiver', pid: 20, signal: 'SIGUSR1', disposition: 'handler' },
      { t: 10, type: 'handler.begin', process: 'receiver', pid: 20, signal: 'SIGUSR1' },
      { t: 11, type: 'handler.end', process: 'receiver', pid: 20, signal: 'SIGUSR1' },
      { t: 8, type: 'signal.sent', process: 'sender', pid: 21, from: 'sender', to: 'receiver', signal: 'SIGUSR1' },
      { t: 9, type: 'signal.sent', process: 'sender', pid: 21, from: 'sender', to: 'receiver', signal: 'SIGUSR1' },
      end,
    ]);
    expect(model.signals.map((s) => s.outcome)).toEqual(['the handler ran', expect.stringMatching(/^merged with the same signal already pending/)]);
  });

  it('no send is left without an outcome once the run has ended', () => {
    const model = foldEvents([start('r', 20), { t: 4, type: 'signal.sent', from: 'lab', to: 'r', signal: 'SIGUSR2' }, { t: 5, type: 'process.exit', process: 'r', pid: 20, code: 0 }, end]);
    expect(model.signals[0].outcome).toMatch(/never delivered/);
  });
});

describe('per-run bounds (issue 13)', () => {
  it('a run.limit is kept in the model and shown in the console where it happened', () => {
    const message = 'The recording reached 64 MiB, the bound of one run: later events are shown live but not recorded.';
    const model = foldEvents([
      start('a', 10),
      { t: 2, type: 'process.output', process: 'a', pid: 10, stream: 'stdout', text: 'before' },
      { t: 3, type: 'run.limit', limit: 'recording', bytes: 67_108_864, message },
      { t: 4, type: 'process.output', process: 'a', pid: 10, stream: 'stdout', text: 'after' },
    ]);
    expect(model.limits).toEqual([message]);
    expect(model.console.map((l) => [l.stream, l.text])).toEqual([['stdout', 'before'], ['notice', message], ['stdout', 'after']]);
  });
});
