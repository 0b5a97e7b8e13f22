// The CLI as an ordinary user whose HOME is not theirs (uid 65534 with HOME=/root, as after `su`
// without -l): every command names the directory it cannot use and the variables that move it,
// and exits 2, instead of dying on a raw EACCES.
import { spawnSync } from 'node:child_process';
import { statSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { bin } from './cli-sandbox';

const isRoot = process.getuid!() === 0;
// /root must be closed to others for HOME=/root to be unusable by uid 65534.
const rootClosed = isRoot && (statSync('/root').mode & 0o002) === 0;

function asNobody(args: string[]) {
  const env: NodeJS.ProcessEnv = { ...process.env, HOME: '/root', NO_COLOR: '1' };
  for (const name of ['PROCESS_LAB_DATA_DIR', 'PROCESS_LAB_RUNTIME_DIR', 'XDG_DATA_HOME', 'XDG_STATE_HOME', 'XDG_RUNTIME_DIR']) delete env[name];
  return spawnSync('setpriv', ['--reuid=65534', '--regid=65534', '--clear-groups', process.execPath, bin, ...args], { encoding: 'utf8', env, timeout: 60_000 });
}

describe('process-lab as uid 65534 with HOME=/root', () => {
  // Skips unless root (only root can start the CLI as uid 65534) and /root is not writable by others.
  it.skipIf(!rootClosed)('says which directory is not writable and how to move it, exit 2', () => {
    for (const args of [['ipcrm', '--orphans'], ['run', 'master-slave']]) {
      const result = asNobody(args);
      expect(result.stderr, args.join(' ')).toMatch(/the (data|runtime) directory \/root\/\S+ is not writable by this user \(uid 65534, EACCES; HOME is \/root\)/);
      expect(result.stderr).toMatch(/PROCESS_LAB_DATA_DIR|XDG_RUNTIME_DIR/);
      expect(result.stderr).not.toMatch(/EACCES: permission denied/);
      expect(result.status, args.join(' ')).toBe(2);
    }
    // A command that only reads the machine needs neither directory and still works.
    const ipcs = asNobody(['ipcs']);
    expect(ipcs.stderr).toBe('');
    expect(ipcs.status).toBe(0);
  });
});
