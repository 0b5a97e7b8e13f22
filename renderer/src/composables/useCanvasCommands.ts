/**
 * Canvas edits shared by the palette, the canvas, its context menu and the inspector: add,
 * connect, rename, delete, each one undoable step with a message saying what happened.
 */
import { getRectOfNodes, useVueFlow } from '@vue-flow/core';
import { nextTick } from 'vue';
import type { Position } from '../model/doc';
import { findObject, findProcess, isValidId, allIds } from '../model/doc';
import { addObject, addProcess, connect, deleteEdge, deleteNodes, renameNode, setPosition } from '../model/edits';
import { useScenarioStore } from '../stores/scenario';
import { useSelectionStore } from '../stores/selection';
import { useUiStore } from '../stores/ui';
import type { PaletteKind } from '../components/canvas/nodeKinds';
import { MIN_FIT_ZOOM, overlaps, tidyLayout, type Box } from '../model/layout';
import { deriveEdges } from '../model/uses';

export const CANVAS_ID = 'lab-canvas';

export function useCanvasCommands() {
  const scenario = useScenarioStore();
  const selection = useSelectionStore();
  const ui = useUiStore();
  const flow = useVueFlow(CANVAS_ID);

  function addNode(kind: PaletteKind, position: Position): string | undefined {
    const id = scenario.edit(`add ${kind}`, (doc) => (kind === 'process' ? addProcess(doc, position) : addObject(doc, kind, position)));
    if (id) selection.selectNodes([id]);
    return id;
  }

  /** Keyboard and click: place the node in the middle of what is visible, beside what is already there. */
  function addAtCenter(kind: PaletteKind): string | undefined {
    const { x, y, zoom } = flow.viewport.value;
    const { width, height } = flow.dimensions.value;
    let at = { x: (width / 2 - x) / zoom - 90, y: (height / 2 - y) / zoom - 40 };
    if (!Number.isFinite(at.x) || !Number.isFinite(at.y)) at = { x: 80, y: 80 };
    const taken = Object.values(scenario.doc?.layout?.nodes ?? {});
    const free = (p: Position) => taken.every((q) => Math.abs(q.x - p.x) > 230 || Math.abs(q.y - p.y) > 110);
    // Walk a widening ring of slots around the centre until one is free.
    for (let ring = 0; ring < 8 && !free(at); ring++) {
      const slots = [{ x: 240, y: 0 }, { x: 0, y: 130 }, { x: -240, y: 0 }, { x: 0, y: -130 }, { x: 240, y: 130 }, { x: -240, y: 130 }];
      const found = slots.map((d) => ({ x: at.x + d.x * (ring + 1), y: at.y + d.y * (ring + 1) })).find(free);
      if (found) at = found;
    }
    return addNode(kind, at);
  }

  function commitPositions(moves: { id: string; position: Position }[]): void {
    if (!moves.length) return;
    scenario.edit(moves.length === 1 ? `move ${moves[0].id}` : `move ${moves.length} nodes`, (doc) => {
      for (const move of moves) setPosition(doc, move.id, move.position);
    });
  }

  function connectNodes(source: string, target: string): void {
    const result = scenario.edit(`connect ${source} to ${target}`, (doc) => connect(doc, source, target));
    if (!result) return;
    if (!result.ok) {
      scenario.undo();
      ui.toast(result.message, 'error');
    } else ui.toast(result.message, 'success');
  }

  function deleteSelection(ids = selection.nodeIds): void {
    if (!ids.length) return;
    const label = ids.length === 1 ? `delete ${ids[0]}` : `delete ${ids.length} nodes`;
    scenario.edit(label, (doc) => deleteNodes(doc, ids));
    selection.clear();
  }

  function deleteEdges(edgeIds: string[]): void {
    if (!edgeIds.length) return;
    scenario.edit(edgeIds.length === 1 ? 'delete a connection' : `delete ${edgeIds.length} connections`, (doc) => {
      for (const id of edgeIds) deleteEdge(doc, id);
    });
  }

  /**
   * Shows every node, at most at 1:1, and never below MIN_FIT_ZOOM, where a node's title would
   * drop under 11 px: a scenario too big for that is shown centred across and from its top
   * (where its first processes are), and the rest is reached by dragging the canvas or the
   * minimap (shrinking it further would show all of it, but as shapes nobody can read). The
   * whole canvas is used unless a node or label would then lie under the zoom buttons (top
   * right): then the view starts below them. The minimap lives beside the canvas, so it never
   * covers a node.
   */
  function fitClear(): void {
    const nodes = flow.getNodes.value;
    const { width, height } = flow.dimensions.value;
    if (!nodes.length || !width || !height) {
      flow.setViewport({ x: 0, y: 0, zoom: 1 });
      return;
    }
    const boxes = [...nodes.map((n) => ({ ...n.computedPosition, ...n.dimensions })), ...labelBoxes()];
    const bounds = withEdges(getRectOfNodes(nodes));
    const margin = 24;
    const buttons = controlsBox();
    let view = viewFor(bounds, { x: margin, y: margin, width: width - 2 * margin, height: height - 2 * margin });
    if (buttons && boxes.some((b) => overlaps(onScreen(b, view), buttons, 4))) {
      const top = buttons.y + buttons.height + 8;
      view = viewFor(bounds, { x: margin, y: top, width: width - 2 * margin, height: height - margin - top });
    }
    flow.setViewport(view);
  }

  /** The viewport that shows `bounds` (flow px) in `room` (canvas px), as fitClear says. */
  function viewFor(bounds: Box, room: Box): { x: number; y: number; zoom: number } {
    const zoom = Math.max(MIN_FIT_ZOOM, Math.min(1, room.width / bounds.width, room.height / bounds.height));
    const tall = bounds.height * zoom > room.height;
    return {
      x: room.x + (room.width - bounds.width * zoom) / 2 - bounds.x * zoom,
      y: room.y + (tall ? 0 : (room.height - bounds.height * zoom) / 2) - bounds.y * zoom,
      zoom,
    };
  }

  const onScreen = (b: Box, view: { x: number; y: number; zoom: number }): Box =>
    ({ x: view.x + b.x * view.zoom, y: view.y + b.y * view.zoom, width: b.width * view.zoom, height: b.height * view.zoom });

  /** The zoom buttons' box in canvas px (from the canvas's top-left corner). */
  function controlsBox(): Box | undefined {
    const root = document.querySelector(`[data-canvas-id="${CANVAS_ID}"] .vue-flow`);
    const panel = root?.querySelector('.canvas-controls');
    if (!root || !panel) return undefined;
    const r = panel.getBoundingClientRect(), c = root.getBoundingClientRect();
    return { x: r.x - c.x, y: r.y - c.y, width: r.width, height: r.height };
  }

  /** The boxes of what `selector` matches among the canvas's edges (paths, labels), in flow px, as drawn. */
  function drawnBoxes(selector: string): Box[] {
    const root = document.querySelector(`[data-canvas-id="${CANVAS_ID}"]`);
    return [...root?.querySelectorAll<SVGGraphicsElement>(selector) ?? []].map((el) => {
      const box = el.getBBox();
      // Labels are drawn with a translate() of their own; paths are in flow coordinates already.
      const shift = el.transform?.baseVal?.consolidate()?.matrix;
      return { x: box.x + (shift?.e ?? 0), y: box.y + (shift?.f ?? 0), width: box.width, height: box.height };
    }).filter((box) => box.width || box.height);
  }
  const labelBoxes = () => drawnBoxes('.vue-flow__edge-textwrapper');

  // Edges may bend outside the nodes' box (a route around a node, a label beside it): their
  // drawn extent, read in flow coordinates from the SVG, is part of what must be visible.
  function withEdges(rect: Box): Box {
    let [x0, y0, x1, y1] = [rect.x, rect.y, rect.x + rect.width, rect.y + rect.height];
    for (const box of drawnBoxes('.vue-flow__edge-path, .vue-flow__edge-textwrapper')) {
      x0 = Math.min(x0, box.x); y0 = Math.min(y0, box.y);
      x1 = Math.max(x1, box.x + box.width); y1 = Math.max(y1, box.y + box.height);
    }
    return { x: x0, y: y0, width: x1 - x0, height: y1 - y0 };
  }

  /** "Tidy": every node where dagre puts it (one undoable step), then the view fits. */
  function tidy(): void {
    scenario.edit('tidy the layout', (doc) => {
      const { nodes } = tidyLayout(doc, deriveEdges(doc));
      doc.layout = { ...(doc.layout ?? {}), nodes };
    });
    void nextTick(() => setTimeout(fitClear, 30));
  }

  /** Checks a new id; returns a sentence when it cannot be used. */
  function checkRename(from: string, to: string): string | null {
    const doc = scenario.doc;
    if (!doc || from === to) return null;
    if (!isValidId(to)) return 'An id starts with a letter, then letters, digits, _ or - (32 at most).';
    if (allIds(doc).has(to)) return `"${to}" is already used by another process or object.`;
    return null;
  }

  function rename(from: string, to: string): string | null {
    const problem = checkRename(from, to);
    if (problem) return problem;
    if (from === to || !scenario.doc || !(findProcess(scenario.doc, from) || findObject(scenario.doc, from))) return null;
    scenario.edit(`rename ${from} to ${to}`, (doc) => renameNode(doc, from, to));
    selection.renamed(from, to);
    return null;
  }

  return { addNode, addAtCenter, commitPositions, fitClear, tidy, connectNodes, deleteSelection, deleteEdges, rename, checkRename, flow };
}
