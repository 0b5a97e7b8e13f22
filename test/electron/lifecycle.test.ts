// Quitting the desktop app: lab.close() runs in 'will-quit' and the quit waits for it; a signal
// or the session's end quits without the unsaved prompt (and a repeated signal finds the quit
// already under way); a user's quit with unsaved changes asks, and Cancel keeps the app. With a
// real engine a quit in the middle of a run leaves no process and no kernel object behind.
// Electron's app is a double that follows Browser::Quit (shell/browser/browser.cc): before-quit,
// then every window is asked to close (a prevented close cancels the quit), then will-quit.
import { EventEmitter } from 'node:events';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLab } from '../../main/engine/lab';
import { CloseGuard, type UnsavedChoice } from '../../main/electron/close-guard';
import { installQuitPath, type QuitEvent } from '../../main/electron/lifecycle';
import { claimSingleInstance, documentPathsFromArgv } from '../../main/electron/open-paths';
import { scenario } from '../engine/helpers';

class FakeWindow extends EventEmitter {
  destroyed = false;
  isDestroyed = () => this.destroyed;
  setTitle = () => {};
  /** True when it closed, false when a 'close' listener prevented it. */
  close = () => {
    let prevented = false;
    this.emit('close', { preventDefault: () => (prevented = true) });
    if (!prevented) this.destroyed = true;
    return !prevented;
  };
}

