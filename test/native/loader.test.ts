// The addon's loader finds the build in a checkout and, in a packaged app, the copy that
// electron-builder unpacks next to the asar (a .node file cannot be loaded from inside one).
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { addon, addonPath } from '../../main/native/addon';
import { labProcessPath } from '../../main/engine/run/native-runtime';

const root = mkdtempSync(join(tmpdir(), 'plab-loader-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

function touch(path: string): void {
  mkdirSync(join(path, '..'), { recursive: true });
  writeFileSync(path, '');
}

describe('the addon loader', () => {
  it('finds native/build/Release above a checkout file', () => {
    touch(join(root, 'checkout/native/build/Release/process_lab.node'));
    mkdirSync(join(root, 'checkout/out/main/chunks'), { recursive: true });
    expect(addonPath(join(root, 'checkout/out/main/chunks'))).toBe(join(root, 'checkout/native/build/Release/process_lab.node'));
  });

  it('prefers app.asar.unpacked in a packaged app', () => {
    const resources = join(root, 'app/resources');
    touch(join(resources, 'app.asar/native/build/Release/process_lab.node'));
    touch(join(resources, 'app.asar.unpacked/native/build/Release/process_lab.node'));
    mkdirSync(join(resources, 'app.asar/out/main'), { recursive: true });
    expect(addonPath(join(resources, 'app.asar/out/main'))).toBe(join(resources, 'app.asar.unpacked/native/build/Release/process_lab.node'));
  });

  it('says how to build it when there is none', () => {
    mkdirSync(join(root, 'empty/a/b'), { recursive: true });
    expect(() => addonPath(join(root, 'empty/a/b'))).toThrow(/npm run build:native/);
  });

  it('loads the real build with every mechanism', () => {
    const native = addon();
    for (const fn of ['shmGet', 'memRead', 'pipeCreate', 'msgGet', 'mqOpen', 'semOpen', 'sigaction', 'spawn', 'waitpid', 'nanosleep', 'semSetGet']) {
      expect(typeof (native as unknown as Record<string, unknown>)[fn], fn).toBe('function');
    }
  });

  it('finds the lab process executable beside the addon', () => {
    expect(labProcessPath()).toBe(join(addonPath(), '..', 'lab_process'));
  });
});
