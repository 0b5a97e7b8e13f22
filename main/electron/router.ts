// The ipcMain side of the contract: one invoke channel, the sender checked first, then the
// engine's dispatcher validates the method and its arguments. Errors come back as data.
import { IPC_INVOKE_CHANNEL, type Envelope } from '../contract';
import type { Lab } from '../engine/lab';
import { isTrustedSender, type SenderLike } from './sender';

/** The slice of Electron's ipcMain the router uses, so tests can pass a double. */
export interface IpcMainLike {
  handle(channel: string, listener: (event: SenderLike, ...args: unknown[]) => Promise<unknown>): void;
  removeHandler(channel: string): void;
}

export function registerRouter(ipcMain: IpcMainLike, lab: Lab, ourWebContentsIds: ReadonlySet<number>): () => void {
  ipcMain.handle(IPC_INVOKE_CHANNEL, async (event, method, args): Promise<Envelope<unknown>> => {
    if (!isTrustedSender(event, ourWebContentsIds)) {
      return { ok: false, error: { code: 'FORBIDDEN', message: 'This message did not come from a Process Lab window.' } };
    }
    return lab.call(method, args);
  });
  return () => ipcMain.removeHandler(IPC_INVOKE_CHANNEL);
}
