import { describe, expect, it } from 'vitest';
import { type LabelCandidate, overlaps, placeLabels } from '../../../renderer/src/model/timelineLabels';

const bounds = { x: 0, y: 0, width: 400, height: 100 };
const label = (text: string, x: number, y: number, priority = 5, more: { x: number; y: number }[] = []): LabelCandidate<string> => ({
  text, width: 40, height: 15, priority, places: [{ x, y }, ...more], item: text,
});

describe('label placement', () => {
  it('never lets two labels overlap, whatever the candidates', () => {
    const candidates = Array.from({ length: 200 }, (_, i) => label(`l${i}`, (i * 37) % 380, (i * 13) % 90, i % 7, [{ x: (i * 53) % 380, y: 40 }]));
    const placed = placeLabels(candidates, bounds);
    expect(placed.length).toBeGreaterThan(10);
    for (let i = 0; i < placed.length; i++) for (let j = i + 1; j < placed.length; j++) expect(overlaps(placed[i], placed[j])).toBe(false);
  });

  it('places the more important label first, and the other at its next free place', () => {
    const placed = placeLabels([label('step', 100, 10, 5, [{ x: 100, y: 40 }]), label('error', 110, 10, 0)], bounds);
    expect(placed.map((p) => [p.text, p.x, p.y])).toEqual([['error', 110, 10], ['step', 100, 40]]);
  });

  it('leaves out a label with no free place, and any that would leave the bounds', () => {
    const placed = placeLabels([label('a', 100, 10), label('b', 105, 10), label('c', 380, 10)], bounds);
    expect(placed.map((p) => p.text)).toEqual(['a']);
  });

  it('keeps the gap between neighbours and respects boxes already taken', () => {
    expect(placeLabels([label('a', 0, 0), label('b', 41, 0)], bounds, 2).map((p) => p.text)).toEqual(['a']);
    expect(placeLabels([label('a', 0, 0), label('b', 43, 0)], bounds, 2).map((p) => p.text)).toEqual(['a', 'b']);
    expect(placeLabels([label('a', 0, 0)], bounds, 2, [{ x: 10, y: 5, width: 5, height: 5 }])).toEqual([]);
  });
});
