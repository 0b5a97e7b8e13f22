// The CLI as a user runs it (the package's bin, a real process) inside a private data and runtime
// directory made for one test file, removed after it; the file's leak check runs last.
import { spawnSync, type SpawnSyncReturns } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll } from 'vitest';
import { assertNoLeaks, snapshot, type SystemSnapshot } from '../helpers/leaks';

export const bin = fileURLToPath(new URL('../../main/bin/process-lab.js', import.meta.url));

export interface CliSandbox {
  /** The file's private directory (data/ and runtime/ live in it). */
  readonly root: string;
  /** The environment every command of the file runs with. */
  readonly env: NodeJS.ProcessEnv;
  /** `process-lab ARGS` with `input` on stdin, at most `timeoutMs`. */
  cli(args: string[], options?: { input?: string; timeoutMs?: number; cwd?: string }): SpawnSyncReturns<string>;
}

/**
 * Registers beforeAll/afterAll for a CLI test file: a fresh directory named `prefix…`, and after
 * the file, `beforeCleanup` (e.g. removing a killed engine's leftovers by its journal), the
 * directory's removal and the leak check of the file's own objects.
 */
export function useCliSandbox(prefix: string, beforeCleanup?: (sandbox: CliSandbox) => void): CliSandbox {
  let root = '';
  let env: NodeJS.ProcessEnv = {};
  let before: SystemSnapshot;
  const sandbox: CliSandbox = {
    get root() { return root; },
    get env() { return env; },
    cli: (args, options = {}) =>
      spawnSync(process.execPath, [bin, ...args], { encoding: 'utf8', env, input: options.input, cwd: options.cwd, timeout: options.timeoutMs ?? 60_000 }),
  };
  beforeAll(() => {
    before = snapshot();
    root = mkdtempSync(join(tmpdir(), prefix));
    env = { ...process.env, PROCESS_LAB_DATA_DIR: join(root, 'data'), PROCESS_LAB_RUNTIME_DIR: join(root, 'runtime'), NO_COLOR: '1' };
  });
  afterAll(() => {
    beforeCleanup?.(sandbox);
    rmSync(root, { recursive: true, force: true });
    assertNoLeaks(before);
  });
  return sandbox;
}
