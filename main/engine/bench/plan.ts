// What a benchmark measures: each mechanism at each size in each placement. A size a queue
// cannot carry is planned as "unsupported" with the limit that forbids it, never shrunk.
import type { BenchMechanismName, BenchPlacement } from '../../contract/bench';

export interface Cell {
  mechanism: BenchMechanismName;
  size: number;
  placement: BenchPlacement;
  cpus: [number, number];
  /** Set when the cell cannot run here; the row reports it. */
  unsupported?: string;
}

function sizeLimit(mechanism: BenchMechanismName, size: number, limits: Record<string, number>): string | undefined {
  if (mechanism === 'mq-posix' && limits.mqMsgsizeMax !== undefined && size > limits.mqMsgsizeMax)
    return `POSIX queue message limit ${limits.mqMsgsizeMax} B (fs.mqueue.msgsize_max)`;
  if (mechanism === 'msg-sysv' && limits.msgmax !== undefined && size > limits.msgmax)
    return `System V message limit ${limits.msgmax} B (kernel.msgmax)`;
  return undefined;
}

/** Cells in a stable order: mechanism, then size, then placement. Signals run once (size 0). */
export function planCells(
  mechanisms: BenchMechanismName[],
  sizes: number[],
  cpus: number[],
  limits: Record<string, number>,
): Cell[] {
  const cells: Cell[] = [];
  const placements: Array<[BenchPlacement, [number, number], string | undefined]> = [
    ['same-cpu', [cpus[0], cpus[0]], undefined],
    ['two-cpus', [cpus[0], cpus[1] ?? cpus[0]], cpus.length < 2 ? 'only one CPU is available to this process' : undefined],
  ];
  for (const mechanism of mechanisms) {
    for (const size of mechanism === 'signal' ? [0] : sizes) {
      for (const [placement, pinned, noPlace] of placements) {
        const unsupported = noPlace ?? sizeLimit(mechanism, size, limits);
        cells.push({ mechanism, size, placement, cpus: pinned, ...(unsupported ? { unsupported } : {}) });
      }
    }
  }
  return cells;
}
