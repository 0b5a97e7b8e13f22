// tcp-hosts (main/engine/bench/pair.ts): TCP between a client on host B and an echo on host A
// over the veth pair, beside TCP on 127.0.0.1, in one quick run; the hosts' namespaces and
// everything in them are gone afterwards; as uid 65534 too (a user namespace); and where the
// kernel refuses namespaces the row says "unavailable" and is not a failure. No timing asserted.
import { spawnSync } from 'node:child_process';
import { chmodSync, mkdtempSync, readdirSync, readlinkSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { benchResultSetSchema, type BenchResultSet, type BenchRow } from '../../main/contract/bench';
import { runBenchmark } from '../../main/engine/bench/runner';
import { snapshot, type SystemSnapshot } from '../helpers/leaks';
import { benchLeaks, childPids } from './helpers';

const bin = fileURLToPath(new URL('../../main/bin/process-lab.js', import.meta.url));
const isRoot = process.getuid!() === 0;
const ownNet = readlinkSync('/proc/self/ns/net');

let before: SystemSnapshot;
let childrenBefore: number[];
let set: BenchResultSet;
/** The network namespaces our children ran in, other than ours: the hosts'. */
const hostNets = new Set<string>();
const seenPids = new Set<number>();

function netOf(pid: number): string | undefined {
  try {
    return readlinkSync(`/proc/${pid}/ns/net`);
  } catch {
    return undefined; // gone, or not ours to read
  }
}

/** Every process of the machine still in one of the hosts' network namespaces. */
function processesInHostNets(): number[] {
  return readdirSync('/proc').filter((e) => /^\d+$/.test(e)).map(Number).filter((pid) => {
    const net = netOf(pid);
    return net !== undefined && hostNets.has(net);
  });
}

const alive = (pid: number) => readdirSync('/proc').includes(String(pid));

beforeAll(async () => {
  before = snapshot();
  childrenBefore = childPids();
  // The pairs and the keeper are our children: note the namespaces they run in while they do.
  const watch = setInterval(() => {
    for (const pid of childPids()) {
      if (childrenBefore.includes(pid)) continue;
      seenPids.add(pid);
      const net = netOf(pid);
      if (net && net !== ownNet) hostNets.add(net);
    }
  }, 2);
  try {
    set = await runBenchmark({ quick: true, reps: 1, budgetMs: 5, mechanisms: ['tcp', 'tcp-hosts'], sizes: [64] });
  } finally {
    clearInterval(watch);
  }
}, 60_000);

afterAll(() => {
  expect(benchLeaks(before)).toEqual([]);
  expect(childPids().filter((pid) => !childrenBefore.includes(pid))).toEqual([]);
});

function expectFigures(row: BenchRow) {
  expect(row.status, `${row.mechanism} ${row.placement}: ${row.reason}`).toBe('ok');
  expect(row.latency!.samples).toBeGreaterThan(0);
  expect(row.latency!.minNs).toBeGreaterThan(0);
  expect(row.latency!.p50Ns.median).toBeLessThanOrEqual(row.latency!.p99Ns.median);
  expect(row.throughput!.messagesPerS.median).toBeGreaterThan(0);
  expect(row.throughput!.mbPerS.median).toBeGreaterThan(0);
}

describe('tcp-hosts beside tcp', () => {
  it('measures both in the same run, in both placements', () => {
    const cells = set.rows.map((r) => `${r.mechanism} ${r.placement}`);
    expect(cells).toEqual(['tcp same-cpu', 'tcp two-cpus', 'tcp-hosts same-cpu', 'tcp-hosts two-cpus']);
    set.rows.forEach(expectFigures);
    expect(set.notes.some((n) => n.startsWith('tcp-hosts:'))).toBe(true);
  });

  it('ran its pair in two network namespaces of its own, and left none of them behind', () => {
    expect(hostNets.size).toBeGreaterThanOrEqual(2); // host A and host B (the keeper's children)
    expect(processesInHostNets()).toEqual([]);
    for (const pid of seenPids) expect(alive(pid), `pid ${pid}`).toBe(false);
  });
});

describe('tcp-hosts through the CLI', () => {
  // One home per test: the data directory uid 65534 makes is not writable by the next.
  const homes: string[] = [];
  afterAll(() => homes.forEach((home) => rmSync(home, { recursive: true, force: true })));
  const env = () => {
    const home = mkdtempSync(join(tmpdir(), 'plab-bench-hosts-'));
    chmodSync(home, 0o777);
    homes.push(home);
    return { ...process.env, HOME: home, PROCESS_LAB_DATA_DIR: join(home, 'data'), PROCESS_LAB_RUNTIME_DIR: join(home, 'runtime'), XDG_RUNTIME_DIR: '', NO_COLOR: '1' };
  };
  const args = ['bench', '--quick', '--mechanism', 'tcp-hosts', '--size', '64', '--json'];

  // Skips unless root: only root can start the CLI as uid 65534.
  it.skipIf(!isRoot)('works for an ordinary user (uid 65534), through a user namespace', () => {
    const result = spawnSync('setpriv', ['--reuid=65534', '--regid=65534', '--clear-groups', process.execPath, bin, ...args], { encoding: 'utf8', timeout: 90_000, env: env() });
    expect(result.status, result.stderr).toBe(0);
    const rows = benchResultSetSchema.parse(JSON.parse(result.stdout)).rows;
    expect(rows.map((r) => r.placement)).toEqual(['same-cpu', 'two-cpus']);
    rows.forEach(expectFigures);
  }, 100_000);

  it('says plainly when the kernel refuses namespaces: unavailable, not failed', () => {
    // unshare -U without a mapping: the caller's uid is unmapped, so the kernel refuses a
    // nested user namespace with EPERM (user_namespaces(7)), as a locked-down kernel would.
    const result = spawnSync('unshare', ['-U', process.execPath, bin, ...args], { encoding: 'utf8', timeout: 90_000, env: env() });
    expect(result.status, result.stderr).toBe(0);
    const rows = benchResultSetSchema.parse(JSON.parse(result.stdout)).rows;
    expect(rows).toHaveLength(2);
    for (const row of rows) {
      expect(row.status).toBe('unsupported');
      expect(row.reason).toMatch(/^unavailable: .*user namespaces.*\(EPERM\)$/);
      expect(row.latency).toBeUndefined();
    }
  }, 100_000);
});
