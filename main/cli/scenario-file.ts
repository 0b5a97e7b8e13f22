// Reading a scenario file from the command line without trusting it: stat first, so a
// directory, a FIFO (open would block until a writer comes), a device (/dev/zero never ends)
// or an oversized file is refused before a byte is read; then read at most the limit + 1 byte
// from a descriptor checked again with fstat (the path may have changed since the stat).
import { closeSync, constants, fstatSync, openSync, readSync, statSync, type Stats } from 'node:fs';
import { formatFileSize } from '../contract/units';
import { LIMITS } from '../scenario/limits';
import { error, type Problem } from '../scenario/problems';

export type FileRead = { ok: true; bytes: Uint8Array } | { ok: false; problem: Problem };

function kindOf(stats: Stats): string | undefined {
  if (stats.isFile()) return undefined;
  if (stats.isDirectory()) return 'a directory';
  if (stats.isFIFO()) return 'a FIFO (named pipe)';
  if (stats.isCharacterDevice() || stats.isBlockDevice()) return 'a device';
  if (stats.isSocket()) return 'a socket';
  return 'not a regular file';
}

function refuse(path: string, what: string): FileRead {
  return { ok: false, problem: error('', `${path} is ${what}, not a scenario file.`, 'A scenario is a regular UTF-8 JSON file ending in .lab.json.') };
}

function tooBig(path: string, size: number): FileRead {
  return { ok: false, problem: error('', `${path} is ${formatFileSize(size)}; a scenario is at most ${formatFileSize(LIMITS.maxDocumentBytes)}.`,
    'A scenario describes processes and steps; big data belongs in repeat counts and sizes, not in the file.') };
}

/** The file's bytes, or the problem; `stats` is the path's stat (symlinks followed). */
export function readScenarioFile(path: string, stats: Stats): FileRead {
  const kind = kindOf(stats);
  if (kind) return refuse(path, kind);
  if (stats.size > LIMITS.maxDocumentBytes) return tooBig(path, stats.size);
  let fd: number;
  try {
    // O_NONBLOCK: should the path have become a FIFO since the stat, open does not wait.
    fd = openSync(path, constants.O_RDONLY | constants.O_NONBLOCK);
  } catch (cause) {
    return { ok: false, problem: error('', `${path} cannot be read (${(cause as NodeJS.ErrnoException).code ?? String(cause)}).`) };
  }
  try {
    const opened = fstatSync(fd);
    const openedKind = kindOf(opened);
    if (openedKind) return refuse(path, openedKind);
    const buffer = Buffer.alloc(LIMITS.maxDocumentBytes + 1);
    let length = 0;
    while (length < buffer.length) {
      const n = readSync(fd, buffer, length, buffer.length - length, null);
      if (n === 0) break;
      length += n;
    }
    if (length > LIMITS.maxDocumentBytes) return tooBig(path, Math.max(length, opened.size));
    return { ok: true, bytes: buffer.subarray(0, length) };
  } catch (cause) {
    return { ok: false, problem: error('', `${path} cannot be read (${(cause as NodeJS.ErrnoException).code ?? String(cause)}).`) };
  } finally {
    closeSync(fd);
  }
}

/** stat(2) of a path, or undefined when nothing is there. */
export function statPath(path: string): Stats | undefined {
  try {
    return statSync(path);
  } catch {
    return undefined;
  }
}
