#!/usr/bin/env node
// The package's `bin`: runs the built CLI (npm ci builds it; `npm run build` rebuilds it).
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const cli = fileURLToPath(new URL('../../out/main/cli.js', import.meta.url));
if (!existsSync(cli)) {
  console.error('process-lab: the CLI is not built yet. Run `npm run build` (npm ci does it too).');
  process.exit(1);
}
await import(cli);
