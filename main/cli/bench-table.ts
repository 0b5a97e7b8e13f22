// The benchmark's figures as a text table: one line per mechanism, size and placement; with the
// C reference, the lab's figure, C's and their ratio side by side (latency: lab / C, lower is
// better, target <= 1.1; throughput: lab / C, higher is better, target >= 0.9).
import { benchRowKey as key, type BenchResultSet } from '../contract/bench';
import { formatMachine } from '../engine/bench/machine';
import { formatSize } from '../contract/units';
import { formatTable } from './table';

const us = (ns: number) => (ns >= 100_000 ? (ns / 1000).toFixed(0) : ns >= 10_000 ? (ns / 1000).toFixed(1) : (ns / 1000).toFixed(2));
const rate = (n: number) => (n >= 1e6 ? `${(n / 1e6).toFixed(2)}M` : n >= 1e3 ? `${(n / 1e3).toFixed(1)}k` : n.toFixed(0));
const mb = (n: number) => (n >= 100 ? n.toFixed(0) : n.toFixed(1));

const LATENCY_TARGET = 1.1;
const THROUGHPUT_TARGET = 0.9;

export function formatResultSet(set: BenchResultSet): string {
  const compare = set.options.compareC;
  const c = new Map(set.rows.filter((r) => r.implementation === 'c').map((r) => [key(r), r]));
  const memcpy = new Map(set.memcpy.map((m) => [m.size, m.gbPerS * 1000]));
  const head = ['mechanism', 'size', 'placement', 'p50 us', 'spread', 'p99 us', 'min us', 'msg/s', 'MB/s'];
  if (compare) head.push('C p50', 'lat x', 'C MB/s', 'tput x');
  head.push('memcpy MB/s');
  const lines = [head];
  for (const lab of set.rows.filter((r) => r.implementation === 'lab')) {
    const line = [lab.mechanism, formatSize(lab.size), lab.placement];
    if (lab.status !== 'ok' || !lab.latency) {
      lines.push([...line, `${lab.status}: ${lab.reason ?? ''}`]);
      continue;
    }
    const l = lab.latency;
    const t = lab.throughput;
    line.push(us(l.p50Ns.median), `${us(l.p50Ns.min)}-${us(l.p50Ns.max)}`, us(l.p99Ns.median), us(l.minNs),
      t ? rate(t.messagesPerS.median) : '-', t ? mb(t.mbPerS.median) : 'no data');
    if (compare) {
      const ref = c.get(key(lab));
      const latX = ref?.latency ? l.p50Ns.median / ref.latency.p50Ns.median : undefined;
      const tputX = ref?.throughput && t ? t.messagesPerS.median / ref.throughput.messagesPerS.median : undefined;
      line.push(ref?.latency ? us(ref.latency.p50Ns.median) : ref?.status ?? '-',
        latX === undefined ? '-' : `${latX.toFixed(2)}${latX > LATENCY_TARGET ? '*' : ''}`,
        ref?.throughput ? mb(ref.throughput.mbPerS.median) : '-',
        tputX === undefined ? '-' : `${tputX.toFixed(2)}${tputX < THROUGHPUT_TARGET ? '*' : ''}`);
    }
    line.push(lab.mechanism.startsWith('shm-') && memcpy.has(lab.size) ? mb(memcpy.get(lab.size)!) : '');
    lines.push(line);
  }
  const out = [
    `Process Lab benchmark ${set.id} (${set.startedAt})`,
    `machine: ${formatMachine(set.machine)}`,
    `repetitions per row: ${set.options.repetitions}${compare ? ' each for the lab and for C, alternating' : ''}; time budget per phase ${set.options.budgetMs} ms`,
    'lab = two lab processes (Node running the addon; the timed loop is C inside the addon)' + (compare ? '; C = test/bench/ipc-bench.c built with cc -O2' : ''),
    '',
    // Three label columns, figures after them; an unsupported or failed row's reason spans the rest.
    ...formatTable(lines, 3),
    '',
    `memcpy (the ceiling for shared memory): ${set.memcpy.map((m) => `${formatSize(m.size)} ${m.gbPerS.toFixed(1)} GB/s`).join(', ')}`,
  ];
  if (set.labStep) {
    out.push(`one interpreted lab step (${set.labStep.op}): ${us(set.labStep.interpretedStepNs)} us; the bare addon call from JavaScript: ${us(set.labStep.addonCallNs)} us`);
  }
  if (compare) out.push(`* outside the target (latency lab/C <= ${LATENCY_TARGET}, throughput lab/C >= ${THROUGHPUT_TARGET})`);
  out.push('', ...set.notes.map((n) => `- ${n}`));
  return out.join('\n');
}
