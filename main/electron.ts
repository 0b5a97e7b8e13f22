// Entry of the desktop app (out/main/electron.js): a thin shell over the engine. Each piece lives
// in main/electron/ and takes Electron's objects as parameters, so it is tested without Electron;
// this file only connects them. main/electron/SECURITY.md maps the security checklist.
import { app, BrowserWindow, dialog, ipcMain, Menu, powerMonitor, screen, session, webContents } from 'electron';
import { spawnSync } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { IPC_EVENT_CHANNEL, MENU_COMMAND_PUSH } from './contract/channels';
import { menuCommandPayloadSchema, type MenuCommandPayload } from './contract/menu';
import { createLab } from './engine/lab';
import { askAboutUnsavedChanges, askAfterFailedSave, electronDialogs } from './electron/dialogs';
import { cliArgs, cliInvocation } from './electron/cli-route';
import { createFileHandlers } from './electron/files';
import { denyAllPermissions, hardenApp } from './electron/hardening';
import { installQuitPath, type QuitEvent } from './electron/lifecycle';
import { openMainWindow, type MainWindow } from './electron/main-window';
import { menuTemplate } from './electron/menu';
import { claimSingleInstance, documentPathsFromArgv } from './electron/open-paths';
import { registerSchemePrivileges, serveRendererOverAppProtocol } from './electron/protocol';
import { RecentDocuments } from './electron/recent';
import { registerRouter } from './electron/router';
import { createMainWindow } from './electron/window';

const here = dirname(fileURLToPath(import.meta.url));
const rendererDir = join(here, '..', 'renderer');
const preloadPath = join(here, '..', 'preload', 'index.cjs');

let main: MainWindow<BrowserWindow> | undefined;
let openDocuments: (paths: string[]) => void = () => undefined;

const cli = cliArgs(process.argv, app.isPackaged);
if (cli) {
  // `process-lab run …` from the installed app: the CLI, headless, as Node (main/electron/cli-route.ts).
  const run = cliInvocation(process.execPath, join(here, 'cli.js'), cli);
  const result = spawnSync(run.command, run.args, { env: run.env, stdio: 'inherit' });
  app.exit(result.status ?? 1);
} else if (!claimSingleInstance(app, (paths) => { main?.bringToFront(); openDocuments(paths); })) {
  app.quit(); // the first instance has our arguments now
} else {
  start();
}

function start(): void {
  app.enableSandbox();
  registerSchemePrivileges();
  hardenApp(app);

  const userData = app.getPath('userData');
  const recent = new RecentDocuments(join(userData, 'recent-documents.json'));
  const ourWebContents = new Set<number>();

  const files = createFileHandlers({
    dialogs: electronDialogs(dialog, () => main?.window, () => app.getPath('documents')),
    recent,
    addToSystemRecent: (path) => app.addRecentDocument(path),
    recentChanged: () => installMenu(),
    setDirty: (dirty, title) => main?.guard.setDirty(dirty, title),
    saveOutcome: (outcome) => main?.guard.saveOutcome(outcome),
  });
  const lab = createLab({ frontDoor: 'electron', overrides: files.handlers });
  const quit = installQuitPath({ app, lab, guard: () => main?.guard });

  // Run events and menu commands go only to our own windows.
  lab.onEvent((event, payload) => {
    for (const id of ourWebContents) webContents.fromId(id)?.send(IPC_EVENT_CHANNEL, event, payload);
  });
  const send = (window: BrowserWindow, payload: MenuCommandPayload) => {
    if (!window.isDestroyed()) window.webContents.send(IPC_EVENT_CHANNEL, MENU_COMMAND_PUSH, menuCommandPayloadSchema.parse(payload));
  };

  function installMenu(): void {
    Menu.setApplicationMenu(Menu.buildFromTemplate(menuTemplate({
      platform: process.platform,
      isPackaged: app.isPackaged,
      recent: recent.list(),
      send: (payload) => main?.deliver(payload),
      clearRecent: () => { recent.clear(); app.clearRecentDocuments(); installMenu(); },
    })));
  }

  function openWindow(): MainWindow<BrowserWindow> {
    const opened = openMainWindow<BrowserWindow>({
      create: (bounds, maximized) => createMainWindow((options) => new BrowserWindow(options), preloadPath, bounds, maximized),
      workAreas: () => screen.getAllDisplays().map((display) => display.workArea),
      stateFile: join(userData, 'window-state.json'),
      ourWebContents,
      ask: (window, title) => askAboutUnsavedChanges(dialog, window, title),
      askAfterFailedSave: (window, title, reason) => askAfterFailedSave(dialog, window, title, reason),
      send,
      // A quit that waited on the prompt goes on after "Don't Save" or a finished save; "Cancel" abandons it.
      decided: (closed) => quit.decided(closed),
    });
    opened.window.on('closed', () => { if (main === opened) main = undefined; });
    return opened;
  }

  // Documents from the command line, the file manager or a second launch: the user chose them.
  openDocuments = (paths) => {
    for (const path of paths) main?.deliver({ command: 'file.openPath', path: files.chosen.add(path) });
  };
  const initialPaths = documentPathsFromArgv(process.argv, process.cwd());
  // macOS hands documents to a running app (and at launch) as 'open-file', not argv. With no
  // window open (macOS keeps the app running), a window opens for the document.
  app.on('open-file', (event, path) => {
    event.preventDefault();
    if (!app.isReady()) initialPaths.push(path);
    else {
      main ??= openWindow();
      openDocuments([path]);
    }
  });

  void app.whenReady().then(() => {
    // Electron's own SIGINT/SIGTERM/SIGHUP handlers exist now: ours replace them (lifecycle.ts).
    quit.listenForSignals(process, { on: (_event, listener) => powerMonitor.on('shutdown', (...args: unknown[]) => listener(args[0] as QuitEvent | undefined)) });
    app.setAboutPanelOptions({ applicationName: 'Process Lab', applicationVersion: app.getVersion(), copyright: 'MIT License' });
    denyAllPermissions(session.defaultSession);
    serveRendererOverAppProtocol(rendererDir);
    registerRouter(ipcMain, lab, ourWebContents);
    installMenu();
    main = openWindow();
    openDocuments(initialPaths.splice(0));
    app.on('activate', () => {
      if (BrowserWindow.getAllWindows().length === 0) main = openWindow();
    });
    app.on('second-instance', () => {
      main ??= openWindow(); // macOS: a second launch with no window open
    });
  });

  app.on('window-all-closed', () => {
    if (process.platform !== 'darwin') app.quit();
  });
}
