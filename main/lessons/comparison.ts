/**
 * The lecture's comparison table, with each speed claim tied to the benchmark mechanisms
 * that measure it (main/contract/bench.ts), so the table shows figures measured on this
 * machine instead of adjectives.
 */
import type { BenchMechanismName, BenchResultSet, BenchRow } from '../contract/bench';

export interface ComparisonRow {
  id: 'shared-memory' | 'message-passing' | 'pipes' | 'signals';
  mechanism: string;
  speed: string;
  portability: string;
  synchronisation: string;
  useCase: string;
  /** The benchmark rows that back the speed claim, best representative first. */
  measuredBy: BenchMechanismName[];
  /** A preset that shows the mechanism at work. */
  presetId: string;
}

export const COMPARISON: readonly ComparisonRow[] = [
  {
    id: 'shared-memory', mechanism: 'Shared memory',
    speed: 'Fastest: no copy through the kernel',
    portability: 'Same machine; System V or POSIX API',
    synchronisation: 'None built in: needs semaphores or atomics',
    useCase: 'Large data at high throughput between cooperating processes',
    measuredBy: ['shm-sysv', 'shm-posix', 'shm-spin'], presetId: 'master-slave',
  },
  {
    id: 'message-passing', mechanism: 'Message passing',
    speed: 'Moderate: a system call and a copy per message',
    portability: 'High: queues on one machine, sockets across machines',
    synchronisation: 'Built in: blocking send and receive',
    useCase: 'Unrelated processes, moderate data, distributed systems',
    measuredBy: ['mq-posix', 'msg-sysv', 'unix', 'tcp'], presetId: 'indirect-mailbox',
  },
  {
    id: 'pipes', mechanism: 'Pipes',
    speed: 'Moderate: a copy through the kernel',
    portability: 'Every Unix; FIFOs for unrelated processes',
    synchronisation: 'Built in: read waits for data, write for room',
    useCase: 'A byte stream between parent and child',
    measuredBy: ['pipe', 'fifo'], presetId: 'parent-child-pipe',
  },
  {
    id: 'signals', mechanism: 'Signals',
    speed: 'Fast notification, but no data',
    portability: 'Every Unix',
    synchronisation: 'Asynchronous: handlers interrupt the process',
    useCase: 'Notifying an event: stop, reload, a child ended',
    measuredBy: ['signal'], presetId: 'signals-carry-no-data',
  },
];

export interface MeasuredFigure {
  mechanism: BenchMechanismName;
  /** Median round-trip latency at the smallest size measured, in ns. */
  latencyNs?: number;
  latencySize?: number;
  /** Best median throughput over the sizes measured, in MB/s; undefined for signals. */
  mbPerS?: number;
  throughputSize?: number;
  placement: BenchRow['placement'];
}

/**
 * The figures of one mechanism in a result set. Prefers the lab's own loops (what the
 * student ran) over the C reference, and two CPUs over one (the usual case for two processes).
 */
export function figuresOf(set: BenchResultSet, mechanism: BenchMechanismName): MeasuredFigure | undefined {
  const rows = set.rows.filter((r) => r.mechanism === mechanism && r.status === 'ok');
  if (rows.length === 0) return undefined;
  const rank = (r: BenchRow) => (r.implementation === 'lab' ? 0 : 2) + (r.placement === 'two-cpus' ? 0 : 1);
  const best = Math.min(...rows.map(rank));
  const chosen = rows.filter((r) => rank(r) === best);
  const withLatency = chosen.filter((r) => r.latency).sort((a, b) => a.size - b.size)[0];
  const withThroughput = chosen.filter((r) => r.throughput).sort((a, b) => b.throughput!.mbPerS.median - a.throughput!.mbPerS.median)[0];
  return {
    mechanism,
    latencyNs: withLatency?.latency?.p50Ns.median,
    latencySize: withLatency?.size,
    mbPerS: withThroughput?.throughput?.mbPerS.median,
    throughputSize: withThroughput?.size,
    placement: chosen[0].placement,
  };
}

/** The mechanism with the lowest latency and the one with the highest throughput in a set. */
export function fastest(set: BenchResultSet): { latency?: BenchMechanismName; throughput?: BenchMechanismName } {
  const figures = COMPARISON.flatMap((row) => row.measuredBy).map((m) => figuresOf(set, m)).filter((f): f is MeasuredFigure => f !== undefined);
  const byLatency = figures.filter((f) => f.latencyNs !== undefined).sort((a, b) => a.latencyNs! - b.latencyNs!)[0];
  const byThroughput = figures.filter((f) => f.mbPerS !== undefined).sort((a, b) => b.mbPerS! - a.mbPerS!)[0];
  return { latency: byLatency?.mechanism, throughput: byThroughput?.mechanism };
}
