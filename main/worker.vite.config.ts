// The worker runtime as one CommonJS file (out/worker/worker.cjs). Every lab process runs it:
// Node's ES module loader costs a lab process about 2.5 MB and some milliseconds at start, which
// CommonJS does not, so this entry is built apart from the rest of main (which is ESM).
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';

const at = (path: string) => fileURLToPath(new URL(`../${path}`, import.meta.url));

export default defineConfig({
  root: at(''),
  logLevel: 'warn',
  build: {
    ssr: true,
    target: 'node20',
    outDir: at('out/worker'),
    emptyOutDir: true,
    minify: false,
    rollupOptions: {
      input: { worker: at('main/worker.ts') },
      output: { format: 'cjs', entryFileNames: '[name].cjs' },
    },
  },
});
