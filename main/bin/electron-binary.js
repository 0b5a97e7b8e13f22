// Where Electron's binary is. Since Electron 42 its npm package downloads nothing at install: the
// binary is fetched on first use (node_modules/electron/install.js, also `npx install-electron`),
// which writes path.txt and dist/. Used by `npm start` (desktop app or browser mode), the Electron
// end-to-end tests and the packaging test, so they agree on what "installed" means.
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';

function packageDir() {
  return dirname(createRequire(import.meta.url).resolve('electron/package.json'));
}

/** The binary's absolute path, or undefined when it has not been downloaded. */
export function electronBinary() {
  try {
    const dir = packageDir();
    const pathFile = join(dir, 'path.txt');
    if (!existsSync(pathFile)) return undefined;
    const binary = join(dir, 'dist', readFileSync(pathFile, 'utf8').trim());
    return existsSync(binary) ? binary : undefined;
  } catch {
    return undefined;
  }
}

/** The folder holding Electron's binary (electron-builder's electronDist), or undefined. */
export function electronDist() {
  const binary = electronBinary();
  return binary ? dirname(binary) : undefined;
}

/**
 * Downloads the binary as Electron's package does on first use (its install.js, run by the same
 * Node). Returns the binary, or { error } with the downloader's last line when it failed (a closed
 * network fails within a second here).
 */
export function downloadElectronBinary({ timeoutMs = 10 * 60_000 } = {}) {
  const result = spawnSync(process.execPath, [join(packageDir(), 'install.js')], { encoding: 'utf8', timeout: timeoutMs });
  const binary = electronBinary();
  if (result.status === 0 && binary) return { binary };
  const lines = `${result.error?.message ?? ''}\n${result.stderr ?? ''}`.split('\n').map((line) => line.trim()).filter(Boolean);
  const reason = lines.find((line) => /^(Error|HTTPError|RequestError|TypeError)\b/.test(line)) ?? lines[0] ?? `exit ${result.status}`;
  return { error: reason };
}
