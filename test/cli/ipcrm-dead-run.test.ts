// `process-lab ipcs` and `process-lab ipcrm --orphans` after a kill -9 of the engine mid-run:
// ipcs says the run's engine stopped and counts every object of it as an orphan (an inbox nobody
// used yet too, which its figures alone would call "unknown"); ipcrm --orphans counts the same
// objects and removes everything the run's journal names (its segment, inboxes, FIFO, processes
// and run directory) with the engine start's own cleanup, saying the FIFO and the directory apart.
// With --yes it says what it did, never what it "would" do; "would" only before it asks.
// The whole test runs in a private IPC namespace with its own /dev/shm (unshare(1), nsenter(1)):
// ipcs counts only this test's objects there, and ipcrm --orphans --yes can remove nobody
// else's; the namespaces, and all in them, end with the test. Its processes are looked for by
// the PIDs its journal names.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SystemList } from '../../main/contract/system';
import { ownUid } from '../../main/engine/paths';
import { readJournal } from '../../main/engine/run/journal';
import type { RunEvent } from '../../main/scenario/events';
import { engineRunUntil, gone, killEngine } from '../engine/run/engine-kill';
import { isRoot } from '../engine/system/helpers';
import { deadRunScenario, startPrivateIpc, type PrivateIpc } from '../helpers/private-ipc';
import { bin } from './cli-sandbox';

const root = mkdtempSync(join(tmpdir(), 'plab-ipcrm-dead-'));
const env = { ...process.env, PROCESS_LAB_RUNTIME_DIR: join(root, 'rt'), PROCESS_LAB_DATA_DIR: join(root, 'data'), NO_COLOR: '1' };
const rt = join(root, 'rt', `process-lab-${ownUid()}`);
let ipc: PrivateIpc | undefined;
/** The prefix that runs a command inside the test's namespaces. */
const inside = () => ipc!.inside;
const cli = (args: string[]) => {
  const [command, ...rest] = [...inside(), process.execPath, bin, ...args];
  return spawnSync(command, rest, { env, encoding: 'utf8', timeout: 30_000, stdio: ['pipe', 'pipe', 'pipe'] });
};
/** `process-lab ARGS` on a terminal (script(1) gives it one), `input` typed at it. */
const onTerminal = (args: string[], input: string) => {
  const line = [process.execPath, bin, ...args].map((word) => `'${word}'`).join(' ');
  return spawnSync(inside()[0], [...inside().slice(1), 'script', '-qec', line, '/dev/null'], { env, encoding: 'utf8', timeout: 30_000, input });
};
const listed = () => JSON.parse(cli(['ipcs', '--json']).stdout) as SystemList;

beforeAll(async () => {
  if (!isRoot()) return;
  ipc = await startPrivateIpc();
});

afterAll(() => {
  if (ipc) {
    // Whatever a failed assertion left of the run, then the namespaces themselves (once their
    // last process is gone, the kernel removes every System V object and the tmpfs in them).
    if (existsSync(rt)) cli(['ipcrm', '--orphans', '--yes']);
    ipc.holder.kill('SIGKILL');
  }
  rmSync(root, { recursive: true, force: true });
});

describe('process-lab ipcs and ipcrm --orphans after a kill -9 of the engine', () => {
  it('count the same 4 orphans; --yes removes them, the FIFO, the processes and the run directory, and says so in the past tense', async (context) => {
    if (!isRoot()) {
      console.log('skipped: a private IPC and mount namespace (unshare --ipc --mount) needs root');
      context.skip();
    }
    const file = join(root, 'dead.lab.json');
    writeFileSync(file, JSON.stringify(deadRunScenario)); // a segment, three inboxes (C's unused) and a FIFO
    const ends = (events: RunEvent[], op: string) => events.filter((e) => e.type === 'step.end' && e.op === op).length;
    const ready = (events: RunEvent[]) => ends(events, 'receive') >= 2 && ends(events, 'fifo.create') >= 1;
    const { engine } = await engineRunUntil(file, env, ready, inside());
    const [dir] = readdirSync(rt).filter((d) => d.startsWith('run-'));
    const runDir = join(rt, dir);
    const entries = readJournal(runDir, ownUid());
    const run = entries.find((e) => e.type === 'run');
    if (run?.type !== 'run') throw new Error('no run line');
    const keys = Object.values(run.names).flatMap((n) => (n.key === undefined ? [] : [n.key >>> 0]));
    const pids = entries.flatMap((e) => (e.type === 'pid' ? [e.pid] : []));
    expect(keys).toHaveLength(4); // the segment and three inboxes
    expect(pids).toHaveLength(3);
    await killEngine(engine);

    // ipcs: the segment and three inboxes, all orphans of this user, left by one stopped run.
    const before = listed();
    expect(before.objects.map((o) => (o.key ?? 0) >>> 0).sort()).toEqual([...keys].sort());
    for (const o of before.objects) expect(o).toMatchObject({ orphan: { status: 'orphan' }, removable: true, lab: { runId: run.runId, runLive: false, runEngineStopped: true } });
    const unused = before.objects.find((o) => o.kind === 'sysv-msg' && o.pids.length === 0)!; // C's inbox
    expect(unused.orphan.why).toContain('By its figures alone: created');
    const table = cli(['ipcs']).stdout;
    expect(table).toContain(`lab (run ${run.runId}, engine stopped)`);
    expect(table).toContain('4 objects, 4 orphans (4 yours, 4 of them left by a run whose engine stopped: process-lab ipcrm --orphans removes them).');

    // Without --yes and without a terminal: what it would do, then a refusal; nothing removed.
    const asked = cli(['ipcrm', '--orphans']);
    expect(asked.status).toBe(2);
    expect(asked.stdout).toContain(`Run ${run.runId} (engine stopped): would kill its processes still running`);
    for (const o of before.objects) expect(asked.stdout).toContain(`  ${o.name}\n`);
    expect(listed().objects).toHaveLength(4);
    // On a terminal: the same, then the question; "n" removes nothing.
    const declined = onTerminal(['ipcrm', '--orphans'], 'n\n');
    expect(declined.status, declined.stdout).toBe(0);
    expect(declined.stdout).toContain(`Run ${run.runId} (engine stopped): would kill its processes still running`);
    expect(declined.stdout).toContain('Remove that run? [y/N] ');
    expect(declined.stdout).toContain('Nothing removed.');
    expect(listed().objects).toHaveLength(4);

    // With --yes: what was done, the same 4 counted, the FIFO and the directory said apart.
    const removed = cli(['ipcrm', '--orphans', '--yes']);
    expect(removed.status, removed.stderr).toBe(0);
    expect(removed.stdout).not.toMatch(/would/i);
    const runLine = removed.stdout.split('\n').find((line) => line.startsWith(`Run ${run.runId} (engine stopped): `))!;
    expect(runLine).toMatch(/: (killed .*|no process of it was still running); removed /);
    for (const what of ['S (shm; shmid ', 'inbox of A (mailbox; ', 'inbox of B (mailbox; ', 'inbox of C (mailbox; ', 'F (fifo; path ']) expect(runLine).toContain(what);
    expect(runLine).toMatch(new RegExp(`; removed its directory ${runDir}\\.$`));
    expect(removed.stdout).toContain('Removed 4 objects of the 4 orphans of yours that ipcs counted.');
    expect(listed().objects).toEqual([]);
    expect(existsSync(runDir)).toBe(false);
    for (const pid of pids) expect(gone(pid)).toBe(true);
  }, 90_000);
});
