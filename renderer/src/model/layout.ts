/**
 * Where the canvas puts nodes, edges and edge labels.
 *
 * `tidyLayout` asks dagre (a layered graph layout, the Sugiyama method) for positions: parents
 * above their children, objects below the processes that use them, and a slot of its own for
 * every edge label, so nothing overlaps and an edge never passes behind a node it does not
 * touch. `placeLabels` keeps labels apart when the user has moved nodes by hand.
 * Sizes are the nodes' sizes during a run (the largest they get), so a run never makes a node
 * cover its neighbour. Units: canvas pixels at zoom 1.
 */
import dagre from '@dagrejs/dagre';
import type { Position, ScenarioDoc } from './doc';
import type { UseEdge } from './uses';

export interface Size { width: number; height: number }
export interface Box extends Position, Size {}

/** Process and object cards (ProcessNode.vue, ObjectNode.vue use these widths and heights). */
export const NODE_SIZE: Readonly<Record<'process' | 'object', Size>> = {
  process: { width: 200, height: 100 },
  object: { width: 180, height: 100 },
};

/** An edge label's box: 11 px text, about 6.2 px a character, plus its padding. */
export function labelSize(text: string): Size {
  return { width: Math.ceil(text.length * 6.2) + 10, height: 17 };
}

export interface EdgeRoute {
  /** Points the edge passes through, from the source's bottom handle to the target's top one. */
  points: Position[];
  label: Position;
}

export interface TidyLayout {
  nodes: Record<string, Position>;
  edges: Record<string, EdgeRoute>;
}

export function sizeOf(doc: ScenarioDoc, id: string): Size {
  return doc.processes.some((p) => p.id === id) ? NODE_SIZE.process : NODE_SIZE.object;
}

/** Positions from dagre (top-left corners, as Vue Flow wants them) and the route of every edge. */
export function tidyLayout(doc: ScenarioDoc, edges: readonly UseEdge[]): TidyLayout {
  const g = new dagre.graphlib.Graph({ multigraph: true });
  g.setGraph({ rankdir: 'TB', nodesep: 40, ranksep: 56, edgesep: 16, marginx: 0, marginy: 0 });
  g.setDefaultEdgeLabel(() => ({}));
  for (const p of doc.processes) g.setNode(p.id, { ...NODE_SIZE.process });
  for (const o of doc.objects) g.setNode(o.id, { ...NODE_SIZE.object });
  for (const e of edges) {
    // Spawning orders the ranks most; a signal or a message between processes only a little.
    const weight = e.kind === 'parent' ? 4 : e.kind === 'use' ? 2 : 1;
    g.setEdge(e.source, e.target, { ...labelSize(e.label), labelpos: 'c', weight }, e.id);
  }
  dagre.layout(g);
  const nodes: Record<string, Position> = {};
  for (const id of g.nodes()) {
    const n = g.node(id);
    nodes[id] = { x: Math.round(n.x - n.width / 2), y: Math.round(n.y - n.height / 2) };
  }
  const routes: Record<string, EdgeRoute> = {};
  for (const e of edges) {
    const label = g.edge(e.source, e.target, e.id) as { points?: Position[]; x?: number; y?: number } | undefined;
    if (!label?.points || label.x === undefined || label.y === undefined) continue;
    // dagre's own ends lie on the border that faces the route, so the arrowheads sit outside
    // their nodes (a route to a node above it would otherwise arrive at its top from inside it).
    routes[e.id] = { points: label.points.map((p) => ({ x: p.x, y: p.y })), label: { x: label.x, y: label.y } };
  }
  return { nodes, edges: routes };
}

/**
 * Where an edge drawn without a route leaves its source and meets its target (flow px): below
 * the source and above the target, unless the target lies wholly above the source: then above
 * the source and below the target, so that no arrowhead is drawn under a node. `down` is the direction.
 */
function edgeEnds(source: Box, target: Box): { from: Position; to: Position; down: boolean } {
  const up = target.y + target.height <= source.y;
  const below = (b: Box) => ({ x: b.x + b.width / 2, y: b.y + b.height + HANDLE_RADIUS });
  const above = (b: Box) => ({ x: b.x + b.width / 2, y: b.y - HANDLE_RADIUS });
  return up ? { from: above(source), to: below(target), down: false } : { from: below(source), to: above(target), down: true };
}

/** The curve of an edge drawn without a route: a cubic Bézier leaving downwards and arriving from above, or, with `down` false, leaving upwards and arriving from below. */
function bezierControls(from: Position, to: Position, down = true): [Position, Position, Position, Position] {
  const k = Math.max(40, Math.abs(to.y - from.y) / 2) * (down ? 1 : -1);
  return [from, { x: from.x, y: from.y + k }, { x: to.x, y: to.y - k }, to];
}

