/** The scenario as Vue Flow nodes and edges: positions from `layout`, a tidy default otherwise. */
import { MarkerType, type Edge, type Node } from '@vue-flow/core';
import type { ScenarioDoc } from '../../model/doc';
import { deriveEdges } from '../../model/uses';

export interface ProcessNodeData { kind: 'process' }
export interface ObjectNodeData { kind: string }

export function defaultPosition(doc: ScenarioDoc, id: string): { x: number; y: number } {
  const p = doc.processes.findIndex((x) => x.id === id);
  if (p >= 0) return { x: 40 + (p % 4) * 280, y: 40 + Math.floor(p / 4) * 260 };
  const o = doc.objects.findIndex((x) => x.id === id);
  return { x: 120 + (o % 4) * 260, y: 200 + Math.max(1, Math.ceil(doc.processes.length / 4)) * 130 + Math.floor(o / 4) * 120 };
}

export function toFlowNodes(doc: ScenarioDoc, selected: readonly string[]): Node[] {
  const at = (id: string) => doc.layout?.nodes?.[id] ?? defaultPosition(doc, id);
  const isSelected = new Set(selected);
  return [
    ...doc.processes.map((p) => ({ id: p.id, type: 'process', position: { ...at(p.id) }, data: { kind: 'process' }, selected: isSelected.has(p.id) })),
    ...doc.objects.map((o) => ({ id: o.id, type: 'object', position: { ...at(o.id) }, data: { kind: o.kind }, selected: isSelected.has(o.id) })),
  ];
}

export function toFlowEdges(doc: ScenarioDoc, selected: ReadonlySet<string>): Edge[] {
  const kindOf = new Map(doc.objects.map((o) => [o.id, o.kind] as const));
  return deriveEdges(doc).map((e) => {
    const color = e.kind === 'use' ? `var(--k-${kindOf.get(e.target) ?? 'process'})` : e.kind === 'signal' ? 'var(--danger)' : 'var(--muted)';
    const arrow = { type: MarkerType.ArrowClosed, color, width: 16, height: 16 };
    return {
      id: e.id,
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
      data: { kind: e.kind },
      ariaLabel: `${e.source} ${e.label} ${e.target}`,
    } as Edge;
  });
}
