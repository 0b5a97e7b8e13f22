import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';
import vue from '@vitejs/plugin-vue';

const root = fileURLToPath(new URL('..', import.meta.url));
// The test run's private data directory (test/setup/private-data-dir.ts makes and removes it):
// one per run of vitest, named after its main process.
const privateDataDir = join(tmpdir(), `plab-test-data-${process.pid}`);
process.env.PROCESS_LAB_DATA_DIR = privateDataDir;

export default defineConfig({
  root,
  plugins: [vue()],
  // The renderer imports the contract and the scenario layer through these aliases (as in
  // main/electron.vite.config.ts), so its unit tests (test/renderer) need them too.
  resolve: {
    alias: {
      '@contract': fileURLToPath(new URL('../main/contract', import.meta.url)),
      '@scenario': fileURLToPath(new URL('../main/scenario', import.meta.url)),
      '@ops': fileURLToPath(new URL('../main/ops', import.meta.url)),
      '@lessons': fileURLToPath(new URL('../main/lessons', import.meta.url)),
    },
  },
  test: {
    include: ['test/**/*.test.ts'],
    exclude: ['test/e2e/**', 'node_modules/**'],
    environment: 'node',
    // Recordings go to a private directory, not the user's run history.
    globalSetup: ['test/setup/private-data-dir.ts'],
    env: { PROCESS_LAB_DATA_DIR: privateDataDir },
    // Tests start real processes and real kernel objects, and each file checks that the objects
    // it made are gone; files run one at a time so a 2-core machine is not overloaded.
    fileParallelism: false,
    testTimeout: 20_000,
    hookTimeout: 20_000,
  },
});
