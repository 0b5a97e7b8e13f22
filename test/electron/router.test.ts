// The Electron router with Electron's ipcMain replaced by a double: the sender checks and the
// argument validation are plain code, tested here without a display or Electron's binary.
import { describe, expect, it } from 'vitest';
import { IPC_INVOKE_CHANNEL } from '../../main/contract';
import { createLab } from '../../main/engine/lab';
import { registerRouter, type IpcMainLike } from '../../main/electron/router';
import { APP_ORIGIN, type SenderLike } from '../../main/electron/sender';

function fakeIpcMain() {
  const handlers = new Map<string, (event: SenderLike, ...args: unknown[]) => Promise<unknown>>();
  const ipcMain: IpcMainLike = {
    handle: (channel, listener) => void handlers.set(channel, listener),
    removeHandler: (channel) => void handlers.delete(channel),
  };
  return { ipcMain, handlers };
}

const topFrame = (url: string) => ({ url, parent: null });
const ours = new Set([7]);

describe('the ipcMain router', () => {
  const { ipcMain, handlers } = fakeIpcMain();
  const unregister = registerRouter(ipcMain, createLab({ frontDoor: 'electron' }), ours);
  const invoke = handlers.get(IPC_INVOKE_CHANNEL)!;

  it('answers our window, top frame, our origin', async () => {
    const result = await invoke({ sender: { id: 7 }, senderFrame: topFrame(`${APP_ORIGIN}/index.html`) }, 'app.info', {});
    expect(result).toMatchObject({ ok: true, value: { frontDoor: 'electron' } });
  });

  it.each([
    ['another webContents', { sender: { id: 8 }, senderFrame: topFrame(`${APP_ORIGIN}/index.html`) }],
    ['a subframe', { sender: { id: 7 }, senderFrame: { url: `${APP_ORIGIN}/index.html`, parent: {} } }],
    ['another origin', { sender: { id: 7 }, senderFrame: topFrame('https://example.com/') }],
    ['a file:// page', { sender: { id: 7 }, senderFrame: topFrame('file:///etc/passwd') }],
    ['a frame that is gone', { sender: { id: 7 }, senderFrame: null }],
  ])('refuses %s', async (_name, event) => {
    expect(await invoke(event as SenderLike, 'app.info', {})).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
  });

  it('validates arguments against the contract', async () => {
    const event = { sender: { id: 7 }, senderFrame: topFrame(`${APP_ORIGIN}/`) };
    expect(await invoke(event, 'presets.get', { id: ['x'] })).toMatchObject({ ok: false, error: { code: 'INVALID_ARGUMENT' } });
    expect(await invoke(event, 'shell.openExternal', {})).toMatchObject({ ok: false, error: { code: 'UNKNOWN_METHOD' } });
  });

  it('removes its handler when unregistered', () => {
    unregister();
    expect(handlers.has(IPC_INVOKE_CHANNEL)).toBe(false);
  });
});
