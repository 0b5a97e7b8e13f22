// Quitting the desktop app: lab.close() runs in 'will-quit', the quit waits for it, SIGTERM and
// SIGINT quit the same way, and with a real engine a quit in the middle of a run leaves no
// process and no kernel object behind. Electron's app is a double; the processes are real.
import { EventEmitter } from 'node:events';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLab } from '../../main/engine/lab';
import { installQuitCleanup, type QuitEvent } from '../../main/electron/lifecycle';
import { claimSingleInstance, documentPathsFromArgv } from '../../main/electron/open-paths';
import { assertNoLeaks, snapshot, type SystemSnapshot } from '../helpers/leaks';
import { scenario } from '../engine/helpers';

/** Electron's quit sequence, reduced: quit() emits will-quit; unless prevented, the app ends. */
class FakeApp extends EventEmitter {
  quits = 0;
  ended = false;
  quit() {
    this.quits++;
    let prevented = false;
    const event: QuitEvent = { preventDefault: () => (prevented = true) };
    this.emit('will-quit', event);
    if (!prevented) this.ended = true;
  }
}

const until = async (condition: () => boolean, ms = 15_000) => {
  const end = Date.now() + ms;
  while (!condition()) {
    if (Date.now() > end) throw new Error('timed out waiting');
    await new Promise((r) => setTimeout(r, 20));
  }
};

describe('quit cleanup', () => {
  it('waits for lab.close() before the app ends, once', async () => {
    const app = new FakeApp();
    let closes = 0;
    let finish!: () => void;
    const lab = { close: () => (closes++, new Promise<void>((r) => (finish = r))) };
    const state = installQuitCleanup(app, lab, new EventEmitter());
    app.quit();
    app.quit(); // a second Ctrl+Q while cleaning
    expect(app.ended).toBe(false);
    expect(closes).toBe(1);
    finish();
    await until(() => app.ended);
    expect(state.cleaned).toBe(true);
    expect(closes).toBe(1);
  });

  it('quits even if cleanup fails or hangs', async () => {
    const failing = new FakeApp();
    installQuitCleanup(failing, { close: () => Promise.reject(new Error('boom')) }, new EventEmitter());
    failing.quit();
    await until(() => failing.ended);
    const hanging = new FakeApp();
    installQuitCleanup(hanging, { close: () => new Promise<void>(() => {}) }, new EventEmitter(), { timeoutMs: 50 });
    hanging.quit();
    await until(() => hanging.ended);
  });

  it.each(['SIGTERM', 'SIGINT'] as const)('%s quits through the same cleanup, without prompts', async (signal) => {
    const app = new FakeApp();
    const signals = new EventEmitter();
    let closed = false;
    let promptsAllowedAway = false;
    installQuitCleanup(app, { close: async () => void (closed = true) }, signals, { beforeSignalQuit: () => (promptsAllowedAway = true) });
    signals.emit(signal);
    await until(() => app.ended);
    expect(closed).toBe(true);
    expect(promptsAllowedAway).toBe(true);
  });
});

describe('quitting during a run (real processes)', () => {
  let root: string;
  let before: SystemSnapshot;
  beforeAll(() => {
    before = snapshot();
    root = mkdtempSync(join(tmpdir(), 'plab-quit-'));
  });
  afterAll(() => {
    rmSync(root, { recursive: true, force: true });
    assertNoLeaks(before);
  });

  it('stops every lab process and removes every object', async () => {
    const lab = createLab({ frontDoor: 'electron', paths: { runsDir: join(root, 'runs'), runtimeDir: join(root, 'runtime') } });
    const started = await lab.call('run.start', {
      scenario: scenario(
        [
          { id: 'writer', program: [{ op: 'shm.create', object: 'seg' }, { op: 'shm.attach', object: 'seg' }, { op: 'sleep', ms: 30_000 }] },
          { id: 'idle', program: [{ op: 'sleep', ms: 30_000 }] },
        ],
        [{ id: 'seg', kind: 'shm', size: 4096 }],
      ),
    });
    expect(started, JSON.stringify(started)).toMatchObject({ ok: true });
    const run = lab.runs().get((started as { value: { runId: string } }).value.runId);
    await until(() => run.events.filter((e) => e.type === 'process.start').length === 2 && run.events.some((e) => e.type.startsWith('object.')));
    const pids = run.events.flatMap((e) => (e.type === 'process.start' ? [e.pid] : []));
    const app = new FakeApp();
    installQuitCleanup(app, lab, new EventEmitter());
    app.quit();
    await until(() => app.ended, 20_000);
    for (const pid of pids) expect(() => process.kill(pid, 0), `pid ${pid}`).toThrow();
  });
});

describe('documents handed to the app', () => {
  it('takes .lab.json arguments only, resolved against the launch directory', () => {
    expect(documentPathsFromArgv(['/opt/Process Lab/process-lab', 'a.lab.json', '--no-sandbox', '/abs/b.LAB.JSON', 'notes.txt', '--x=y.lab.json'], '/home/u')).toEqual([
      '/home/u/a.lab.json',
      '/abs/b.LAB.JSON',
    ]);
    // Unpackaged: electron . file.lab.json
    expect(documentPathsFromArgv(['electron', '.', 'x.lab.json'], '/w')).toEqual(['/w/x.lab.json']);
  });

  it('a second launch hands its documents to the first instance', () => {
    const app = Object.assign(new EventEmitter(), { requestSingleInstanceLock: () => true });
    const received: string[][] = [];
    expect(claimSingleInstance(app, (paths) => received.push(paths))).toBe(true);
    app.emit('second-instance', {}, ['/usr/bin/process-lab', '--allow-file-access-from-files', 'c.lab.json'], '/tmp');
    expect(received).toEqual([['/tmp/c.lab.json']]);
    const second = Object.assign(new EventEmitter(), { requestSingleInstanceLock: () => false });
    expect(claimSingleInstance(second, () => {})).toBe(false);
  });
});
