// `process-lab ipcrm --orphans` after a kill -9 of the engine mid-run: `ipcs` says the run's
// engine stopped, and ipcrm removes everything the run's journal names (its segment, both
// inboxes, its processes, its run directory) with the engine start's own cleanup. Only the
// objects this run made are looked at (its journal's keys, its PIDs, its directory).
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import type { SystemList } from '../../main/contract/system';
import { readJournal } from '../../main/engine/run/journal';
import { removeLeftovers } from '../../main/engine/run/leftovers';
import { ownUid } from '../../main/engine/paths';
import { readSysv } from '../../main/engine/system/sysv';
import type { RunEvent } from '../../main/scenario/events';
import { engineRunUntil, gone, killEngine } from '../engine/run/engine-kill';

const bin = fileURLToPath(new URL('../../main/bin/process-lab.js', import.meta.url));
const root = mkdtempSync(join(tmpdir(), 'plab-ipcrm-dead-'));
const env = { ...process.env, PROCESS_LAB_RUNTIME_DIR: join(root, 'rt'), PROCESS_LAB_DATA_DIR: join(root, 'data'), NO_COLOR: '1' };
const cli = (args: string[]) => spawnSync(process.execPath, [bin, ...args], { env, encoding: 'utf8', timeout: 30_000, stdio: ['pipe', 'pipe', 'pipe'] });

// A holds the segment attached and sends to B; B answers and then waits for a second message
// that never comes: the run is mid-way with a segment and two inboxes when the engine dies.
const scenario = {
  format: 'process-lab/scenario@1',
  title: 'dead engine leftovers',
  objects: [{ id: 'S', kind: 'shm', size: 4096 }],
  processes: [
    { id: 'A', name: 'A', program: [{ op: 'shm.create', object: 'S' }, { op: 'shm.attach', object: 'S' }, { op: 'send', to: { process: 'B' }, data: 'hi' }, { op: 'receive', from: { process: 'B' } }, { op: 'receive', from: { process: 'B' } }] },
    { id: 'B', name: 'B', program: [{ op: 'receive', from: { process: 'A' } }, { op: 'send', to: { process: 'A' }, data: 'back' }, { op: 'receive', from: { process: 'A' } }] },
  ],
  limits: { timeoutMs: 60_000 },
};

afterAll(() => {
  removeLeftovers(join(root, 'rt', `process-lab-${ownUid()}`)); // whatever a failed assertion left
  rmSync(root, { recursive: true, force: true });
});

describe('process-lab ipcrm --orphans after a kill -9 of the engine', () => {
  it('ipcs says "engine stopped"; ipcrm removes the segment, both inboxes, the processes and the run directory', async () => {
    const file = join(root, 'dead.lab.json');
    writeFileSync(file, JSON.stringify(scenario));
    const received = (events: RunEvent[]) => events.filter((e) => e.type === 'step.end' && /receive/.test(JSON.stringify(e))).length >= 2;
    const { engine } = await engineRunUntil(file, env, received);
    const rt = join(root, 'rt', `process-lab-${ownUid()}`);
    const [dir] = readdirSync(rt).filter((d) => d.startsWith('run-'));
    const runDir = join(rt, dir);
    const entries = readJournal(runDir, ownUid());
    const run = entries.find((e) => e.type === 'run')!;
    if (run.type !== 'run') throw new Error('no run line');
    const keys = Object.values(run.names).flatMap((n) => (n.key === undefined ? [] : [n.key >>> 0]));
    const pids = entries.flatMap((e) => (e.type === 'pid' ? [e.pid] : []));
    expect(keys).toHaveLength(3); // the segment and two inboxes
    expect(pids).toHaveLength(2);
    await killEngine(engine);

    const ours = () => [...readSysv('shm'), ...readSysv('msg')].filter((r) => keys.includes(r.key >>> 0));
    expect(ours()).toHaveLength(3);
    const listed = JSON.parse(cli(['ipcs', '--json']).stdout) as SystemList;
    const runObjects = listed.objects.filter((o) => o.lab.runId === run.runId);
    expect(runObjects.length).toBe(3);
    for (const o of runObjects) expect(o.lab).toMatchObject({ runLive: false, runEngineStopped: true });
    expect(cli(['ipcs']).stdout).toContain(`lab (run ${run.runId}, engine stopped)`);

    const removed = cli(['ipcrm', '--orphans', '--yes']);
    expect(removed.status, removed.stderr).toBe(0);
    expect(removed.stdout).toContain(`Run ${run.runId} (engine stopped)`);
    expect(ours()).toEqual([]);
    expect(existsSync(runDir)).toBe(false);
    for (const pid of pids) expect(gone(pid)).toBe(true);
  });
});
