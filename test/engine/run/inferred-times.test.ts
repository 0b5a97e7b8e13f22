// Events the engine infers (rather than reads from a lab process's ring) are stamped with the
// time of their cause, never with the time the engine got round to emitting them: an ignored
// SIGPIPE with the failed write (pipe(7): the kernel sends it within the write), an ignored or
// default-action kill with its send, a discarded SIGCHLD with its child's end, the lab's own send
// with its delivery, a breakpoint with the process's arrival at its gate. Real processes; only
// the order and equality of timestamps are asserted, never a duration.
import { describe, expect, it } from 'vitest';
import type { RunEvent } from '../../../main/scenario/events';
import { fileEngine } from '../../helpers/file-engine';
import { ofType, runToEnd, scenario } from '../helpers';
import { until } from '../../helpers/until';

const engine = fileEngine();

const delivered = (events: RunEvent[], process: string, signal: string) => ofType(events, 'signal.delivered').filter((e) => e.process === process && e.signal === signal);

describe('inferred events carry the time of their cause', () => {
  it('SIGPIPE ignored: delivered at the failed write\'s end, before anything the writer did next', async () => {
    const outcome = await runToEnd(engine, scenario([{ id: 'w', program: [
      { op: 'signal.handle', signal: 'SIGPIPE', action: 'ignore' },
      { op: 'pipe.create', object: 'p' },
      { op: 'close', object: 'p', end: 'read' },
      { op: 'write', object: 'p', data: 'nobody reads this', onError: 'continue', label: 'no reader' },
      { op: 'sleep', ms: 100 }, // the engine reads the write's end long before this ends
      { op: 'log', message: 'after' },
    ] }], [{ id: 'p', kind: 'pipe' }]));
    expect(outcome.status).toBe('completed');
    const write = ofType(outcome.events, 'step.end').find((e) => e.label === 'no reader')!;
    expect(write.errno).toBe('EPIPE');
    const [sigpipe] = delivered(outcome.events, 'w', 'SIGPIPE');
    expect(sigpipe).toMatchObject({ disposition: 'ignored' });
    expect(sigpipe.t).toBe(write.t);
    // Before the write's end in the log (the kernel sent it before write returned), and earlier
    // than every later event of the writer.
    expect(outcome.events.indexOf(sigpipe)).toBeLessThan(outcome.events.indexOf(write));
    const later = outcome.events.filter((e) => 'process' in e && e.process === 'w' && outcome.events.indexOf(e) > outcome.events.indexOf(write) && e.type !== 'process.cpu' && e.type !== 'process.state');
    expect(later.length).toBeGreaterThan(0);
    for (const e of later) expect(e.t, e.type).toBeGreaterThanOrEqual(sigpipe.t);
    const next = ofType(outcome.events, 'step.begin').find((e) => e.process === 'w' && e.op === 'sleep')!;
    expect(sigpipe.t).toBeLessThan(next.t);
  });

  it('a kill ignored, a kill that terminates, the SIGCHLD a parent discards: each at its cause\'s time', async () => {
    const outcome = await runToEnd(engine, scenario([
      { id: 'a', program: [
        { op: 'spawn', process: 'b' },
        { op: 'receive', from: { process: 'b' } },
        { op: 'signal.send', to: 'b', signal: 'SIGUSR1', label: 'ignored' },
        { op: 'signal.send', to: 'b', signal: 'SIGTERM', label: 'fatal' },
        { op: 'wait', process: 'b', label: 'reap' },
      ] },
      { id: 'b', parent: 'a', program: [
        { op: 'signal.handle', signal: 'SIGUSR1', action: 'ignore' },
        { op: 'send', to: { process: 'a' }, data: 'ready' },
        { op: 'signal.pause' },
      ] },
    ]));
    expect(outcome.status).toBe('failed'); // b killed by SIGTERM
    const sent = ofType(outcome.events, 'signal.sent');
    const usr1 = delivered(outcome.events, 'b', 'SIGUSR1');
    expect(usr1).toHaveLength(1);
    expect(usr1[0]).toMatchObject({ disposition: 'ignored' });
    expect(usr1[0].t).toBe(sent.find((e) => e.signal === 'SIGUSR1')!.t);
    const term = delivered(outcome.events, 'b', 'SIGTERM');
    expect(term).toHaveLength(1);
    expect(term[0]).toMatchObject({ disposition: 'terminate' });
    expect(term[0].t).toBe(sent.find((e) => e.signal === 'SIGTERM')!.t);
    const exit = ofType(outcome.events, 'process.exit').find((e) => e.process === 'b')!;
    expect(exit.signal).toBe('SIGTERM');
    expect(term[0].t).toBeLessThanOrEqual(exit.t);
    const sigchld = delivered(outcome.events, 'a', 'SIGCHLD');
    expect(sigchld).toHaveLength(1);
    expect(sigchld[0]).toMatchObject({ disposition: 'ignored' });
    expect(sigchld[0].t).toBe(exit.t);
  });

  it('the lab\'s own send and what the kernel did with it share one time', async () => {
    const run = engine.manager.start(scenario([{ id: 'a', program: [
      { op: 'signal.handle', signal: 'SIGUSR2', action: 'ignore' },
      { op: 'log', message: 'ready' },
      { op: 'sleep', ms: 5000 },
    ] }]));
    await until(() => run.events.some((e) => e.type === 'step.begin' && e.op === 'sleep'), 'a to sleep');
    run.signal('a', 'SIGUSR2');
    run.signal('a', 'SIGKILL');
    await run.finished;
    const sent = ofType(run.events, 'signal.sent');
    for (const signal of ['SIGUSR2', 'SIGKILL']) {
      const [delivery] = delivered(run.events, 'a', signal);
      expect(delivery, signal).toBeDefined();
      expect(delivery.t, signal).toBe(sent.find((e) => e.signal === signal)!.t);
    }
  });

  it('a breakpoint is hit when the process comes to its gate', async () => {
    const run = engine.manager.start(scenario([{ id: 'a', program: [{ op: 'log', message: 'one' }, { op: 'log', message: 'two' }] }]), undefined, undefined, { breakpoints: [{ process: 'a', index: [1] }] });
    await until(() => ofType(run.events, 'breakpoint.hit').length > 0, 'the breakpoint');
    run.step('a');
    expect(await run.finished).toBe('completed');
    const hit = ofType(run.events, 'breakpoint.hit')[0];
    const wait = ofType(run.events, 'gate.wait').find((e) => e.process === 'a' && e.index[0] === 1)!;
    expect(hit.t).toBe(wait.t);
  });
});
