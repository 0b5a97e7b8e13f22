// Where Electron's binary is: electron's npm package writes path.txt once it has downloaded the
// binary into dist/. Undefined when it was not downloaded (ELECTRON_SKIP_BINARY_DOWNLOAD=1).
// Used by `npm start` (desktop app or browser mode), the Electron end-to-end tests and the
// packaging test, so they agree on what "installed" means.
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';

export function electronBinary() {
  try {
    const packageDir = dirname(createRequire(import.meta.url).resolve('electron/package.json'));
    const pathFile = join(packageDir, 'path.txt');
    if (!existsSync(pathFile)) return undefined;
    const binary = join(packageDir, 'dist', readFileSync(pathFile, 'utf8').trim());
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
