// The main window, with Electron's security checklist applied to its web preferences.
import { BrowserWindow } from 'electron';
import { APP_ORIGIN } from './sender';

export function createMainWindow(preloadPath: string): BrowserWindow {
  const window = new BrowserWindow({
    width: 1400,
    height: 900,
    minWidth: 900,
    minHeight: 600,
    title: 'Process Lab',
    show: false,
    webPreferences: {
      preload: preloadPath,
      contextIsolation: true, // the page cannot reach the preload's or Electron's objects
      sandbox: true, // the renderer is an ordinary sandboxed Chromium process
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      webviewTag: false,
      spellcheck: false,
    },
  });
  window.once('ready-to-show', () => window.show());
  void window.loadURL(`${APP_ORIGIN}/index.html`);
  return window;
}
