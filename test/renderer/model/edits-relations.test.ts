// Issue 17, items 2 and 12: relation edits keep programs consistent; a pipe connection adds the
// close steps of the ends a side does not use.
import { describe, expect, it } from 'vitest';
import { addObject, addProcess, connect } from '../../../renderer/src/model/edits';
import { emptyScenario } from '../../../renderer/src/model/doc';
import { validateDoc } from '../../../renderer/src/model/problems';

const ops = (program: { op: string }[]) => program.map((s) => s.op);

describe('relation edits', () => {
  it('choosing the parent that already spawns a child adds no second spawn or wait', () => {
    const doc = emptyScenario('t');
    addProcess(doc, { x: 0, y: 0 });
    addProcess(doc, { x: 0, y: 0 });
    expect(connect(doc, 'P1', 'P2').ok).toBe(true);
    delete doc.processes[1].parent; // as a file can have it: the spawn step without the field
    expect(connect(doc, 'P1', 'P2').ok).toBe(true);
    expect(ops(doc.processes[0].program)).toEqual(['spawn', 'wait']);
    expect(doc.processes[1].parent).toBe('P1');
  });

  it('moving a child to another parent moves its spawn and wait', () => {
    const doc = emptyScenario('t');
    for (let i = 0; i < 3; i++) addProcess(doc, { x: 0, y: 0 });
    connect(doc, 'P1', 'P3');
    connect(doc, 'P2', 'P3');
    expect(ops(doc.processes[0].program)).toEqual([]);
    expect(ops(doc.processes[1].program)).toEqual(['spawn', 'wait']);
  });

  it('refuses a cycle and says why', () => {
    const doc = emptyScenario('t');
    addProcess(doc, { x: 0, y: 0 });
    addProcess(doc, { x: 0, y: 0 });
    connect(doc, 'P1', 'P2');
    const result = connect(doc, 'P2', 'P1');
    expect(result.ok).toBe(false);
    expect(result.message).toMatch(/cycle/);
  });
});

describe('pipe connections', () => {
  it('close the end each side does not use, and the scenario is valid', () => {
    const doc = emptyScenario('t');
    addProcess(doc, { x: 0, y: 0 });
    addProcess(doc, { x: 0, y: 0 });
    addObject(doc, 'pipe', { x: 0, y: 0 });
    connect(doc, 'P1', 'pipe1');
    connect(doc, 'P1', 'P2');
    connect(doc, 'P2', 'pipe1');
    expect(doc.processes[0].program).toEqual([
      { op: 'pipe.create', object: 'pipe1' }, { op: 'spawn', process: 'P2' },
      { op: 'close', object: 'pipe1', end: 'read' }, { op: 'write', object: 'pipe1', data: 'hello\n' }, { op: 'wait', process: 'P2' },
    ]);
    expect(doc.processes[1].program).toEqual([{ op: 'close', object: 'pipe1', end: 'write' }, { op: 'read', object: 'pipe1' }]);
    expect(validateDoc(doc).filter((p) => p.severity === 'error')).toEqual([]);
  });
});
