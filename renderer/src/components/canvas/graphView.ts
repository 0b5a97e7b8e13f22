/** The scenario as Vue Flow nodes and edges: positions from `layout`, dagre's tidy layout otherwise. */
import { MarkerType, type Edge, type Node } from '@vue-flow/core';
import type { Position, ScenarioDoc } from '../../model/doc';
import { deriveEdges, type UseEdge } from '../../model/uses';
import { curveOf, placeLabels, sizeOf, tidyLayout, type EdgeRoute, type TidyLayout } from '../../model/layout';

/** What a custom edge (LabEdge.vue) needs beyond Vue Flow's own props. */
export interface LabEdgeData {
  kind: UseEdge['kind'];
  /** dagre's route, used while both ends sit where the tidy layout put them. */
  route?: EdgeRoute;
  /** Where along the plain curve the label sits (0..1), chosen so labels never overlap. */
  labelT: number;
}

// dagre runs again only when what it lays out changes (nodes, edges, labels), not when a node
// moves or a field changes; the document is edited in place, so the key is its structure.
let cached: { key: string; edges: UseEdge[]; tidy: TidyLayout } | undefined;
function tidyOf(doc: ScenarioDoc): { edges: UseEdge[]; tidy: TidyLayout } {
  const edges = deriveEdges(doc);
  const key = JSON.stringify([doc.processes.map((p) => p.id), doc.objects.map((o) => o.id), edges.map((e) => [e.id, e.label])]);
  if (cached?.key !== key) cached = { key, edges, tidy: tidyLayout(doc, edges) };
  return { edges, tidy: cached.tidy };
}

/** A node's position: the one stored in `layout`, else the tidy layout's. */
function positionOf(doc: ScenarioDoc, id: string): Position {
  return doc.layout?.nodes?.[id] ?? tidyOf(doc).tidy.nodes[id] ?? { x: 0, y: 0 };
}

export function toFlowNodes(doc: ScenarioDoc, selected: readonly string[]): Node[] {
  const at = (id: string) => positionOf(doc, id);
  const isSelected = new Set(selected);
  return [
    ...doc.processes.map((p) => ({ id: p.id, type: 'process', position: { ...at(p.id) }, data: { kind: 'process' }, selected: isSelected.has(p.id) })),
    ...doc.objects.map((o) => ({ id: o.id, type: 'object', position: { ...at(o.id) }, data: { kind: o.kind }, selected: isSelected.has(o.id) })),
  ];
}

const near = (a: Position, b: Position) => Math.abs(a.x - b.x) < 1 && Math.abs(a.y - b.y) < 1;

export function toFlowEdges(doc: ScenarioDoc, selected: ReadonlySet<string>): Edge[] {
  const kindOf = new Map(doc.objects.map((o) => [o.id, o.kind] as const));
  const { edges: derived, tidy } = tidyOf(doc);
  const ids = [...doc.processes.map((p) => p.id), ...doc.objects.map((o) => o.id)];
  const boxes = ids.map((id) => ({ ...positionOf(doc, id), ...sizeOf(doc, id) }));
  // Routed edges keep dagre's label slot; the others slide their labels clear of everything.
  const routed = new Map<string, EdgeRoute>();
  for (const e of derived) {
    const route = tidy.edges[e.id];
    if (route && near(positionOf(doc, e.source), tidy.nodes[e.source]) && near(positionOf(doc, e.target), tidy.nodes[e.target])) routed.set(e.id, route);
  }
  const taken = [...routed.values()].map((r) => ({ x: r.label.x - 60, y: r.label.y - 9, width: 120, height: 18 }));
  const curves = derived.filter((e) => !routed.has(e.id)).map((e) => ({
    id: e.id,
    label: e.label,
    controls: curveOf({ ...positionOf(doc, e.source), ...sizeOf(doc, e.source) }, { ...positionOf(doc, e.target), ...sizeOf(doc, e.target) }),
  }));
  const labelT = placeLabels(curves, [...boxes, ...taken]);
  return derived.map((e) => {
    const color = e.kind === 'use' ? `var(--k-${kindOf.get(e.target) ?? 'process'})` : e.kind === 'signal' ? 'var(--danger)' : 'var(--muted)';
    const arrow = { type: MarkerType.ArrowClosed, color, width: 16, height: 16 };
    const data: LabEdgeData = { kind: e.kind, route: routed.get(e.id), labelT: labelT[e.id] ?? 0.5 };
    return {
      id: e.id,
      type: 'lab',
      source: e.source,
      target: e.target,
      label: e.label,
      selected: selected.has(e.id),
      animated: e.kind === 'message',
      markerEnd: e.flow === 'out' ? undefined : arrow,
      markerStart: e.flow === 'out' || e.flow === 'both' ? arrow : undefined,
      style: { stroke: color, strokeWidth: 1.6, strokeDasharray: e.kind === 'parent' || e.kind === 'signal' ? '6 4' : undefined },
      labelStyle: { fill: 'var(--text)', fontSize: '11px' },
      labelBgStyle: { fill: 'var(--panel)' },
      labelBgPadding: [4, 2] as [number, number],
      data,
      ariaLabel: `${e.source} ${e.label} ${e.target}`,
    } as Edge;
  });
}
