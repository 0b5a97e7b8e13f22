// App-wide refusals: no navigation away from our page (in any frame), no new windows, no
// webviews, no permission (camera, notifications, USB, ...) granted to any page. Electron's app
// and session come in as parameters so tests can check each refusal with a double.
import type { App, Session, WebContents } from 'electron';

type Preventable = { preventDefault(): void };

/** The slice of WebContents hardened here. */
interface HardenedContents {
  on(event: 'will-navigate' | 'will-frame-navigate' | 'will-redirect' | 'will-attach-webview', listener: (event: Preventable) => void): unknown;
  setWindowOpenHandler(handler: () => { action: 'deny' }): void;
}

function hardenContents(contents: HardenedContents): void {
  // The app is one page: an in-app link or a script can never take the window elsewhere.
  for (const event of ['will-navigate', 'will-frame-navigate', 'will-redirect', 'will-attach-webview'] as const) {
    contents.on(event, (e) => e.preventDefault());
  }
  // window.open and target=_blank: nothing opens, not even in the system browser (no openExternal).
  contents.setWindowOpenHandler(() => ({ action: 'deny' }));
}

export function hardenApp(app: Pick<App, 'on'>): void {
  app.on('web-contents-created', (_event, contents: WebContents) => hardenContents(contents as unknown as HardenedContents));
}

export type PermissionSession = Pick<Session, 'setPermissionRequestHandler' | 'setPermissionCheckHandler' | 'setDevicePermissionHandler'>;

export function denyAllPermissions(session: PermissionSession): void {
  session.setPermissionRequestHandler((_contents, _permission, callback) => callback(false));
  session.setPermissionCheckHandler(() => false);
  session.setDevicePermissionHandler(() => false);
}
