// Issue 17: a page whose engine went away shows each process that was live as unknown since
// then, not in its last live state; what had ended stays as it ended.
import { describe, expect, it } from 'vitest';
import type { RunEvent } from '../../../main/scenario/events';
import { engineLostModel, foldEvents, stateWords } from '../../../renderer/src/model/runModel';
import { stateLetter, stateLetterTitle } from '../../../renderer/src/model/processTree';

const start = (process: string, pid: number): RunEvent => ({ t: 1, type: 'process.start', process, pid, ppid: 1 });

describe('engineLostModel', () => {
  it('makes every live process unknown, with no call, wait, gate or pending signal; an exited one keeps its end', () => {
    const model = foldEvents([
      start('a', 10), start('b', 11), start('c', 12),
      { t: 2, type: 'step.begin', process: 'a', pid: 10, index: [0], op: 'sleep', call: 'nanosleep(...)' },
      { t: 3, type: 'process.state', process: 'a', pid: 10, state: 'S', waitingOn: 'sleeping 60000 ms' },
      { t: 4, type: 'gate.wait', process: 'b', pid: 11, index: [1] },
      { t: 5, type: 'process.exit', process: 'c', pid: 12, code: 3 },
    ] as RunEvent[]);
    const lost = engineLostModel(model);
    for (const id of ['a', 'b']) {
      const p = lost.processes.get(id)!;
      expect(p.state).toBe('unknown');
      expect([p.currentCall, p.currentOp, p.currentStep, p.waitingOn, p.atGate, p.pendingSignals]).toEqual([undefined, undefined, undefined, undefined, undefined, undefined]);
      expect(stateWords(p)).toBe('unknown (engine lost)');
      expect(stateLetter(p)).toBe('?');
      expect(stateLetterTitle(p)).toContain('the engine was lost');
    }
    expect(stateWords(lost.processes.get('c'))).toBe('exited with 3');
    // The log's own model is untouched: a returning engine shows the run as it goes on.
    expect(model.processes.get('a')?.currentCall).toBe('nanosleep(...)');
    expect(model.processes.get('b')?.atGate).toEqual([1]);
  });
});
