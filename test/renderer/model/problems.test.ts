// Problems as the editor shows them: names instead of JSON pointers, counts in words.
import { describe, expect, it } from 'vitest';
import { emptyScenario } from '../../../renderer/src/model/doc';
import { addProcess } from '../../../renderer/src/model/edits';
import { countProblems, describePointer, namePointers, validateDoc } from '../../../renderer/src/model/problems';

describe('problems in the editor', () => {
  it('says pointers as names and fields', () => {
    const doc = emptyScenario('t');
    addProcess(doc, { x: 0, y: 0 });
    addProcess(doc, { x: 200, y: 0 });
    expect(describePointer(doc, '/processes/1/parent')).toBe('process "P2", field parent');
    expect(describePointer(doc, '/processes/0/program/2/steps/1/data')).toBe('process "P1", step 3.2, field data');
    expect(describePointer(doc, '/processes/7')).toBe('process number 8');
    expect(describePointer(doc, '/title')).toBe('field title');
    expect(namePointers(doc, 'Set it on /processes/1 now.')).toBe('Set it on process "P2" now.');
  });

  it('never shows a JSON pointer in a sentence or a hint of a self-spawning process', () => {
    const doc = emptyScenario('t');
    addProcess(doc, { x: 0, y: 0 });
    doc.processes[0].program.push({ op: 'spawn', process: 'P1' });
    const problems = validateDoc(doc);
    const spawn = problems.find((p) => p.message.includes('cannot spawn itself'));
    expect(spawn?.hint).toBeDefined();
    for (const p of problems) expect(`${p.message} ${p.hint ?? ''}`).not.toMatch(/\/(processes|objects)\/\d/);
  });

  it('counts errors and warnings as the panel lists them', () => {
    expect(countProblems([{ severity: 'error' }, { severity: 'error' }, { severity: 'warning' }])).toBe('2 errors and 1 warning');
    expect(countProblems([{ severity: 'error' }])).toBe('1 error');
    expect(countProblems([])).toBe('no problems');
  });
});
