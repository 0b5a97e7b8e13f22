// Serves the built renderer (out/renderer) and nothing outside it: the path is resolved, then
// its real path (symlinks followed, realpath(3)) must still be inside the folder's real path,
// so a symlink planted in the folder serves nothing. Used by browser mode and by the desktop
// shell's app:// protocol (main/electron/protocol.ts).
import { createReadStream, realpathSync, statSync } from 'node:fs';
import type { ServerResponse } from 'node:http';
import { extname, resolve, sep } from 'node:path';

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
};

const inside = (base: string, file: string) => file !== base && file.startsWith(base + sep);

/**
 * The real path of the regular file under `root` a URL path names, or undefined when it is
 * outside root (by `..` or through a symlink), missing, or not a regular file.
 */
export function resolveStatic(root: string, pathname: string): string | undefined {
  let decoded: string;
  try {
    decoded = decodeURIComponent(pathname);
  } catch {
    return undefined;
  }
  if (decoded.includes('\0')) return undefined;
  try {
    const base = realpathSync(resolve(root));
    const file = resolve(base, '.' + (decoded === '/' ? '/index.html' : decoded));
    if (!inside(base, file)) return undefined;
    const real = realpathSync(file);
    if (!inside(base, real)) return undefined;
    return statSync(real).isFile() ? real : undefined;
  } catch {
    return undefined;
  }
}

export function sendFile(response: ServerResponse, file: string, headers: Record<string, string>): void {
  response.writeHead(200, { ...headers, 'Content-Type': TYPES[extname(file)] ?? 'application/octet-stream' });
  const stream = createReadStream(file);
  stream.on('error', () => response.destroy()); // the file went away meanwhile: end this response only
  stream.pipe(response);
}
