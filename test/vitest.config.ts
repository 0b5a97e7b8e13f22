import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';
import vue from '@vitejs/plugin-vue';

const root = fileURLToPath(new URL('..', import.meta.url));

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
    // Tests start real processes and check the whole machine for leaked IPC objects
    // (ipcs, /dev/shm): files run one at a time so one file never sees another's objects.
    fileParallelism: false,
    testTimeout: 20_000,
    hookTimeout: 20_000,
  },
});
