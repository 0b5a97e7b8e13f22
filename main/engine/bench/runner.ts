// A whole benchmark: plan the cells, run each as a pair of lab processes (and, with compareC,
// as the plain C reference, alternating so that the machine's drift hits both alike), measure
// memcpy as the ceiling for shared memory, and return one result set with the machine's
// description. Cells run one after another: two pairs at once would share the two vCPUs.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import {
  BENCH_MECHANISMS, BENCH_SIZES,
  type BenchMechanismName, type BenchResultSet, type BenchRow, type LabStepCost, type MemcpyRow,
} from '../../contract/bench';
import type { BenchRep } from '../../../native/types/bench';
import { addon } from '../../native/addon';
import { buildCReference, runCPair } from './cref';
import { describeMachine } from './machine';
import { runLabPair, type PairConfig, type PairOutcome } from './pair';
import { formatSize } from '../../contract/units';
import { planCells } from './plan';
import { rowFromReps, unsupportedRow } from './stats';

export interface BenchRunOptions {
  mechanisms?: BenchMechanismName[];
  sizes?: number[];
  quick?: boolean;
  compareC?: boolean;
  /** Overrides for tests: repetitions per pair, time budget per phase. */
  reps?: number;
  budgetMs?: number;
}

export interface BenchHooks {
  onProgress?(progress: { done: number; total: number; current: string; row?: BenchRow }): void;
  /** The interpreted-step contrast; needs the engine's RunManager, so the caller provides it. */
  labStep?(): Promise<LabStepCost>;
  /** Where the C reference's binary is cached. */
  cacheDir?: string;
  /** Stops between cells. */
  cancelled?(): boolean;
}

const NOTES = [
  'same-cpu: both processes pinned to one vCPU (sched_setaffinity): every message switches from one process to the other on that CPU.',
  'two-cpus: each process on its own vCPU: a blocking mechanism pays for waking the other CPU (an inter-processor interrupt; in a VM a VM exit) on every message; spinning pays nothing there but burns both CPUs.',
  'shm-spin on one vCPU: the waiting side spins away its whole time slice before the other can answer, hence milliseconds.',
  'Latency: round trip (request and reply of the same size), timed one by one with CLOCK_MONOTONIC; p50/p99 are medians over repetitions, spread is [lowest, highest].',
  'Throughput: one-way stream for the time budget, ended by an acknowledged stop message; MB/s is 10^6 bytes per second.',
  'tcp-hosts: the client on host B, the echo on host A, each its own network namespace (inside a user namespace), linked by a veth pair (10.0.0.2 -> 10.0.0.1): TCP through two network stacks and a virtual link, beside tcp on 127.0.0.1 in one namespace.',
  'Signals carry no data: their row is a round trip of SIGUSR1 sent with tgkill (kill aimed at the main thread) and awaited in sigsuspend.',
];

export function newBenchId(): string {
  return `bench-${new Date().toISOString().replace(/[-:.TZ]/g, '').slice(0, 14)}-${randomBytes(3).toString('hex')}`;
}

function pairConfig(options: BenchRunOptions): PairConfig {
  const quick = options.quick ?? false;
  return {
    reps: options.reps ?? (quick ? 1 : 3),
    warmup: quick ? 5 : 50,
    budgetMs: options.budgetMs ?? (quick ? 15 : 80),
    maxSamples: 200_000,
  };
}

function failedOutcome(error: Error & { code?: unknown; syscall?: unknown }): PairOutcome {
  const code = typeof error.code === 'string' ? error.code : 'INTERNAL';
  return { ok: false, code, message: typeof error.syscall === 'string' ? `${error.syscall}: ${error.message}` : error.message };
}

function merge(outcomes: PairOutcome[]): BenchRep[] | { code: string; message: string; unavailable?: boolean } {
  const failed = outcomes.find((o): o is Extract<PairOutcome, { ok: false }> => !o.ok);
  if (failed) return { code: failed.code, message: failed.message, ...(failed.unavailable ? { unavailable: true } : {}) };
  return outcomes.flatMap((o) => (o.ok ? o.reps : []));
}

