/**
 * The timeline as a table (the accessible alternative to the canvas, issue 17 item 10): one row
 * per event the diagram marks, in time order, with what arrived on its arrow (payload, sender)
 * and how long it waited, so nothing the picture says is missing from the words.
 */
import { formatNs } from '@contract/units';
import type { Arrow, MarkKind, TimelineModel } from './timelineModel';

export interface TimelineRow {
  /** Index of the event in the run's log. */
  event: number;
  /** ns since the run started. */
  t: number;
  process: string;
  kind: MarkKind;
  /** The mark's words: the step's label or op, "exit 0", "SIGUSR1". */
  what: string;
  /** Everything else in words: the call, what arrived and from whom, how long it waited. */
  detail: string;
  path?: number[];
}

/** The arrow that ends at a row, in words. */
function arrived(a: Arrow, lanes: readonly string[]): string {
  if (a.kind === 'spawn') return `spawned by ${lanes[a.lane0]}`;
  if (a.kind === 'exit') return a.label;
  return `${a.kind} from ${lanes[a.lane0]}: ${a.label}`;
}

/** Rows of `model`, in the order of its marks (sorted by time, ties in log order). */
export function timelineRows(model: TimelineModel): TimelineRow[] {
  const arriving = new Map<number, Arrow[]>();
  for (const a of model.arrows) {
    const list = arriving.get(a.event);
    if (list) list.push(a);
    else arriving.set(a.event, [a]);
  }
  return model.marks.map((m) => {
    const words: string[] = [];
    if (m.detail) words.push(m.detail);
    for (const a of arriving.get(m.event) ?? []) words.push(arrived(a, model.lanes));
    if (m.waitedNs !== undefined) words.push(`after ${formatNs(m.waitedNs)} blocked`);
    // The call's wait was cut by a handler (EINTR, or restarted after it with SA_RESTART).
    if (m.interruptedBy) words.push(`interrupted by ${m.interruptedBy.join(', then ')} (its handler ran)`);
    return { event: m.event, t: m.t, process: model.lanes[m.lane], kind: m.kind, what: m.label, detail: words.join('; '), path: m.path };
  });
}

/**
 * For a replay cursor (how many events are shown), the index of the last row already shown: of
 * the rows whose event is before the cursor, the latest in time (ties: the later row); -1 when
 * none. Built once per rows in O(n log n) so each scrub step is a binary search (O(log n)),
 * not a scan of every row (a replay may hold 100 000).
 */
export function currentRowFinder(rows: readonly TimelineRow[]): (cursor: number) => number {
  const order = rows.map((_, i) => i).sort((a, b) => rows[a].event - rows[b].event);
  const events = Float64Array.from(order, (i) => rows[i].event);
  // best[k]: the latest row among the first k + 1 in event order.
  const best = new Int32Array(order.length);
  let top = -1;
  order.forEach((i, k) => {
    if (top < 0 || rows[i].t > rows[top].t || (rows[i].t === rows[top].t && i > top)) top = i;
    best[k] = top;
  });
  return (cursor) => {
    let lo = 0;
    let hi = events.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (events[mid] < cursor) lo = mid + 1;
      else hi = mid;
    }
    return lo === 0 ? -1 : best[lo - 1];
  };
}
