// @vitest-environment happy-dom
// The system inspector's store against an engine that keeps the contract: the list, its
// filters and sort, removal confirmed by name, pipes and segments, failures in words.
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createPinia, setActivePinia } from 'pinia';
import { LabFailure } from '../../../main/contract';
import type { SystemList, SystemObject } from '../../../main/contract/system';
import { useSystemStore } from '../../../renderer/src/stores/system';
import { fakeEngine, type FakeEngine } from '../support/fakeEngine';

function object(kind: SystemObject['kind'], id: string, extra: Partial<SystemObject> = {}): SystemObject {
  return {
    kind, id, name: kind.startsWith('sysv') ? id : `/${id}`, owner: { uid: 0, user: 'root' }, mode: '600', permissions: 'rw-------',
    pids: [], times: { ctime: `2026-11-30T00:00:0${id.length}Z` }, orphan: { status: 'in-use', why: 'attached' }, lab: { made: false },
    removable: true, ...extra,
  };
}
const list = (objects: SystemObject[]): SystemList => ({
  objects, mqueue: { mounted: true, mountPoint: '/dev/mqueue', note: '' }, euid: 0, user: 'root',
  processes: { scanned: 10, unreadable: 0 }, takenAt: '2026-11-30T00:00:00Z',
});

let engine: FakeEngine;
beforeEach(() => {
  setActivePinia(createPinia());
  engine = fakeEngine();
});
afterEach(() => {
  useSystemStore().dispose();
  expect(engine.violations).toEqual([]);
});

const objects = [
  object('sysv-shm', '32769', { size: 4096, orphan: { status: 'orphan', why: 'creator gone' } }),
  object('posix-mq', 'plab.q', { lab: { made: true, runId: 'r1' }, messages: 3 }),
  object('sysv-shm', '7', { size: 100, orphan: { status: 'orphan', why: 'creator gone' }, removable: false }),
];

