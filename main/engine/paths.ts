// Where the engine keeps things. Recorded runs go to the user's data directory (the app passes
// Electron's userData; elsewhere XDG_DATA_HOME). Run directories (FIFOs, control channels,
// the journal) go to a private per-user runtime directory. That directory decides what a later
// engine kills and removes (leftovers.ts), so it is trusted only when it is provably ours: a real
// directory (not a symlink), owned by our uid, mode 0700, in a parent no other user can rename
// entries of. A shared temp directory is never used: whoever creates `/tmp/x` first owns it.
import { lstatSync, mkdirSync, type Stats } from 'node:fs';
import { homedir } from 'node:os';
import { dirname, join } from 'node:path';

export interface LabPaths {
  /** Recorded runs (NDJSON), one file per run. */
  runsDir: string;
  /** Parent of every run directory of this user; scanned for leftovers at engine start. */
  runtimeDir: string;
}

/** Our real uid (0 where the platform has none). */
export function ownUid(): number {
  return typeof process.getuid === 'function' ? process.getuid() : 0;
}

/**
 * The runtime directory is not safe to use. `code` is 'UNSAFE_RUNTIME_DIR'; the message names
 * the directory, what is wrong and the fix.
 */
class RuntimeDirError extends Error {
  readonly code = 'UNSAFE_RUNTIME_DIR';
  constructor(readonly dir: string, problem: string) {
    super(
      `process-lab: the runtime directory ${dir} ${problem}; the lab keeps its journals there and ` +
        `acts on them, so it must be a real directory owned by you (uid ${ownUid()}) with mode 0700. ` +
        `Remove it (or fix its owner and mode), or set XDG_RUNTIME_DIR to a directory that is yours alone.`,
    );
  }
}

/**
 * The base of the runtime directory, in this order: PROCESS_LAB_RUNTIME_DIR (tests, packagers),
 * XDG_RUNTIME_DIR (the XDG Base Directory spec's per-user 0700 directory), else the user's
 * state directory ($XDG_STATE_HOME or ~/.local/state): never the shared temp directory.
 */
function runtimeBase(): string {
  return (
    process.env.PROCESS_LAB_RUNTIME_DIR ||
    process.env.XDG_RUNTIME_DIR ||
    join(process.env.XDG_STATE_HOME || join(homedir(), '.local', 'state'), 'process-lab')
  );
}

export function defaultPaths(dataDir?: string): LabPaths {
  const data =
    dataDir ??
    process.env.PROCESS_LAB_DATA_DIR ??
    join(process.env.XDG_DATA_HOME ?? join(homedir(), '.local', 'share'), 'process-lab');
  return { runsDir: join(data, 'runs'), runtimeDir: join(runtimeBase(), `process-lab-${ownUid()}`) };
}

/** errno codes that mean "this user may not create or read it here", not "it is unsafe". */
const NOT_PERMITTED = new Set(['EACCES', 'EPERM', 'EROFS']);

/**
 * A lab directory (recorded runs, or the runtime directory) this user cannot create or read, e.g.
 * uid 65534 with HOME=/root. `code` is 'LAB_DIR_NOT_WRITABLE'; the message names the directory,
 * the errno and the variables that move it (README, "Recorded runs are kept...").
 */
export class LabDirNotWritableError extends Error {
  readonly code = 'LAB_DIR_NOT_WRITABLE';
  constructor(readonly dir: string, errno: string, kind: 'data' | 'runtime') {
    const fix = kind === 'data'
      ? 'set PROCESS_LAB_DATA_DIR (or XDG_DATA_HOME, or HOME) to a directory you can write'
      : 'set XDG_RUNTIME_DIR (or XDG_STATE_HOME, or HOME) to a directory you can write';
    super(
      `process-lab: the ${kind === 'data' ? 'data directory' : 'runtime directory'} ${dir} is not writable by this user ` +
        `(uid ${ownUid()}, ${errno}; HOME is ${process.env.HOME ?? 'unset'}): ${fix}.`,
    );
  }
}

