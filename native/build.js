// Builds the N-API addon with node-gyp. Run by `npm ci` (postinstall) and `npm run build:native`.
// node-gyp would otherwise download Node's headers, which these machines cannot reach:
// when the running Node ships its headers locally (<prefix>/include/node), point --nodedir there.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const require = createRequire(import.meta.url);
const nodeGyp = require.resolve('node-gyp/bin/node-gyp.js');

const args = [nodeGyp, 'rebuild', '--directory', here];
const prefix = dirname(dirname(process.execPath));
if (existsSync(join(prefix, 'include', 'node', 'node.h'))) args.push(`--nodedir=${prefix}`);
if (process.env.npm_config_jobs === undefined) args.push('--jobs=max');

const result = spawnSync(process.execPath, args, { stdio: 'inherit' });
if (result.status !== 0) {
  console.error('native/build.js: the addon did not build (see node-gyp output above).');
  process.exit(result.status ?? 1);
}
