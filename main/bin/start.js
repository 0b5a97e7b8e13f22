#!/usr/bin/env node
// `npm start`: the desktop app when Electron's binary is installed or can be downloaded now (on
// first use, as Electron's package does since 42), else browser mode, said in one line.
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { downloadElectronBinary, electronBinary } from './electron-binary.js';

const root = fileURLToPath(new URL('../..', import.meta.url));

let binary = electronBinary();
let reason = '';
if (!binary) {
  const downloaded = downloadElectronBinary();
  binary = downloaded.binary;
  reason = downloaded.error ?? '';
}
if (binary) {
  const app = spawn(binary, [root, ...process.argv.slice(2)], { stdio: 'inherit' });
  for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP']) process.on(signal, () => app.kill(signal));
  app.on('exit', (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
} else {
  console.log(`Electron's desktop binary is not installed and could not be downloaded (${reason}), so Process Lab starts in browser mode instead.`);
  process.argv = [process.argv[0], join(root, 'main/bin/process-lab.js'), 'serve'];
  await import(join(root, 'out/main/cli.js'));
}
