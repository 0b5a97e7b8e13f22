// Issue 17, System IPC's "Remove all orphans": one action that does what `process-lab ipcrm
// --orphans` does, with the same engine code. A real run is left by a kill -9 of its engine (the
// CLI) with its processes, a segment, three inboxes and a FIFO; beside it, an ordinary orphan
// (ipcmk's segment, its creator gone). The GUI lists both in one confirmation, then removes the
// run's processes, objects and directory, and the other orphan.
// Everything runs in a private IPC namespace with its own /dev/shm (unshare(1), nsenter(1)), the
// server and the killed engine included: "all orphans" there are this test's only, and nobody
// else's can be removed. The namespaces, and all in them, end with the test.
import { spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { expect, test } from '@playwright/test';
import { ownUid } from '../../main/engine/paths';
import { readJournal } from '../../main/engine/run/journal';
import type { RunEvent } from '../../main/scenario/events';
import { engineRunUntil, gone, killEngine } from '../engine/run/engine-kill';
import { deadRunScenario, startPrivateIpc } from '../helpers/private-ipc';
import { until } from '../helpers/until';
import { startLabServer, stopLabServer, type LabServer } from './support/lab-server';

const artifacts = fileURLToPath(new URL('./artifacts/', import.meta.url));
const isRoot = typeof process.geteuid === 'function' && process.geteuid() === 0;

test('Remove all orphans removes what a killed engine\'s run left (processes, objects, directory) and the other orphans, after one confirmation', async ({ page }) => {
  test.skip(!isRoot, 'a private IPC and mount namespace (unshare --ipc --mount) needs root; without it "all orphans" would be the machine\'s');
  test.setTimeout(120_000);
  const root = mkdtempSync(join(tmpdir(), 'plab-e2e-sweep-'));
  const env = { ...process.env, PROCESS_LAB_RUNTIME_DIR: join(root, 'rt'), PROCESS_LAB_DATA_DIR: join(root, 'data') };
  const rt = join(root, 'rt', `process-lab-${ownUid()}`);
  let holder: ChildProcess | undefined;
  let server: LabServer | undefined;
  try {
    const ipc = await startPrivateIpc();
    holder = ipc.holder;
    const { inside } = ipc;
    // The server first: an engine that starts cleans up after runs whose engine died, so the run
    // that dies here is one whose leftovers an engine already running finds (the GUI's case).
    server = await startLabServer({ prefix: inside, env });

    // The dead run: its engine killed mid-way.
    const file = join(root, 'dead.lab.json');
    writeFileSync(file, JSON.stringify(deadRunScenario));
    const ends = (events: RunEvent[], op: string) => events.filter((e) => e.type === 'step.end' && e.op === op).length;
    const { engine } = await engineRunUntil(file, env, (events) => ends(events, 'receive') >= 2 && ends(events, 'fifo.create') >= 1, inside);
    const [dir] = readdirSync(rt).filter((d) => d.startsWith('run-'));
    const runDir = join(rt, dir);
    const journal = readJournal(runDir, ownUid());
    const run = journal.find((e) => e.type === 'run');
    if (run?.type !== 'run') throw new Error('no run line in the journal');
    const pids = journal.flatMap((e) => (e.type === 'pid' ? [e.pid] : []));
    expect(pids).toHaveLength(3);
    await killEngine(engine);
    // An ordinary orphan beside it: ipcmk makes a segment and exits.
    const made = spawnSync(inside[0], [...inside.slice(1), 'ipcmk', '-M', '4096'], { encoding: 'utf8' });
    const shmid = made.stdout.match(/id:\s*(\d+)/)?.[1];
    expect(shmid, made.stderr).toBeDefined();

    await page.goto(`${server.url}&view=system`);
    const objects = page.getByRole('table', { name: 'System IPC objects' });
    await expect(objects.getByRole('row')).toHaveCount(1 + 5, { timeout: 15_000 }); // header, 4 of the run, ipcmk's
    await expect(objects).toContainText(`run ${run.runId} (engine stopped)`);

    await page.getByRole('button', { name: 'Remove all orphans…' }).click();
    const confirm = page.getByRole('alertdialog');
    await expect(confirm.getByRole('heading')).toHaveText('Remove 5 orphans and what a run whose engine stopped left?');
    await expect(confirm.getByRole('button', { name: 'Cancel' })).toBeFocused();
    const runPart = confirm.getByRole('region', { name: `Run ${run.runId}` });
    await expect(runPart).toContainText(runDir);
    await expect(runPart.getByRole('listitem')).toHaveCount(4);
    await expect(confirm.getByRole('list', { name: 'Other orphans' }).getByRole('listitem')).toHaveCount(1);
    await expect(confirm.getByRole('list', { name: 'Other orphans' })).toContainText(shmid!);
    await page.screenshot({ path: `${artifacts}ui-system-sweep-confirm.png` });
    // Escape cancels: nothing removed.
    await page.keyboard.press('Escape');
    await expect(confirm).toHaveCount(0);
    expect(existsSync(runDir)).toBe(true);

    await page.getByRole('button', { name: 'Remove all orphans…' }).click();
    await confirm.getByRole('button', { name: 'Remove all' }).click();
    const notice = page.locator('.system-inspector').getByRole('status').filter({ hasText: `Run ${run.runId}` });
    await expect(notice).toContainText(`Run ${run.runId} (engine stopped): `);
    for (const what of ['S (shm; shmid ', 'inbox of A (mailbox; ', 'F (fifo; path ', 'its directory removed', 'Removed 1 other orphan.']) await expect(notice).toContainText(what);
    await expect(objects).toContainText('No objects match.');
    await page.screenshot({ path: `${artifacts}ui-system-sweep-done.png` });
    expect(existsSync(runDir)).toBe(false);
    await until(() => pids.every(gone), 'the run\'s processes gone');
  } catch (failed) {
    if (server) console.log(`the server printed:\n${server.output()}`);
    throw failed;
  } finally {
    if (server) await stopLabServer(server);
    holder?.kill('SIGKILL');
    rmSync(root, { recursive: true, force: true });
  }
});
