// `process-lab ipcs` and `process-lab ipcrm` as a user runs them: the package's bin, a real
// process, over objects this test makes (and only those are ever removed).
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import type { SystemList } from '../../main/contract/system';
import { readSysv } from '../../main/engine/system/sysv';
import { addon } from '../../main/native/addon';
import { isRoot, startMaker, testKey, useOwnObjects } from '../engine/system/helpers';

const bin = fileURLToPath(new URL('../../main/bin/process-lab.js', import.meta.url));
const run = (args: string[], options: { asNobody?: boolean } = {}) =>
  spawnSync(process.execPath, [bin, ...args], {
    encoding: 'utf8',
    timeout: 15_000,
    stdio: ['pipe', 'pipe', 'pipe'], // no terminal: stdin is a pipe
    ...(options.asNobody ? { uid: 65534, gid: 65534 } : {}),
  });
const native = addon();
const { cleanups } = useOwnObjects();
const shmExists = (shmid: number) => readSysv('shm').some((r) => r.id === shmid);

/** A System V segment whose creator has exited: an orphan of this user. */
async function orphanSegment(): Promise<number> {
  const maker = await startMaker();
  const shmid = await maker.call<number>('shmGet', testKey(), 4096, { create: true, exclusive: true });
  cleanups.push(() => native.shmRemove(shmid));
  await maker.exit();
  return shmid;
}

describe('process-lab ipcs', () => {
  it('prints every object as JSON with --json, orphans and owners included', async () => {
    const shmid = await orphanSegment();
    const result = run(['ipcs', '--json']);
    expect(result.status).toBe(0);
    const list = JSON.parse(result.stdout) as SystemList;
    expect(list.objects.find((o) => o.kind === 'sysv-shm' && o.id === String(shmid))).toMatchObject({ size: 4096, orphan: { status: 'orphan' }, removable: true });
    expect(typeof list.mqueue.mounted).toBe('boolean');
  });

  it('prints a table grouped by kind, orphans marked, and says when mqueue is not mounted', async () => {
    const shmid = await orphanSegment();
    const result = run(['ipcs']);
    expect(result.status).toBe(0);
    expect(result.stdout).toContain('System V shared memory');
    expect(result.stdout).toContain('POSIX named semaphores');
    expect(result.stdout).toMatch(new RegExp(`\\n  ${shmid} .*ORPHAN`));
    expect(result.stdout).toContain(`* ${shmid} is an orphan`);
    const list = JSON.parse(run(['ipcs', '--json']).stdout) as SystemList;
    if (!list.mqueue.mounted) expect(result.stdout).toContain('mqueue filesystem is not mounted');
    expect(run(['ipcs', 'extra']).status).toBe(2);
  });

  it('works as an ordinary user, who is offered none of root\'s objects', async (context) => {
    if (!isRoot()) {
      console.log('skipped: running the CLI as another user needs root');
      context.skip();
    }
    const shmid = await orphanSegment();
    const result = run(['ipcs', '--json'], { asNobody: true });
    expect(result.status).toBe(0);
    const list = JSON.parse(result.stdout) as SystemList;
    expect(list.euid).toBe(65534);
    expect(list.objects.find((o) => o.id === String(shmid))).toMatchObject({ removable: false, owner: { uid: 0 } });
    const refused = run(['ipcrm', '--id', `shm:${shmid}`, '--yes'], { asNobody: true });
    expect(refused.status).toBe(1);
    expect(refused.stderr).toContain('only your own');
    expect(shmExists(shmid)).toBe(true);
  });
});

describe('process-lab ipcrm', () => {
  it('lists the orphans but refuses without a terminal and without --yes, removing nothing', async () => {
    const shmid = await orphanSegment();
    const result = run(['ipcrm', '--orphans']);
    expect(result.status).toBe(2);
    expect(result.stdout).toContain(`shm ${shmid} key`);
    expect(result.stderr).toContain('no terminal to confirm on');
    expect(result.stderr).toContain('--yes');
    expect(shmExists(shmid)).toBe(true);
  });

  it('removes one object of the user with --id KIND:ID --yes', async () => {
    const shmid = await orphanSegment();
    const refused = run(['ipcrm', '--id', `shm:${shmid}`]);
    expect(refused.status).toBe(2);
    expect(shmExists(shmid)).toBe(true);
    const result = run(['ipcrm', '--id', `shm:${shmid}`, '--yes']);
    expect(result.status).toBe(0);
    expect(result.stdout).toContain(`removed shm ${shmid} key`);
    expect(shmExists(shmid)).toBe(false);
    expect(run(['ipcrm', '--id', `shm:${shmid}`, '--yes']).status).toBe(1); // gone now
  });

  it('exits 2 on a bad command line', () => {
    expect(run(['ipcrm']).status).toBe(2);
    expect(run(['ipcrm', '--orphans', '--id', 'shm:1']).status).toBe(2);
    const bad = run(['ipcrm', '--id', 'frob:1']);
    expect(bad.status).toBe(2);
    expect(bad.stderr).toContain('KIND:ID');
  });
});
