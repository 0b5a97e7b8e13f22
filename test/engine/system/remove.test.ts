// system.remove over real kernel objects: orphans the test made are removed, one call each,
// confirmed by name, and nothing else goes; a wrong confirmation removes nothing; another
// user's object is never offered and a request to remove it is refused FORBIDDEN.
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { SystemList, SystemObject } from '../../../main/contract/system';
import { createLab } from '../../../main/engine/lab';
import { readSysv } from '../../../main/engine/system/sysv';
import { addon } from '../../../main/native/addon';
import { isRoot, startMaker, testKey, testName, useOwnObjects } from './helpers';

const native = addon();
const root = mkdtempSync(join(tmpdir(), 'plab-system-'));
const lab = createLab({ frontDoor: 'cli', paths: { runsDir: join(root, 'runs'), runtimeDir: join(root, 'runtime') } });
const { cleanups } = useOwnObjects(() => rmSync(root, { recursive: true, force: true }));

async function list(): Promise<SystemList> {
  const result = await lab.call('system.list', {});
  if (!result.ok) throw new Error(result.error.message);
  return result.value as SystemList;
}

const shmExists = (shmid: number) => readSysv('shm').some((r) => r.id === shmid);
const msgExists = (msqid: number) => readSysv('msg').some((r) => r.id === msqid);

describe('system.remove', () => {
  it('removes exactly the orphans it is asked to, each confirmed by its name', async () => {
    const maker = await startMaker();
    const orphanShm = await maker.call<number>('shmGet', testKey(), 4096, { create: true, exclusive: true });
    cleanups.push(() => native.shmRemove(orphanShm));
    const orphanMsg = await maker.call<number>('msgGet', testKey(), { create: true, exclusive: true });
    cleanups.push(() => native.msgRemove(orphanMsg));
    await maker.call('msgSend', orphanMsg, 1, { $bytes: [7] });
    const shmName = testName('orphan');
    await maker.call('fdClose', await maker.call<number>('shmOpen', shmName, { create: true, exclusive: true }));
    cleanups.push(() => native.shmUnlink(shmName));
    const semName = testName('orphan-sem');
    await maker.call('semClose', await maker.call<number>('semOpen', semName, { create: true, exclusive: true }));
    cleanups.push(() => native.semUnlink(semName));
    await maker.exit();
    // One object of the test that stays in use: attached by a live process.
    const keeper = await startMaker();
    const keptShm = await keeper.call<number>('shmGet', testKey(), 4096, { create: true, exclusive: true });
    cleanups.push(() => native.shmRemove(keptShm));
    await keeper.call('shmAttach', keptShm);

    const mine = new Set([`sysv-shm:${orphanShm}`, `sysv-msg:${orphanMsg}`, `posix-shm:${shmName}`, `posix-sem:${semName}`, `sysv-shm:${keptShm}`]);
    const ours = (o: SystemObject) => mine.has(`${o.kind}:${o.id}`);
    const orphans = (await list()).objects.filter((o) => ours(o) && o.orphan.status === 'orphan' && o.removable);
    expect(orphans.map((o) => `${o.kind}:${o.id}`).sort()).toEqual([`posix-sem:${semName}`, `posix-shm:${shmName}`, `sysv-msg:${orphanMsg}`, `sysv-shm:${orphanShm}`].sort());

    for (const o of orphans) {
      const result = await lab.call('system.remove', { kind: o.kind, id: o.id, confirm: o.name });
      expect(result).toEqual({ ok: true, value: { removed: { kind: o.kind, id: o.id, name: o.name } } });
    }
    expect(shmExists(orphanShm)).toBe(false);
    expect(msgExists(orphanMsg)).toBe(false);
    expect(existsSync(`/dev/shm${shmName}`)).toBe(false);
    expect(existsSync(`/dev/shm/sem.${semName.slice(1)}`)).toBe(false);
    expect(shmExists(keptShm)).toBe(true);
    await keeper.exit();
  });

  it('refuses a confirmation that does not name the object, and removes nothing', async () => {
    const shmid = native.shmGet(testKey(), 64, { create: true, exclusive: true });
    cleanups.push(() => native.shmRemove(shmid));
    const result = await lab.call('system.remove', { kind: 'sysv-shm', id: String(shmid), confirm: 'yes' });
    expect(result).toMatchObject({ ok: false, error: { code: 'INVALID_ARGUMENT' } });
    expect(shmExists(shmid)).toBe(true);
    expect(await lab.call('system.remove', { kind: 'sysv-shm', id: '999999999', confirm: 'x' })).toMatchObject({ ok: false, error: { code: 'NOT_FOUND' } });
    expect(await lab.call('system.remove', { kind: 'posix-shm', id: '/../etc/passwd', confirm: 'x' })).toMatchObject({ ok: false, error: { code: 'INVALID_ARGUMENT' } });
    expect(await lab.call('system.remove', { kind: 'shm', id: '1', confirm: 'x' })).toMatchObject({ ok: false, error: { code: 'INVALID_ARGUMENT' } });
  });

  it('never offers another user\'s objects and refuses to remove them (FORBIDDEN)', async (context) => {
    if (!isRoot()) {
      console.log('skipped: making another user\'s objects needs root (a child started with uid 65534)');
      context.skip();
    }
    const other = await startMaker({ asNobody: true });
    const shmid = await other.call<number>('shmGet', testKey(), 4096, { create: true, exclusive: true, mode: 0o600 });
    cleanups.push(() => native.shmRemove(shmid));
    const name = testName('nobody');
    await other.call('fdClose', await other.call<number>('shmOpen', name, { create: true, exclusive: true }));
    cleanups.push(() => native.shmUnlink(name));
    await other.exit();

    const all = await list();
    for (const [kind, id] of [['sysv-shm', String(shmid)], ['posix-shm', name]] as const) {
      const object = all.objects.find((o) => o.kind === kind && o.id === id)!;
      expect(object).toMatchObject({ owner: { uid: 65534 }, orphan: { status: 'orphan' }, removable: false });
      expect(object.whyNotRemovable).toContain('only your own');
      const refused = await lab.call('system.remove', { kind, id, confirm: object.name });
      expect(refused).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
    }
    expect(shmExists(shmid)).toBe(true);
    expect(existsSync(`/dev/shm${name}`)).toBe(true);
  });
});

describe('System V semaphore sets', () => {
  it('are listed with their figures and removed after a confirmation naming them', async () => {
    const key = testKey();
    const semid = native.semSetGet(key, 2, { create: true, exclusive: true, mode: 0o600 });
    cleanups.push(() => native.semSetRemove(semid));
    expect(native.semSetStat(semid)).toMatchObject({ semid, nsems: 2, values: [0, 0] });
    const listed = (await list()).objects.find((o) => o.kind === 'sysv-sem' && o.id === String(semid))!;
    expect(listed).toBeDefined();
    expect(listed.removable).toBe(true);
    expect(await lab.call('system.remove', { kind: 'sysv-sem', id: String(semid), confirm: 'not its name' })).toMatchObject({ ok: false });
    expect(readSysv('sem').some((r) => r.id === semid)).toBe(true);
    expect(await lab.call('system.remove', { kind: 'sysv-sem', id: String(semid), confirm: listed.name })).toMatchObject({ ok: true });
    expect(readSysv('sem').some((r) => r.id === semid)).toBe(false);
  });
});
