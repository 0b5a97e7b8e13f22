// The main window's options, with Electron's security checklist applied to its web preferences
// (main/electron/SECURITY.md maps each item). BrowserWindow is passed in so tests can check the
// options without Electron.
import type { BrowserWindow, BrowserWindowConstructorOptions } from 'electron';
import { APP_ORIGIN } from './sender';
import { MIN_SIZE, type Rectangle } from './window-state';

export type MakeWindow = (options: BrowserWindowConstructorOptions) => BrowserWindow;

export function mainWindowOptions(preloadPath: string, bounds: Partial<Rectangle>, icon?: string): BrowserWindowConstructorOptions {
  return {
    ...bounds,
    minWidth: MIN_SIZE.width,
    minHeight: MIN_SIZE.height,
    title: 'Process Lab',
    icon,
    show: false,
    webPreferences: {
      preload: preloadPath,
      contextIsolation: true, // the page cannot reach the preload's or Electron's objects
      sandbox: true, // the renderer is an ordinary sandboxed Chromium process
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      experimentalFeatures: false,
      webviewTag: false,
      navigateOnDragDrop: false, // a file dropped on the window must not replace the app
      disableBlinkFeatures: 'Auxclick', // no middle-click "open in new window" path at all
      spellcheck: false,
    },
  };
}

/** The window, hidden until its page has painted; then shown, or maximized (which shows it). */
export function createMainWindow(makeWindow: MakeWindow, preloadPath: string, bounds: Partial<Rectangle>, maximized = false, icon?: string): BrowserWindow {
  const window = makeWindow(mainWindowOptions(preloadPath, bounds, icon));
  // maximize() shows a hidden window at once: only after ready-to-show, or it shows blank.
  window.once('ready-to-show', () => (maximized ? window.maximize() : window.show()));
  void window.loadURL(`${APP_ORIGIN}/index.html`);
  return window;
}
