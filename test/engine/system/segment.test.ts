// system.segment over real segments: bytes read through /proc/PID/mem of a process that has the
// segment attached (nattch and lpid untouched), or through a read-only attachment of an
// instant when nobody has; IPC_STAT figures beside them.
import { describe, expect, it } from 'vitest';
import type { ObjectSnapshot } from '../../../main/contract/runs';
import { createLab } from '../../../main/engine/lab';
import { addon } from '../../../main/native/addon';
import { isRoot, startMaker, testKey, useOwnObjects } from './helpers';

const native = addon();
const lab = createLab({ frontDoor: 'cli' });
const { cleanups } = useOwnObjects();

async function segment(args: { shmid: number; offset?: number; length?: number }): Promise<ObjectSnapshot> {
  const result = await lab.call('system.segment', args);
  if (!result.ok) throw new Error(`${result.error.code}: ${result.error.message}`);
  return result.value as ObjectSnapshot;
}

describe('system.segment', () => {
  it('reads an attached segment through the attached process, leaving nattch and lpid alone', async () => {
    const maker = await startMaker();
    const shmid = await maker.call<number>('shmGet', testKey(), 8192, { create: true, exclusive: true });
    cleanups.push(() => native.shmRemove(shmid));
    const handle = await maker.call<number>('shmAttach', shmid);
    await maker.call('memWrite', handle, 100, { $bytes: [0x68, 0x69, 0, 255] });
    const snap = await segment({ shmid, offset: 100, length: 4 });
    expect(snap).toMatchObject({ object: `shm-${shmid}`, kind: 'shm', exists: true, offset: 100, bytes: [0x68, 0x69, 0, 255] });
    expect(snap.stat).toMatchObject({ size: 8192, nattch: 1, cpid: maker.pid, lpid: maker.pid, readVia: `/proc/${maker.pid}/mem` });
    expect(native.shmStat(shmid)).toMatchObject({ nattch: 1, lpid: maker.pid });
    await maker.exit();
  });

  it('reads a segment nobody has attached through a read-only attachment, clipped to its size', async () => {
    const maker = await startMaker();
    const shmid = await maker.call<number>('shmGet', testKey(), 100, { create: true, exclusive: true });
    cleanups.push(() => native.shmRemove(shmid));
    const handle = await maker.call<number>('shmAttach', shmid);
    await maker.call('memWrite', handle, 96, { $bytes: [1, 2, 3, 4] });
    await maker.exit();
    const snap = await segment({ shmid, offset: 90, length: 65_536 });
    expect(snap.bytes).toEqual([0, 0, 0, 0, 0, 0, 1, 2, 3, 4]);
    expect(snap.stat).toMatchObject({ nattch: 0, readVia: 'read-only attachment' });
    expect(native.shmStat(shmid).nattch).toBe(0);
  });

  it('refuses lengths over 64 KiB and unknown segments', async () => {
    expect(await lab.call('system.segment', { shmid: 1, length: 65_537 })).toMatchObject({ ok: false, error: { code: 'INVALID_ARGUMENT' } });
    expect(await lab.call('system.segment', { shmid: 999_999_999 })).toMatchObject({ ok: false, error: { code: 'NOT_FOUND' } });
  });

  it('refuses a segment the user may not read, whoever runs the test', async () => {
    // ipc(5): the mode bits decide for everyone but root, whom CAP_IPC_OWNER lets read anything.
    // So as root the reader is uid 65534 for the call (seteuid, this test process only) and the
    // segment root's 0600; as anyone else the segment is the user's own with mode 000.
    const root = isRoot();
    const shmid = native.shmGet(testKey(), 4096, { create: true, exclusive: true, mode: root ? 0o600 : 0o000 });
    cleanups.push(() => native.shmRemove(shmid));
    if (root) process.seteuid!(65534);
    let result;
    try {
      result = await lab.call('system.segment', { shmid });
    } finally {
      if (root) process.seteuid!(0);
    }
    expect(result).toMatchObject({ ok: false, error: { code: 'FORBIDDEN', message: expect.stringContaining(`shm ${shmid}`) } });
    expect(native.shmStat(shmid).nattch).toBe(0);
  });
});