/** The cells and the number of progress steps (pairs run, memcpy, the lab-step contrast). */
export function planBenchmark(options: BenchRunOptions, withLabStep: boolean, machine = describeMachine()) {
  const mechanisms = options.mechanisms ?? [...BENCH_MECHANISMS];
  const sizes = [...new Set(options.sizes ?? [...BENCH_SIZES])].sort((a, b) => a - b);
  const rounds = options.quick ? 1 : 2;
  const compareC = options.compareC ?? false;
  const cells = planCells(mechanisms, sizes, machine.allowedCpus, machine.limits);
  const total = cells.length * rounds * (compareC ? 2 : 1) + 1 + (withLabStep ? 1 : 0);
  return { machine, mechanisms, sizes, rounds, compareC, cells, total };
}

export async function runBenchmark(options: BenchRunOptions, hooks: BenchHooks = {}, id = newBenchId()): Promise<BenchResultSet> {
  const startedAt = new Date().toISOString();
  const { machine, mechanisms, sizes, rounds, compareC, cells, total } = planBenchmark(options, hooks.labStep !== undefined);
  const config = pairConfig(options);
  let done = 0;
  const rows: BenchRow[] = [];
  const emit = (current: string, row?: BenchRow) => {
    if (row) rows.push(row);
    hooks.onProgress?.({ done, total, current, ...(row ? { row } : {}) });
  };
  const workDir = mkdtempSync(join(tmpdir(), 'process-lab-bench-'));
  try {
    const binary = compareC ? await buildCReference(hooks.cacheDir ?? join(tmpdir(), 'process-lab-bench-cache')) : undefined;
    for (const cell of cells) {
      if (hooks.cancelled?.()) break;
      const label = `${cell.mechanism} ${formatSize(cell.size)} ${cell.placement}`;
      if (cell.unsupported) {
        done += rounds * (compareC ? 2 : 1);
        emit(label, unsupportedRow(cell, 'lab', 'unsupported', cell.unsupported));
        if (compareC) emit(label, unsupportedRow(cell, 'c', 'unsupported', cell.unsupported));
        continue;
      }
      const lab: PairOutcome[] = [];
      const c: PairOutcome[] = [];
      for (let round = 0; round < rounds; round++) {
        // Alternate who goes first, so neither always meets a warmer (or busier) machine.
        const order = round % 2 === 0 ? ['lab', 'c'] : ['c', 'lab'];
        for (const which of order) {
          if (which === 'c' && !binary) continue;
          emit(`${label} (${which === 'lab' ? 'lab' : 'C reference'})`);
          // A pair whose objects cannot be made (a full queue table, EMFILE) fails its row, not the set.
          if (which === 'lab') lab.push(await runLabPair(cell, config, workDir).catch(failedOutcome));
          else c.push(await runCPair(binary!, cell, config, workDir));
          done++;
        }
      }
      for (const [implementation, outcomes] of [['lab', lab], ['c', c]] as const) {
        if (implementation === 'c' && !binary) continue;
        const merged = merge(outcomes);
        emit(label, Array.isArray(merged)
          ? rowFromReps(cell, implementation, merged)
          // Unavailable (no namespaces here, no C reference on hosts) is not a failure: say why.
          : unsupportedRow(cell, implementation, merged.unavailable ? 'unsupported' : 'failed', merged.unavailable ? `unavailable: ${merged.message} (${merged.code})` : `${merged.code}: ${merged.message}`));
      }
    }
    const memcpy = measureMemcpy(sizes, options.quick ? 10 : 50);
    done++;
    emit('memcpy');
    let labStep: LabStepCost | undefined;
    if (hooks.labStep && !hooks.cancelled?.()) {
      try {
        labStep = await hooks.labStep();
      } catch {
        labStep = undefined; // a contrast figure, not the benchmark: its failure must not sink the set
      }
      done++;
      emit('one interpreted lab step');
    }
    return {
      id, startedAt, finishedAt: new Date().toISOString(), machine,
      options: { mechanisms, sizes, quick: options.quick ?? false, compareC, repetitions: config.reps * rounds, budgetMs: config.budgetMs },
      rows, memcpy, ...(labStep ? { labStep } : {}), notes: NOTES,
    };
  } finally {
    rmSync(workDir, { recursive: true, force: true });
  }
}

/** memcpy(3) bandwidth at each size and at 64 MiB (past the caches): the shared-memory ceiling. */
function measureMemcpy(sizes: number[], budgetMs: number): MemcpyRow[] {
  const native = addon();
  if (!native.benchMemcpy) return [];
  return [...new Set([...sizes, 64 << 20])].sort((a, b) => a - b).map((size) => {
    const { bytes, ns } = native.benchMemcpy!(size, budgetMs);
    return { size, gbPerS: bytes / ns };
  });
}
