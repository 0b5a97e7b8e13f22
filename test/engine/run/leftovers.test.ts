// Leftovers of dead engines, tried as an attacker and as a crash would: a runtime directory
// planted by another uid (65534) is refused and nothing it names is touched; in our own
// directory a journal acts only on what is still ours; a kill -9 of the engine between the
// journal's spawn line and the spawn, or between the spawn and its PID line, leaves nothing; so
// does a kill -9 of a lab process between its spawn line and its fork, or of the engine while a
// child a lab process forked has not journalled its PID yet (both stopped there by strace).
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { randomInt } from 'node:crypto';
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'vite';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RunManager } from '../../../main/engine/runs';
import { readJournal, type JournalEntry } from '../../../main/engine/run/journal';
import { LAB_KEY_PREFIX } from '../../../main/engine/run/names';
import { readStat } from '../../../main/engine/run/proc';
import { addon } from '../../../main/native/addon';

const isRoot = process.getuid?.() === 0;
const nobody = ['--reuid=65534', '--regid=65534', '--clear-groups'];
const bin = fileURLToPath(new URL('../../../main/bin/process-lab.js', import.meta.url));
let root: string;
const sleepers: ChildProcess[] = [];
const segments: number[] = [];

beforeAll(() => {
  root = mkdtempSync(join(tmpdir(), 'plab-leftovers-'));
  chmodSync(root, 0o711); // uid 65534 must reach its own corner of it
});
afterAll(() => {
  for (const s of sleepers) s.kill('SIGKILL');
  for (const shmid of segments) {
    try {
      addon().shmRemove(shmid);
    } catch {
      // removed by the test itself
    }
  }
  rmSync(root, { recursive: true, force: true });
});

const labKey = () => ((LAB_KEY_PREFIX << 24) | randomInt(1, 0xffffff)) >>> 0;
const alive = (pid: number) => {
  const stat = readStat(pid);
  return stat !== undefined && stat.state !== 'Z';
};
const segmentExists = (shmid: number) => {
  try {
    addon().shmStat(shmid);
    return true;
  } catch {
    return false;
  }
};

function sleeper(asNobody = false): { pid: number; startTime: number } {
  const child = asNobody ? spawn('setpriv', [...nobody, 'sleep', '600'], { stdio: 'ignore' }) : spawn('sleep', ['600'], { stdio: 'ignore' });
  sleepers.push(child);
  // setpriv execs sleep: same PID. Wait until the exec is done (the uid has changed).
  for (let i = 0; i < 200 && !/sleep/.test(readComm(child.pid!)); i++) spawnSync('sleep', ['0.01']);
  return { pid: child.pid!, startTime: readStat(child.pid!)!.startTime };
}
const readComm = (pid: number) => spawnSync('cat', [`/proc/${pid}/comm`], { encoding: 'utf8' }).stdout;

/** A dead PID for the journal's engine: a process that has come and gone. */
const deadPid = () => spawnSync('true').pid!;

function journalText(entries: JournalEntry[]): string {
  return entries.map((e) => JSON.stringify(e)).join('\n') + '\n';
}

// Skips unless root: planting the directory as another user (uid 65534) needs root.
describe.skipIf(!isRoot)('a runtime directory another user planted', () => {
  it('is refused by the next engine and the CLI, and nothing its journal names is touched', () => {
    const shared = join(root, 'shared');
    mkdirSync(shared);
    chmodSync(shared, 0o1777); // like /tmp
    const victim = sleeper();
    const secret = join(root, 'secret');
    writeFileSync(secret, 'root only\n', { mode: 0o600 });
    const key = labKey();
    const shmid = addon().shmGet(key, 4096, { create: true, exclusive: true, mode: 0o600 });
    segments.push(shmid);
    const runtimeDir = join(shared, 'process-lab-0');
    const journal = journalText([
      { type: 'run', runId: 'planted', enginePid: deadPid(), engineStartTime: 1, names: { F: { object: 'F', kind: 'fifo', path: secret }, M: { object: 'M', kind: 'shm', flavor: 'sysv', key } } },
      { type: 'pid', pid: victim.pid, startTime: victim.startTime, process: 'a' },
    ]);
    const plant = spawnSync('setpriv', [...nobody, process.execPath, '-e',
      `const fs = require('fs'); fs.mkdirSync(process.argv[1] + '/run-planted', { recursive: true, mode: 0o700 }); fs.writeFileSync(process.argv[1] + '/run-planted/journal.ndjson', process.argv[2]);`,
      runtimeDir, journal], { encoding: 'utf8' });
    expect(plant.stderr).toBe('');

    expect(() => new RunManager({ runtimeDir, runsDir: join(root, 'runs') }, () => {})).toThrow(/process-lab-0 belongs to uid 65534, not to you.*XDG_RUNTIME_DIR/s);
    const cli = spawnSync(process.execPath, [bin, 'run', 'zombie'], {
      encoding: 'utf8', timeout: 60_000,
      env: { ...process.env, PROCESS_LAB_RUNTIME_DIR: shared, PROCESS_LAB_DATA_DIR: join(root, 'data'), NO_COLOR: '1' },
    });
    expect(cli.status).toBe(1);
    expect(cli.stderr).toContain(`the runtime directory ${runtimeDir} belongs to uid 65534`);

    expect(alive(victim.pid)).toBe(true);
    expect(existsSync(secret)).toBe(true);
    expect(segmentExists(shmid)).toBe(true);
  });
});

