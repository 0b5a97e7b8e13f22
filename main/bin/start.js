#!/usr/bin/env node
// `npm start`: the desktop app when Electron's binary is installed, else browser mode.
import { spawn } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('../..', import.meta.url));

/** Electron's binary, or undefined when it was not downloaded (ELECTRON_SKIP_BINARY_DOWNLOAD). */
function electronBinary() {
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

const binary = electronBinary();
if (binary) {
  const app = spawn(binary, [root, ...process.argv.slice(2)], { stdio: 'inherit' });
  for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => app.kill(signal));
  app.on('exit', (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
} else {
  console.log("Electron's desktop binary is not installed here, so Process Lab starts in browser mode instead.");
  process.argv = [process.argv[0], join(root, 'main/bin/process-lab.js'), 'serve'];
  await import(join(root, 'out/main/cli.js'));
}
