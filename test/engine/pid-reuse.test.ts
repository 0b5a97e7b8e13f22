// A signal from the lab to a process of the run that has ended, whose PID another process now
// has: it fails with ESRCH and the other process is untouched (fidelity rule 6). PID reuse is
// forced deterministically inside a PID namespace of our own (unshare(1) --user --pid), where
// /proc/sys/kernel/ns_last_pid chooses the next PID. The engine is held (its event loop busy)
// from the end of the process until the signal, so it cannot have noticed the end: only the
// pidfd stands between the signal and the stranger.
//
// The file runs twice: here (the outer test starts vitest again inside the namespace) and in
// the namespace (PROCESS_LAB_IN_PID_NAMESPACE=1), where the inner test does the work.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { createLab } from '../../main/engine/lab';
import { readStat } from '../../main/engine/run/proc';
import { addon } from '../../main/native/addon';
import { ofType, scenario } from './helpers';

const INNER = 'PROCESS_LAB_IN_PID_NAMESPACE';
const root = fileURLToPath(new URL('../..', import.meta.url));
const unshare = ['--user', '--map-root-user', '--pid', '--fork', '--mount-proc'];

/** Whether this machine lets an ordinary user make a user and PID namespace. */
const canUnshare = process.env[INNER] === undefined && spawnSync('unshare', [...unshare, 'true']).status === 0;

if (process.env[INNER] === undefined) {
  describe('a signal to an ended process whose PID was reused', () => {
    it.skipIf(!canUnshare)('fails with ESRCH and never reaches the new process (run in a PID namespace; skipped where unshare --user --pid is refused)', () => {
      const vitest = join(root, 'node_modules', 'vitest', 'vitest.mjs');
      const inner = spawnSync('unshare', [...unshare, process.execPath, vitest, 'run', '-c', 'test/vitest.config.ts', 'test/engine/pid-reuse.test.ts'], {
        cwd: root,
        env: { ...process.env, [INNER]: '1', NO_COLOR: '1' },
        encoding: 'utf8',
        timeout: 90_000,
      });
      const output = inner.stdout + inner.stderr;
      expect(output, output).toMatch(/1 passed/);
      expect(inner.status, output).toBe(0);
    }, 120_000);
  });
} else {
  describe('inside a PID namespace', () => {
    it('refuses with ESRCH a signal to an ended process of the run whose PID a stranger has', async () => {
      const native = addon();
      const dir = mkdtempSync(join(tmpdir(), 'plab-pidns-'));
      const lab = createLab({ frontDoor: 'cli', paths: { runsDir: join(dir, 'runs'), runtimeDir: join(dir, 'runtime') } });
      let stranger: number | undefined;
      try {
        const started = await lab.call('run.start', {
          scenario: scenario([
            { id: 'a', program: [{ op: 'spawn', process: 'b' }, { op: 'wait', process: 'b' }, { op: 'sleep', ms: 500 }] },
            { id: 'b', parent: 'a', program: [{ op: 'sleep', ms: 300 }] },
          ]),
        });
        expect(started.ok).toBe(true);
        const runId = (started as { value: { runId: string } }).value.runId;
        const run = lab.runs().get(runId);
        while (!ofType(run.events, 'process.start').some((e) => e.process === 'b')) await new Promise((r) => setTimeout(r, 5));
        const b = ofType(run.events, 'process.start').find((e) => e.process === 'b')!.pid;
        const bStart = readStat(b)!.startTime;

        // From here until the signal, the engine's timers cannot run: it cannot notice b's end.
        const spinUntil = Date.now() + 20_000;
        while (readStat(b)?.startTime === bStart && Date.now() < spinUntil); // a reaps b
        expect(readStat(b)?.startTime).not.toBe(bStart);
        writeFileSync('/proc/sys/kernel/ns_last_pid', String(b - 1));
        stranger = native.spawn('/bin/sleep', ['sleep', '30']);
        expect(stranger).toBe(b); // the PID is reused
        const byId = await lab.call('run.signal', { runId, process: 'b', signal: 'SIGKILL' });
        const byPid = await lab.call('run.signal', { runId, pid: b, signal: 'SIGKILL' });
        // Back to the event loop only now.

        expect(byId).toMatchObject({ ok: false, error: { code: 'ESRCH' } });
        expect(byPid).toMatchObject({ ok: false, error: { code: 'ESRCH' } });
        expect(native.waitpid(stranger, { nohang: true })).toBeNull(); // untouched, still running
        expect(readStat(stranger)?.state).toMatch(/[SR]/);
        expect(await run.finished).toBe('completed');
        expect(ofType(run.events, 'process.exit').find((e) => e.process === 'b')).toMatchObject({ pid: b, code: 0 });
        expect(ofType(run.events, 'signal.sent')).toEqual([]);
      } finally {
        if (stranger !== undefined) {
          native.kill(stranger, 'SIGKILL');
          native.waitpid(stranger);
        }
        await lab.close();
        rmSync(dir, { recursive: true, force: true });
      }
    }, 60_000);
  });
}
