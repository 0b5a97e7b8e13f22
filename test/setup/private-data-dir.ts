// Every test run records into a private data directory, never the user's own
// ~/.local/share/process-lab: a day of test runs had left about a thousand recordings (1.4 GB)
// in root's run history. The CLI and engines that tests start inherit PROCESS_LAB_DATA_DIR
// (main/engine/paths.ts) through the workers' environment (test.env in vitest.config.ts).
import { mkdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** The directory of this test run: named after the main vitest process, so one per run. */
export const privateDataDir = join(tmpdir(), `plab-test-data-${process.pid}`);

/** Vitest global set-up: creates the directory; the returned teardown removes it. */
export default function setup(): () => void {
  mkdirSync(privateDataDir, { recursive: true, mode: 0o700 });
  return () => rmSync(privateDataDir, { recursive: true, force: true });
}
