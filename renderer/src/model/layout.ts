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

/**
 * Readability on the canvas: a node's title is drawn at TITLE_PX (CSS px at zoom 1), and the
 * view never fits itself below MIN_FIT_ZOOM, so a title is never under 11 px on screen
 * (TITLE_PX x MIN_FIT_ZOOM = 11.2). A scenario too big for the canvas at that zoom is shown
 * from its top and panned (useCanvasCommands.ts fitClear).
 */
export const TITLE_PX = 14;
export const MIN_FIT_ZOOM = 0.8;

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

/**
 * dagre's options: spacing in canvas px between nodes of a rank, between ranks and between
 * parallel edges, and which of its four alignments places the nodes (none: their balance).
 */
type LayoutOptions = { nodesep: number; ranksep: number; edgesep: number; align?: 'UL' | 'UR' | 'DL' | 'DR' };

/**
 * The layouts tidyLayout tries, roomiest first: each spacing with dagre's balanced placement
 * and each of its four alignments (one of them is often much narrower on a given graph).
 */
const VARIANTS: readonly LayoutOptions[] = [
  { nodesep: 24, ranksep: 56, edgesep: 10 },
  { nodesep: 16, ranksep: 56, edgesep: 6 },
].flatMap((spacing) => [undefined, 'UL', 'UR', 'DL', 'DR'].map((align) => ({ ...spacing, align }) as LayoutOptions));

/**
 * What a layout should fit at zoom 1 (canvas px): a 1280x800 window's canvas (about 650x480
 * screen px, less its margins) at MIN_FIT_ZOOM. Layouts are compared by how far they overflow it.
 */
const ROOM: Size = { width: 680, height: 540 };

type DagreEdge = { points?: Position[]; x?: number; y?: number };

/** One dagre run: nodes at their run-time sizes, edges with label boxes except those in `unlabelled`. */
function runDagre(doc: ScenarioDoc, edges: readonly UseEdge[], unlabelled: ReadonlySet<string>, options: LayoutOptions) {
  const g = new dagre.graphlib.Graph({ multigraph: true });
  g.setGraph({ rankdir: 'TB', ...options, marginx: 0, marginy: 0 });
  g.setDefaultEdgeLabel(() => ({}));
  for (const p of doc.processes) g.setNode(p.id, { ...NODE_SIZE.process });
  for (const o of doc.objects) g.setNode(o.id, { ...NODE_SIZE.object });
  for (const e of edges) {
    // Spawning orders the ranks most; a signal or a message between processes only a little.
    const weight = e.kind === 'parent' ? 4 : e.kind === 'use' ? 2 : 1;
    const label = unlabelled.has(e.id) ? { width: 0, height: 0 } : labelSize(e.label);
    g.setEdge(e.source, e.target, { ...label, labelpos: 'c', weight }, e.id);
  }
  dagre.layout(g);
  return g;
}

/**
 * Where the label of an edge dagre routed without one goes: the point of its route nearest the
 * middle whose label box covers no node and no label placed before (2 px apart), or undefined.
 */
function labelOnRoute(points: readonly Position[], size: Size, taken: readonly Box[]): Position | undefined {
  const samples: Position[] = [];
  for (let i = 0; i < points.length - 1; i++) {
    for (let k = 0; k < 8; k++) {
      const t = k / 8;
      samples.push({ x: points[i].x + (points[i + 1].x - points[i].x) * t, y: points[i].y + (points[i + 1].y - points[i].y) * t });
    }
  }
  const middle = (samples.length - 1) / 2;
  const order = samples.map((_, i) => i).sort((a, b) => Math.abs(a - middle) - Math.abs(b - middle));
  for (const i of order) {
    const box = { x: samples[i].x - size.width / 2, y: samples[i].y - size.height / 2, ...size };
    if (!taken.some((t) => overlaps(box, t, 2))) return samples[i];
  }
  return undefined;
}

/**
 * Labels for the edges in `unlabelled` on their routes in `g`, clear of every node and label;
 * undefined when one finds no room (it is then taken out of `unlabelled`, to get a slot from dagre).
 */
