// Starts browser mode as a user does (`process-lab serve`) and hands the printed URL to tests.
import { spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { test as base } from '@playwright/test';

const bin = fileURLToPath(new URL('../../../main/bin/process-lab.js', import.meta.url));

export interface LabServer {
  url: string;
  origin: string;
  process: ChildProcess;
}

async function startLabServer(): Promise<LabServer> {
  const child = spawn(process.execPath, [bin, 'serve', '--port', '0'], { stdio: ['ignore', 'pipe', 'pipe'] });
  const url = await new Promise<string>((resolve, reject) => {
    let output = '';
    const timer = setTimeout(() => reject(new Error(`serve printed no URL:\n${output}`)), 15_000);
    child.stdout!.on('data', (chunk: Buffer) => {
      output += chunk.toString();
      const match = output.match(/http:\/\/\S+\?token=\S+/);
      if (match) {
        clearTimeout(timer);
        resolve(match[0]);
      }
    });
    child.stderr!.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.once('exit', (code) => reject(new Error(`serve exited with ${code}:\n${output}`)));
  });
  return { url, origin: new URL(url).origin, process: child };
}

async function stopLabServer(server: LabServer): Promise<void> {
  if (server.process.exitCode !== null) return;
  const exited = new Promise((resolve) => server.process.once('exit', resolve));
  server.process.kill('SIGTERM');
  await exited;
}

/** `labServer`: one browser-mode server per test file (worker). */
export const test = base.extend<object, { labServer: LabServer }>({
  labServer: [
    async ({}, use) => {
      const server = await startLabServer();
      await use(server);
      await stopLabServer(server);
    },
    { scope: 'worker' },
  ],
});
export { expect } from '@playwright/test';