/** Electron's quit sequence, reduced: quit() is a no-op while quitting; windows may cancel it. */
class FakeApp extends EventEmitter {
  quits = 0;
  ended = false;
  windows: FakeWindow[] = [];
  private quitting = false;
  quit() {
    this.quits++;
    if (this.quitting || this.ended) return;
    this.quitting = true;
    this.emit('before-quit', { preventDefault: () => {} });
    for (const window of this.windows.filter((w) => !w.destroyed)) {
      if (!window.close()) {
        this.quitting = false; // OnWindowCloseCancelled
        return;
      }
    }
    let prevented = false;
    const event: QuitEvent = { preventDefault: () => (prevented = true) };
    this.emit('will-quit', event);
    this.quitting = false;
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
const tick = () => new Promise((r) => setTimeout(r, 0));

/** An app with one dirty window guarded as the real one is, and the quit path installed. */
function dirtyApp(answers: UnsavedChoice[] = []) {
  const app = new FakeApp();
  const window = new FakeWindow();
  app.windows.push(window);
  const asked: string[] = [];
  const lines: string[] = [];
  let closes = 0;
  const quit = installQuitPath({ app, lab: { close: async () => void closes++ }, guard: () => guard, log: (line) => lines.push(line) });
  const guard = new CloseGuard(window, {
    ask: async (title) => (asked.push(title), answers.shift() ?? 'cancel'),
    askAfterFailedSave: async () => 'cancel',
    requestSave: () => {},
    decided: (closed) => quit.decided(closed),
  });
  guard.setDirty(true, 'pipes.lab.json');
  const signals = new EventEmitter();
  const session = new EventEmitter();
  quit.listenForSignals(signals, session);
  return { app, window, guard, quit, asked, lines, signals, session, closes: () => closes };
}

describe('quit cleanup', () => {
  it('waits for lab.close() before the app ends, once', async () => {
    const app = new FakeApp();
    let closes = 0;
    let finish!: () => void;
    const lab = { close: () => (closes++, new Promise<void>((r) => (finish = r))) };
    const state = installQuitPath({ app, lab, guard: () => undefined });
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
    installQuitPath({ app: failing, lab: { close: () => Promise.reject(new Error('boom')) }, guard: () => undefined, log: () => {} });
    failing.quit();
    await until(() => failing.ended);
    const hanging = new FakeApp();
    installQuitPath({ app: hanging, lab: { close: () => new Promise<void>(() => {}) }, guard: () => undefined, timeoutMs: 50, log: () => {} });
    hanging.quit();
    await until(() => hanging.ended);
  });
});

describe('a quit with unsaved changes', () => {
  it.each(['SIGTERM', 'SIGINT', 'SIGHUP'] as const)('%s quits without the prompt, cleans up, and says what was not saved', async (signal) => {
    const { app, asked, lines, signals, closes } = dirtyApp();
    signals.emit(signal);
    await until(() => app.ended);
    expect(asked).toEqual([]);
    expect(closes()).toBe(1);
    expect(lines).toEqual([`Process Lab: quitting (${signal}); the unsaved changes to “pipes.lab.json” are not saved.`]);
  });

  it('a second signal while quitting does not start another quit', async () => {
    const app = new FakeApp();
    let finish!: () => void;
    let closes = 0;
    const lines: string[] = [];
    const quit = installQuitPath({ app, lab: { close: () => (closes++, new Promise<void>((r) => (finish = r))) }, guard: () => undefined, log: (line) => lines.push(line) });
    const signals = new EventEmitter();
    quit.listenForSignals(signals);
    signals.emit('SIGTERM');
    signals.emit('SIGTERM');
    expect(lines).toEqual(['Process Lab: SIGTERM: already quitting, stopping the runs first.']);
    finish();
    await until(() => app.ended);
    expect(closes).toBe(1);
  });

  it('the session ending delays the shutdown and quits without the prompt', async () => {
    const { app, asked, session } = dirtyApp();
    let delayed = false;
    session.emit('shutdown', { preventDefault: () => (delayed = true) });
    await until(() => app.ended);
    expect(delayed).toBe(true);
    expect(asked).toEqual([]);
  });

  it("the user's quit asks; Cancel keeps the app and its runs", async () => {
    const { app, window, asked, closes } = dirtyApp(['cancel']);
    app.quit();
    await tick();
    expect(asked).toEqual(['pipes.lab.json']);
    expect(app.ended).toBe(false);
    expect(window.destroyed).toBe(false);
    expect(closes()).toBe(0);
  });

  it("the user's quit asks; Don't Save goes on quitting (macOS keeps no window otherwise)", async () => {
    const { app, window, closes } = dirtyApp(['discard']);
    app.quit();
    await until(() => app.ended);
    expect(window.destroyed).toBe(true);
    expect(closes()).toBe(1);
  });
});

/** Shared-memory segments whose creator (cpid, /proc/sysvipc/shm) is one of `pids`. */
function segmentsCreatedBy(pids: readonly number[]): string[] {
  const lines = readFileSync('/proc/sysvipc/shm', 'utf8').trim().split('\n').slice(1);
  return lines.map((line) => line.trim().split(/\s+/)).filter((columns) => pids.includes(Number(columns[4]))).map((columns) => `shmid ${columns[1]}`);
}

describe('quitting during a run (real processes)', () => {
  let root: string;
  beforeAll(() => {
    root = mkdtempSync(join(tmpdir(), 'plab-quit-'));
  });
  afterAll(() => {
    rmSync(root, { recursive: true, force: true });
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
    expect(segmentsCreatedBy(pids)).toHaveLength(1);
    const app = new FakeApp();
    installQuitPath({ app, lab, guard: () => undefined });
    app.quit();
    await until(() => app.ended, 20_000);
    for (const pid of pids) expect(() => process.kill(pid, 0), `pid ${pid}`).toThrow();
    expect(segmentsCreatedBy(pids)).toEqual([]); // only this run's objects: others use IPC here too
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

  it('takes the file:// URIs file managers pass (Exec=… %U), decoded; other URIs are not files', () => {
    expect(documentPathsFromArgv(['process-lab', 'file:///home/u/My%20Labs/pipes.lab.json', 'file:///etc/notes.txt', 'https://x.org/a.lab.json', 'file://elsewhere/b.lab.json'], '/tmp')).toEqual([
      '/home/u/My Labs/pipes.lab.json',
    ]);
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
