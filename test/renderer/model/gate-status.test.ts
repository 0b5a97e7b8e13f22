// Issue 15, item 1: where each process stands at the lab's gate, folded from the run's events:
// held before a step (it can be stepped), stopped at a breakpoint, blocked in the kernel (what it
// waits for, who could release it: it cannot be stepped), ended.
import { describe, expect, it } from 'vitest';
import type { RunEvent } from '../../../main/scenario/events';
import { foldEvents } from '../../../renderer/src/model/runModel';
import { gateStatus, stepNow, stepWords } from '../../../renderer/src/model/gateStatus';
import type { ScenarioDoc } from '../../../renderer/src/model/doc';

const scenario: ScenarioDoc = {
  format: 'process-lab/scenario@1', title: 'pipe',
  objects: [{ id: 'p1', kind: 'pipe' }],
  processes: [
    { id: 'reader', program: [{ op: 'pipe.create', object: 'p1' }, { op: 'spawn', process: 'writer' }, { op: 'read', object: 'p1', length: 5, label: 'get' }] },
    { id: 'writer', parent: 'reader', program: [{ op: 'sleep', ms: 10 }, { op: 'write', object: 'p1', value: 'hello' }] },
    { id: 'idle', program: [{ op: 'log', message: 'x' }] },
  ],
};
const start = (process: string, pid: number): RunEvent => ({ t: 1, type: 'process.start', process, pid, ppid: 1 });

describe('gate status', () => {
  it('held at its gate: the next step, and it can be stepped', () => {
    const model = foldEvents([start('reader', 10), { t: 2, type: 'gate.wait', process: 'reader', pid: 10, index: [2] }]);
    const status = gateStatus('reader', model, scenario);
    expect(status).toMatchObject({ kind: 'gate', step: [2] });
    expect(status.cannotStep).toBeUndefined();
    expect(status.text).toBe('reader is held at its gate: its next call is step 3 read "get".');
  });

  it('stopped at a breakpoint until gate.pass', () => {
    const events: RunEvent[] = [start('reader', 10), { t: 2, type: 'gate.wait', process: 'reader', pid: 10, index: [2] }, { t: 3, type: 'breakpoint.hit', process: 'reader', pid: 10, index: [2] }];
    expect(gateStatus('reader', foldEvents(events), scenario).kind).toBe('breakpoint');
    events.push({ t: 4, type: 'gate.pass', process: 'reader', pid: 10, index: [2] }, { t: 5, type: 'step.begin', process: 'reader', pid: 10, index: [2], op: 'read', call: 'read(3, buf, 5)' });
    const model = foldEvents(events);
    expect(model.processes.get('reader')!.atBreakpoint).toBeUndefined();
    // In the read: blocked in the kernel, cannot be stepped, and the writer could release it.
    const status = gateStatus('reader', model, scenario);
    expect(status.kind).toBe('blocked');
    expect(status.text).toBe('reader is blocked in the kernel in step 3 read "get", reading p1: writer could release it.');
    expect(status.cannotStep).toBe('reader is blocked in the kernel, reading p1: it cannot be stepped until writer releases it.');
  });

  it('a call that returned leaves the process between steps, then at its next gate', () => {
    const model = foldEvents([
      start('writer', 11),
      { t: 2, type: 'step.begin', process: 'writer', pid: 11, index: [0], op: 'sleep', call: 'nanosleep(10 ms)' },
    ]);
    expect(gateStatus('writer', model, scenario)).toMatchObject({ kind: 'in-call', short: 'in 1 sleep' });
    const after = foldEvents([
      start('writer', 11),
      { t: 2, type: 'step.begin', process: 'writer', pid: 11, index: [0], op: 'sleep', call: 'nanosleep(10 ms)' },
      { t: 3, type: 'step.end', process: 'writer', pid: 11, index: [0], op: 'sleep', durationNs: 1 },
      { t: 4, type: 'gate.wait', process: 'writer', pid: 11, index: [1] },
    ]);
    expect(gateStatus('writer', after, scenario)).toMatchObject({ kind: 'gate', short: 'next: 2 write' });
  });

  it('not started and ended processes cannot be stepped, and say why', () => {
    const model = foldEvents([start('idle', 12), { t: 2, type: 'process.exit', process: 'idle', pid: 12, code: 0 }], ['reader', 'writer', 'idle']);
    expect(gateStatus('writer', model, scenario).cannotStep).toBe("writer has not started: reader's spawn step starts it.");
    expect(gateStatus('idle', model, scenario).cannotStep).toBe('idle has ended.');
    expect(model.processes.get('idle')!.atGate).toBeUndefined();
  });

  it('numbers nested steps as the editor does', () => {
    expect(stepWords([{ op: 'repeat', times: 2, steps: [{ op: 'log', message: 'a' }] }], [0, 0])).toBe('1.1 log');
  });

  it('stepNow: the call only while in it; at the gate the next step; nothing once ended (issue 19)', () => {
    const program = scenario.processes[0].program;
    const events: RunEvent[] = [start('reader', 10), { t: 2, type: 'step.begin', process: 'reader', pid: 10, index: [1], op: 'spawn', call: 'fork()' }];
    expect(stepNow(foldEvents(events).processes.get('reader'), program)).toEqual({ step: [1], text: '2 spawn', call: 'fork()', atGate: false });
    events.push({ t: 3, type: 'step.end', process: 'reader', pid: 10, index: [1], op: 'spawn', durationNs: 1000 });
    expect(stepNow(foldEvents(events).processes.get('reader'), program)).toBeUndefined();
    events.push({ t: 4, type: 'gate.wait', process: 'reader', pid: 10, index: [2] });
    expect(stepNow(foldEvents(events).processes.get('reader'), program)).toEqual({ step: [2], text: 'held before step 3 read "get"', atGate: true });
    events.push({ t: 5, type: 'breakpoint.hit', process: 'reader', pid: 10, index: [2] });
    expect(stepNow(foldEvents(events).processes.get('reader'), program)?.text).toBe('stopped at a breakpoint before step 3 read "get"');
    events.push({ t: 6, type: 'process.exit', process: 'reader', pid: 10, code: 0 });
    expect(stepNow(foldEvents(events).processes.get('reader'), program)).toBeUndefined();
  });
});
