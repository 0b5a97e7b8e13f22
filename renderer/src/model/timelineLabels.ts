/**
 * Where the timeline's words go so that no two of them overlap: each label offers a few places
 * (above its mark, below it; the middle of its arrow, nearer either end) and is put at the first
 * free one, in order of importance (errors and signals first, step names last); a label with no
 * free place is left out, and the tooltip and the table still have it. Greedy, with a grid of
 * columns so that a frame of thousands of candidates costs about one look-up each.
 */

/** A rectangle in CSS pixels, top-left corner and size. */
export interface Box { x: number; y: number; width: number; height: number }

export interface LabelCandidate<T = unknown> {
  text: string;
  width: number;
  height: number;
  /** Lower goes first. */
  priority: number;
  /** Top-left corners to try, best first. */
  places: { x: number; y: number }[];
  item: T;
}

export interface PlacedLabel<T = unknown> extends Box { text: string; item: T }

const COLUMN = 64;

/** True when two boxes share any area (touching edges do not count). */
export function overlaps(a: Box, b: Box): boolean {
  return a.x < b.x + b.width && b.x < a.x + a.width && a.y < b.y + b.height && b.y < a.y + a.height;
}

/**
 * Places `candidates` inside `bounds` without overlap, keeping `gap` pixels between labels;
 * `taken`: boxes already used (the lane names, say). Returns the placed labels in placing order.
 */
export function placeLabels<T>(candidates: readonly LabelCandidate<T>[], bounds: Box, gap = 2, taken: readonly Box[] = []): PlacedLabel<T>[] {
  const grid = new Map<number, Box[]>();
  const columns = (box: Box) => {
    const first = Math.floor((box.x - gap) / COLUMN);
    const last = Math.floor((box.x + box.width + gap) / COLUMN);
    const out: number[] = [];
    for (let c = first; c <= last; c++) out.push(c);
    return out;
  };
  const free = (box: Box) => {
    const padded = { x: box.x - gap, y: box.y - gap, width: box.width + 2 * gap, height: box.height + 2 * gap };
    for (const c of columns(box)) for (const other of grid.get(c) ?? []) if (overlaps(padded, other)) return false;
    return true;
  };
  const add = (box: Box) => {
    for (const c of columns(box)) {
      const list = grid.get(c);
      if (list) list.push(box);
      else grid.set(c, [box]);
    }
  };
  taken.forEach(add);
  const inside = (box: Box) => box.x >= bounds.x && box.y >= bounds.y && box.x + box.width <= bounds.x + bounds.width && box.y + box.height <= bounds.y + bounds.height;
  const order = candidates.map((c, i) => i).sort((a, b) => candidates[a].priority - candidates[b].priority || a - b);
  const placed: PlacedLabel<T>[] = [];
  for (const index of order) {
    const c = candidates[index];
    for (const place of c.places) {
      const box = { x: place.x, y: place.y, width: c.width, height: c.height };
      if (!inside(box) || !free(box)) continue;
      add(box);
      placed.push({ ...box, text: c.text, item: c.item });
      break;
    }
  }
  return placed;
}