function placeRouteLabels(g: ReturnType<typeof runDagre>, edges: readonly UseEdge[], unlabelled: Set<string>): Record<string, Position> | undefined {
  const taken: Box[] = g.nodes().map((id) => {
    const n = g.node(id);
    return { x: n.x - n.width / 2, y: n.y - n.height / 2, width: n.width, height: n.height };
  });
  for (const e of edges) {
    const at = g.edge(e.source, e.target, e.id) as DagreEdge | undefined;
    if (unlabelled.has(e.id) || at?.x === undefined || at.y === undefined) continue;
    const size = labelSize(e.label);
    taken.push({ x: at.x - size.width / 2, y: at.y - size.height / 2, ...size });
  }
  const labels: Record<string, Position> = {};
  const homeless = edges.filter((e) => unlabelled.has(e.id)).filter((e) => {
    const size = labelSize(e.label);
    const at = labelOnRoute((g.edge(e.source, e.target, e.id) as DagreEdge | undefined)?.points ?? [], size, taken);
    if (!at) return true;
    labels[e.id] = at;
    taken.push({ x: at.x - size.width / 2, y: at.y - size.height / 2, ...size });
    return false;
  });
  for (const e of homeless) unlabelled.delete(e.id);
  return homeless.length ? undefined : labels;
}

/**
 * One layout with `options`: positions from dagre (top-left corners, as Vue Flow wants them)
 * and the route of every edge.
 *
 * dagre gives every edge label a slot of its own beside the nodes of a rank in between, which
 * widens a layout by the labels' widths (a parent that creates what its children use gets three
 * labels in its children's row). So the edges are first laid out without labels, and each label
 * then sits on its own route where it covers no node and no other label (mostly in the space
 * between two ranks). A label that finds no such place gets its slot from dagre again.
 */
function layoutWith(doc: ScenarioDoc, edges: readonly UseEdge[], options: LayoutOptions): TidyLayout {
  const unlabelled = new Set(edges.map((e) => e.id));
  let g = runDagre(doc, edges, unlabelled, options);
  let labels: Record<string, Position> | undefined;
  for (let attempt = 0; attempt < 3 && unlabelled.size && !labels; attempt++) {
    if (attempt) g = runDagre(doc, edges, unlabelled, options);
    labels = placeRouteLabels(g, edges, unlabelled);
  }
  if (!labels) {
    unlabelled.clear();
    g = runDagre(doc, edges, unlabelled, options);
  }
  const nodes: Record<string, Position> = {};
  for (const id of g.nodes()) {
    const n = g.node(id);
    nodes[id] = { x: Math.round(n.x - n.width / 2), y: Math.round(n.y - n.height / 2) };
  }
  const routes: Record<string, EdgeRoute> = {};
  for (const e of edges) {
    const route = g.edge(e.source, e.target, e.id) as DagreEdge | undefined;
    const label = unlabelled.has(e.id) ? labels?.[e.id] : route?.x !== undefined && route.y !== undefined ? { x: route.x, y: route.y } : undefined;
    if (!route?.points || !label) continue;
    // dagre's own ends lie on the border that faces the route, so the arrowheads sit outside
    // their nodes (a route to a node above it would otherwise arrive at its top from inside it).
    routes[e.id] = { points: route.points.map((p) => ({ x: p.x, y: p.y })), label };
  }
  return { nodes, edges: routes };
}

/**
 * The tidy layout: parents above their children, objects below the processes that use them,
 * no two nodes or labels overlapping, and no edge behind a node it does not touch. Of the
 * VARIANTS it keeps the first that fits ROOM, else the one that needs the least shrinking.
 */
export function tidyLayout(doc: ScenarioDoc, edges: readonly UseEdge[]): TidyLayout {
  let best: { layout: TidyLayout; overflow: number } | undefined;
  for (const options of VARIANTS) {
    const layout = layoutWith(doc, edges, options);
    const extent = extentOf(doc, edges, layout);
    const overflow = Math.max(1, extent.width / ROOM.width, extent.height / ROOM.height);
    if (!best || overflow < best.overflow - 0.005) best = { layout, overflow };
    if (overflow === 1) break;
  }
  return best!.layout;
}

/** The box around every node, route point and label of a layout (canvas px). */
export function extentOf(doc: ScenarioDoc, edges: readonly UseEdge[], layout: TidyLayout): Box {
  let [x0, y0, x1, y1] = [Infinity, Infinity, -Infinity, -Infinity];
  const add = (b: Box) => {
    x0 = Math.min(x0, b.x); y0 = Math.min(y0, b.y); x1 = Math.max(x1, b.x + b.width); y1 = Math.max(y1, b.y + b.height);
  };
  for (const [id, at] of Object.entries(layout.nodes)) add({ ...at, ...sizeOf(doc, id) });
  for (const e of edges) {
    const route = layout.edges[e.id];
    if (!route) continue;
    for (const p of route.points) add({ ...p, width: 0, height: 0 });
    const size = labelSize(e.label);
    add({ x: route.label.x - size.width / 2, y: route.label.y - size.height / 2, ...size });
  }
  return { x: x0, y: y0, width: x1 - x0, height: y1 - y0 };
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