describe('the system store', () => {
  it('lists, filters and sorts the machine\'s objects', async () => {
    engine.handlers['system.list'] = () => list(objects);
    const system = useSystemStore();
    await system.refresh();
    expect(system.visible.map((o) => o.id)).toEqual(['plab.q', '32769', '7']); // by kind
    system.sortBy('id');
    expect(system.visible.map((o) => o.id)).toEqual(['7', '32769', 'plab.q']); // shmids as numbers
    system.sortBy('id');
    expect(system.visible.map((o) => o.id)).toEqual(['plab.q', '32769', '7']);
    system.orphansOnly = true;
    expect(system.visible.map((o) => o.id).sort()).toEqual(['32769', '7']);
    system.orphansOnly = false;
    system.labOnly = true;
    expect(system.visible.map((o) => o.id)).toEqual(['plab.q']);
    system.labOnly = false;
    system.kind = 'sysv-shm';
    system.text = 'gone';
    expect(system.visible).toHaveLength(2);
  });

  it('removes each object by its own call, confirmed by its name, and says which it could not', async () => {
    engine.handlers['system.list'] = () => list(objects);
    engine.handlers['system.remove'] = ({ id, kind }) => {
      if (id === '7') throw Object.assign(new Error('Operation not permitted'), { code: 'EPERM', syscall: 'shmctl' });
      return { removed: { kind, id, name: id } };
    };
    const system = useSystemStore();
    await system.remove([objects[0], objects[2]]);
    expect(engine.calls.filter((c) => c.method === 'system.remove').map((c) => c.args)).toEqual([
      { kind: 'sysv-shm', id: '32769', confirm: '32769' },
      { kind: 'sysv-shm', id: '7', confirm: '7' },
    ]);
    expect(system.notice).toBe('Removed 1 of 2. Not removed: 7: EPERM: shmctl: Operation not permitted');
    expect(engine.calls.at(-1)?.method).toBe('system.list');
  });

  it('removes all orphans in one call with what the plan named, and says what went, what failed and what was left', async () => {
    const plan = {
      runs: [{ runId: 'run-dead', runDir: '/rt/run-dead', objects: [{ kind: 'sysv-shm' as const, id: '5', name: 'shm 5 key 0x50000001' }] }],
      objects: [{ kind: 'sysv-shm' as const, id: '32769', name: '32769', why: 'creator gone' }, { kind: 'posix-shm' as const, id: '/x', name: '/x', why: 'nobody maps it' }],
      others: 1,
    };
    engine.handlers['system.list'] = () => list(objects);
    engine.handlers['system.orphanPlan'] = () => plan;
    engine.handlers['system.removeOrphans'] = () => ({
      runs: [{ runId: 'run-dead', runDir: '/rt/run-dead', killed: [{ process: 'A', pid: 4242 }], removed: ['S (shm; shmid 5)'] }],
      objects: [{ kind: 'sysv-shm', id: '32769', name: '32769' }, { kind: 'posix-shm', id: '/x', name: '/x', error: { code: 'EACCES', message: 'shm_unlink: Permission denied' } }],
      leftAlone: 1, notFound: 0,
    });
    const system = useSystemStore();
    await system.planOrphans();
    expect(system.orphanPlan).toEqual(plan);
    await system.removeAllOrphans(system.orphanPlan!);
    expect(system.orphanPlan).toBeNull();
    // The run by its id (its objects go with it), the other orphans by kind, id and name.
    expect(engine.calls.find((c) => c.method === 'system.removeOrphans')?.args).toEqual({
      runs: ['run-dead'], objects: [{ kind: 'sysv-shm', id: '32769', name: '32769' }, { kind: 'posix-shm', id: '/x', name: '/x' }],
    });
    expect(system.notice).toBe('Run run-dead (engine stopped): killed A (PID 4242); removed S (shm; shmid 5); its directory removed. Removed 1 other orphan of 2. Not removed: /x: EACCES: shm_unlink: Permission denied. 1 orphan found since the confirmation was left alone.');
    expect(engine.calls.at(-1)?.method).toBe('system.list');
  });

  it('reads the pipes of a process and a segment\'s bytes, and keeps errors apart', async () => {
    engine.handlers['system.pipes'] = ({ pid }) => {
      if (pid === 1) throw new LabFailure('FORBIDDEN', 'PID 1 is not yours.');
      return { pid, command: 'cat', ends: [], unreadable: 0 };
    };
    engine.handlers['system.segment'] = ({ shmid }) => ({ object: `shm-${shmid}`, kind: 'shm', exists: true, identifiers: { shmid }, stat: {}, bytes: [1, 2], offset: 0 });
    const system = useSystemStore();
    await system.loadPipes(4242);
    expect(system.pipes).toMatchObject({ pid: 4242, command: 'cat' });
    await system.loadPipes(1);
    expect(system.pipes).toBeNull();
    expect(system.pipesError).toBe('FORBIDDEN: PID 1 is not yours.');
    await system.loadSegment(32769, 0, 2);
    expect(engine.calls.at(-1)).toEqual({ method: 'system.segment', args: { shmid: 32769, offset: 0, length: 2 } });
    expect(system.segment?.bytes).toEqual([1, 2]);
  });

  it('refreshes by itself every 2 s while asked to, one read at a time', async () => {
    vi.useFakeTimers({ toFake: ['setInterval', 'clearInterval'] });
    try {
      engine.handlers['system.list'] = () => list([]);
      const system = useSystemStore();
      system.setAutoRefresh(true);
      vi.advanceTimersByTime(2000);
      await engine.settle();
      vi.advanceTimersByTime(2000);
      await engine.settle();
      system.setAutoRefresh(false);
      vi.advanceTimersByTime(10_000);
      await engine.settle();
      expect(engine.calls.filter((c) => c.method === 'system.list')).toHaveLength(2);
    } finally {
      vi.useRealTimers();
    }
  });

  it('says why the list could not be read, and keeps the last one', async () => {
    engine.handlers['system.list'] = () => list(objects);
    const system = useSystemStore();
    await system.refresh();
    engine.handlers['system.list'] = () => {
      throw new LabFailure('UNAVAILABLE', '/proc/sysvipc is not mounted.');
    };
    await system.refresh();
    expect(system.error).toBe('UNAVAILABLE: /proc/sysvipc is not mounted.');
    expect(system.list?.objects).toHaveLength(3);
    expect(system.loading).toBe(false);
  });

  it('sorts PIDs and descriptors as numbers: 1, 10, 13, 12481, never 1, 10, 12481, 13 (issue 17 item 9)', async () => {
    const proc = (pid: number) => ({ pid, ppid: 1, command: `p${pid}`, state: 'S' });
    const peer = (pid: number, fd: number) => ({ pid, command: 'cat', fd, end: 'read' as const });
    engine.handlers['system.processes'] = () => [proc(13), proc(12481), proc(1), proc(10)];
    engine.handlers['system.pipes'] = ({ pid }) => ({
      pid, command: 'sh', unreadable: 0,
      ends: [13, 1, 12481, 10].map((fd) => ({ fd, kind: 'pipe' as const, inode: 99, end: 'write' as const, peers: [peer(13, 4), peer(12481, 3), peer(10, 12), peer(10, 3)], holdsBothEnds: false, otherEndOpen: true })),
    });
    const system = useSystemStore();
    await system.loadProcesses();
    expect(system.processes.map((p) => p.pid)).toEqual([1, 10, 13, 12481]);
    await system.loadPipes(4242);
    expect(system.pipes!.ends.map((e) => e.fd)).toEqual([1, 10, 13, 12481]);
    expect(system.pipes!.ends[0].peers.map((p) => `${p.pid}:${p.fd}`)).toEqual(['10:3', '10:12', '13:4', '12481:3']);
  });
});
