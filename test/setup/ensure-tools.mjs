#!/usr/bin/env node
// First step of `npm test`: obtains the programs the tests drive, so the README's two commands
// work on a fresh machine with nothing installed by hand.
//   Chromium (end-to-end tests): Playwright's own build when present or downloadable, else
//     Debian's /usr/bin/chromium.
//   squashfs-tools, desktop-file-utils, dpkg (the packaging test builds and opens a real AppImage
//     and .deb: mksquashfs, unsquashfs, desktop-file-validate, dpkg-deb).
//   Xvfb, only where Electron's binary is installed and there is no display (Electron e2e tests).
// What is missing is installed with apt-get when running as root or with password-less sudo, and
// said so; otherwise this stops with one line naming exactly what to install.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { chromium } from '@playwright/test';
import { electronBinary } from '../../main/bin/electron-binary.js';

const DEBIAN_CHROMIUM = '/usr/bin/chromium';

function onPath(program) {
  return spawnSync('sh', ['-c', `command -v ${program}`], { stdio: 'ignore' }).status === 0;
}

function playwrightChromium() {
  try {
    const path = chromium.executablePath();
    return path && existsSync(path) ? path : undefined;
  } catch {
    return undefined;
  }
}

/** Playwright's browser download: a few seconds to fail on a closed network. */
function downloadPlaywrightChromium() {
  const cli = new URL('../../node_modules/@playwright/test/cli.js', import.meta.url);
  const result = spawnSync(process.execPath, [cli.pathname, 'install', 'chromium'], { encoding: 'utf8', timeout: 10 * 60_000 });
  return result.status === 0 && playwrightChromium() !== undefined;
}

/** ['sudo', '-n'] or [] when apt-get can run without asking anyone; undefined when it cannot. */
function aptPrefix() {
  if (!onPath('apt-get')) return undefined;
  if (process.getuid?.() === 0) return [];
  if (onPath('sudo') && spawnSync('sudo', ['-n', 'true'], { stdio: 'ignore' }).status === 0) return ['sudo', '-n'];
  return undefined;
}

const needed = []; // Debian packages
if (!playwrightChromium() && !downloadPlaywrightChromium() && !existsSync(DEBIAN_CHROMIUM)) needed.push('chromium');
if (!onPath('mksquashfs') || !onPath('unsquashfs')) needed.push('squashfs-tools');
if (!onPath('desktop-file-validate')) needed.push('desktop-file-utils');
if (!onPath('dpkg-deb')) needed.push('dpkg');
if (!onPath('strace')) needed.push('strace');
if (electronBinary() && !process.env.DISPLAY && !process.env.WAYLAND_DISPLAY && !onPath('xvfb-run')) needed.push('xvfb', 'xauth');

if (needed.length > 0) {
  const prefix = aptPrefix();
  if (!prefix) {
    const browser = needed.includes('chromium') ? '; or `npx playwright install chromium` for the browser' : '';
    console.error(`npm test needs: sudo apt-get install -y ${needed.join(' ')}  (Debian/Ubuntu package names${browser})`);
    process.exit(1);
  }
  const who = prefix.length ? 'with sudo' : 'as root';
  console.log(`npm test: installing ${needed.join(', ')} with apt-get (${who}): the tests drive them.`);
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
  const run = (args) => {
    const command = [...prefix, ...args];
    return spawnSync(command[0], command.slice(1), { stdio: ['ignore', 'ignore', 'inherit'], env }).status === 0;
  };
  if (!run(['apt-get', 'update', '-qq']) || !run(['apt-get', 'install', '-y', '-qq', ...needed])) {
    console.error(`npm test: apt-get could not install ${needed.join(' ')}; install them, then run npm test again.`);
    process.exit(1);
  }
}
