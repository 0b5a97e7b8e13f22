// system.list over real kernel objects: objects of every kind the addon makes, created by a child
// process that then exits, are listed as orphans with their figures; one still attached by a
// live process is not; lab keys and names are marked, and a live run's journal keeps them in use.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { SystemList, SystemObject } from '../../../main/contract/system';
import { createLab } from '../../../main/engine/lab';
import { readStat } from '../../../main/engine/run/proc';
import { findMqueueMount } from '../../../main/engine/system/posix';
import { addon } from '../../../main/native/addon';
import { startMaker, testKey, testName, useOwnObjects } from './helpers';

const native = addon();
const root = mkdtempSync(join(tmpdir(), 'plab-system-'));
const lab = createLab({ frontDoor: 'cli', paths: { runsDir: join(root, 'runs'), runtimeDir: join(root, 'runtime') } });
const { cleanups } = useOwnObjects(() => rmSync(root, { recursive: true, force: true }));

async function list(): Promise<SystemList> {
  const result = await lab.call('system.list', {});
  if (!result.ok) throw new Error(result.error.message);
  return result.value as SystemList;
}

const find = (all: SystemList, kind: SystemObject['kind'], id: string) => all.objects.find((o) => o.kind === kind && o.id === id);

describe('system.list', () => {
  it('lists objects whose creator exited as orphans, with owner, mode, size and PIDs', async () => {
    const shmKey = testKey();
    const msgKey = testKey(true);
    const shmName = testName('shm');
    const semName = testName('sem', true);
    const maker = await startMaker();
    const shmid = await maker.call<number>('shmGet', shmKey, 8192, { create: true, exclusive: true, mode: 0o640 });
    cleanups.push(() => native.shmRemove(shmid));
    const msqid = await maker.call<number>('msgGet', msgKey, { create: true, exclusive: true, mode: 0o600 });
    cleanups.push(() => native.msgRemove(msqid));
    await maker.call('msgSend', msqid, 1, { $bytes: [1, 2, 3] });
    const fd = await maker.call<number>('shmOpen', shmName, { create: true, exclusive: true, mode: 0o600 });
    cleanups.push(() => native.shmUnlink(shmName));
    await maker.call('shmTruncate', fd, 1000);
    await maker.call('fdClose', fd);
    const sem = await maker.call<number>('semOpen', semName, { create: true, exclusive: true, mode: 0o600, value: 2 });
    cleanups.push(() => native.semUnlink(semName));
    await maker.call('semClose', sem);
    await maker.exit();

    const all = await list();
    const me = process.geteuid!();
    const shm = find(all, 'sysv-shm', String(shmid))!;
    expect(shm).toMatchObject({ key: shmKey, size: 8192, attached: 0, mode: '640', permissions: 'rw-r-----', owner: { uid: me }, lab: { made: false }, removable: true });
    expect(shm.name).toBe(`shm ${shmid} key 0x${shmKey.toString(16)}`);
    expect(shm.pids[0]).toMatchObject({ role: 'creator', pid: maker.pid, alive: false });
    expect(shm.orphan.status).toBe('orphan');
    expect(shm.orphan.why).toContain(`creator PID ${maker.pid} has exited`);
    expect(shm.times.ctime).not.toBeNull();

    const msg = find(all, 'sysv-msg', String(msqid))!;
    expect(msg).toMatchObject({ messages: 1, bytesQueued: 3, lab: { made: true }, orphan: { status: 'orphan' } });
    expect(msg.pids).toEqual([expect.objectContaining({ role: 'last send', pid: maker.pid, alive: false })]);

    expect(find(all, 'posix-shm', shmName)).toMatchObject({ size: 1000, attached: 0, holders: [], orphan: { status: 'orphan' }, lab: { made: false } });
    expect(find(all, 'posix-sem', semName)).toMatchObject({ name: `posix-sem ${semName}`, lab: { made: true }, orphan: { status: 'orphan' } });
    if (me === 0) expect(shm.owner.user).toBe('root');
  });

  it('does not call an object attached or mapped by a live process an orphan', async () => {
    const key = testKey();
    const name = testName('mapped');
    const semName = testName('open-sem');
    const maker = await startMaker();
    const shmid = await maker.call<number>('shmGet', key, 4096, { create: true, exclusive: true });
    cleanups.push(() => native.shmRemove(shmid));
    await maker.call('shmAttach', shmid);
    const fd = await maker.call<number>('shmOpen', name, { create: true, exclusive: true });
    cleanups.push(() => native.shmUnlink(name));
    await maker.call('shmTruncate', fd, 4096);
    await maker.call('shmMap', fd, 4096);
    await maker.call('semOpen', semName, { create: true, exclusive: true });
    cleanups.push(() => native.semUnlink(semName));

    const all = await list();
    expect(find(all, 'sysv-shm', String(shmid))).toMatchObject({ attached: 1, orphan: { status: 'in-use' } });
    expect(find(all, 'sysv-shm', String(shmid))!.pids[0]).toMatchObject({ pid: maker.pid, alive: true, command: 'node' });
    const posix = find(all, 'posix-shm', name)!;
    expect(posix.orphan.status).toBe('in-use');
    expect(posix.holders).toEqual(expect.arrayContaining([{ pid: maker.pid, command: 'node', how: 'mapped' }, { pid: maker.pid, command: 'node', how: 'open' }]));
    expect(find(all, 'posix-sem', semName)).toMatchObject({ attached: 1, orphan: { status: 'in-use' } });
    await maker.exit();
  });

  it('calls a never-used message queue of a dead creator "unknown" while it is young', async () => {
    const maker = await startMaker();
    const msqid = await maker.call<number>('msgGet', testKey(), { create: true, exclusive: true });
    cleanups.push(() => native.msgRemove(msqid));
    await maker.exit();
    const msg = find(await list(), 'sysv-msg', String(msqid))!;
    expect(msg.orphan.status).toBe('unknown');
    expect(msg.orphan.why).toContain('no creator PID');
  });

  it('marks objects a live run journals as in use by that run', async () => {
    const key = testKey(true);
    const shmid = native.shmGet(key, 64, { create: true, exclusive: true });
    cleanups.push(() => native.shmRemove(shmid));
    const runDir = join(root, 'runtime', 'run-test');
    mkdirSync(runDir, { recursive: true, mode: 0o700 }); // the runtime directory must be ours alone
    const names = { seg: { object: 'seg', kind: 'shm', flavor: 'sysv', key } };
    writeFileSync(join(runDir, 'journal.ndjson'), JSON.stringify({ type: 'run', runId: 'run-test', enginePid: process.pid, engineStartTime: readStat(process.pid)!.startTime, names }) + '\n');
    cleanups.push(() => rmSync(runDir, { recursive: true, force: true }));
    // This process created it and is alive, so it is no orphan either way; the run is named.
    expect(find(await list(), 'sysv-shm', String(shmid))).toMatchObject({ lab: { made: true, runId: 'run-test', runLive: true }, orphan: { status: 'in-use' } });
    writeFileSync(join(runDir, 'journal.ndjson'), JSON.stringify({ type: 'ended' }) + '\n', { flag: 'a' });
    expect(find(await list(), 'sysv-shm', String(shmid))!.lab).toEqual({ made: true, runId: 'run-test', runLive: false });
  });

  it('says whether POSIX message queues can be listed (the mqueue filesystem mount)', async () => {
    const all = await list();
    const mount = findMqueueMount();
    expect(all.mqueue.mounted).toBe(mount.mounted);
    if (!mount.mounted) {
      expect(all.mqueue.note).toMatch(/not mounted/);
      expect(all.objects.some((o) => o.kind === 'posix-mq')).toBe(false);
    }
    expect(findMqueueMount('/nonexistent/mounts')).toMatchObject({ mounted: false, mountPoint: null, note: expect.stringContaining('/dev/mqueue') });
  });
});
