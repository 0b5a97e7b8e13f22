// The timeline table's current row (issue 19): found by binary search over an index built once,
// it must name the same row as scanning every row does, for every cursor position.
import { describe, expect, it } from 'vitest';
import { currentRowFinder, type TimelineRow } from '../../../renderer/src/model/timelineRows';

const row = (event: number, t: number): TimelineRow => ({ event, t, process: 'p', kind: 'step', what: '', detail: '' } as TimelineRow);

/** The scan the table did before: of the rows before the cursor, the latest in time (ties: later row). */
function scan(rows: TimelineRow[], cursor: number): number {
  let best = -1;
  rows.forEach((r, i) => {
    if (r.event < cursor && (best < 0 || r.t >= rows[best].t)) best = i;
  });
  return best;
}

describe('currentRowFinder', () => {
  it('no row before the cursor: -1; an empty table: -1', () => {
    expect(currentRowFinder([])(5)).toBe(-1);
    expect(currentRowFinder([row(3, 10)])(3)).toBe(-1);
    expect(currentRowFinder([row(3, 10)])(4)).toBe(0);
  });

  it('agrees with a scan of every row at every cursor, events out of time order and equal times', () => {
    let seed = 7;
    const random = () => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
    // Rows in time order (as timelineRows gives them), event indices shuffled, some events
    // with no row and some times equal.
    const rows = Array.from({ length: 400 }, (_, i) => row(Math.floor(random() * 600), Math.floor(i / 3)));
    const find = currentRowFinder(rows);
    for (let cursor = 0; cursor <= 601; cursor++) expect(find(cursor), `cursor ${cursor}`).toBe(scan(rows, cursor));
  });
});