/**
 * `error` as a LabDirNotWritableError when it is EACCES, EPERM or EROFS on one of `paths`'
 * directories, one of their parents or something inside them; else undefined.
 */
export function asLabDirError(error: unknown, paths: LabPaths): LabDirNotWritableError | undefined {
  if (error instanceof LabDirNotWritableError) return error;
  const { code, path } = (error ?? {}) as NodeJS.ErrnoException;
  if (!code || !NOT_PERMITTED.has(code) || typeof path !== 'string') return undefined;
  const related = (dir: string) => path === dir || dir.startsWith(`${path}/`) || path.startsWith(`${dir}/`);
  if (related(paths.runsDir)) return new LabDirNotWritableError(paths.runsDir, code, 'data');
  if (related(paths.runtimeDir)) return new LabDirNotWritableError(paths.runtimeDir, code, 'runtime');
  return undefined;
}

function describeMode(stats: Stats): string {
  return `0${(stats.mode & 0o7777).toString(8)}`;
}

/**
 * Checks that `dir` is ours alone: lstat (a symlink is refused, not followed), a directory, owned
 * by our uid, mode exactly 0700, and its parent not writable by others unless sticky (else another
 * user could rename ours away and put theirs in its place). Throws RuntimeDirError.
 */
export function checkRuntimeDir(dir: string): void {
  let stats: Stats;
  try {
    stats = lstatSync(dir);
  } catch (error) {
    if (NOT_PERMITTED.has((error as NodeJS.ErrnoException).code ?? '')) throw new LabDirNotWritableError(dir, (error as NodeJS.ErrnoException).code!, 'runtime');
    throw new RuntimeDirError(dir, `cannot be read (${(error as NodeJS.ErrnoException).code ?? String(error)})`);
  }
  if (stats.isSymbolicLink()) throw new RuntimeDirError(dir, 'is a symbolic link');
  if (!stats.isDirectory()) throw new RuntimeDirError(dir, 'is not a directory');
  if (stats.uid !== ownUid()) throw new RuntimeDirError(dir, `belongs to uid ${stats.uid}, not to you`);
  if ((stats.mode & 0o7777) !== 0o700) throw new RuntimeDirError(dir, `has mode ${describeMode(stats)}, not 0700`);
  const parent = lstatSync(dirname(dir), { throwIfNoEntry: false });
  if (parent && parent.uid !== ownUid() && parent.uid !== 0) {
    throw new RuntimeDirError(dir, `is inside ${dirname(dir)}, which belongs to uid ${parent.uid}`);
  }
  if (parent && (parent.mode & 0o022) !== 0 && (parent.mode & 0o1000) === 0) {
    throw new RuntimeDirError(dir, `is inside ${dirname(dir)}, which others may write to (mode ${describeMode(parent)})`);
  }
}

/**
 * Creates the runtime directory 0700 when missing (its parents too, 0700) and checks it
 * (checkRuntimeDir). Throws LabDirNotWritableError when this user may not create it, RuntimeDirError when it exists but is not ours alone, or cannot be made.
 */
export function secureRuntimeDir(dir: string): void {
  try {
    mkdirSync(dir, { recursive: true, mode: 0o700 });
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code && NOT_PERMITTED.has(code)) throw new LabDirNotWritableError(dir, code, 'runtime');
    if (code !== 'EEXIST') throw new RuntimeDirError(dir, `cannot be created (${code ?? String(error)})`);
  }
  checkRuntimeDir(dir);
}

/** Creates the directories, private to the user (0700), and checks the runtime directory. */
export function ensurePaths(paths: LabPaths): void {
  try {
    mkdirSync(paths.runsDir, { recursive: true, mode: 0o700 });
  } catch (error) {
    throw asLabDirError(error, paths) ?? error;
  }
  secureRuntimeDir(paths.runtimeDir);
}
