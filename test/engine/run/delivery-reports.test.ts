// kill(-pgid, sig) reaches every process of the group (kill(2)), and each shows what it did with
// it: ignored, handled, killed by the default action, or held pending while blocked and delivered
// when unblocked. Each outcome is judged from what the receiver had set up at the send's time,
// never from /proc when the engine reads the send (by then a receiver may have ended: an
// ignored signal was once shown killing its receiver). Real processes, and the C program the
// exporter writes for the same scenario ends each process the same way.
import { describe, expect, it } from 'vitest';
import { runAsC } from '../../helpers/c-export';
import { fileEngine } from '../../helpers/file-engine';
import { ofType, runToEnd, scenario } from '../helpers';

const engine = fileEngine();

const ready = { op: 'send', to: { process: 'lead' }, data: 'ready' };
const go = { op: 'receive', from: { process: 'lead' } };
const doc = scenario([
  { id: 'lead', program: [
    { op: 'signal.handle', signal: 'SIGUSR1', action: 'ignore' },
    { op: 'spawn', process: 'ignorer' }, { op: 'spawn', process: 'handler' }, { op: 'spawn', process: 'defaulter' }, { op: 'spawn', process: 'blocker' },
    { op: 'receive', from: { process: 'ignorer' } }, { op: 'receive', from: { process: 'handler' } },
    { op: 'receive', from: { process: 'defaulter' } }, { op: 'receive', from: { process: 'blocker' } },
    { op: 'signal.send', to: { group: 'lead' }, signal: 'SIGUSR1', label: 'group' },
    { op: 'sleep', ms: 300 }, // the blocker's SIGUSR1 stays pending meanwhile (the engine polls /proc)
    { op: 'send', to: { process: 'ignorer' }, data: 'go' }, { op: 'send', to: { process: 'blocker' }, data: 'go' },
    { op: 'wait', process: 'ignorer' }, { op: 'wait', process: 'handler' }, { op: 'wait', process: 'defaulter' }, { op: 'wait', process: 'blocker' },
  ] },
  { id: 'ignorer', parent: 'lead', program: [{ op: 'signal.handle', signal: 'SIGUSR1', action: 'ignore' }, ready, go] },
  // Its handler may run during its send already (a pause after it would then wait for ever):
  // a sleep the signal interrupts (EINTR, nanosleep is never restarted: signal(7)) or not.
  { id: 'handler', parent: 'lead', program: [{ op: 'signal.handle', signal: 'SIGUSR1', action: 'handler', steps: [{ op: 'log', message: 'handled' }] }, ready, { op: 'sleep', ms: 1000, onError: 'continue' }] },
  { id: 'defaulter', parent: 'lead', program: [ready, { op: 'signal.pause' }] },
  { id: 'blocker', parent: 'lead', program: [{ op: 'signal.mask', block: ['SIGUSR1'] }, ready, go, { op: 'signal.mask', unblock: ['SIGUSR1'], label: 'unblock' }, { op: 'log', message: 'never' }] },
]);

describe('a signal to a process group', () => {
  it('shows in every member: ignored, handled, default action, pending then delivered when unblocked', async () => {
    const outcome = await runToEnd(engine, doc);
    expect(outcome.status).toBe('failed'); // two members killed by SIGUSR1, as the C program's
    const sent = ofType(outcome.events, 'signal.sent');
    expect(sent.map((e) => ({ from: e.from, to: e.to, group: e.group, signal: e.signal }))).toEqual([{ from: 'lead', to: 'lead', group: true, signal: 'SIGUSR1' }]);
    const delivered = ofType(outcome.events, 'signal.delivered').filter((e) => e.signal === 'SIGUSR1');
    const by = Object.fromEntries(delivered.map((e) => [e.process, e]));
    expect(delivered).toHaveLength(5); // once each
    expect(Object.fromEntries(delivered.map((e) => [e.process, e.disposition]))).toEqual({
      lead: 'ignored', ignorer: 'ignored', handler: 'handler', defaulter: 'terminate', blocker: 'terminate',
    });
    // At the send's time: the kernel acted within kill(-pgid) for every member not blocking it.
    for (const id of ['lead', 'ignorer', 'defaulter']) expect(by[id].t, id).toBe(sent[0].t);
    expect(by.handler.t).toBeGreaterThanOrEqual(sent[0].t);
    // The blocker: pending (from the kernel's SigPnd) until its sigprocmask unblocked it, which delivered it.
    const unblock = ofType(outcome.events, 'step.end').find((e) => e.process === 'blocker' && e.label === 'unblock');
    const pending = ofType(outcome.events, 'signal.pending').filter((e) => e.process === 'blocker');
    // Pending from the send on (the kernel's SigPnd, or the engine's inference at the send's time).
    expect(pending.find((e) => e.signals.includes('SIGUSR1'))?.t).toBeGreaterThanOrEqual(sent[0].t);
    expect(pending.at(-1)?.signals).toEqual([]);
    expect(unblock).toBeUndefined(); // it never returned: the default action killed the process inside it
    const unblockBegin = ofType(outcome.events, 'step.begin').find((e) => e.process === 'blocker' && e.label === 'unblock')!;
    expect(by.blocker.t).toBeGreaterThan(sent[0].t);
    expect(by.blocker.t).toBeGreaterThanOrEqual(unblockBegin.t);
    const exits = Object.fromEntries(ofType(outcome.events, 'process.exit').map((e) => [e.process, e.signal ? `signal ${e.signal}` : `code ${e.code}`]));
    expect(exits).toEqual({ lead: 'code 0', ignorer: 'code 0', handler: 'code 0', defaulter: 'signal SIGUSR1', blocker: 'signal SIGUSR1' });
    const c = runAsC(doc);
    expect(c.exits).toEqual(exits);
  });
});
