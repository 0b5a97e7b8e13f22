// hitMarks/hitMark: the marks under the pointer on a lane. Marks at the same ns (a wait's
// return, the inferred SIGCHLD and the child's exit) are all returned, in recording order, and a
// click means the step's mark among them; otherwise the nearest mark wins.
import { describe, expect, it } from 'vitest';
import type { Mark, TimelineModel } from '../../../../renderer/src/model/timelineModel';
import { AXIS, GUTTER, LANE, hitMark, hitMarks } from '../../../../renderer/src/components/panels/timelineDraw';

/** 1 ns per px from t = 0: a mark at t is drawn at x = GUTTER + t. */
const view = { start: 0, nsPerPx: 1 };
const laneY = (lane: number) => AXIS + lane * LANE + LANE / 2;

function model(marks: Mark[]): TimelineModel {
  return { lanes: ['parent', 'child'], marks, spans: [], arrows: [], maxArrowNs: 0, maxSpanNs: 0, endT: 1000 };
}

const signal: Mark = { t: 100, lane: 0, kind: 'signal', label: 'SIGCHLD', detail: 'SIGCHLD delivered: ignored', event: 5 };
const wait: Mark = { t: 100, lane: 0, kind: 'step', label: 'wait', path: [2], event: 6 };
const exit: Mark = { t: 100, lane: 1, kind: 'exit', label: 'exit 0', event: 4 };

describe('hitMarks', () => {
  it('returns every mark of the lane at the tied time, in recording order', () => {
    const m = model([exit, signal, wait]);
    expect(hitMarks(m, view, GUTTER + 100, laneY(0))).toEqual([signal, wait]);
    expect(hitMarks(m, view, GUTTER + 103, laneY(0))).toEqual([signal, wait]);
    expect(hitMarks(m, view, GUTTER + 100, laneY(1))).toEqual([exit]);
  });

  it('a click on a tie means the step among the tied marks', () => {
    const m = model([exit, signal, wait]);
    expect(hitMark(m, view, GUTTER + 100, laneY(0))).toBe(wait);
    // No step among them: the first one recorded.
    expect(hitMark(model([signal, { ...signal, label: 'SIGUSR1', event: 7 }]), view, GUTTER + 100, laneY(0))).toBe(signal);
  });

  it('without a tie returns only the nearest mark, before or after the pointer', () => {
    const a: Mark = { t: 96, lane: 0, kind: 'step', label: 'a', path: [0], event: 1 };
    const b: Mark = { t: 103, lane: 0, kind: 'signal', label: 'b', event: 2 };
    const m = model([a, b]);
    expect(hitMarks(m, view, GUTTER + 98, laneY(0))).toEqual([a]);
    expect(hitMarks(m, view, GUTTER + 101, laneY(0))).toEqual([b]);
    expect(hitMark(m, view, GUTTER + 101, laneY(0))).toBe(b);
  });

  it('returns nothing away from marks, off the lanes or in the gutter', () => {
    const m = model([signal, wait]);
    expect(hitMarks(m, view, GUTTER + 120, laneY(0))).toEqual([]);
    expect(hitMarks(m, view, GUTTER + 100, laneY(5))).toEqual([]);
    expect(hitMarks(m, view, GUTTER - 1, laneY(0))).toEqual([]);
    expect(hitMark(m, view, GUTTER + 120, laneY(0))).toBeNull();
  });
});
