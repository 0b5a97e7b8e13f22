// electron-vite builds three bundles into out/: main (the Electron entry and the CLI), the preload (one CommonJS file: a sandboxed preload cannot load ESM
// or node_modules), and the renderer (Vue 3). Run with `electron-vite build -c main/electron.vite.config.ts`.
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'electron-vite';
import vue from '@vitejs/plugin-vue';

const at = (path: string) => fileURLToPath(new URL(`../${path}`, import.meta.url));

export default defineConfig({
  main: {
    root: at(''),
    build: {
      outDir: at('out/main'),
      emptyOutDir: true,
      // ws and zod are bundled into out/main like everything else, so the packaged app ships no
      // node_modules at all (electron-builder.yml excludes them); `electron` stays external.
      externalizeDeps: false,
      rollupOptions: {
        input: {
          electron: at('main/electron.ts'),
          cli: at('main/cli.ts'),
        },
      },
    },
  },
  preload: {
    root: at(''),
    build: {
      outDir: at('out/preload'),
      emptyOutDir: true,
      externalizeDeps: false,
      rollupOptions: {
        input: { index: at('preload/index.ts') },
        output: { format: 'cjs', entryFileNames: '[name].cjs' },
      },
    },
  },
  renderer: {
    root: at('renderer'),
    plugins: [vue()],
    resolve: { alias: { '@contract': at('main/contract'), '@scenario': at('main/scenario'), '@ops': at('main/ops'), '@lessons': at('main/lessons') } },
    build: {
      outDir: at('out/renderer'),
      emptyOutDir: true,
      rollupOptions: { input: { index: at('renderer/index.html') } },
    },
  },
});
