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
    return { event: m.event, t: m.t, process: model.lanes[m.lane], kind: m.kind, what: m.label, detail: words.join('; '), path: m.path };
  });
}
