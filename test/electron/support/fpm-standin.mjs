#!/usr/bin/env node
// Stand-in for fpm (`fpm -s dir -t deb`), which electron-builder downloads and which cannot be
// downloaded here (nor installed from Debian). It takes exactly the arguments electron-builder
// gives fpm and assembles the .deb with dpkg-deb: the control fields (Depends, Maintainer,
// Homepage, ...) and the maintainer scripts are electron-builder's own, unchanged. Only the
// options electron-builder uses for a .deb are known; any other one is an error, never ignored.
import { execFileSync } from 'node:child_process';
import { chmodSync, cpSync, mkdirSync, mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';

const VALUED = new Set(['-s', '-t', '-d', '--deb-recommends', '--deb-compression', '--architecture', '--after-install', '--after-remove', '--description', '--version', '--package', '--name', '--maintainer', '--vendor', '--url', '--category', '--deb-priority', '--license', '--iteration', '--log']);
const FLAGS = new Set(['--force', '--debug']);

const options = new Map();
const depends = [];
const recommends = [];
const mappings = [];
const argv = process.argv.slice(2);
for (let i = 0; i < argv.length; i++) {
  const arg = argv[i];
  if (FLAGS.has(arg)) continue;
  if (VALUED.has(arg)) {
    const value = argv[++i];
    if (arg === '-d') depends.push(value);
    else if (arg === '--deb-recommends') recommends.push(value);
    else options.set(arg, value);
  } else if (arg.startsWith('-')) {
    console.error(`fpm stand-in: unknown option ${arg}`);
    process.exit(2);
  } else {
    const at = arg.indexOf('=');
    mappings.push({ from: arg.slice(0, at), to: arg.slice(at + 1) });
  }
}
if (options.get('-s') !== 'dir' || options.get('-t') !== 'deb') {
  console.error('fpm stand-in: only -s dir -t deb');
  process.exit(2);
}

const stage = mkdtempSync(join(tmpdir(), 'fpm-standin-'));
try {
  for (const { from, to } of mappings) {
    const target = join(stage, to);
    mkdirSync(dirname(target), { recursive: true });
    cpSync(from.replace(/\/$/, ''), target, { recursive: true, verbatimSymlinks: true });
  }
  const installedKiB = Math.ceil(Number(execFileSync('du', ['-sb', stage], { encoding: 'utf8' }).split('\t')[0]) / 1024);
  const [synopsis, ...rest] = options.get('--description').split('\n');
  const description = [synopsis, ...rest.map((line) => (line.trim() ? ` ${line.trim()}` : ' .'))].join('\n');
  const version = options.has('--iteration') ? `${options.get('--version')}-${options.get('--iteration')}` : options.get('--version');
  const fields = [
    ['Package', options.get('--name')],
    ['Version', version],
    ['License', options.get('--license')],
    ['Vendor', options.get('--vendor')],
    ['Architecture', options.get('--architecture')],
    ['Maintainer', options.get('--maintainer')],
    ['Installed-Size', String(installedKiB)],
    ['Depends', depends.join(', ')],
    ['Recommends', recommends.join(', ')],
    ['Section', options.get('--category')],
    ['Priority', options.get('--deb-priority')],
    ['Homepage', options.get('--url')],
    ['Description', description],
  ].filter(([, value]) => value);
  mkdirSync(join(stage, 'DEBIAN'));
  writeFileSync(join(stage, 'DEBIAN', 'control'), fields.map(([name, value]) => `${name}: ${value}`).join('\n') + '\n');
  for (const [option, script] of [['--after-install', 'postinst'], ['--after-remove', 'postrm']]) {
    if (!options.has(option)) continue;
    cpSync(options.get(option), join(stage, 'DEBIAN', script));
    chmodSync(join(stage, 'DEBIAN', script), 0o755);
  }
  const output = options.get('--package');
  rmSync(output, { force: true });
  execFileSync('dpkg-deb', ['--root-owner-group', `-Z${options.get('--deb-compression') ?? 'xz'}`, '--build', stage, output], { stdio: ['ignore', 'ignore', 'inherit'] });
  statSync(output);
} finally {
  rmSync(stage, { recursive: true, force: true });
}
