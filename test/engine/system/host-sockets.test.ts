// The system inspector sees the sockets inside a run's hosts (main/engine/system/host-sockets.ts):
// each host is its own network namespace, out of the machine's sock_diag dump, so the list reads
// /proc/PID/net of the process holding each host (journalled) and labels each row with its host.
// Real runs on real namespaces, held at breakpoints while the list is taken. And a socketpair,
// which has no path, counts as the lab's because a process of the live run holds it.
import { spawnSync } from 'node:child_process';
import { chmodSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SystemList } from '../../../main/contract/system';
import { listSystemObjects } from '../../../main/engine/system/list';
import { presetById } from '../../../main/presets';
import { assertNoLeaks, snapshot, type SystemSnapshot } from '../../helpers/leaks';
import { ofType, scenario, testEngine, type TestEngine } from '../helpers';
import { until } from '../../helpers/until';
import { engineRunUntil } from '../run/engine-kill';

let engine: TestEngine;
let before: SystemSnapshot;
beforeAll(() => {
  before = snapshot();
  engine = testEngine();
});
afterAll(async () => {
  await engine.dispose();
  assertNoLeaks(before);
});

const runtimeDir = () => join(engine.root, 'runtime');

describe('sockets inside hosts, in the system list', () => {
  it('two-hosts preset: A listens on 10.0.0.1 and holds the connection from 10.0.0.2 with its 14 bytes; B holds the other end', async () => {
    // a stops before its recv (index 9), b before its close (index 9): the TCP connection is up and b's bytes wait.
    const run = engine.manager.start(presetById('two-hosts')!.scenario, undefined, undefined, { breakpoints: [{ process: 'a', index: [9] }, { process: 'b', index: [9] }] });
    await until(() => ofType(run.events, 'breakpoint.hit').length === 2, 'both breakpoints');
    const hosts = ofType(run.events, 'host.created');
    const a = ofType(run.events, 'process.start').find((e) => e.process === 'a')!.pid;
    const b = ofType(run.events, 'process.start').find((e) => e.process === 'b')!.pid;
    const list = listSystemObjects(runtimeDir());
    const rows = (list.hostInetSockets ?? []).filter((r) => r.host.runId === run.runId);
    const on = (host: string) => rows.filter((r) => r.host.id === host && r.protocol === 'tcp');
    expect(hosts.map((h) => h.host)).toEqual(['A', 'B']);
    const listener = on('A').find((r) => r.state === 'LISTEN');
    expect(listener).toMatchObject({ local: expect.stringMatching(/^10\.0\.0\.1:\d+$/), peer: '0.0.0.0:0' });
    expect(listener!.holders.map((h) => h.pid)).toContain(a);
    const port = listener!.local.split(':')[1];
    const accepted = on('A').find((r) => r.state === 'ESTAB');
    expect(accepted).toMatchObject({ local: `10.0.0.1:${port}`, peer: expect.stringMatching(/^10\.0\.0\.2:\d+$/), recvQ: 14, sendQ: 0 });
    expect(accepted!.holders.map((h) => h.pid)).toContain(a);
    const client = on('B').find((r) => r.state === 'ESTAB');
    expect(client).toMatchObject({ local: accepted!.peer, peer: `10.0.0.1:${port}` });
    expect(client!.holders.map((h) => h.pid)).toContain(b);
    run.step('a');
    run.step('b');
    expect(await run.finished).toBe('completed');
    // Once the run is over its hosts are gone, and so are their rows.
    expect((listSystemObjects(runtimeDir()).hostInetSockets ?? []).filter((r) => r.host.runId === run.runId)).toEqual([]);
  });

  it('a Unix socket bound on host A is listed with host A, its path and state, and not as one of the machine\'s', async () => {
    const run = engine.manager.start(scenario([
      { id: 'a', host: 'A', program: [
        { op: 'socket.create', object: 'U' }, { op: 'socket.bind', object: 'U' }, { op: 'socket.listen', object: 'U' },
        { op: 'log', message: 'listening' }, { op: 'socket.close', object: 'U' },
      ] },
      { id: 'b', host: 'B', program: [{ op: 'log', message: 'here' }] },
    ], [{ id: 'U', kind: 'socket' }], { hosts: [{ id: 'A' }, { id: 'B' }] }), undefined, undefined, { breakpoints: [{ process: 'a', index: [3] }] });
    await until(() => ofType(run.events, 'breakpoint.hit').length === 1, 'the breakpoint');
    const a = ofType(run.events, 'process.start').find((e) => e.process === 'a')!.pid;
    const unix = listSystemObjects(runtimeDir()).unixSockets ?? [];
    const mine = unix.filter((r) => r.path?.endsWith('/objects/U.sock') && r.path.includes(run.runDir));
    expect(mine).toEqual([expect.objectContaining({ host: { id: 'A', runId: run.runId }, type: 'stream', state: 'LISTEN', lab: true })]);
    expect(mine[0].holders.map((h) => h.pid)).toContain(a);
    run.step('a');
    expect(await run.finished).toBe('completed');
  });

  it('a socketpair has no path, but a live run holds it: it is marked as the lab\'s, with its peer', async () => {
    const run = engine.manager.start(scenario([
      { id: 'p', program: [{ op: 'socket.pair', object: 'P' }, { op: 'log', message: 'made' }, { op: 'socket.close', object: 'P' }, { op: 'socket.close', object: 'P' }] },
    ], [{ id: 'P', kind: 'socket' }]), undefined, undefined, { breakpoints: [{ process: 'p', index: [1] }] });
    await until(() => ofType(run.events, 'breakpoint.hit').length === 1, 'the breakpoint');
    const p = ofType(run.events, 'process.start').find((e) => e.process === 'p')!.pid;
    const held = (listSystemObjects(runtimeDir()).unixSockets ?? []).filter((r) => r.holders.some((h) => h.pid === p));
    expect(held).toHaveLength(2);
    expect(held.every((r) => r.lab && r.state === 'ESTAB' && r.host === undefined)).toBe(true);
    expect(held[0].peer).toBe(held[1].inode);
    expect(held[1].peer).toBe(held[0].inode);
    run.step('p');
    expect(await run.finished).toBe('completed');
  });

  // An ordinary user's engine and inspector: /proc/PID/net of its own host process is readable.
  // Skips unless root: only root can start the CLI as uid 65534.
  it.skipIf(process.getuid!() !== 0)('as uid 65534 too: `process-lab ipcs --json` lists the TCP sockets of its run\'s two hosts', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'plab-hs-'));
    chmodSync(dir, 0o777);
    try {
      const file = join(dir, 'hold.lab.json');
      writeFileSync(file, JSON.stringify(scenario([
        { id: 'a', host: 'A', program: [{ op: 'socket.create', object: 'T' }, { op: 'socket.bind', object: 'T' }, { op: 'socket.listen', object: 'T' }, { op: 'sleep', ms: 2500 }] },
        { id: 'b', host: 'B', program: [{ op: 'sleep', ms: 200 }, { op: 'socket.create', object: 'T' }, { op: 'socket.connect', object: 'T' }, { op: 'log', message: 'connected' }, { op: 'sleep', ms: 2000 }] },
      ], [{ id: 'T', kind: 'socket', domain: 'inet' }], { hosts: [{ id: 'A' }, { id: 'B' }] })));
      chmodSync(file, 0o644);
      const nobody = ['setpriv', '--reuid=65534', '--regid=65534', '--clear-groups'];
      const env = { ...process.env, HOME: dir, PROCESS_LAB_DATA_DIR: join(dir, 'data'), PROCESS_LAB_RUNTIME_DIR: join(dir, 'runtime'), NO_COLOR: '1' };
      const { engine, events } = await engineRunUntil(file, env, (seen) => seen.some((e) => e.type === 'process.output' && e.text.includes('connected')), nobody);
      const cli = fileURLToPath(new URL('../../../main/bin/process-lab.js', import.meta.url));
      const ipcs = spawnSync(nobody[0], [...nobody.slice(1), process.execPath, cli, 'ipcs', '--json'], { env, encoding: 'utf8', timeout: 30_000 });
      expect(ipcs.status, ipcs.stderr).toBe(0);
      const runId = ofType(events, 'run.start')[0].runId;
      const rows = ((JSON.parse(ipcs.stdout) as SystemList).hostInetSockets ?? []).filter((r) => r.host.runId === runId);
      expect(rows.filter((r) => r.host.id === 'A').map((r) => r.state).sort()).toEqual(['ESTAB', 'LISTEN']);
      expect(rows.filter((r) => r.host.id === 'B').map((r) => [r.state, r.peer.split(':')[0]])).toEqual([['ESTAB', '10.0.0.1']]);
      const exited = await new Promise<number | null>((resolve) => engine.once('exit', resolve));
      expect(exited).toBe(0);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
