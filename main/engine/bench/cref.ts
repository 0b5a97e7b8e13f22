// The plain C reference (test/bench/ipc-bench.c): built with the system's cc into a cache
// directory (rebuilt when the source changes), run as a program of its own that forks its pair.
import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, renameSync, rmSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import type { BenchRep } from '../../../native/types/bench';
import { LabFailure } from '../../contract/envelope';
import type { Cell } from './plan';
import type { PairConfig, PairOutcome } from './pair';

const run = promisify(execFile);
export const C_FLAGS = ['-O2', '-Wall', '-Wextra', '-Werror'];

/** test/bench/ipc-bench.c, found walking up from this module (a checkout) or $PROCESS_LAB_C_BENCH. */
export function cReferenceSource(start = dirname(fileURLToPath(import.meta.url))): string {
  const override = process.env.PROCESS_LAB_C_BENCH;
  if (override) return override;
  for (let dir = start; ; dir = dirname(dir)) {
    const candidate = join(dir, 'test', 'bench', 'ipc-bench.c');
    if (existsSync(candidate)) return candidate;
    if (dirname(dir) === dir) break;
  }
  throw new LabFailure('UNAVAILABLE', 'The C reference (test/bench/ipc-bench.c) ships only with a checkout of Process Lab.');
}

/** Compiles the reference unless a binary of this exact source is cached; returns its path. */
export async function buildCReference(cacheDir: string, source = cReferenceSource()): Promise<string> {
  const hash = createHash('sha256').update(readFileSync(source)).digest('hex').slice(0, 16);
  const binary = join(cacheDir, `ipc-bench-${hash}`);
  if (existsSync(binary)) return binary;
  mkdirSync(cacheDir, { recursive: true, mode: 0o700 });
  const partial = `${binary}.${process.pid}.tmp`;
  try {
    await run(process.env.CC ?? 'cc', [...C_FLAGS, '-o', partial, source, '-lrt']);
  } catch (error) {
    const { stderr } = error as { stderr?: string };
    throw new LabFailure('UNAVAILABLE', `cc could not build the C reference: ${stderr?.trim() || (error as Error).message}`);
  }
  renameSync(partial, binary); // atomic: a concurrent run never sees half a binary
  return binary;
}

export async function runCPair(binary: string, cell: Cell, config: PairConfig, workDir: string): Promise<PairOutcome> {
  if (cell.mechanism === 'tcp-hosts') {
    return { ok: false, code: 'ENOSYS', message: 'the C reference runs on one host only (it makes no namespaces)', unavailable: true };
  }
  const dir = mkdtempSync(join(workDir, 'cpair-'));
  try {
    const args = [cell.mechanism, cell.size, cell.cpus[0], cell.cpus[1], config.reps, config.warmup, config.budgetMs, config.maxSamples, dir].map(String);
    const { stdout } = await run(binary, args, { timeout: 20_000 + config.reps * config.budgetMs * 4, killSignal: 'SIGKILL' });
    return { ok: true, reps: (JSON.parse(stdout) as { reps: BenchRep[] }).reps };
  } catch (error) {
    const { stderr } = error as { stderr?: string };
    return { ok: false, code: 'C_REFERENCE', message: stderr?.trim() || (error as Error).message };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