describe('a journal in our own runtime directory', () => {
  // Skips unless root: a process and a segment of uid 65534 can be made only by root.
  it.skipIf(!isRoot)('kills only PIDs whose start time and uid match, and removes only what is ours inside the run', () => {
    const runtimeDir = join(root, 'own');
    mkdirSync(runtimeDir, { mode: 0o700 });
    const runDir = join(runtimeDir, 'run-old');
    mkdirSync(runDir, { mode: 0o700 });
    const ours = sleeper();
    const reused = sleeper(); // journalled with another start time: a reused PID
    const theirs = sleeper(true);
    const outside = join(root, 'outside.fifo');
    spawnSync('mkfifo', [outside]);
    mkdirSync(join(runDir, 'objects'), { mode: 0o700 }); // names.ts OBJECTS_DIR: where FIFOs live
    const inside = join(runDir, 'objects', 'F.fifo');
    spawnSync('mkfifo', [inside]);
    const ourKey = labKey();
    const ourShmid = addon().shmGet(ourKey, 4096, { create: true, exclusive: true, mode: 0o600 });
    segments.push(ourShmid);
    const theirKey = labKey();
    const made = spawnSync('setpriv', [...nobody, '/usr/bin/python3', '-c', `import ctypes; print(ctypes.CDLL(None).shmget(${theirKey}, 4096, 0o1600))`], { encoding: 'utf8' });
    const theirShmid = Number(made.stdout.trim());
    expect(theirShmid).toBeGreaterThanOrEqual(0);
    segments.push(theirShmid);
    writeFileSync(join(runDir, 'journal.ndjson'), journalText([
      { type: 'run', runId: 'old', enginePid: deadPid(), engineStartTime: 1, names: {
        F: { object: 'F', kind: 'fifo', path: inside },
        G: { object: 'G', kind: 'fifo', path: outside },
        M: { object: 'M', kind: 'shm', flavor: 'sysv', key: ourKey },
        N: { object: 'N', kind: 'shm', flavor: 'sysv', key: theirKey },
      } },
      { type: 'pid', pid: ours.pid, startTime: ours.startTime, uid: 0, process: 'a' },
      { type: 'pid', pid: reused.pid, startTime: reused.startTime + 1, uid: 0, process: 'b' },
      { type: 'pid', pid: theirs.pid, startTime: theirs.startTime, uid: 0, process: 'c' },
    ]), { mode: 0o600 });

    const [report] = new RunManager({ runtimeDir, runsDir: join(root, 'runs') }, () => {}).leftovers;
    expect(report.killed).toEqual([{ process: 'a', pid: ours.pid }]);
    expect(report.removed).toEqual([`F (fifo; path ${inside})`, `M (shm; shmid ${ourShmid}, key ${ourKey})`]);
    expect(alive(reused.pid)).toBe(true);
    expect(alive(theirs.pid)).toBe(true);
    expect(existsSync(outside)).toBe(true);
    expect(segmentExists(ourShmid)).toBe(false);
    expect(segmentExists(theirShmid)).toBe(true);
    expect(existsSync(runDir)).toBe(false);
  });
});

