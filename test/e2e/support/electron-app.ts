// Starts the desktop app for the Electron end-to-end tests the way the installed package starts
// it: Electron's binary with the app directory (package.json "main", as app.asar is read when
// packaged), not a script path; on a virtual display (Xvfb) when there is none; with
// --no-sandbox only when running as root (Chromium refuses root with its sandbox on), so that
// wherever Electron's binary exists these tests run instead of failing for reasons of their own.
import { spawn, type ChildProcess } from 'node:child_process';

/** The app's own arguments: the app directory first, as `electron .` and the installed binary use it. */
export function electronAppArgs(appDir: string, extra: readonly string[], uid = process.getuid?.() ?? -1): string[] {
  return [appDir, ...(uid === 0 ? ['--no-sandbox'] : []), ...extra];
}

export interface VirtualDisplay {
  /** ":N" */
  display: string;
  stop(): void;
}

/**
 * The display to use: $DISPLAY (or Wayland) when there is one, else a new Xvfb server (Debian's
 * xvfb, which npm test installs where Electron's binary exists). Xvfb picks a free display number
 * itself and writes it on -displayfd.
 */
export async function ensureDisplay(env: NodeJS.ProcessEnv = process.env): Promise<VirtualDisplay | undefined> {
  if (env.DISPLAY || env.WAYLAND_DISPLAY) return undefined;
  const server: ChildProcess = spawn('Xvfb', ['-displayfd', '3', '-screen', '0', '1920x1080x24', '-nolisten', 'tcp'], { stdio: ['ignore', 'ignore', 'pipe', 'pipe'] });
  const number = await new Promise<string>((resolve, reject) => {
    let text = '';
    server.once('error', reject);
    server.once('exit', (code) => reject(new Error(`Xvfb exited (${code}) before it had a display`)));
    server.stdio[3]!.on('data', (chunk: Buffer) => {
      text += chunk.toString();
      if (text.includes('\n')) resolve(text.trim());
    });
  });
  return { display: `:${number}`, stop: () => void server.kill('SIGTERM') };
}
