// From repetitions to a row: the median of each figure and its spread (lowest, highest), the
// same arithmetic for the lab's pairs and the C reference's, so their ratio compares like with like.
import type { BenchRow, Spread } from '../../contract/bench';
import type { BenchRep } from '../../../native/types/bench';
import type { Cell } from './plan';

function spread(values: number[]): Spread {
  if (values.length === 0) return { median: 0, min: 0, max: 0 };
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  const median = sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
  return { median, min: sorted[0], max: sorted[sorted.length - 1] };
}

export function rowFromReps(cell: Cell, implementation: BenchRow['implementation'], reps: BenchRep[]): BenchRow {
  const timed = reps.filter((r) => r.latency.count > 0);
  const streams = timed.map((r) => r.throughput).filter((t): t is NonNullable<typeof t> => t !== null && t.ns > 0);
  return {
    mechanism: cell.mechanism,
    size: cell.size,
    placement: cell.placement,
    cpus: cell.cpus,
    implementation,
    status: 'ok',
    repetitions: timed.length,
    latency: {
      p50Ns: spread(timed.map((r) => r.latency.p50Ns)),
      p99Ns: spread(timed.map((r) => r.latency.p99Ns)),
      minNs: Math.min(...timed.map((r) => r.latency.minNs)),
      samples: timed.reduce((sum, r) => sum + r.latency.count, 0),
    },
    throughput: streams.length === 0 ? null : {
      messagesPerS: spread(streams.map((t) => (t.messages * 1e9) / t.ns)),
      mbPerS: spread(streams.map((t) => (t.bytes * 1e3) / t.ns)), // bytes/ns * 1e3 = MB/s (10^6 B)
    },
  };
}

export function unsupportedRow(cell: Cell, implementation: BenchRow['implementation'], status: 'unsupported' | 'failed', reason: string): BenchRow {
  return { mechanism: cell.mechanism, size: cell.size, placement: cell.placement, cpus: cell.cpus, implementation, status, reason, repetitions: 0 };
}