/** Half a connection handle (LabCanvas.vue draws them 10 px wide on the top and bottom borders): edges end outside it. */
const HANDLE_RADIUS = 5;

/**
 * Where an edge leaves or meets `box` (flow px) on its way to or from `toward`: just outside the
 * middle of the border facing that point (bottom, top, else a side), clear of the connection
 * handle there, so that its arrowhead is seen whole.
 */
export function borderToward(box: Box, toward: Position): Position {
  if (toward.y >= box.y + box.height) return { x: box.x + box.width / 2, y: box.y + box.height + HANDLE_RADIUS };
  if (toward.y <= box.y) return { x: box.x + box.width / 2, y: box.y - HANDLE_RADIUS };
  return { x: toward.x >= box.x + box.width / 2 ? box.x + box.width + HANDLE_RADIUS : box.x - HANDLE_RADIUS, y: box.y + box.height / 2 };
}

/** The point `length` px straight out from `end` (a point from borderToward) away from `box`: a route through it meets the border head-on, its arrowhead clear of the node. */
export function straightOut(box: Box, end: Position, length = 14): Position {
  if (end.y >= box.y + box.height) return { x: end.x, y: end.y + length };
  if (end.y <= box.y) return { x: end.x, y: end.y - length };
  return { x: end.x + (end.x >= box.x + box.width ? length : -length), y: end.y };
}

/** The Bézier control points of an edge drawn without a route between two boxes (flow px). */
export function curveOf(source: Box, target: Box): [Position, Position, Position, Position] {
  const { from, to, down } = edgeEnds(source, target);
  return bezierControls(from, to, down);
}

/** The SVG path of a cubic Bézier's four control points. */
export function bezierPath([a, b, c, d]: readonly Position[]): string {
  return `M${a.x},${a.y} C${b.x},${b.y} ${c.x},${c.y} ${d.x},${d.y}`;
}

export function bezierAt(c: readonly Position[], t: number): Position {
  const u = 1 - t;
  const w = [u * u * u, 3 * u * u * t, 3 * u * t * t, t * t * t];
  return { x: w.reduce((s, wi, i) => s + wi * c[i].x, 0), y: w.reduce((s, wi, i) => s + wi * c[i].y, 0) };
}

/** SVG path through `points` (Catmull-Rom turned into cubic Béziers), smooth at every bend. */
export function pathThrough(points: readonly Position[]): string {
  if (points.length === 2) return bezierPath(bezierControls(points[0], points[1], points[1].y >= points[0].y));
  let d = `M${points[0].x},${points[0].y}`;
  for (let i = 0; i < points.length - 1; i++) {
    const p0 = points[i - 1] ?? points[i], p1 = points[i], p2 = points[i + 1], p3 = points[i + 2] ?? p2;
    d += ` C${p1.x + (p2.x - p0.x) / 6},${p1.y + (p2.y - p0.y) / 6} ${p2.x - (p3.x - p1.x) / 6},${p2.y - (p3.y - p1.y) / 6} ${p2.x},${p2.y}`;
  }
  return d;
}

export function overlaps(a: Box, b: Box, gap = 0): boolean {
  return a.x < b.x + b.width + gap && b.x < a.x + a.width + gap && a.y < b.y + b.height + gap && b.y < a.y + a.height + gap;
}

/**
 * Where labels of edges drawn as plain curves sit: each label slides along its own curve (the
 * parameter t, from 0.5 outwards) to the first place that covers no node and no label placed
 * before it. Returns t by edge id.
 */
export function placeLabels(curves: readonly { id: string; label: string; controls: Position[] }[], nodes: readonly Box[]): Record<string, number> {
  const placed: Box[] = [];
  const result: Record<string, number> = {};
  const tries = [0.5, 0.4, 0.6, 0.3, 0.7, 0.25, 0.75, 0.2, 0.8, 0.15, 0.85];
  for (const curve of curves) {
    const size = labelSize(curve.label);
    const boxAt = (t: number): Box => {
      const c = bezierAt(curve.controls, t);
      return { x: c.x - size.width / 2, y: c.y - size.height / 2, ...size };
    };
    const free = (box: Box) => !placed.some((q) => overlaps(box, q, 2)) && !nodes.some((n) => overlaps(box, n, 2));
    const t = tries.find((candidate) => free(boxAt(candidate))) ?? 0.5;
    const box = boxAt(t);
    placed.push(box);
    result[curve.id] = t;
  }
  return result;
}
