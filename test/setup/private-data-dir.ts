// Every test run records into a private data directory, never the user's own
// ~/.local/share/process-lab: a day of test runs had left about a thousand recordings (1.4 GB)
// in root's run history. vitest.config.ts names the directory in PROCESS_LAB_DATA_DIR (read by
// main/engine/paths.ts) and hands it to the test workers, whose CLIs and engines inherit it.
import { mkdirSync, rmSync } from 'node:fs';

/** Vitest global set-up: creates the directory; the returned teardown removes it. */
export default function setup(): () => void {
  const dir = process.env.PROCESS_LAB_DATA_DIR;
  if (!dir) throw new Error('vitest.config.ts sets PROCESS_LAB_DATA_DIR before the global set-up runs');
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  return () => rmSync(dir, { recursive: true, force: true });
}
