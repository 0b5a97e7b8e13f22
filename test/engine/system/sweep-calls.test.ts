// system.orphanPlan and system.removeOrphans (the System IPC view's "Remove all orphans") over
// real kernel objects: the plan lists the test's orphans; a removal acts only on what its
// confirmation names and is still an orphan now, so the test confirms only its own objects and
// every other orphan of the machine (other users', other agents') is left alone. The dead-run half
// (a kill -9 of an engine, then a removal from the GUI) is test/e2e/ui-system-sweep.spec.ts.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { OrphanPlanView, OrphanSweep } from '../../../main/contract/system';
import { createLab } from '../../../main/engine/lab';
import { readSysv } from '../../../main/engine/system/sysv';
import { addon } from '../../../main/native/addon';
import { startMaker, testKey, useOwnObjects } from './helpers';

const native = addon();
const root = mkdtempSync(join(tmpdir(), 'plab-sweep-'));
const lab = createLab({ frontDoor: 'cli', paths: { runsDir: join(root, 'runs'), runtimeDir: join(root, 'runtime') } });
const { cleanups } = useOwnObjects(() => rmSync(root, { recursive: true, force: true }));

async function call<T>(method: 'system.orphanPlan' | 'system.removeOrphans', args: object): Promise<T> {
  const result = await lab.call(method, args as never);
  if (!result.ok) throw new Error(result.error.message);
  return result.value as T;
}
const shmExists = (shmid: number) => readSysv('shm').some((r) => r.id === shmid);

describe('system.removeOrphans', () => {
  it('removes the orphans its confirmation names, leaves the others, and counts what it did not find', async () => {
    const maker = await startMaker();
    const gone = await maker.call<number>('shmGet', testKey(), 4096, { create: true, exclusive: true });
    const kept = await maker.call<number>('shmGet', testKey(), 4096, { create: true, exclusive: true });
    cleanups.push(() => native.shmRemove(gone), () => native.shmRemove(kept));
    await maker.exit(); // their creator is dead and nobody is attached: both are orphans

    const plan = await call<OrphanPlanView>('system.orphanPlan', {});
    const ours = plan.objects.filter((o) => o.kind === 'sysv-shm' && [String(gone), String(kept)].includes(o.id));
    expect(ours.map((o) => o.id).sort()).toEqual([String(gone), String(kept)].sort());
    expect(plan.runs).toEqual([]); // the test's own runtime directory: no run whose engine stopped
    const target = ours.find((o) => o.id === String(gone))!;

    const done = await call<OrphanSweep>('system.removeOrphans', {
      runs: ['run-never-existed'],
      objects: [{ kind: target.kind, id: target.id, name: target.name }, { kind: 'sysv-shm', id: '999999999', name: 'shm 999999999' }],
    });
    expect(done.objects).toEqual([{ kind: 'sysv-shm', id: String(gone), name: target.name }]);
    expect(done.runs).toEqual([]);
    expect(done.notFound).toBe(2); // the run and the segment that are not there
    expect(done.leftAlone).toBeGreaterThanOrEqual(1); // `kept` at least: it was not confirmed
    expect(shmExists(gone)).toBe(false);
    expect(shmExists(kept)).toBe(true);
  });

  it('refuses a confirmation that is not one', async () => {
    const bad = await lab.call('system.removeOrphans', { runs: ['../x'], objects: [] });
    expect(bad).toMatchObject({ ok: false, error: { code: 'INVALID_ARGUMENT' } });
    const noName = await lab.call('system.removeOrphans', { runs: [], objects: [{ kind: 'sysv-shm', id: '1' }] } as never);
    expect(noName).toMatchObject({ ok: false, error: { code: 'INVALID_ARGUMENT' } });
  });
});
