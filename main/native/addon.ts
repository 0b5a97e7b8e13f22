// Finds and loads the native addon, in a checkout (native/build/Release) and in a packaged
// app, where electron-builder unpacks it next to the asar (app.asar.unpacked/native/...).
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Addon } from '../../native/addon';

export type { Addon,  } from '../../native/addon';

const ADDON_FILE = join('native', 'build', 'Release', 'process_lab.node');

/** The addon's path: $PROCESS_LAB_ADDON, else the first native/build found walking up from here. */
export function addonPath(start: string = dirname(fileURLToPath(import.meta.url))): string {
  const override = process.env.PROCESS_LAB_ADDON;
  if (override) return override;
  for (let dir = start; ; dir = dirname(dir)) {
    const candidate = join(dir, ADDON_FILE);
    // A .node file inside an asar cannot be dlopen()ed: prefer the unpacked copy.
    const unpacked = candidate.replace(/app\.asar([\\/])/, 'app.asar.unpacked$1');
    if (unpacked !== candidate && existsSync(unpacked)) return unpacked;
    if (existsSync(candidate)) return candidate;
    if (dirname(dir) === dir) break;
  }
  throw new Error(
    `Process Lab's native addon (${ADDON_FILE}) was not found above ${start}. ` +
      'Build it with `npm run build:native` (npm ci does it too).',
  );
}

let loaded: Addon | undefined;

/** The addon, loaded once per process. */
export function addon(): Addon {
  if (!loaded) loaded = createRequire(import.meta.url)(addonPath()) as Addon;
  return loaded;
}