describe('kill -9 of the engine around a spawn', () => {
  let engine: string;
  beforeAll(async () => {
    const out = join(root, 'fixture');
    await build({
      configFile: false,
      logLevel: 'silent',
      build: {
        ssr: fileURLToPath(new URL('./fixtures/dying-engine.ts', import.meta.url)),
        outDir: out,
        emptyOutDir: true,
        rollupOptions: { output: { entryFileNames: 'dying-engine.mjs', format: 'esm' } },
      },
      ssr: { noExternal: true },
    });
    engine = join(out, 'dying-engine.mjs');
  }, 60_000);

  const scenario = {
    format: 'process-lab/scenario@1', title: 'sleeps', objects: [{ id: 'M', kind: 'shm', size: 4096 }],
    processes: [{ id: 'a', program: [{ op: 'sleep', ms: 60_000 }] }],
  };

  for (const moment of ['before-spawn', 'after-spawn'] as const) {
    it(`${moment}: the next engine kills what was started, removes every journalled object and lists the run as "engine stopped"`, async () => {
      const runtimeDir = join(root, `rt-${moment}`);
      const runsDir = join(root, `runs-${moment}`);
      const died = spawnSync(process.execPath, [engine, runtimeDir, runsDir, moment, JSON.stringify(scenario)], {
        encoding: 'utf8', timeout: 30_000,
        env: { ...process.env, PROCESS_LAB_ADDON: fileURLToPath(new URL('../../../native/build/Release/process_lab.node', import.meta.url)) },
      });
      expect(died.signal).toBe('SIGKILL');
      const [runDirName] = readdirSync(runtimeDir);
      const entries = readJournal(join(runtimeDir, runDirName));
      expect(entries.map((e) => e.type)).toEqual(['run', 'spawn']); // no PID line: the engine died first
      const started = died.stdout.trim() ? Number(died.stdout.trim()) : undefined;
      expect(started !== undefined).toBe(moment === 'after-spawn');
      if (started !== undefined) expect(alive(started)).toBe(true);
      const run = entries[0] as Extract<JournalEntry, { type: 'run' }>;
      const inboxKey = Object.values(run.names).find((n) => n.inboxOf === 'a')!.key!;

      const next = new RunManager({ runtimeDir, runsDir }, () => {});
      const [report] = next.leftovers;
      // Its recording has no run.end and its engine is gone: history says so (run.list).
      const [listed, ...others] = await next.list();
      expect(others).toEqual([]);
      expect(listed).toMatchObject({ title: 'sleeps', engineStopped: true });
      expect(listed.status).toBeUndefined();
      if (started !== undefined) {
        expect(report.killed).toEqual([{ process: 'a', pid: started }]);
        for (let i = 0; i < 100 && alive(started); i++) spawnSync('sleep', ['0.02']);
        expect(alive(started)).toBe(false);
      } else {
        expect(report.killed).toEqual([]);
      }
      expect(report.removed).toEqual([expect.stringMatching(/^inbox of a \(mailbox; msqid \d+, key \d+\)$/)]);
      expect(() => addon().msgGet(inboxKey)).toThrow(expect.objectContaining({ code: 'ENOENT' }));
      expect(readdirSync(runtimeDir)).toEqual([]);
    });
  }

  // A lab process forks its children itself. strace(1) stops it at the exact moment: it attaches
  // while the process waits at a breakpoint before its spawn step, then either kills it at the
  // fork (clone) after its journal's spawn line, or stops the forked child at its first getuid(2)
  // (just before the child journals its own PID; the parent waits there too, before its line).
  const family = {
    format: 'process-lab/scenario@1', title: 'family', objects: [{ id: 'M', kind: 'shm', size: 4096 }],
    processes: [
      { id: 'a', program: [{ op: 'spawn', process: 'b' }, { op: 'sleep', ms: 60_000 }] },
      { id: 'b', parent: 'a', program: [{ op: 'sleep', ms: 60_000 }] },
      { id: 'c', program: [{ op: 'sleep', ms: 60_000 }] },
    ],
  };
  const traced = (pid: number) => /^TracerPid:\s+[1-9]/m.test(statusText(pid));
  const statusText = (pid: number) => spawnSync('cat', [`/proc/${pid}/status`], { encoding: 'utf8' }).stdout;
  const until = (what: string, ok: () => boolean) => {
    for (let i = 0; i < 1500 && !ok(); i++) spawnSync('sleep', ['0.02']);
    if (!ok()) throw new Error(`never: ${what}`);
  };
  const exited = (child: ChildProcess) =>
    child.exitCode !== null || child.signalCode !== null ? Promise.resolve() : new Promise((r) => child.once('exit', r));
  const lines = (stream: NodeJS.ReadableStream) => {
    let text = '';
    stream.on('data', (chunk) => (text += String(chunk)));
    return () => text.split('\n').filter(Boolean).map(Number);
  };

  for (const moment of ['lab process killed between its spawn line and the fork', 'engine killed between the child\'s fork and its PID line'] as const) {
    it(`${moment}: the next engine removes what was journalled and kills nothing else`, async () => {
      const forkKilled = moment.startsWith('lab process');
      const runtimeDir = join(root, `rt-family-${forkKilled ? 'fork' : 'child'}`);
      const runsDir = join(root, `runs-family-${forkKilled ? 'fork' : 'child'}`);
      const decoy = sleeper(); // ours, same uid, not of the run: must survive
      const dying = spawn(process.execPath, [engine, runtimeDir, runsDir, 'at-breakpoint', JSON.stringify(family), 'a:0'], {
        stdio: ['pipe', 'pipe', 'inherit'],
        env: { ...process.env, PROCESS_LAB_ADDON: fileURLToPath(new URL('../../../native/build/Release/process_lab.node', import.meta.url)) },
      });
      const printed = lines(dying.stdout!);
      let tracer: ChildProcess | undefined;
      try {
        await new Promise<void>((resolve) => { const t = setInterval(() => printed().length > 0 && (clearInterval(t), resolve()), 20); });
        const [a] = printed();
        const inject = forkKilled
          ? ['-e', 'trace=clone,clone3,fork,vfork', '-e', 'inject=clone,clone3,fork,vfork:error=EAGAIN:signal=SIGKILL']
          : ['-e', 'trace=getuid', '-e', 'inject=getuid:delay_enter=600s:when=1']; // held in the tracer, not job-stopped (SIGSTOP would get it SIGHUP once its group is orphaned)
        tracer = spawn('strace', ['-f', '-qq', '-o', '/dev/null', ...inject, '-p', String(a)], { stdio: 'ignore' });
        until('strace attached', () => traced(a));
        dying.stdin!.write('go\n');
        const runDir = join(runtimeDir, readdirSync(runtimeDir)[0]);
        let child: number | undefined;
        if (forkKilled) {
          until('a killed at its fork', () => !alive(a));
        } else {
          const children = () => spawnSync('cat', [`/proc/${a}/task/${a}/children`], { encoding: 'utf8' }).stdout.trim();
          until('b forked', () => children() !== '');
          child = Number(children());
          until('b stopped before journalling itself', () => /^State:\s+[tT]/m.test(statusText(child!)));
        }
        const journal = readJournal(runDir);
        expect(journal.filter((e) => e.type === 'spawn').map((e) => (e as { process: string }).process)).toEqual(['a', 'c', 'b']);
        expect(journal.filter((e) => e.type === 'pid').map((e) => (e as { process: string }).process).sort()).toEqual(['a', 'c']);
        const roots = journal.flatMap((e) => (e.type === 'pid' ? [e.pid] : []));

        dying.kill('SIGKILL');
        await exited(dying);
        // Then the tracer goes: b goes on from where it was held (it journals its PID and runs),
        // a dies of its parent-death signal; the next engine must still find and kill b.
        tracer.kill('SIGKILL');
        await exited(tracer);
        until('the roots died with their engine', () => roots.every((pid) => !alive(pid)));

        const [report] = new RunManager({ runtimeDir, runsDir }, () => {}).leftovers;
        if (child === undefined) {
          expect(report.killed).toEqual([]); // b was never forked
        } else {
          expect(report.killed.map((k) => k.pid)).toEqual([child]);
          until('b killed', () => !alive(child!));
        }
        expect(report.removed.sort()).toEqual(['a', 'b', 'c'].map((p) => expect.stringMatching(new RegExp(`^inbox of ${p} \\(mailbox; msqid \\d+, key \\d+\\)$`))));
        expect(alive(decoy.pid)).toBe(true);
        expect(readdirSync(runtimeDir)).toEqual([]);
      } finally {
        dying.kill('SIGKILL');
        tracer?.kill('SIGKILL');
      }
    }, 120_000);
  }
});
