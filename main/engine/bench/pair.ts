// One benchmark pair of lab processes: the engine prepares the objects, starts the echo and then
// the client as lab processes are started (the addon's spawn: fork + execve in C, descriptors
// passed by number), waits for both without blocking its event loop, and removes everything.
// Each process is Node running a few lines that call addon.benchRun: its timed loop is in C.
// tcp-hosts: the pair runs on two hosts (run/hosts.ts: the echo on A, the client on B), made
// for the pair and ended with it; where the kernel refuses namespaces the outcome says so.
import { closeSync, constants, mkdirSync, mkdtempSync, openSync, read, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { BenchPrepared, BenchRep, BenchSpec } from '../../../native/types/bench';
import { LabFailure } from '../../contract/envelope';
import { addon, addonPath } from '../../native/addon';
import { HostsUnavailable, RunHosts } from '../run/hosts';
import { JOURNAL_FILE } from '../run/journal';
import { OBJECTS_DIR } from '../run/names';
import type { Cell } from './plan';

/**
 * The environment of a benchmark side (Node running the bench loop): the engine's, without what
 * would slow its start or change how Node behaves there (NODE_EXTRA_CA_CERTS parses a certificate
 * bundle at each start; NODE_OPTIONS may carry a test runner's loaders). Electron's binary runs
 * as plain Node only when told so (the RunAsNode fuse stays enabled for these pairs).
 */
function nodeEnvironment(): Record<string, string> {
  const env: Record<string, string> = {};
  for (const [key, value] of Object.entries(process.env)) {
    if (value !== undefined && key !== 'NODE_EXTRA_CA_CERTS' && key !== 'NODE_OPTIONS') env[key] = value;
  }
  if (process.versions.electron) env.ELECTRON_RUN_AS_NODE = '1';
  return env;
}

export interface PairConfig {
  reps: number;
  warmup: number;
  budgetMs: number;
  maxSamples: number;
}

/** unavailable: the pair cannot run on this machine at all (no namespaces), not a failure. */
export type PairOutcome = { ok: true; reps: BenchRep[] } | { ok: false; code: string; message: string; unavailable?: boolean };

/**
 * Host A (10.0.0.1, the echo) and host B (10.0.0.2, the client) for one tcp-hosts pair; the
 * keeper journals itself in dir and mounts over dir/objects inside the hosts.
 * @throws HostsUnavailable with the kernel's errno name (EPERM, ENOSPC, ENOSYS)
 */
function openPairHosts(dir: string): RunHosts {
  mkdirSync(join(dir, OBJECTS_DIR));
  writeFileSync(join(dir, JOURNAL_FILE), '', { mode: 0o600, flag: 'wx' }); // the keeper journals its spawn there
  return new RunHosts({ runDir: dir, hosts: ['A', 'B'], inboxes: [] });
}

// CommonJS through `node -e`: no build step, nothing but the addon between the loop and the kernel.
const WORKER_SOURCE = `
const fs = require('fs');
const spec = JSON.parse(process.argv[1]);
let result;
try {
  const native = require(spec.addon);
  result = { ok: true, reps: native.benchRun(spec) || null };
} catch (e) {
  result = { ok: false, code: (e && e.code) || 'INTERNAL', message: String(e && e.message || e) };
}
fs.writeFileSync(process.argv[2], JSON.stringify(result));
process.exitCode = result.ok ? 0 : 1;
`;

/** Waits until every holder of the pipe's write end has exited (read returns EOF). */
function untilClosed(fd: number): Promise<void> {
  return new Promise((resolve) => {
    const buf = Buffer.alloc(1);
    const again = () => read(fd, buf, 0, 1, null, (error, n) => (error || n === 0 ? resolve() : again()));
    again();
  });
}

function readOutcome(path: string): PairOutcome | undefined {
  try {
    return JSON.parse(readFileSync(path, 'utf8')) as PairOutcome;
  } catch {
    return undefined;
  }
}

/** Generous: process start, warm-up, two phases per repetition, and a slow machine. */
function deadlineMs(config: PairConfig): number {
  return 20_000 + config.reps * config.budgetMs * 4;
}

export async function runLabPair(cell: Cell, config: PairConfig, workDir: string): Promise<PairOutcome> {
  const native = addon();
  if (!native.benchPrepare || !native.benchRelease) throw new LabFailure('UNAVAILABLE', 'This build of the addon has no benchmarks (Linux only).');
  const dir = mkdtempSync(join(workDir, 'pair-'));
  const closed = { readFd: -1, writeFd: -1 };
  let prepared: BenchPrepared | undefined;
  let ready = closed;
  // One pipe per side whose write end only that side holds: EOF means it exited.
  const exits = [closed, closed];
  let nullFd = -1;
  const pids: number[] = [];
  let timer: NodeJS.Timeout | undefined;
  let hosts: RunHosts | undefined;
  try {
    if (cell.mechanism === 'tcp-hosts') {
      try {
        hosts = openPairHosts(dir);
      } catch (error) {
        if (!(error instanceof HostsUnavailable)) throw error;
        return { ok: false, code: error.code, message: error.message, unavailable: true };
      }
    }
    prepared = native.benchPrepare(cell.mechanism, cell.size, dir);
    ready = native.pipeCreate({ cloexec: true });
    exits[0] = native.pipeCreate({ cloexec: true });
    exits[1] = native.pipeCreate({ cloexec: true });
    nullFd = openSync('/dev/null', constants.O_RDWR);
    const common = {
      mechanism: cell.mechanism, size: cell.size, reps: config.reps, warmup: config.warmup, budgetMs: config.budgetMs,
      maxSamples: config.maxSamples, readyFd: 3, id: prepared.id, port: prepared.port, slots: prepared.slots, addon: addonPath(),
    };
    const [reqRead, reqWrite, respRead, respWrite] = prepared.fds;
    const [reqName, respName] = prepared.names;
    const shared = cell.mechanism.startsWith('shm-'); // one segment, both sides map it by its name
    const hostA = hosts?.hosts.get('A')?.address;
    const echo: BenchSpec = { ...common, role: 'echo', cpu: cell.cpus[1], fdA: 4, fdB: 5, nameA: hostA ?? (shared ? reqName : respName), nameB: reqName };
    const launch = (spec: BenchSpec, fds: Array<[number, number]>, out: string) =>
      native.spawn(process.execPath, [process.execPath, '-e', WORKER_SOURCE, JSON.stringify(spec), out], {
        env: nodeEnvironment(),
        ...(hosts ? { joinNamespacesOf: hosts.pidOf(spec.role === 'echo' ? 'A' : 'B') } : {}),
        fds: [[0, nullFd], [1, nullFd], [2, nullFd], [6, exits[pids.length].writeFd], ...fds],
        ...(process.platform === 'linux' ? { parentDeathSignal: 'SIGKILL' as const } : {}), // the engine's pairs die with it (Linux only)
      });
    const mechanismFds = (a: number, b: number): Array<[number, number]> => [a, b].flatMap((fd, i) => (fd >= 0 ? [[4 + i, fd] as [number, number]] : []));
    const isSocket = cell.mechanism === 'unix' || cell.mechanism === 'tcp';
    pids.push(launch(echo, [[3, ready.writeFd], ...(cell.mechanism === 'pipe' ? mechanismFds(respWrite, reqRead) : isSocket ? mechanismFds(reqRead, -1) : [])], join(dir, 'echo.json')));
    const client: BenchSpec = { ...common, role: 'client', cpu: cell.cpus[0], fdA: 4, fdB: 5, nameA: hostA ?? reqName, nameB: respName, peer: pids[0] };
    pids.push(launch(client, [[3, ready.readFd], ...(cell.mechanism === 'pipe' ? mechanismFds(reqWrite, respRead) : [])], join(dir, 'client.json')));
    // Only the pair holds these now: a side that dies gives the other EOF, not a hang.
    for (const fd of [ready.readFd, ready.writeFd, exits[0].writeFd, exits[1].writeFd]) native.fdClose(fd);
    ready.readFd = ready.writeFd = exits[0].writeFd = exits[1].writeFd = -1;
    const killAll = () => pids.forEach((pid) => native.kill(pid, 'SIGKILL'));
    timer = setTimeout(killAll, deadlineMs(config));
    const ended = exits.map((e) => untilClosed(e.readFd));
    // Once one side is gone the other has at most a moment left (its last reply, or nothing:
    // a client whose echo died would wait for ever on a futex or a queue).
    await Promise.race(ended);
    clearTimeout(timer);
    timer = setTimeout(killAll, 5000);
    await Promise.all(ended);
    const statuses = pids.map((pid) => native.waitpid(pid));
    pids.length = 0;
    const clientOut = readOutcome(join(dir, 'client.json'));
    const echoOut = readOutcome(join(dir, 'echo.json'));
    if (clientOut && !clientOut.ok) return clientOut;
    if (echoOut && !echoOut.ok) return echoOut;
    if (clientOut?.ok && clientOut.reps) return clientOut;
    const how = statuses.map((s) => (s?.signaled ? `killed by ${s.signal}` : `exit ${s?.code}`)).join(', ');
    return { ok: false, code: 'INTERNAL', message: `the pair ended without a result (${how})` };
  } finally {
    if (timer) clearTimeout(timer);
    for (const pid of pids) {
      try { native.kill(pid, 'SIGKILL'); native.waitpid(pid); } catch { /* already reaped */ }
    }
    for (const fd of [ready.readFd, ready.writeFd, nullFd, ...exits.flatMap((e) => [e.readFd, e.writeFd])]) if (fd >= 0) closeSync(fd);
    if (prepared) native.benchRelease(prepared);
    hosts?.close(); // the keeper kills whatever is left on the hosts; the namespaces and veth go with it
    rmSync(dir, { recursive: true, force: true });
  }
}
