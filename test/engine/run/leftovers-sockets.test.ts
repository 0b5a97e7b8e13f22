// kill -9 of the engine in the middle of a run whose processes hold sockets (issue 20): a Unix
// socket bound to a path in the run's directory, with a client connected to it, and a TCP socket
// listening. The next engine's start (its leftovers pass) leaves nothing of the run: no process,
// no socket file, the port free again; on two hosts, no process left in the hosts' namespaces
// either. What is looked at is the run's own: its PIDs, its paths, its port, its namespaces.
import { chmodSync, existsSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RunManager } from '../../../main/engine/runs';
import { addon } from '../../../main/native/addon';
import type { RunEvent } from '../../../main/scenario/events';
import { assertNoLeaks, snapshot, type SystemSnapshot } from '../../helpers/leaks';
import { ofType, scenario } from '../helpers';
import { until } from '../../helpers/until';
import { engineRunUntil, gone, killEngine, namespaces, processesIn } from './engine-kill';

let before: SystemSnapshot;
let root: string;
beforeAll(() => {
  before = snapshot();
  root = mkdtempSync(join(tmpdir(), 'plab-sk-')); // short: the socket path must fit sun_path (107 bytes)
  chmodSync(root, 0o755);
});
afterAll(() => {
  rmSync(root, { recursive: true, force: true });
  assertNoLeaks(before);
});

/** A server with a Unix socket (a client connected) and a TCP listener, all sleeping; placed on hosts when given. */
const holding = (hosts: boolean) => scenario(
  [
    { id: 'server', ...(hosts ? { host: 'A' } : {}), program: [
      { op: 'socket.create', object: 'U' }, { op: 'socket.bind', object: 'U' }, { op: 'socket.listen', object: 'U' },
      { op: 'socket.create', object: 'T' }, { op: 'socket.bind', object: 'T' }, { op: 'socket.listen', object: 'T' },
      { op: 'socket.accept', object: 'U' }, { op: 'log', message: 'accepted' }, { op: 'sleep', ms: 60_000 },
    ] },
    { id: 'client', ...(hosts ? { host: 'A' } : {}), program: [
      { op: 'sleep', ms: 200 }, { op: 'socket.create', object: 'U' }, { op: 'socket.connect', object: 'U' }, { op: 'sleep', ms: 60_000 },
    ] },
    ...(hosts ? [{ id: 'far', host: 'B', program: [{ op: 'sleep', ms: 400 }, { op: 'socket.create', object: 'T' }, { op: 'socket.connect', object: 'T' }, { op: 'sleep', ms: 60_000 }] }] : []),
  ],
  [{ id: 'U', kind: 'socket' }, { id: 'T', kind: 'socket', domain: 'inet' }],
  hosts ? { hosts: [{ id: 'A' }, { id: 'B' }], limits: { timeoutMs: 60_000 } } : { limits: { timeoutMs: 60_000 } },
);

/** Whether 127.0.0.1:port can be bound now (EADDRINUSE while someone listens on it). */
function portFree(port: number): boolean {
  const native = addon();
  const fd = native.socketCreate('inet', 'stream');
  try {
    native.socketBind(fd, { address: '127.0.0.1', port });
    return true;
  } catch (error) {
    if ((error as { code?: string }).code === 'EADDRINUSE') return false;
    throw error;
  } finally {
    native.fdClose(fd);
  }
}

const labelled = (events: RunEvent[], op: string, process: string) => ofType(events, 'step.end').find((e) => e.op === op && e.process === process && !e.errno);

describe('kill -9 of the engine while sockets are open', () => {
  for (const hosts of [false, true]) {
    it(`${hosts ? 'on two hosts' : 'on this machine'}: the next engine start leaves no process, socket file${hosts ? ' or namespace' : ' or port'} of the run`, async () => {
      const dir = mkdtempSync(join(root, hosts ? 'h-' : 'l-'));
      const file = join(dir, 'sockets.lab.json');
      writeFileSync(file, JSON.stringify(holding(hosts)));
      const env = { ...process.env, PROCESS_LAB_DATA_DIR: join(dir, 'data'), PROCESS_LAB_RUNTIME_DIR: join(dir, 'runtime'), NO_COLOR: '1' };
      const { engine, events } = await engineRunUntil(file, env, (seen) =>
        seen.some((e) => e.type === 'process.output' && e.text.includes('accepted')) && (!hosts || !!labelled(seen, 'socket.connect', 'far')));
      const path = ofType(events, 'object.created').find((e) => e.object === 'U')!.path!;
      const address = ofType(events, 'object.created').find((e) => e.object === 'T')!.address!;
      const pids = [...ofType(events, 'process.start').map((e) => e.pid), ...ofType(events, 'host.created').map((e) => e.pid)];
      const inodes = ofType(events, 'host.created').flatMap((e) => namespaces(e.pid));
      expect(pids).toHaveLength(hosts ? 5 : 2);
      expect(pids.every((pid) => !gone(pid))).toBe(true);
      if (hosts) {
        expect(address).toMatch(/^10\.0\.0\.1:\d+$/);
        expect(processesIn(inodes).length).toBeGreaterThan(0);
      } else {
        // On this machine the path and the port are visible from here: both really are taken now.
        expect(existsSync(path)).toBe(true);
        expect(portFree(Number(address.split(':')[1]))).toBe(false);
      }

      await killEngine(engine);
      const runtimeDir = join(dir, 'runtime', `process-lab-${process.getuid!()}`);
      const [report] = new RunManager({ runsDir: join(dir, 'data', 'runs'), runtimeDir }, () => {}).leftovers;
      expect(report).toBeDefined();
      await until(() => pids.every(gone), 'every process of the run is gone');
      expect(existsSync(path)).toBe(false);
      expect(readdirSync(runtimeDir).filter((d) => d.startsWith('run-'))).toEqual([]);
      if (hosts) expect(processesIn(inodes)).toEqual([]);
      else expect(portFree(Number(address.split(':')[1]))).toBe(true);
    }, 60_000);
  }
});
