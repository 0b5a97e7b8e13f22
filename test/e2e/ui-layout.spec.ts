/// <reference lib="dom" />
// Issue 17, item 4: on every preset at 1280x800 (and 1440x900, 1920x1080), no two nodes, edge
// labels or the minimap overlap, every node and label is clear of the canvas's zoom buttons, no
// edge passes over a node it does not connect, and every node and label is inside the canvas,
// except on the views support/canvas-fit.ts lists: a preset too big for the canvas at a zoom
// where its titles stay readable is shown at that zoom and panned (ui-canvas-readable.spec.ts).
import { fileURLToPath } from 'node:url';
import type { Page } from '@playwright/test';
import { MIN_FIT_ZOOM, openPresetFitted, WINDOWS } from './support/canvas-fit';
import { expect, test } from './support/lab-server';

const artifacts = fileURLToPath(new URL('./artifacts/', import.meta.url));

interface Box { name: string; x: number; y: number; width: number; height: number }

const overlap = (a: Box, b: Box) => a.x < b.x + b.width && b.x < a.x + a.width && a.y < b.y + b.height && b.y < a.y + a.height;
/** The part of `a` inside `outer` (what the canvas shows of it), or undefined. */
function clip(a: Box, outer: Box): Box | undefined {
  const x = Math.max(a.x, outer.x), y = Math.max(a.y, outer.y);
  const width = Math.min(a.x + a.width, outer.x + outer.width) - x, height = Math.min(a.y + a.height, outer.y + outer.height) - y;
  return width > 0 && height > 0 ? { ...a, x, y, width, height } : undefined;
}
const inside = (a: Box, outer: Box) => a.x >= outer.x - 1 && a.y >= outer.y - 1 && a.x + a.width <= outer.x + outer.width + 1 && a.y + a.height <= outer.y + outer.height + 1;

/** Screen boxes of what the canvas shows, and points sampled along every edge (screen pixels). */
async function measure(page: Page) {
  return page.evaluate(() => {
    const box = (name: string, el: Element) => {
      const r = el.getBoundingClientRect();
      return { name, x: r.x, y: r.y, width: r.width, height: r.height };
    };
    const nodes = [...document.querySelectorAll('.vue-flow__node')].map((el) => box(`node ${el.getAttribute('data-id')}`, el));
    const labels = [...document.querySelectorAll('.vue-flow__edge-textwrapper')].map((el) => box(`label "${el.textContent}"`, el));
    const minimap = document.querySelector('.vue-flow__minimap');
    const controls = document.querySelector('.canvas-controls');
    const canvas = document.querySelector('.vue-flow')!;
    const edges = [...document.querySelectorAll('.vue-flow__edge')].map((edge) => {
      const [kind, source, target] = (edge.getAttribute('data-id') ?? '').split(':');
      const path = edge.querySelector<SVGPathElement>('path.vue-flow__edge-path')!;
      const m = path.getScreenCTM()!;
      const length = path.getTotalLength();
      const points = [];
      for (let i = 1; i < 40; i++) {
        const p = path.getPointAtLength((length * i) / 40);
        points.push({ x: m.a * p.x + m.c * p.y + m.e, y: m.b * p.x + m.d * p.y + m.f });
      }
      return { kind, source, target, points };
    });
    const zoom = new DOMMatrix(getComputedStyle(document.querySelector('.vue-flow__transformationpane')!).transform).a;
    return {
      nodes, labels, edges, zoom,
      minimap: minimap ? box('minimap', minimap) : undefined,
      controls: controls ? box('zoom buttons', controls) : undefined,
      canvas: box('canvas', canvas),
    };
  });
}

for (const { width, height, panned } of WINDOWS) test(`${width}x${height}: every preset opens in a layout where nothing overlaps`, async ({ page, labServer }) => {
  await page.setViewportSize({ width, height });
  await page.goto(labServer.url);
  const buttons = page.getByRole('list', { name: 'Presets' }).getByRole('button', { name: /^Open preset / });
  const titles = (await buttons.evaluateAll((els) => els.map((el) => el.getAttribute('aria-label')!.slice('Open preset '.length))));
  expect(titles.length).toBeGreaterThan(10);
  const problems: string[] = [];
  for (const title of titles) {
    await openPresetFitted(page, title);
    const m = await measure(page);
    // What the canvas shows of each (a panned view cuts some at its edges), and the minimap.
    const shown = [...m.nodes, ...m.labels].map((b) => clip(b, m.canvas)).filter((b): b is Box => !!b);
    const boxes: Box[] = [...shown, ...(m.minimap ? [m.minimap] : [])];
    for (let i = 0; i < boxes.length; i++)
      for (let j = i + 1; j < boxes.length; j++)
        if (overlap(boxes[i], boxes[j])) problems.push(`${title}: ${boxes[i].name} overlaps ${boxes[j].name}`);
    // A panned view is at the minimum zoom, and only on the presets listed for this size.
    const pans = panned.includes(title);
    if (pans) expect(m.zoom, `${title} is panned at the minimum readable zoom`).toBeCloseTo(MIN_FIT_ZOOM, 3);
    for (const b of [...m.nodes, ...m.labels]) if (!pans && !inside(b, m.canvas)) problems.push(`${title}: ${b.name} is outside the canvas`);
    for (const b of shown) if (m.controls && overlap(b, m.controls)) problems.push(`${title}: ${b.name} is under the zoom buttons`);
    for (const e of m.edges) {
      for (const n of m.nodes) {
        const id = n.name.slice('node '.length);
        if (id === e.source || id === e.target) continue;
        const shrunk = { ...n, x: n.x + 2, y: n.y + 2, width: n.width - 4, height: n.height - 4 };
        if (e.points.some((p) => p.x > shrunk.x && p.x < shrunk.x + shrunk.width && p.y > shrunk.y && p.y < shrunk.y + shrunk.height)) {
          problems.push(`${title}: the edge ${e.kind} ${e.source}→${e.target} passes over ${n.name}`);
        }
      }
    }
    await page.screenshot({ path: `${artifacts}layout-${width}x${height}-${title.replace(/\W+/g, '-').toLowerCase()}.png` });
  }
  expect(problems).toEqual([]);
});
