import { describe, expect, it } from 'vitest';
import type { RunEvent } from '../../../main/scenario/events';
import { indexObjectEvent, objectsAt, type ObjectEventIndex } from '../../../renderer/src/model/objectHistory';

function indexed(events: RunEvent[]): ObjectEventIndex {
  const index: ObjectEventIndex = new Map();
  events.forEach((event, i) => indexObjectEvent(index, event, i));
  return index;
}

describe('object history', () => {
  it('rebuilds a large segment from its changed ranges at every position, and forgets it once removed', () => {
    const events: RunEvent[] = [
      { t: 1, type: 'object.created', process: 'a', pid: 5, object: 'big', kind: 'shm', shmid: 3 },
      { t: 2, type: 'object.state', object: 'big', kind: 'shm', exists: true, nattch: 1, size: 8192, ranges: [{ offset: 4100, bytes: 'abcd' }] },
      { t: 3, type: 'object.state', object: 'big', kind: 'shm', exists: true, nattch: 1, size: 8192, ranges: [{ offset: 0, bytes: '01' }, { offset: 4101, bytes: 'ef' }] },
      { t: 4, type: 'object.removed', object: 'big', kind: 'shm', shmid: 3 },
      { t: 5, type: 'object.created', object: 'a', kind: 'mailbox', inbox: true, name: '/inbox' },
    ];
    const index = indexed(events);
    expect([...index.keys()]).toEqual(['big']); // the lab's inboxes are not canvas objects
    const second = objectsAt(events, index, 3).big;
    expect(second.bytes).toHaveLength(8192);
    expect(second.bytes!.slice(4100, 4102)).toEqual([0xab, 0xef]);
    expect(second.bytes![0]).toBe(1);
    expect(second.previousBytes!.slice(4100, 4102)).toEqual([0xab, 0xcd]);
    expect(second.identifiers).toEqual({ shmid: 3 });
    expect(objectsAt(events, index, 2).big.bytes![0]).toBe(0);
    const gone = objectsAt(events, index).big;
    expect(gone).toMatchObject({ exists: false, removedAt: 4, stat: {} });
    expect(gone.bytes).toBeUndefined();
  });

  it('gives a pipe its holders and a mailbox its queue in the inspector\'s words', () => {
    const events: RunEvent[] = [
      { t: 1, type: 'object.state', object: 'p', kind: 'pipe', exists: true, queued: 5, capacity: 65536, holders: [{ process: 'w', pid: 9, fd: 4, end: 'write' }] },
      { t: 2, type: 'object.state', object: 'q', kind: 'mailbox', exists: true, messages: 2, bytes: 10, capacity: 10 },
    ];
    const now = objectsAt(events, indexed(events));
    expect(now.p).toMatchObject({ stat: { queued: 5, capacity: 65536 }, holders: [{ process: 'w', end: 'write' }] });
    expect(now.q.stat).toEqual({ messages: 2, cbytes: 10, capacity: 10 });
    expect(now.q.bytes).toBeUndefined();
  });

  it('gives a socket its descriptors as ss shows them, and none once it is gone (issue 20)', () => {
    const child = { process: 'child', pid: 8, fd: 4, role: 'connection' as const, state: 'ESTAB', recvQ: 4, sendQ: 0, local: '* 12', peer: '* 11 (parent fd 3)' };
    const events: RunEvent[] = [
      { t: 1, type: 'object.state', object: 'P', kind: 'socket', exists: true, sockets: [child] },
      { t: 2, type: 'object.state', object: 'P', kind: 'socket', exists: false },
    ];
    const index = indexed(events);
    expect(objectsAt(events, index, 1).P.sockets).toEqual([child]);
    expect(objectsAt(events, index).P.sockets).toBeUndefined();
  });
});
