// Real-time signals queue, standard ones merge (signal(7) "Real-time signals"): a receiver blocks
// a real-time signal and SIGUSR1, another process sigqueue's the real-time one twice (values 1
// then 2) and kills it with SIGUSR1 twice; once unblocked, each queued real-time signal is
// delivered on its own, in the order sent (FIFO) with its own si_value, and SIGUSR1 once.
// Caught, the lab process reports each delivery itself (its handler); ignored, the engine does
// (delivery-reports.ts), even when it reads the sends before the sigprocmask that unblocks them.
// Real processes; order and counts only.
import { afterAll, describe, expect, it } from 'vitest';
import { ofType, runToEnd, testEngine } from '../helpers';

const engine = testEngine();
afterAll(() => engine.dispose());

function twice(rt: string, rtAction: object, sleepMs = 200): unknown {
  return {
    format: 'process-lab/scenario@1', title: 'queued and merged', objects: [],
    processes: [
      { id: 'receiver', program: [
        { op: 'signal.handle', signal: rt, ...rtAction },
        { op: 'signal.handle', signal: 'SIGUSR1', action: 'handler', steps: [{ op: 'log', message: 'usr1' }] },
        { op: 'signal.mask', block: [rt, 'SIGUSR1'] },
        { op: 'spawn', process: 'sender' },
        { op: 'receive', from: { process: 'sender' } },
        ...(sleepMs > 0 ? [{ op: 'sleep', ms: sleepMs }] : []), // the engine reads the sends meanwhile, before the unblock
        { op: 'signal.mask', unblock: [rt, 'SIGUSR1'], label: 'unblock' },
        { op: 'wait', process: 'sender' },
      ] },
      { id: 'sender', parent: 'receiver', program: [
        { op: 'signal.send', to: 'receiver', signal: rt, value: 1 },
        { op: 'signal.send', to: 'receiver', signal: rt, value: 2 },
        { op: 'signal.send', to: 'receiver', signal: 'SIGUSR1' },
        { op: 'signal.send', to: 'receiver', signal: 'SIGUSR1' },
        { op: 'send', to: { process: 'receiver' }, data: 'sent' },
      ] },
    ],
  };
}

async function deliveries(rt: string, rtAction: object, sleepMs = 200) {
  const { status, events } = await runToEnd(engine, twice(rt, rtAction, sleepMs) as never);
  expect(status).toBe('completed');
  expect(ofType(events, 'signal.sent').map((e) => [e.signal, e.value])).toEqual([[rt, 1], [rt, 2], ['SIGUSR1', undefined], ['SIGUSR1', undefined]]);
  const delivered = ofType(events, 'signal.delivered').filter((e) => e.process === 'receiver');
  const unblock = ofType(events, 'step.begin').find((e) => e.process === 'receiver' && e.label === 'unblock')!;
  // Delivered within the sigprocmask that unblocked them, never before it.
  for (const e of delivered.filter((d) => d.signal !== 'SIGCHLD')) expect(e.t).toBeGreaterThanOrEqual(unblock.t);
  // The receiver's pending set (SigPnd), each event the whole set at its time, in time order,
  // emitted only when it changes: the real-time signal from its first send, SIGUSR1 added at
  // its first send, then empty once, within the unblock.
  const pending = ofType(events, 'signal.pending').filter((e) => e.process === 'receiver');
  expect(pending.map((e) => e.signals)).toEqual([[rt], ['SIGUSR1', rt], []]);
  const sent = ofType(events, 'signal.sent');
  expect(pending[0].t).toBe(sent[0].t);
  expect(pending[1].t).toBe(sent[2].t);
  expect(pending[2].t).toBeGreaterThanOrEqual(unblock.t);
  return { events, rt: delivered.filter((e) => e.signal === rt), usr1: delivered.filter((e) => e.signal === 'SIGUSR1') };
}

describe('a signal sent twice while blocked', () => {
  it('caught: SIGRTMIN runs its handler twice, values 1 then 2; SIGUSR1 once', async () => {
    const { events, rt, usr1 } = await deliveries('SIGRTMIN', { action: 'handler', steps: [{ op: 'log', message: 'rt' }] });
    expect(rt.map((e) => [e.disposition, e.value])).toEqual([['handler', 1], ['handler', 2]]);
    expect(usr1.map((e) => e.disposition)).toEqual(['handler']);
    // The process's own events agree: one handler run per delivery, each begun after its delivery.
    const runs = events.flatMap((e) => (e.type === 'signal.delivered' || e.type === 'handler.begin' || e.type === 'handler.end') && e.process === 'receiver' && e.signal !== 'SIGCHLD'
      ? [`${e.type} ${e.signal}${e.type === 'signal.delivered' && e.value !== undefined ? ` ${e.value}` : ''}`] : []);
    expect(runs).toEqual([
      'signal.delivered SIGRTMIN 1', 'handler.begin SIGRTMIN', 'handler.end SIGRTMIN',
      'signal.delivered SIGRTMIN 2', 'handler.begin SIGRTMIN', 'handler.end SIGRTMIN',
      'signal.delivered SIGUSR1', 'handler.begin SIGUSR1', 'handler.end SIGUSR1',
    ]);
  });

  it('ignored: SIGRTMIN+1 is delivered (and ignored) twice, values 1 then 2; SIGUSR1 once', async () => {
    const { rt, usr1 } = await deliveries('SIGRTMIN+1', { action: 'ignore' });
    expect(rt.map((e) => [e.disposition, e.value])).toEqual([['ignored', 1], ['ignored', 2]]);
    expect(usr1.map((e) => e.disposition)).toEqual(['handler']);
  });

  it('ignored, unblocked at once (the engine may read the sends after the unblock): the same pending sets', async () => {
    const { rt, usr1 } = await deliveries('SIGRTMIN+1', { action: 'ignore' }, 0);
    expect(rt.map((e) => [e.disposition, e.value])).toEqual([['ignored', 1], ['ignored', 2]]);
    expect(usr1.map((e) => e.disposition)).toEqual(['handler']);
  });
});
