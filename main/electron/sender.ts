// Which IPC messages the router accepts (as VS Code's ipcMain wrapper does): only from a
// window this app made, only from its top-level frame, only from our own origin.
export const APP_SCHEME = 'app';
export const APP_HOST = 'lab';
export const APP_ORIGIN = `${APP_SCHEME}://${APP_HOST}`;

/** The parts of Electron's IpcMainInvokeEvent the check reads (kept small for tests). */
export interface SenderLike {
  sender: { id: number };
  senderFrame: { url: string; parent: unknown } | null;
}

export function isTrustedSender(event: SenderLike, ourWebContentsIds: ReadonlySet<number>): boolean {
  if (!ourWebContentsIds.has(event.sender.id)) return false;
  const frame = event.senderFrame;
  if (!frame || frame.parent !== null) return false; // a frame that is gone, or a subframe
  try {
    // URL.origin is "null" for schemes WHATWG does not know, so compare scheme and host.
    const url = new URL(frame.url);
    return url.protocol === `${APP_SCHEME}:` && url.host === APP_HOST;
  } catch {
    return false;
  }
}
