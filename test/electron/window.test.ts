// The main window's life with BrowserWindow replaced by a double: secure web preferences,
// geometry restored and saved, our webContents registered and forgotten, documents delivered
// after load, and the unsaved-changes prompt (Save / Don't Save / Cancel).
import { EventEmitter } from 'node:events';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { MenuCommandPayload } from '../../main/contract/menu';
import type { FailedSaveChoice, UnsavedChoice } from '../../main/electron/close-guard';
import { openMainWindow, type ShellWindow } from '../../main/electron/main-window';
import { mainWindowOptions } from '../../main/electron/window';
import { DEFAULT_SIZE, initialBounds, loadWindowState, type Rectangle } from '../../main/electron/window-state';

const dir = mkdtempSync(join(tmpdir(), 'plab-window-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const screen: Rectangle[] = [{ x: 0, y: 0, width: 1920, height: 1080 }];

class FakeWindow extends EventEmitter implements ShellWindow {
  destroyed = false;
  title = '';
  maximized = false;
  focused = 0;
  bounds: Rectangle;
  webContents = Object.assign(new EventEmitter(), { id: 41, isLoading: () => this.loading });
  loading = true;
  constructor(bounds: Partial<Rectangle>) {
    super();
    this.bounds = { x: 10, y: 10, ...DEFAULT_SIZE, ...bounds };
  }
  getNormalBounds = () => this.bounds;
  isMaximized = () => this.maximized;
  maximize = () => void (this.maximized = true);
  isMinimized = () => false;
  restore = () => {};
  focus = () => void this.focused++;
  isDestroyed = () => this.destroyed;
  setTitle = (title: string) => void (this.title = title);
  /** What Electron does: 'close' listeners may prevent it; otherwise the window goes. */
  close = () => {
    let prevented = false;
    this.emit('close', { preventDefault: () => (prevented = true) });
    if (prevented) return;
    this.destroyed = true;
    this.emit('closed', { preventDefault: () => {} });
  };
  finishLoading() {
    this.loading = false;
    this.webContents.emit('did-finish-load');
  }
}

function open(answers: UnsavedChoice[] = [], stateFile = join(dir, `state-${Math.random()}.json`), afterFailure: FailedSaveChoice[] = []) {
  const ours = new Set<number>();
  const sent: MenuCommandPayload[] = [];
  const decisions: boolean[] = [];
  const asked: string[] = [];
  const failures: string[] = [];
  const main = openMainWindow<FakeWindow>({
    create: (bounds, maximized) => Object.assign(new FakeWindow(bounds), { maximized }),
    workAreas: () => screen,
    stateFile,
    ourWebContents: ours,
    ask: async (_w, title) => (asked.push(title), answers.shift() ?? 'cancel'),
    askAfterFailedSave: async (_w, title, reason) => (failures.push(`${title}: ${reason}`), afterFailure.shift() ?? 'cancel'),
    send: (_w, payload) => sent.push(payload),
    decided: (closed) => decisions.push(closed),
  });
  return { main, window: main.window, ours, sent, decisions, asked, failures, stateFile };
}
const tick = () => new Promise((r) => setTimeout(r, 0));

describe('the window’s web preferences', () => {
  it('apply the security checklist', () => {
    const options = mainWindowOptions('/app/preload/index.cjs', { width: 1000, height: 700 });
    expect(options.webPreferences).toMatchObject({
      preload: '/app/preload/index.cjs',
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      experimentalFeatures: false,
      webviewTag: false,
      navigateOnDragDrop: false,
      disableBlinkFeatures: 'Auxclick',
    });
    expect(options.webPreferences).not.toHaveProperty('enableBlinkFeatures');
    expect(options).toMatchObject({ width: 1000, height: 700, show: false });
  });
});

describe('window geometry', () => {
  it('is saved on close and restored at the next launch', () => {
    const first = open();
    first.window.bounds = { x: 200, y: 100, width: 1000, height: 700 };
    first.window.maximized = true;
    first.window.close();
    expect(loadWindowState(first.stateFile)).toEqual({ x: 200, y: 100, width: 1000, height: 700, maximized: true });
    const second = open([], first.stateFile);
    expect(second.window.bounds).toMatchObject({ x: 200, y: 100, width: 1000, height: 700 });
    expect(second.window.maximized).toBe(true);
  });

  it('drops a position that no display shows any more, and a damaged file', () => {
    expect(initialBounds({ x: 3000, y: 100, width: 1000, height: 700, maximized: false }, screen)).toEqual({ bounds: { width: 1000, height: 700 }, maximized: false });
    const damaged = join(dir, 'damaged.json');
    writeFileSync(damaged, JSON.stringify({ x: 0, y: 0, width: 10, height: 10, maximized: false }));
    expect(loadWindowState(damaged)).toBeUndefined();
    expect(initialBounds(undefined, screen)).toEqual({ bounds: DEFAULT_SIZE, maximized: false });
  });
});

describe('the window’s webContents', () => {
  it('is ours while the window lives', () => {
    const { window, ours } = open();
    expect(ours.has(41)).toBe(true);
    window.close();
    expect(ours.has(41)).toBe(false);
  });

  it('receives documents opened from outside once the page has loaded', () => {
    const { main, window, sent } = open();
    main.deliver({ command: 'file.openPath', path: '/d/a.lab.json' });
    expect(sent).toEqual([]);
    window.finishLoading();
    main.deliver({ command: 'file.openPath', path: '/d/b.lab.json' });
    expect(sent.map((p) => p.path)).toEqual(['/d/a.lab.json', '/d/b.lab.json']);
    main.bringToFront();
    expect(window.focused).toBe(1);
  });
});

describe('closing with unsaved changes', () => {
  it('closes a clean window without asking', () => {
    const { window, asked } = open();
    window.close();
    expect(window.destroyed).toBe(true);
    expect(asked).toEqual([]);
  });

  it('shows the document and its state in the title', () => {
    const { main, window } = open();
    main.guard.setDirty(true, 'pipes.lab.json');
    expect(window.title).toBe('• pipes.lab.json — Process Lab');
    main.guard.setDirty(false);
    expect(window.title).toBe('pipes.lab.json — Process Lab');
  });

  it('Cancel keeps the window', async () => {
    const { main, window, asked, decisions } = open(['cancel']);
    main.guard.setDirty(true, 'pipes.lab.json');
    window.close();
    await tick();
    expect(asked).toEqual(['pipes.lab.json']);
    expect(window.destroyed).toBe(false);
    expect(decisions).toEqual([false]);
  });

  it("Don't Save closes", async () => {
    const { main, window, decisions } = open(['discard']);
    main.guard.setDirty(true);
    window.close();
    await tick();
    expect(window.destroyed).toBe(true);
    expect(decisions).toEqual([true]);
  });

  it('Save asks the page to save, then closes once it reports the document clean', async () => {
    const { main, window, sent } = open(['save']);
    main.guard.setDirty(true);
    window.close();
    await tick();
    expect(sent).toEqual([{ command: 'file.save', closeAfter: true }]);
    expect(window.destroyed).toBe(false);
    main.guard.setDirty(false);
    expect(window.destroyed).toBe(true);
  });

  it('Save then a cancelled save dialog keeps the window, and asks again next time', async () => {
    const { main, window, asked, decisions } = open(['save', 'cancel']);
    main.guard.setDirty(true);
    window.close();
    await tick();
    main.guard.setDirty(true); // the page: the user cancelled the save dialog
    expect(window.destroyed).toBe(false);
    expect(decisions).toEqual([false]);
    window.close();
    await tick();
    expect(asked).toHaveLength(2);
  });

  it('a save that fails says why and offers Try Again: a second failure, then a good save, closes', async () => {
    const { main, window, sent, failures, decisions } = open(['save'], undefined, ['retry']);
    main.guard.setDirty(true, 'pipes.lab.json');
    window.close();
    await tick();
    main.guard.saveOutcome({ failed: "EACCES: permission denied, open '/ro/pipes.lab.json.1.tmp'" });
    main.guard.setDirty(true); // the page reports it is still dirty: the guard is not waiting any more
    await tick();
    expect(failures).toEqual(["pipes.lab.json: EACCES: permission denied, open '/ro/pipes.lab.json.1.tmp'"]);
    expect(sent).toEqual([{ command: 'file.save', closeAfter: true }, { command: 'file.save', closeAfter: true }]);
    expect(window.destroyed).toBe(false);
    main.guard.saveOutcome({ saved: '/home/u/pipes.lab.json' });
    main.guard.setDirty(false);
    expect(window.destroyed).toBe(true);
    expect(decisions).toEqual([true]);
  });

  it("a failed save then Don't Save closes; then Cancel keeps the window and releases the guard", async () => {
    const discard = open(['save'], undefined, ['discard']);
    discard.main.guard.setDirty(true);
    discard.window.close();
    await tick();
    discard.main.guard.saveOutcome({ failed: 'ENOSPC: no space left on device, write' });
    await tick();
    expect(discard.window.destroyed).toBe(true);
    expect(discard.decisions).toEqual([true]);

    const cancel = open(['save', 'discard'], undefined, ['cancel']);
    cancel.main.guard.setDirty(true);
    cancel.window.close();
    await tick();
    cancel.main.guard.saveOutcome({ failed: 'ENOSPC: no space left on device, write' });
    await tick();
    expect(cancel.window.destroyed).toBe(false);
    expect(cancel.decisions).toEqual([false]);
    cancel.window.close(); // the guard is free: it asks again, and "Don't Save" closes
    await tick();
    expect(cancel.asked).toHaveLength(2);
    expect(cancel.window.destroyed).toBe(true);
  });

  it('a cancelled save dialog reported by the main process releases the guard even if the page never answers', async () => {
    const { main, window, decisions, asked } = open(['save', 'discard']);
    main.guard.setDirty(true);
    window.close();
    await tick();
    main.guard.saveOutcome({ cancelled: true });
    expect(decisions).toEqual([false]);
    window.close();
    await tick();
    expect(asked).toHaveLength(2);
    expect(window.destroyed).toBe(true);
  });

  it('a renderer that crashes while the close waits for its save lets the window close', async () => {
    const { main, window, decisions } = open(['save']);
    main.guard.setDirty(true);
    window.close();
    await tick();
    window.webContents.emit('render-process-gone', {}, { reason: 'crashed' });
    expect(window.destroyed).toBe(true);
    expect(decisions).toEqual([true]);
  });

  it('a renderer that crashed leaves nothing to save: the next close does not ask', () => {
    const { main, window, asked } = open(['cancel']);
    main.guard.setDirty(true, 'pipes.lab.json');
    window.webContents.emit('render-process-gone', {}, { reason: 'killed' });
    expect(main.guard.isDirty).toBe(false);
    expect(window.title).toBe('pipes.lab.json — Process Lab');
    window.close();
    expect(asked).toEqual([]);
    expect(window.destroyed).toBe(true);
  });

  it('a signal closes without asking', () => {
    const { main, window, asked } = open(['cancel']);
    main.guard.setDirty(true);
    main.guard.allowClose();
    window.close();
    expect(window.destroyed).toBe(true);
    expect(asked).toEqual([]);
  });

  it('saves the geometry file as JSON in the given place', () => {
    const { window, stateFile } = open();
    window.close();
    expect(JSON.parse(readFileSync(stateFile, 'utf8'))).toMatchObject({ width: DEFAULT_SIZE.width });
  });
});
