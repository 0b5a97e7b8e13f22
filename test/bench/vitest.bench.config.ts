// Benchmarks that print figures (npm run bench:engine); never part of npm test, never timed asserts.
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

export default defineConfig({
  root: fileURLToPath(new URL('../..', import.meta.url)),
  test: { include: ['test/bench/**/*.bench-run.ts'], fileParallelism: false, testTimeout: 600_000, hookTimeout: 60_000 },
});
