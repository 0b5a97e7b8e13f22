// Starts browser mode as a user does (`process-lab serve`) and hands the printed URL to tests.
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { test as base } from '@playwright/test';

const bin = fileURLToPath(new URL('../../../main/bin/process-lab.js', import.meta.url));

export interface LabServer {
  url: string;
  origin: string;
  process: ChildProcess;
  /** The server's own data directory (recordings, benchmark history): nothing of the machine's. */
  dataHome: string;
  /** Everything it printed so far (stdout and stderr), for a failing test to show. */
  output(): string;
}

/**
 * Starts `process-lab serve` on a free port with a private XDG_DATA_HOME; its printed URL.
 * `prefix`: a command that execs the server (nsenter into a test's namespaces); `env`: more variables.
 */
export async function startLabServer(options: { prefix?: string[]; env?: NodeJS.ProcessEnv } = {}): Promise<LabServer> {
  // A private XDG_DATA_HOME: the tests see only the runs they made, whatever the user running
  // them recorded before, and leave the user's own history untouched.
  const dataHome = mkdtempSync(join(tmpdir(), 'plab-e2e-data-'));
  const [command, ...args] = [...(options.prefix ?? []), process.execPath, bin, 'serve', '--port', '0'];
  const child = spawn(command, args, {
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, XDG_DATA_HOME: dataHome, ...options.env },
  });
  let output = ''; // registered first: the URL is looked for in what came so far
  child.stdout!.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr!.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const printed = new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`serve printed no URL:\n${output}`)), 15_000);
    child.stdout!.on('data', () => {
      const match = output.match(/http:\/\/\S+\?token=\S+/);
      if (match) {
        clearTimeout(timer);
        resolve(match[0]);
      }
    });
    child.once('exit', (code) => reject(new Error(`serve exited with ${code}:\n${output}`)));
  });
  let url: string;
  try {
    url = await printed;
  } catch (failed) {
    child.kill('SIGKILL');
    rmSync(dataHome, { recursive: true, force: true });
    throw failed;
  }
  return { url, origin: new URL(url).origin, process: child, dataHome, output: () => output };
}

/** Stops a server (SIGTERM, unless it exited already) and removes its data directory. */
export async function stopLabServer(server: LabServer): Promise<void> {
  if (server.process.exitCode === null && server.process.signalCode === null) {
    const exited = new Promise((resolve) => server.process.once('exit', resolve));
    server.process.kill('SIGTERM');
    await exited;
  }
  rmSync(server.dataHome, { recursive: true, force: true });
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
