// Entry of the desktop app (out/main/electron.js): a thin shell over the engine.
import { app, BrowserWindow, ipcMain, webContents } from 'electron';
import { IPC_EVENT_CHANNEL } from './contract/channels';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createLab } from './engine/lab';
import { denyAllPermissions, hardenApp } from './electron/hardening';
import { registerSchemePrivileges, serveRendererOverAppProtocol } from './electron/protocol';
import { registerRouter } from './electron/router';
import { createMainWindow } from './electron/window';

const here = dirname(fileURLToPath(import.meta.url));
const rendererDir = join(here, '..', 'renderer');
const preloadPath = join(here, '..', 'preload', 'index.cjs');

app.enableSandbox();
registerSchemePrivileges();
hardenApp();

const lab = createLab({ frontDoor: 'electron' });
const ourWebContents = new Set<number>();
// Run events go only to our own windows.
lab.onEvent((event, payload) => {
  for (const id of ourWebContents) webContents.fromId(id)?.send(IPC_EVENT_CHANNEL, event, payload);
});

function openWindow(): void {
  const window = createMainWindow(preloadPath);
  const id = window.webContents.id;
  ourWebContents.add(id);
  window.on('closed', () => ourWebContents.delete(id));
}

void app.whenReady().then(() => {
  denyAllPermissions();
  serveRendererOverAppProtocol(rendererDir);
  registerRouter(ipcMain, lab, ourWebContents);
  openWindow();
  app.on('activate', () => {
    if (BrowserWindow.getAllWindows().length === 0) openWindow();
  });
});

app.on('window-all-closed', () => {
  if (process.platform !== 'darwin') app.quit();
});

let closing = false;
app.on('before-quit', (event) => {
  if (closing) return;
  closing = true;
  event.preventDefault();
  void lab.close().finally(() => app.quit());
});
