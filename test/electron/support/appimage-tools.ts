// The tools electron-builder builds an AppImage with, offline (APPIMAGE_TOOLS_PATH): Debian's
// mksquashfs and desktop-file-validate, and stand-in AppImage runtimes. A real runtime is a
// static ELF from the AppImage project that cannot be downloaded here; the stand-ins are small
// ELF programs marked as the AppImage specification marks runtimes (bytes 8-10 of the ELF header:
// 'A' 'I' and the type). Both layouts are laid out: the type-2 ("static runtime", toolset 1.0.x)
// one and the legacy type-1 (libfuse2) one, so the test sees which one electron-builder chose.
import { execFileSync } from 'node:child_process';
import { mkdirSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

function which(program: string): string {
  return execFileSync('sh', ['-c', `command -v ${program}`], { encoding: 'utf8' }).trim();
}

function runtime(dir: string, type: 1 | 2): Buffer {
  const source = join(dir, `runtime-${type}.c`);
  writeFileSync(source, `#include <stdio.h>\nint main(void) { fputs("stand-in AppImage type-${type} runtime\\n", stderr); return 127; }\n`);
  const binary = join(dir, `runtime-${type}.elf`);
  execFileSync('cc', ['-Os', '-s', '-o', binary, source]);
  const elf = readFileSync(binary);
  elf.write(`AI${String.fromCharCode(type)}`, 8, 'latin1'); // EI_PAD: ignored by the loader
  return elf;
}

/** Lays the tools out in `dir`; returns `dir` (for APPIMAGE_TOOLS_PATH). */
export function makeAppImageTools(dir: string): string {
  mkdirSync(join(dir, 'runtimes'), { recursive: true });
  mkdirSync(join(dir, 'lib', 'x64'), { recursive: true });
  mkdirSync(join(dir, 'linux-x64'), { recursive: true });
  const build = join(dir, 'build');
  mkdirSync(build);
  const [mksquashfs, validate] = [which('mksquashfs'), which('desktop-file-validate')];
  // Type 2 (static runtime): tools at the top, runtimes/runtime-x64.
  symlinkSync(mksquashfs, join(dir, 'mksquashfs'));
  symlinkSync(validate, join(dir, 'desktop-file-validate'));
  writeFileSync(join(dir, 'runtimes', 'runtime-x64'), runtime(build, 2), { mode: 0o755 });
  // Type 1 (legacy, needs libfuse2): tools under linux-x64/, runtime-x64 at the top.
  symlinkSync(mksquashfs, join(dir, 'linux-x64', 'mksquashfs'));
  symlinkSync(validate, join(dir, 'linux-x64', 'desktop-file-validate'));
  writeFileSync(join(dir, 'runtime-x64'), runtime(build, 1), { mode: 0o755 });
  return dir;
}

/** The AppImage runtime type of a file (1, 2), or undefined when it carries no AppImage magic. */
export function appImageType(file: Buffer): number | undefined {
  if (file.subarray(0, 4).toString('latin1') !== '\x7fELF' || file.subarray(8, 10).toString('latin1') !== 'AI') return undefined;
  return file[10];
}
