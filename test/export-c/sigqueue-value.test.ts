// The value a sigqueue(3) sender attaches (si_value.sival_int) reaches the exported C program's
// SA_SIGINFO handler, which prints it ("[receiver] step [1]: SIGRTMIN+1 value 2"): the same
// values, in the same order, as the lab's signal.delivered events of the same scenario, for a
// handler that runs in the C handler and for one whose steps run from the main flow.
import { describe, expect, it } from 'vitest';
import { presets } from '../../main/presets';
import { runAsC } from '../helpers/c-export';
import { ofType, runToEnd, scenario } from '../engine/helpers';
import { fileEngine } from '../helpers/file-engine';

const engine = fileEngine();

/** The values the C program's handlers printed, as `SIGNAL value` in order, for one report key. */
function cValues(reports: Record<string, string[]>, key: string): string[] {
  return (reports[key] ?? []).map((line) => line.slice(line.indexOf(': ') + 2));
}

/** The lab's deliveries that carried a value, as `SIGNAL value`, in order. */
async function labValues(doc: unknown, process: string): Promise<string[]> {
  const outcome = await runToEnd(engine, doc);
  expect(outcome.status).toBe('completed');
  return ofType(outcome.events, 'signal.delivered').filter((e) => e.process === process && e.value !== undefined).map((e) => `${e.signal} value ${e.value}`);
}

describe('exported C shows the sigqueue value its handler receives', () => {
  it('the sigqueue-value preset: SIGRTMIN+1 with 1 then 2, and nothing for the kill() SIGUSR1', async () => {
    const doc = presets().find((p) => p.id === 'sigqueue-value')!.scenario;
    const lab = await labValues(doc, 'receiver');
    expect(lab).toEqual(['SIGRTMIN+1 value 1', 'SIGRTMIN+1 value 2']);
    const c = runAsC(doc);
    expect(c.status).toBe('completed');
    expect(cValues(c.reports, 'receiver/step [1]')).toEqual(lab);
    expect(c.reports['receiver/step [0]'], 'SIGUSR1 came by kill(): no value').toBeUndefined();
  });

  it('the preset\'s handlers run in the order the C program\'s do, run after run: all three pending at the unblock', async () => {
    // The receiver blocks both signals until the sender has exited, so the order is the kernel's:
    // SIGUSR1 is dequeued first (lowest number), but its handler's sa_mask does not block
    // SIGRTMIN+1, whose frames the kernel sets up on top before SIGUSR1's handler runs.
    const doc = presets().find((p) => p.id === 'sigqueue-value')!.scenario;
    const expected = ['SIGRTMIN+1', 'SIGRTMIN+1', 'SIGUSR1'];
    for (let i = 0; i < 3; i++) {
      const outcome = await runToEnd(engine, doc);
      expect(outcome.status).toBe('completed');
      const begins = ofType(outcome.events, 'handler.begin').filter((e) => e.process === 'receiver').map((e) => e.signal);
      const delivered = ofType(outcome.events, 'signal.delivered').filter((e) => e.process === 'receiver' && e.signal !== 'SIGCHLD').map((e) => e.signal);
      const c = runAsC(doc);
      expect(c.status).toBe('completed');
      const cOrder = (c.console.receiver ?? '').split('\n').filter(Boolean).map((line) => /^got (\S+):/.exec(line)?.[1]);
      expect(cOrder).toEqual(expected);
      expect(begins).toEqual(cOrder);
      expect(delivered).toEqual(cOrder);
    }
  });

  it('a handler whose steps run from the main flow (a busy loop is no async-signal-safe call), negative and large values', async () => {
    const doc = scenario([
      { id: 'r', program: [
        { op: 'signal.handle', signal: 'SIGRTMIN+3', action: 'handler', restart: true, label: 'got', steps: [{ op: 'compute', ms: 1 }, { op: 'log', message: 'r: handled' }] },
        { op: 'spawn', process: 's' },
        { op: 'wait', process: 's' },
      ] },
      { id: 's', parent: 'r', program: [
        { op: 'signal.send', to: 'r', signal: 'SIGRTMIN+3', value: -7 },
        { op: 'signal.send', to: 'r', signal: 'SIGRTMIN+3', value: 2147483647 },
        { op: 'signal.send', to: 'r', signal: 'SIGRTMIN+3', value: -2147483648 },
      ] },
    ]);
    const lab = await labValues(doc, 'r');
    expect(lab).toEqual(['SIGRTMIN+3 value -7', 'SIGRTMIN+3 value 2147483647', 'SIGRTMIN+3 value -2147483648']);
    const c = runAsC(doc);
    expect(c.status).toBe('completed');
    expect(cValues(c.reports, 'r/got')).toEqual(lab);
  });
});
