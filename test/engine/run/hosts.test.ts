// Hosts (main/engine/run/hosts.ts, native/src/linux/hosts): real namespaces made through a
// real user namespace. What one host creates does not exist on the other; nothing is left
// after a run or after a kill -9 of the engine (the namespaces themselves included); as
// uid 65534 too; and where the kernel refuses a user namespace, nothing starts.
import { spawnSync } from 'node:child_process';
import { chmodSync, existsSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RunManager } from '../../../main/engine/runs';
import type { RunEvent } from '../../../main/scenario/events';
import { assertNoLeaks, snapshot, type SystemSnapshot } from '../../helpers/leaks';
import { ofType, scenario, testEngine } from '../helpers';
import { until } from '../../helpers/until';
import { engineRunUntil, gone, killEngine, namespaces, processesIn } from './engine-kill';

const bin = fileURLToPath(new URL('../../../main/bin/process-lab.js', import.meta.url));
const isRoot = process.getuid!() === 0;
let before: SystemSnapshot;
let root: string;

beforeAll(() => {
  before = snapshot();
  root = mkdtempSync(join(tmpdir(), 'plab-hosts-'));
  chmodSync(root, 0o755); // uid 65534 reads the scenario files written here
});
afterAll(() => {
  rmSync(root, { recursive: true, force: true });
  assertNoLeaks(before);
});

/** Host A makes a segment, a FIFO and a queue; host B looks for each of them by name. */
const crossHost = (extra: unknown[] = []) => scenario(
  [
    { id: 'a', host: 'A', program: [
      { op: 'shm.create', object: 'M' }, { op: 'fifo.create', object: 'F' }, { op: 'mailbox.create', object: 'Q' },
      { op: 'receive', from: 'any', label: 'inbox' },
    ] },
    { id: 'b', host: 'B', program: [
      { op: 'sleep', ms: 200 },
      { op: 'shm.attach', object: 'M', onError: 'continue', label: 'shm' },
      { op: 'fifo.open', object: 'F', end: 'write', blocking: false, onError: 'continue', label: 'fifo' },
      { op: 'send', to: { mailbox: 'Q' }, data: 'x', onError: 'continue', label: 'mq' },
      { op: 'send', to: { process: 'a' }, data: 'x', onError: 'continue', label: 'direct' },
      ...extra,
    ] },
    // Same host as a: its direct message arrives (inboxes live in their host's IPC namespace).
    { id: 'c', host: 'A', program: [{ op: 'sleep', ms: 300 }, { op: 'send', to: { process: 'a' }, data: 'from c' }] },
  ],
  [{ id: 'M', kind: 'shm', size: 64 }, { id: 'F', kind: 'fifo' }, { id: 'Q', kind: 'mailbox' }],
  { hosts: [{ id: 'A' }, { id: 'B' }] },
);

const errnoOf = (events: RunEvent[], process: string, label: string) =>
  ofType(events, 'step.end').find((e) => e.process === process && e.label === label)?.errno;

describe('a run on two hosts', () => {
  it('finds on B none of what A made (another IPC, mount and network namespace), then removes everything', async () => {
    const engine = testEngine();
    const inodes: string[] = [];
    const run = engine.manager.start(crossHost(), undefined, (event) => {
      if (event.type === 'host.created') inodes.push(...namespaces(event.pid));
    });
    const status = await run.finished;
    const events = run.events;
    expect(status).toBe('completed');
    const hosts = ofType(events, 'host.created');
    expect(hosts.map((h) => [h.host, h.address])).toEqual([['A', '10.0.0.1'], ['B', '10.0.0.2']]);
    // Two hosts, two of each namespace (nothing shared between them, nor with the lab).
    expect(new Set(inodes).size).toBe(8);
    for (const ns of inodes) expect(namespaces(process.pid)).not.toContain(ns);
    expect(errnoOf(events, 'b', 'shm')).toBe('ENOENT'); // shmget: no such key in B's IPC namespace
    expect(errnoOf(events, 'b', 'fifo')).toBe('ENOENT'); // the path is A's tmpfs, not B's
    expect(errnoOf(events, 'b', 'mq')).toBe('ENOENT'); // mq_open: B's queues are its own
    expect(errnoOf(events, 'b', 'direct')).toBe('ENOENT'); // a's inbox is on A
    const received = ofType(events, 'step.end').find((e) => e.process === 'a' && e.label === 'inbox');
    expect(received?.result).toMatchObject({ data: 'from c' });
    // Nothing left: no process in the hosts' namespaces (so the namespaces, their veth pair,
    // tmpfs files and System V objects are gone with them), no keeper, no run directory.
    expect(processesIn(inodes)).toEqual([]);
    for (const host of hosts) expect(gone(host.pid)).toBe(true);
    expect(existsSync(run.runDir)).toBe(false);
    expect(ofType(events, 'host.removed').map((e) => e.host)).toEqual(['A', 'B']);
    await engine.dispose();
  });

  it('refuses host placements that no machine could have', async () => {
    const engine = testEngine();
    const bad = scenario(
      [
        { id: 'a', host: 'A', program: [{ op: 'spawn', process: 'kid' }, { op: 'signal.send', to: 'b', signal: 'SIGUSR1' }] },
        { id: 'kid', parent: 'a', host: 'B', program: [] },
        { id: 'b', program: [] },
        { id: 'c', host: 'Z', program: [] },
      ],
      [],
      { hosts: [{ id: 'A' }, { id: 'B' }] },
    );
    let message = '';
    try {
      engine.manager.start(bad);
    } catch (error) {
      message = (error as Error).message;
    }
    expect(message).toContain('/processes/1/host'); // a child runs on its parent's host
    expect(message).toContain('/processes/2'); // b is on no host
    expect(message).toContain('/processes/3/host'); // no host Z
    expect(message).not.toContain('/processes/0/program/1/to'); // b has no host: no verdict on it
    const noHosts = scenario([{ id: 'a', host: 'A', program: [] }]);
    expect(() => engine.manager.start(noHosts)).toThrow(/declares no hosts/);
    const tooMany = scenario([{ id: 'a', host: 'A', program: [] }], [], { hosts: [{ id: 'A' }, { id: 'B' }, { id: 'C' }] });
    expect(() => engine.manager.start(tooMany)).toThrow(/hosts/);
    await engine.dispose();
  });
});

