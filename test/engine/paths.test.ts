// The runtime directory is trusted only when it is ours alone; tried as another user would.
import { spawnSync } from 'node:child_process';
import { chmodSync, lstatSync, mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { checkRuntimeDir, defaultPaths, secureRuntimeDir } from '../../main/engine/paths';

const root = mkdtempSync(join(tmpdir(), 'plab-paths-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));
const isRoot = process.getuid?.() === 0;

describe('the runtime directory', () => {
  it('is created 0700 with its parents, and accepted then', () => {
    const dir = join(root, 'a', 'b', 'process-lab-1');
    secureRuntimeDir(dir);
    expect(lstatSync(dir).mode & 0o7777).toBe(0o700);
    expect(() => checkRuntimeDir(dir)).not.toThrow();
  });

  it('is refused when it is a symlink, a file, or wider than 0700, with the directory and the fix named', () => {
    const real = join(root, 'real');
    mkdirSync(real, { mode: 0o700 });
    const link = join(root, 'link');
    symlinkSync(real, link);
    expect(() => secureRuntimeDir(link)).toThrow(/link is a symbolic link.*XDG_RUNTIME_DIR/s);
    const file = join(root, 'file');
    writeFileSync(file, '');
    expect(() => secureRuntimeDir(file)).toThrow(/is not a directory/);
    const wide = join(root, 'wide');
    mkdirSync(wide);
    chmodSync(wide, 0o755);
    expect(() => secureRuntimeDir(wide)).toThrow(/has mode 0755, not 0700/);
  });

  it('is refused inside a parent others may write to without the sticky bit', () => {
    const open = join(root, 'open');
    mkdirSync(open);
    chmodSync(open, 0o777);
    expect(() => secureRuntimeDir(join(open, 'process-lab-0'))).toThrow(/which others may write to \(mode 0777\)/);
  });

  it('is never the shared temp directory: without XDG_RUNTIME_DIR it is under the user state directory', () => {
    const saved = { ...process.env };
    try {
      delete process.env.PROCESS_LAB_RUNTIME_DIR;
      delete process.env.XDG_RUNTIME_DIR;
      process.env.XDG_STATE_HOME = join(root, 'state');
      expect(defaultPaths().runtimeDir).toBe(join(root, 'state', 'process-lab', `process-lab-${process.getuid!()}`));
      process.env.XDG_RUNTIME_DIR = join(root, 'xdg');
      expect(defaultPaths().runtimeDir).toBe(join(root, 'xdg', `process-lab-${process.getuid!()}`));
    } finally {
      process.env = saved;
    }
  });

  // Skips unless root: planting a directory as uid 65534 needs root.
  it.skipIf(!isRoot)('planted by uid 65534 in a shared sticky directory, it is refused before anything is read', () => {
    const shared = join(root, 'shared');
    mkdirSync(shared);
    chmodSync(root, 0o711);
    chmodSync(shared, 0o1777);
    const planted = join(shared, 'process-lab-0');
    const asNobody = spawnSync('setpriv', ['--reuid=65534', '--regid=65534', '--clear-groups', 'mkdir', '-m', '0700', planted]);
    expect(asNobody.status).toBe(0);
    expect(lstatSync(planted).uid).toBe(65534);
    expect(() => secureRuntimeDir(planted)).toThrow(/belongs to uid 65534, not to you/);
  });
});
