import { describe, expect, it } from 'vitest';
import { emptyScenario, parseScenarioText, serialize } from '../../renderer/src/model/doc';
import { addObject, addProcess, connect, deleteEdge, deleteNodes, moveStep, renameNode } from '../../renderer/src/model/edits';
import { deriveEdges } from '../../renderer/src/model/uses';
import { locate, validateDoc } from '../../renderer/src/model/problems';
import { explainErrno } from '../../renderer/src/model/errno';
import { SnapshotHistory } from '../../renderer/src/model/history';

function pipeScenario() {
  const doc = emptyScenario('pipe');
  addProcess(doc, { x: 0, y: 0 });
  addProcess(doc, { x: 300, y: 0 });
  addObject(doc, 'pipe', { x: 150, y: 200 });
  connect(doc, 'P1', 'pipe1');
  connect(doc, 'P1', 'P2');
  connect(doc, 'P2', 'pipe1');
  return doc;
}

describe('edits', () => {
  it('connecting builds a runnable parent/child pipe scenario', () => {
    const doc = pipeScenario();
    expect(doc.processes[0].program.map((s) => s.op)).toEqual(['pipe.create', 'spawn', 'close', 'write', 'wait']);
    expect(doc.processes[1]).toMatchObject({ parent: 'P1', program: [{ op: 'close', object: 'pipe1', end: 'write' }, { op: 'read', object: 'pipe1' }] });
    expect(validateDoc(doc).filter((p) => p.severity === 'error')).toEqual([]);
    expect(doc.layout?.nodes?.pipe1).toEqual({ x: 150, y: 200 });
  });

  it('derives edges from the programs', () => {
    const edges = deriveEdges(pipeScenario());
    expect(edges.map((e) => [e.id, e.label])).toEqual([
      ['use:P1:pipe1', 'creates · writes'], ['use:P2:pipe1', 'reads'], ['parent:P1:P2', 'spawns'],
    ]);
  });

  it('a socket is drawn connected to the processes whose steps use it (socket(7) calls), and such an edge deletes those steps', () => {
    const doc = emptyScenario('socket');
    addProcess(doc, { x: 0, y: 0 });
    addProcess(doc, { x: 300, y: 0 });
    addObject(doc, 'socket', { x: 150, y: 200 });
    const socket = doc.objects[0].id;
    connect(doc, 'P1', socket);
    connect(doc, 'P2', socket);
    expect(deriveEdges(doc).map((e) => [e.id, e.label, e.flow])).toEqual([
      [`use:P1:${socket}`, 'creates · accepts · receives', 'out'],
      [`use:P2:${socket}`, 'creates · connects · sends', 'in'],
    ]);
    deleteEdge(doc, `use:P2:${socket}`);
    expect(doc.processes[1].program.filter((s) => s.op.startsWith('socket.'))).toEqual([]);
  });

  it('refuses a cycle of parents', () => {
    const doc = pipeScenario();
    expect(connect(doc, 'P2', 'P1')).toMatchObject({ ok: false });
  });

  it('renames everywhere and deletes what names a removed node', () => {
    const doc = pipeScenario();
    renameNode(doc, 'pipe1', 'chan');
    expect(JSON.stringify(doc)).not.toContain('pipe1');
    expect(doc.layout?.nodes?.chan).toBeDefined();
    deleteNodes(doc, ['P2']);
    expect(doc.processes[0].program.map((s) => s.op)).toEqual(['pipe.create', 'close', 'write']);
    deleteEdge(doc, 'use:P1:chan');
    expect(doc.processes[0].program).toEqual([]);
  });

  it('a process renamed or deleted: its group targets (signal.send to { group }) follow', () => {
    const doc = emptyScenario();
    doc.processes.push({ id: 'a', program: [{ op: 'signal.send', to: { group: 'b' }, signal: 'SIGUSR1' }, { op: 'log', message: 'x' }] }, { id: 'b', program: [] });
    renameNode(doc, 'b', 'leader');
    expect(doc.processes[0].program[0].to).toEqual({ group: 'leader' });
    deleteNodes(doc, ['leader']);
    expect(doc.processes[0].program.map((s) => s.op)).toEqual(['log']);
  });

  it('moves steps within and into blocks', () => {
    const doc = emptyScenario();
    doc.processes.push({ id: 'a', program: [{ op: 'log', message: '1' }, { op: 'repeat', times: 2, steps: [] }, { op: 'log', message: '3' }] });
    expect(moveStep(doc, 'a', [0], [], 3)).toEqual([2]);
    expect(doc.processes[0].program.map((s) => s.op)).toEqual(['repeat', 'log', 'log']);
    expect(moveStep(doc, 'a', [2], [0], 0)).toEqual([0, 0]);
    expect(doc.processes[0].program[0].steps).toEqual([{ op: 'log', message: '1' }]);
    expect(moveStep(doc, 'a', [0], [0], 0)).toBeUndefined();
  });
});

describe('problems', () => {
  it('locates pointers at nodes, steps and fields', () => {
    const doc = emptyScenario();
    doc.processes.push({ id: 'a', program: [{ op: 'repeat', times: 1, steps: [{ op: 'log' }] }] });
    expect(locate(doc, '/processes/0/program/0/steps/0/message')).toEqual({ nodeId: 'a', nodeKind: 'process', stepPath: [0, 0], field: 'message' });
    const problems = validateDoc(doc);
    expect(problems.some((p) => p.nodeId === 'a' && p.field === 'message')).toBe(true);
  });

  it('lists every problem of a broken document', () => {
    const parsed = parseScenarioText('{"format":"process-lab/scenario@1","title":"","processes":[{"id":"a","program":[{"op":"sleeep"}]}]}');
    if ('error' in parsed) throw new Error(parsed.error);
    const problems = validateDoc(parsed.doc);
    expect(problems.map((p) => p.pointer)).toEqual(expect.arrayContaining(['/title', '/processes/0/program/0/op']));
  });

  it('refuses non-objects with a sentence', () => {
    expect(parseScenarioText('[1]')).toHaveProperty('error');
    expect(parseScenarioText('{')).toHaveProperty('error');
  });

  it('serializes stably', () => {
    expect(serialize(emptyScenario('x'))).toBe('{\n  "format": "process-lab/scenario@1",\n  "title": "x",\n  "objects": [],\n  "processes": []\n}\n');
  });
});

describe('errno in words', () => {
  it('explains per op family', () => {
    expect(explainErrno('EAGAIN', 'receive')).toBe('EAGAIN: the mailbox was empty, so the call returned at once instead of waiting.');
    expect(explainErrno('EAGAIN', 'send')).toContain('full');
    expect(explainErrno('EPIPE', 'write')).toContain('read end');
    expect(explainErrno('EWHATEVER')).toContain('errno(3)');
  });
});

describe('history', () => {
  it('undoes, redoes and coalesces bursts', () => {
    const history = new SnapshotHistory<{ v: number }>();
    history.record({ v: 0 }, 'a', 'k', 0);
    expect(history.record({ v: 1 }, 'a', 'k', 100)).toBe(false);
    history.record({ v: 2 }, 'b', undefined, 5000);
    expect(history.undo({ v: 3 })?.snapshot).toEqual({ v: 2 });
    expect(history.undo({ v: 2 })?.snapshot).toEqual({ v: 0 });
    expect(history.undo({ v: 0 })).toBeUndefined();
    expect(history.redo({ v: 0 })?.snapshot).toEqual({ v: 2 });
  });
});