describe('hosts and the engine as a process', () => {
  const env = () => ({ ...process.env, PROCESS_LAB_DATA_DIR: join(root, 'data'), PROCESS_LAB_RUNTIME_DIR: join(root, 'runtime'), NO_COLOR: '1' });

  // Skips unless root: only root can start the CLI as uid 65534.
  it.skipIf(!isRoot)('work for an ordinary user (uid 65534), through a user namespace', () => {
    const file = join(root, 'cross.lab.json');
    writeFileSync(file, JSON.stringify(crossHost()));
    chmodSync(file, 0o644);
    const home = mkdtempSync(join(tmpdir(), 'plab-nobody-'));
    chmodSync(home, 0o777);
    const result = spawnSync('setpriv', ['--reuid=65534', '--regid=65534', '--clear-groups', process.execPath, bin, 'run', file, '--json'], {
      encoding: 'utf8', timeout: 60_000,
      env: { ...process.env, HOME: home, PROCESS_LAB_DATA_DIR: join(home, 'data'), PROCESS_LAB_RUNTIME_DIR: join(home, 'runtime'), XDG_RUNTIME_DIR: '' },
    });
    try {
      expect(result.stderr).toBe('');
      expect(result.status).toBe(0);
      const events = result.stdout.trim().split('\n').map((line) => JSON.parse(line) as RunEvent);
      expect(errnoOf(events, 'b', 'shm')).toBe('ENOENT');
      const hosts = ofType(events, 'host.created');
      expect(hosts).toHaveLength(2);
      for (const host of hosts) expect(gone(host.pid)).toBe(true);
      for (const start of ofType(events, 'process.start')) expect(gone(start.pid)).toBe(true);
    } finally {
      rmSync(home, { recursive: true, force: true });
    }
  });

  it('are gone with everything on them right after a kill -9 of the engine', async () => {
    const file = join(root, 'long.lab.json');
    writeFileSync(file, JSON.stringify(scenario(
      [
        { id: 'a', host: 'A', program: [{ op: 'shm.create', object: 'M' }, { op: 'fifo.create', object: 'F' }, { op: 'spawn', process: 'kid' }, { op: 'sleep', ms: 60_000 }] },
        { id: 'kid', parent: 'a', program: [{ op: 'log', message: 'kid is up' }, { op: 'sleep', ms: 60_000 }] },
        { id: 'b', host: 'B', program: [{ op: 'sleep', ms: 60_000 }] },
      ],
      [{ id: 'M', kind: 'shm', size: 64 }, { id: 'F', kind: 'fifo' }],
      { hosts: [{ id: 'A' }, { id: 'B' }] },
    )));
    const { engine, events } = await engineRunUntil(file, env(), (seen) =>
      ofType(seen, 'process.start').length === 3 && seen.some((e) => e.type === 'process.output' && e.text.includes('kid is up')));
    const inodes = ofType(events, 'host.created').flatMap((e) => namespaces(e.pid));
    const pids = [...ofType(events, 'process.start').map((e) => e.pid), ...ofType(events, 'host.created').map((e) => e.pid)];
    expect(pids).toHaveLength(5);
    expect(processesIn(inodes).sort()).toEqual(expect.arrayContaining(pids.slice(0, 3)));
    await killEngine(engine);
    // No new engine needed: the keeper saw its pipe close and killed everything on the hosts,
    // the orphan "kid" (which no death signal covers) included.
    await until(() => pids.every(gone) && processesIn(inodes).length === 0, 'the hosts and their processes are gone');
    // What is left is the run directory, which the next engine removes by its journal.
    const runtimeDir = join(root, 'runtime', `process-lab-${process.getuid!()}`);
    const report = new RunManager({ runsDir: join(root, 'data', 'runs'), runtimeDir }, () => {}).leftovers;
    expect(report).toHaveLength(1);
    expect(readdirSync(runtimeDir).filter((d) => d.startsWith('run-'))).toEqual([]);
  }, 60_000);

  it('say plainly when the kernel refuses a user namespace, and start nothing', () => {
    // unshare -U without a mapping: the caller's uid is unmapped, so the kernel refuses a
    // nested user namespace with EPERM (user_namespaces(7)), as a locked-down kernel would.
    const file = join(root, 'refused.lab.json');
    writeFileSync(file, JSON.stringify(crossHost()));
    const result = spawnSync('unshare', ['-U', process.execPath, bin, 'run', file, '--json'], { encoding: 'utf8', env: env(), timeout: 60_000 });
    expect(result.status).toBe(1);
    const events = result.stdout.trim().split('\n').map((line) => JSON.parse(line) as RunEvent);
    expect(ofType(events, 'process.start')).toEqual([]);
    expect(ofType(events, 'host.created')).toEqual([]);
    const said = ofType(events, 'process.output').map((e) => e.text).join('');
    expect(said).toContain("cannot make the scenario's hosts");
    expect(said).toContain('EPERM');
    expect(ofType(events, 'run.end')[0].status).toBe('failed');
  });
});
