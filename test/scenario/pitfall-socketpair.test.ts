// The socketpair pitfall (main/scenario/pitfall-socketpair.ts): two processes using the same end
// of a socketpair while nobody uses the other validate with a warning that cites the socketpair
// preset's lecture point; each process on its own end, or several writers into one reader, does not.
import { describe, expect, it } from 'vitest';
import { validateScenario } from '../../main/scenario/validate';

const pairDoc = (parentSteps: unknown[], childSteps: unknown[]) => ({
  format: 'process-lab/scenario@1', title: 't', objects: [{ id: 'P', kind: 'socket' }],
  processes: [
    { id: 'parent', program: [{ op: 'socket.pair', object: 'P' }, { op: 'spawn', process: 'child' }, ...parentSteps, { op: 'wait', process: 'child' }] },
    { id: 'child', parent: 'parent', program: childSteps },
  ],
});
const send = (data: string) => ({ op: 'socket.send', object: 'P', data });
const recv = { op: 'socket.recv', object: 'P' };
const close = (end?: 'socket' | 'connection') => ({ op: 'socket.close', object: 'P', ...(end ? { end } : {}) });
const warnings = (doc: unknown) => validateScenario(doc).problems;

describe('socketpair used from the same end', () => {
  it('warns when parent and child both use sv[1] (nobody closed an end), citing the socketpair preset', () => {
    const problems = warnings(pairDoc([send('ping'), recv], [recv, send('pong')]));
    expect(problems.map((p) => [p.severity, p.pointer, p.lecture?.preset])).toEqual([['warning', '/processes/1/program/0', 'socketpair']]);
    expect(problems[0].message).toBe('"parent" and "child" both use sv[1] of socketpair "P" and no process uses sv[0]: what one sends arrives at sv[0], where nobody reads, so their recv waits forever (a deadlock).');
    expect(problems[0].hint).toContain('"parent" keeps sv[1] and closes sv[0] (socket.close "P", end "socket"); "child" keeps sv[0]');
    expect(problems[0].lecture?.point).toMatch(/Each process keeps one end and closes the other/);
  });

  it('warns when both closed sv[1] (a close without `end` takes the connection) and so both use sv[0]', () => {
    const problems = warnings(pairDoc([close(), send('ping'), recv], [close('connection'), recv, send('pong')]));
    expect(problems.map((p) => p.message.split(':')[0])).toEqual(['"parent" and "child" both use sv[0] of socketpair "P" and no process uses sv[1]']);
  });

  it('a child spawned after its parent closed an end inherits only the other one', () => {
    const doc = {
      format: 'process-lab/scenario@1', title: 't', objects: [{ id: 'P', kind: 'socket' }],
      processes: [
        { id: 'parent', program: [{ op: 'socket.pair', object: 'P' }, close('socket'), { op: 'spawn', process: 'child' }, close(), { op: 'wait', process: 'child' }] },
        { id: 'other', program: [{ op: 'socket.create', object: 'P' }, send('x')] }, // its own socket, not the pair's
        { id: 'child', parent: 'parent', program: [close('socket'), recv] }, // it holds sv[1] only: closing sv[0] is EBADF, not a change
      ],
    };
    expect(warnings(doc).filter((p) => p.lecture?.preset === 'socketpair')).toEqual([]);
  });

  it('is quiet when each keeps its own end, as the preset does, and for two writers into one reader', () => {
    expect(warnings(pairDoc([close('connection'), send('ping'), recv], [close('socket'), recv, send('pong')]))).toEqual([]);
    const twoWriters = {
      format: 'process-lab/scenario@1', title: 't', objects: [{ id: 'P', kind: 'socket', type: 'dgram' }],
      processes: [
        { id: 'parent', program: [{ op: 'socket.pair', object: 'P' }, { op: 'spawn', process: 'a' }, { op: 'spawn', process: 'b' }, close('connection'), recv, recv, { op: 'wait' }, { op: 'wait' }] },
        { id: 'a', parent: 'parent', program: [close('socket'), send('from a')] },
        { id: 'b', parent: 'parent', program: [close('socket'), send('from b')] },
      ],
    };
    expect(warnings(twoWriters)).toEqual([]);
  });
});
