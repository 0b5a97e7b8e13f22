// The desktop app through Playwright's Electron driver. Electron's binary cannot be downloaded
// on every machine (it is fetched on first use, from a network this machine may not reach): there
// these tests skip with one line.
// The app starts as the installed package starts it (support/electron-app.ts): the app directory,
// Xvfb when there is no display, --no-sandbox only as root.
// Each launch gets its own userData (window state, recent list) so runs do not see each other.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { electronBinary } from '../../main/bin/electron-binary.js';
import { electronAppArgs, ensureDisplay, type VirtualDisplay } from './support/electron-app';
import { _electron as electron, expect, test, type ElectronApplication, type Page } from '@playwright/test';

const root = fileURLToPath(new URL('../../', import.meta.url));

const binary = electronBinary();
if (!binary) {
  console.log('SKIP electron end-to-end: Electron\'s binary is not installed here (npm start downloads it on first use where the network allows); browser mode was tested instead.');
}

type Envelope = { ok: boolean; value?: any; error?: { code: string } };
const invoke = (page: Page, method: string, args: unknown = {}) =>
  page.evaluate(([m, a]) => (globalThis as any).processLab.invoke[m as string](a) as Promise<Envelope>, [method, args] as const);

let userData: string;
let virtualDisplay: VirtualDisplay | undefined;
async function launch(extraArgs: string[] = []): Promise<{ app: ElectronApplication; window: Page }> {
  const env = { ...process.env, ...(virtualDisplay ? { DISPLAY: virtualDisplay.display } : {}) } as Record<string, string>;
  const app = await electron.launch({
    executablePath: binary,
    args: electronAppArgs(root, [`--user-data-dir=${userData}`, ...extraArgs]),
    cwd: root,
    env,
  });
  return { app, window: await app.firstWindow() };
}

test.describe('desktop app', () => {
  test.skip(!binary, "Electron's binary is not installed on this machine");
  test.beforeAll(async () => {
    virtualDisplay = await ensureDisplay();
  });
  test.afterAll(() => virtualDisplay?.stop());
  test.beforeEach(() => {
    userData = mkdtempSync(join(tmpdir(), 'plab-e2e-userdata-'));
  });
  test.afterEach(() => rmSync(userData, { recursive: true, force: true }));

  test('the window lists the presets, and the page holds only the contract', async () => {
    const { app, window } = await launch();
    try {
      await expect(window.getByRole('list', { name: 'Presets' }).getByRole('listitem').first()).toBeVisible();
      expect(await window.evaluate(() => typeof (globalThis as { require?: unknown }).require)).toBe('undefined');
      expect(await window.evaluate(() => typeof (globalThis as { process?: unknown }).process)).toBe('undefined');
      expect(await window.evaluate(() => Object.keys((globalThis as unknown as { processLab: object }).processLab).sort())).toEqual(['invoke', 'onEvent']);
      // The page cannot navigate away or open windows.
      await window.evaluate(() => (globalThis as any).open('https://example.com/'));
      expect(app.windows()).toHaveLength(1);
      expect(window.url()).toMatch(/^app:\/\/lab\//);
    } finally {
      await app.close();
    }
  });

  test('opens a preset, runs it, sends a signal, stops it; quitting leaves no process', async () => {
    const { app, window } = await launch();
    let pids: number[] = [];
    try {
      const preset = await invoke(window, 'presets.get', { id: 'eintr-vs-sa-restart' });
      expect(preset.ok).toBe(true);
      const started = await invoke(window, 'run.start', { scenario: preset.value.scenario });
      expect(started).toMatchObject({ ok: true });
      const runId = started.value.runId as string;
      await expect.poll(async () => (await invoke(window, 'run.events', { runId, from: 0 })).value?.events?.filter((e: any) => e.type === 'process.start').length ?? 0).toBeGreaterThan(0);
      const events = (await invoke(window, 'run.events', { runId, from: 0 })).value.events as any[];
      pids = events.filter((e) => e.type === 'process.start').map((e) => e.pid);
      // The reader lives about 1.2 s (the kicker's sleeps): time enough for a signal from here.
      expect(await invoke(window, 'run.signal', { runId, pid: pids[0], signal: 'SIGUSR1' })).toMatchObject({ ok: true, value: { pid: pids[0] } });
      expect(await invoke(window, 'run.signal', { runId, pid: process.pid, signal: 'SIGTERM' })).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
    } finally {
      await app.close(); // before-quit / will-quit: lab.close() stops every run
    }
    for (const pid of pids) expect(() => process.kill(pid, 0), `pid ${pid} still alive after quit`).toThrow();
  });

  test('Save pushes a menu command, and files.saveDialog writes the chosen file', async () => {
    const { app, window } = await launch();
    const target = join(userData, 'saved.lab.json');
    try {
      // The native dialog is replaced in the main process: no one is there to click it.
      await app.evaluate(({ dialog }, path) => {
        dialog.showSaveDialog = (async () => ({ canceled: false, filePath: path })) as typeof dialog.showSaveDialog;
      }, target);
      await window.evaluate(() => {
        (globalThis as any).menuCommands = [];
        (globalThis as any).processLab.onEvent((event: string, payload: unknown) => event === 'menu.command' && (globalThis as any).menuCommands.push(payload));
      });
      await app.evaluate(({ Menu }) => Menu.getApplicationMenu()!.getMenuItemById('file.saveAs')!.click());
      await expect.poll(() => window.evaluate(() => (globalThis as any).menuCommands)).toContainEqual({ command: 'file.saveAs' });
      expect(await invoke(window, 'files.saveDialog', { text: '{"saved":true}', suggestedName: 'saved.lab.json' })).toEqual({ ok: true, value: { path: target } });
      expect(readFileSync(target, 'utf8')).toBe('{"saved":true}');
      expect((await invoke(window, 'files.recent')).value[0]).toBe(target);
      expect(await invoke(window, 'files.read', { path: '/etc/passwd' })).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
    } finally {
      await app.close();
    }
  });

  test('a .lab.json on the command line reaches the page as file.openPath', async () => {
    const document = join(userData, 'from-cli.lab.json');
    writeFileSync(document, JSON.stringify({ format: 'process-lab/scenario@1', title: 'cli', objects: [], processes: [] }));
    const { app, window } = await launch([document]);
    try {
      // The page may have consumed the push already; the file is allowlisted either way.
      expect(await invoke(window, 'files.read', { path: document })).toMatchObject({ ok: true });
    } finally {
      await app.close();
    }
  });

  test('remembers the window size between launches', async () => {
    const first = await launch();
    await first.app.evaluate(({ BrowserWindow }) => BrowserWindow.getAllWindows()[0].setBounds({ x: 40, y: 40, width: 1111, height: 777 }));
    await first.app.close();
    const second = await launch();
    try {
      const bounds = await second.app.evaluate(({ BrowserWindow }) => BrowserWindow.getAllWindows()[0].getBounds());
      expect([bounds.width, bounds.height]).toEqual([1111, 777]);
    } finally {
      await second.app.close();
    }
  });
});
