/// <reference lib="dom" />
// Issue 17, item 4: on every preset at 1280x800, no two nodes, edge labels or the minimap
// overlap, every node and label is inside the canvas, clear of its zoom buttons, and no edge
// passes over a node it does not connect.
import { fileURLToPath } from 'node:url';
import type { Page } from '@playwright/test';
import { expect, test } from './support/lab-server';

const artifacts = fileURLToPath(new URL('./artifacts/', import.meta.url));

interface Box { name: string; x: number; y: number; width: number; height: number }

const overlap = (a: Box, b: Box) => a.x < b.x + b.width && b.x < a.x + a.width && a.y < b.y + b.height && b.y < a.y + a.height;
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
    return {
      nodes, labels, edges,
      minimap: minimap ? box('minimap', minimap) : undefined,
      controls: controls ? box('zoom buttons', controls) : undefined,
      canvas: box('canvas', canvas),
    };
  });
}

test.use({ viewport: { width: 1280, height: 800 } });

test('every preset opens in a layout where nothing overlaps', async ({ page, labServer }) => {
  await page.goto(labServer.url);
  const buttons = page.getByRole('list', { name: 'Presets' }).getByRole('button', { name: /^Open preset / });
  const titles = (await buttons.evaluateAll((els) => els.map((el) => el.getAttribute('aria-label')!.slice('Open preset '.length))));
  expect(titles.length).toBeGreaterThan(10);
  const problems: string[] = [];
  for (const title of titles) {
    await page.getByRole('button', { name: 'Presets' }).click();
    await page.getByRole('list', { name: 'Presets' }).getByRole('button', { name: `Open preset ${title}`, exact: true }).click();
    await expect(page.locator('.vue-flow__node').first()).toBeVisible();
    await page.waitForTimeout(300); // the view fits itself 60 ms after a document loads
    const m = await measure(page);
    const boxes: Box[] = [...m.nodes, ...m.labels, ...(m.minimap ? [m.minimap] : [])];
    for (let i = 0; i < boxes.length; i++)
      for (let j = i + 1; j < boxes.length; j++)
        if (overlap(boxes[i], boxes[j])) problems.push(`${title}: ${boxes[i].name} overlaps ${boxes[j].name}`);
    for (const b of [...m.nodes, ...m.labels]) {
      if (!inside(b, m.canvas)) problems.push(`${title}: ${b.name} is outside the canvas`);
      if (m.controls && overlap(b, m.controls)) problems.push(`${title}: ${b.name} is under the zoom buttons`);
    }
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
    await page.screenshot({ path: `${artifacts}layout-${title.replace(/\W+/g, '-').toLowerCase()}.png` });
  }
  expect(problems).toEqual([]);
});
