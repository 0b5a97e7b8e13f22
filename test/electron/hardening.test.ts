// App-wide refusals with Electron's app and session replaced by doubles: every navigation,
// window.open and webview is refused, every permission denied; and the preload exposes exactly
// the contract's methods (no Electron API) over the one invoke channel.
import { EventEmitter } from 'node:events';
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { METHOD_NAMES } from '../../main/contract/channels';
import { contract } from '../../main/contract/methods';
import { denyAllPermissions, hardenApp, type PermissionSession } from '../../main/electron/hardening';

describe('hardening', () => {
  it('refuses navigation, redirects, webviews and new windows in every webContents', () => {
    const app = new EventEmitter();
    hardenApp(app as never);
    const contents = Object.assign(new EventEmitter(), { openHandler: undefined as undefined | (() => unknown), setWindowOpenHandler(h: () => unknown) { this.openHandler = h; } });
    app.emit('web-contents-created', {}, contents);
    for (const event of ['will-navigate', 'will-frame-navigate', 'will-redirect', 'will-attach-webview']) {
      let prevented = false;
      contents.emit(event, { preventDefault: () => (prevented = true) });
      expect(prevented, event).toBe(true);
    }
    expect(contents.openHandler?.()).toEqual({ action: 'deny' });
  });

  it('denies every permission request, check and device', () => {
    const handlers: Record<string, (...args: never[]) => unknown> = {};
    const session = {
      setPermissionRequestHandler: (h: never) => (handlers.request = h),
      setPermissionCheckHandler: (h: never) => (handlers.check = h),
      setDevicePermissionHandler: (h: never) => (handlers.device = h),
    } as unknown as PermissionSession;
    denyAllPermissions(session);
    const answers: boolean[] = [];
    (handlers.request as (c: unknown, p: string, cb: (ok: boolean) => void) => void)({}, 'media', (ok) => answers.push(ok));
    expect(answers).toEqual([false]);
    expect((handlers.check as () => boolean)()).toBe(false);
    expect((handlers.device as () => boolean)()).toBe(false);
  });
});

describe('the preload', () => {
  const source = readFileSync(new URL('../../preload/index.ts', import.meta.url), 'utf8');

  it('exposes only invoke (the contract’s methods) and onEvent', () => {
    expect([...source.matchAll(/exposeInMainWorld\(/g)]).toHaveLength(1);
    expect(source).toMatch(/METHOD_NAMES\.map/);
    // No raw Electron object crosses the bridge.
    expect(source).not.toMatch(/exposeInMainWorld\([^)]*ipcRenderer\s*[,)]/);
    expect(source).not.toMatch(/\b(shell|remote|webFrame|require)\b\s*[:.(]/);
  });

  it('the allowlist of method names is exactly the contract', () => {
    expect([...METHOD_NAMES].sort()).toEqual(Object.keys(contract).sort());
  });
});
