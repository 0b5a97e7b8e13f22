// Pure helpers of the Benchmarks view: labels, number formats, log scales for the SVG charts,
// comparison with an earlier set, and CSV / JSON export (a Blob download: no Node here).
import type { BenchMechanismName, BenchResultSet, BenchRow } from '@contract/bench';

export const MECHANISM_TITLES: Record<BenchMechanismName, string> = {
  'shm-sysv': 'Shared memory, System V (futex)',
  'shm-posix': 'Shared memory, POSIX (futex)',
  'shm-spin': 'Shared memory, POSIX (spinning)',
  pipe: 'Pipe',
  fifo: 'FIFO',
  'mq-posix': 'POSIX message queue',
  'msg-sysv': 'System V message queue',
  unix: 'Unix socket (stream)',
  tcp: 'TCP on 127.0.0.1',
  'tcp-hosts': 'TCP between two hosts (veth)',
  signal: 'Signals (no data)',
};

/** One colour per mechanism, readable in both themes. */
export const MECHANISM_COLORS: Record<BenchMechanismName, string> = {
  'shm-sysv': '#8a4fd6', 'shm-posix': '#b06ee8', 'shm-spin': '#d63fa6', pipe: '#1d8f84', fifo: '#168a3f',
  'mq-posix': '#c77712', 'msg-sysv': '#a85a00', unix: '#2f6fdf', tcp: '#5b6475', 'tcp-hosts': '#0f7fa8', signal: '#c0392b',
};

export const PLACEMENT_TITLES = { 'same-cpu': 'same vCPU', 'two-cpus': 'two vCPUs' } as const;

export function formatRate(n: number): string {
  if (n >= 1e6) return `${(n / 1e6).toFixed(2)} M`;
  if (n >= 1e3) return `${(n / 1e3).toFixed(1)} k`;
  return n.toFixed(0);
}

export function formatMb(n: number): string {
  return n >= 100 ? n.toFixed(0) : n >= 1 ? n.toFixed(1) : n.toFixed(2);
}

/** A log10 scale from [lo, hi] onto [a, b], and its decade ticks. */
export function logScale(lo: number, hi: number, a: number, b: number) {
  const l0 = Math.log10(lo);
  const l1 = Math.log10(Math.max(hi, lo * 10));
  const at = (v: number) => a + ((Math.log10(Math.max(v, lo)) - l0) / (l1 - l0)) * (b - a);
  const ticks: number[] = [];
  for (let e = Math.ceil(l0); e <= Math.floor(l1); e++) ticks.push(10 ** e);
  return { at, ticks };
}

/** Decade bounds around the values (at least one decade wide). */
export function decadeBounds(values: number[]): [number, number] {
  const positive = values.filter((v) => v > 0 && Number.isFinite(v));
  if (positive.length === 0) return [1, 10];
  const lo = 10 ** Math.floor(Math.log10(Math.min(...positive)));
  const hi = 10 ** Math.ceil(Math.log10(Math.max(...positive)));
  return [lo, hi > lo ? hi : lo * 10];
}

const rowKey = (r: Pick<BenchRow, 'mechanism' | 'size' | 'placement' | 'implementation'>) =>
  `${r.implementation}|${r.mechanism}|${r.size}|${r.placement}`;

/** Now against then: latency ratio (lower is better) and throughput ratio (higher is better). */
export function ratioTo(row: BenchRow, earlier: BenchResultSet | undefined): { latency?: number; throughput?: number } {
  const then = earlier?.rows.find((r) => rowKey(r) === rowKey(row));
  if (!then || then.status !== 'ok' || row.status !== 'ok') return {};
  return {
    latency: row.latency && then.latency ? row.latency.p50Ns.median / then.latency.p50Ns.median : undefined,
    throughput: row.throughput && then.throughput ? row.throughput.messagesPerS.median / then.throughput.messagesPerS.median : undefined,
  };
}

const CSV_HEAD = [
  'set', 'started', 'implementation', 'mechanism', 'size_bytes', 'placement', 'client_cpu', 'echo_cpu', 'status', 'reason', 'repetitions',
  'p50_ns', 'p50_min_ns', 'p50_max_ns', 'p99_ns', 'min_ns', 'samples', 'messages_per_s', 'mb_per_s',
];

function csvCell(value: unknown): string {
  const text = value === undefined || value === null ? '' : String(value);
  return /[",\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

export function toCsv(set: BenchResultSet): string {
  const lines = [CSV_HEAD.join(',')];
  for (const r of set.rows) {
    lines.push([
      set.id, set.startedAt, r.implementation, r.mechanism, r.size, r.placement, r.cpus[0], r.cpus[1], r.status, r.reason, r.repetitions,
      r.latency?.p50Ns.median, r.latency?.p50Ns.min, r.latency?.p50Ns.max, r.latency?.p99Ns.median, r.latency?.minNs, r.latency?.samples,
      r.throughput?.messagesPerS.median, r.throughput?.mbPerS.median,
    ].map(csvCell).join(','));
  }
  return lines.join('\n') + '\n';
}
