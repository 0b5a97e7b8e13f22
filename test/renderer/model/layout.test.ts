import { describe, expect, it } from 'vitest';
import { readFileSync, readdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { ScenarioDoc } from '../../../renderer/src/model/doc';
import { deriveEdges } from '../../../renderer/src/model/uses';
import { extentOf, labelSize, MIN_FIT_ZOOM, overlaps, placeLabels, sizeOf, TITLE_PX, tidyLayout } from '../../../renderer/src/model/layout';

const presets = fileURLToPath(new URL('../../../main/presets/', import.meta.url));

describe('tidyLayout', () => {
  it('puts parents above children and objects below, with no two nodes or labels overlapping, on every preset', () => {
    for (const file of readdirSync(presets).filter((f) => f.endsWith('.lab.json'))) {
      const doc = JSON.parse(readFileSync(presets + file, 'utf8')) as ScenarioDoc;
      const edges = deriveEdges(doc);
      const { nodes, edges: routes } = tidyLayout(doc, edges);
      const boxes = Object.entries(nodes).map(([id, at]) => ({ id, ...at, ...sizeOf(doc, id) }));
      for (const e of edges) {
        const size = labelSize(e.label);
        const route = routes[e.id];
        expect(route, `${file} ${e.id}`).toBeDefined();
        boxes.push({ id: `label ${e.id}`, x: route.label.x - size.width / 2, y: route.label.y - size.height / 2, ...size });
      }
      for (let i = 0; i < boxes.length; i++)
        for (let j = i + 1; j < boxes.length; j++) expect(overlaps(boxes[i], boxes[j]), `${file}: ${boxes[i].id} / ${boxes[j].id}`).toBe(false);
      for (const p of doc.processes) if (p.parent) expect(nodes[p.parent].y, `${file}: ${p.parent} above ${p.id}`).toBeLessThan(nodes[p.id].y);
    }
  });
});

describe('readability at a fit', () => {
  it('keeps a node title at 11 px or more at the smallest zoom a fit uses', () => {
    expect(TITLE_PX * MIN_FIT_ZOOM).toBeGreaterThanOrEqual(11);
  });

  it('lays out a parent that creates what its two children use no wider than its nodes need', () => {
    // Producer and consumer: main creates full, empty and slot, which both children use. With
    // dagre's label slots its children's row held six labels and three routes, 978 px wide; a
    // 1280x800 window's canvas shows about 760 px at MIN_FIT_ZOOM.
    const doc = JSON.parse(readFileSync(presets + 'bounded-buffer.lab.json', 'utf8')) as ScenarioDoc;
    const edges = deriveEdges(doc);
    const extent = extentOf(doc, edges, tidyLayout(doc, edges));
    expect(extent.width).toBeLessThanOrEqual(760);
    expect(extent.height).toBeLessThanOrEqual(540);
  });
});

describe('placeLabels', () => {
  it('slides a label along its curve off a label already there', () => {
    const controls = [{ x: 0, y: 0 }, { x: 0, y: 50 }, { x: 0, y: 50 }, { x: 0, y: 100 }];
    const t = placeLabels([{ id: 'a', label: 'writes', controls }, { id: 'b', label: 'reads', controls }], []);
    expect(t.a).toBe(0.5);
    expect(t.b).not.toBe(0.5);
  });
});
