/// <reference lib="dom" />
// Issue 17: the canvas's fitted view keeps every node title readable. On every preset, at
// 1280x800 (and so at any bigger window, see below), both when the preset opens and after "Fit the scenario in
// view", each node's title is drawn at 11 CSS px or more (its font size times the canvas zoom,
// and its box on screen). Titles are 14 px and the fit never zooms below 0.8 (layout.ts
// MIN_FIT_ZOOM): two-hosts used to be fitted at 0.47, its words about 6 px high.
//
// Decided here: a scenario too big for the canvas at 0.8 is NOT shrunk further, since all of it
// would then be on screen but as shapes nobody can read. It is shown at 0.8, centred across and
// from its top, and the rest is reached by dragging the canvas (or the minimap). Only two-hosts
// (seven nodes, five objects side by side) is that big, and only at 1280x800;
// support/canvas-fit.ts lists them; ui-layout.spec.ts allows nodes outside the canvas on exactly
// those views.
import type { Page } from '@playwright/test';
import { MIN_FIT_ZOOM, WINDOWS } from './support/canvas-fit';
import { expect, test } from './support/lab-server';

/** The smallest node title on screen (px), the zoom, and whether every node and edge label is wholly in the canvas. */
async function titles(page: Page) {
  return page.evaluate(() => {
    const zoom = new DOMMatrix(getComputedStyle(document.querySelector('.vue-flow__transformationpane')!).transform).a;
    const canvas = document.querySelector('.vue-flow')!.getBoundingClientRect();
    const names = [...document.querySelectorAll('.vue-flow__node .name')];
    const inside = [...document.querySelectorAll('.vue-flow__node, .vue-flow__edge-textwrapper')].every((n) => {
      const r = n.getBoundingClientRect();
      return r.left >= canvas.left - 1 && r.top >= canvas.top - 1 && r.right <= canvas.right + 1 && r.bottom <= canvas.bottom + 1;
    });
    return {
      zoom,
      inside,
      count: names.length,
      fontPx: Math.min(...names.map((n) => parseFloat(getComputedStyle(n).fontSize) * zoom)),
      boxPx: Math.min(...names.map((n) => n.getBoundingClientRect().height)),
    };
  });
}

// Only the smallest window: a bigger canvas never fits at a smaller zoom (the fit zoom grows with
// the canvas), so titles readable at 1280x800 are readable at 1440x900 and 1920x1080; that every
// preset fits whole there is checked by ui-layout.spec.ts at all three sizes. (The suite must
// stay under 15 minutes on a 2-core machine; this ran each size for about 30 s.)
for (const { width, height, panned: allowed } of WINDOWS.slice(0, 1)) {
  const size = `${width}x${height}`;
  test(`${size}: every preset's node titles are 11 px or more when it opens and after a fit`, async ({ page, labServer }) => {
    await page.setViewportSize({ width, height });
    await page.goto(labServer.url);
    const list = page.getByRole('list', { name: 'Presets' });
    const names = await list.getByRole('button', { name: /^Open preset / }).evaluateAll((els) => els.map((el) => el.getAttribute('aria-label')!.slice('Open preset '.length)));
    expect(names.length).toBeGreaterThan(10);
    const problems: string[] = [];
    const panned: string[] = [];
    const smallest = { px: Infinity, preset: '' };
    for (const name of names) {
      await page.getByRole('button', { name: 'Presets' }).click();
      await list.getByRole('button', { name: `Open preset ${name}`, exact: true }).click();
      await expect(page.locator('.vue-flow__node').first()).toBeVisible();
      await page.waitForTimeout(300); // the view fits itself 60 ms after a document loads
      const opened = await titles(page);
      // Zoomed out by hand first, so the fit has something to undo.
      await page.getByRole('button', { name: 'Zoom out' }).click();
      await page.getByRole('button', { name: 'Zoom out' }).click();
      await page.getByRole('button', { name: 'Fit the scenario in view' }).click();
      await page.waitForTimeout(300);
      const fitted = await titles(page);
      for (const [when, m] of [['on opening', opened], ['after a fit', fitted]] as const) {
        if (m.fontPx < 11 || m.boxPx < 11) problems.push(`${name} ${when}: titles ${m.fontPx.toFixed(1)} px (box ${m.boxPx.toFixed(1)} px) at zoom ${m.zoom.toFixed(2)}`);
        if (!m.inside && Math.abs(m.zoom - MIN_FIT_ZOOM) > 0.001) problems.push(`${name} ${when}: nodes outside the canvas at zoom ${m.zoom.toFixed(2)} (only a view at the minimum zoom may pan)`);
        if (m.fontPx < smallest.px) Object.assign(smallest, { px: m.fontPx, preset: name });
      }
      if (!fitted.inside) panned.push(name);
    }
    console.log(`${size}: smallest title ${smallest.px.toFixed(1)} px (${smallest.preset}); panned: ${panned.join(', ') || 'none'}`);
    expect(problems).toEqual([]);
    expect(panned).toEqual(allowed);
  });
}

test.describe('a scenario too big for the canvas at a readable zoom', () => {
  test.use({ viewport: { width: 1280, height: 800 } });

  test('is shown from its top, and the rest is reached by dragging the canvas', async ({ page, labServer }) => {
    await page.goto(labServer.url);
    await page.getByRole('list', { name: 'Presets' }).getByRole('button', { name: 'Open preset Two machines: what survives the move', exact: true }).click();
    await expect(page.locator('.vue-flow__node')).toHaveCount(7);
    await page.waitForTimeout(300);
    const canvas = (await page.locator('.vue-flow').boundingBox())!;
    const boxes = async () => page.locator('.vue-flow__node').evaluateAll((nodes) => nodes.map((n) => {
      const r = n.getBoundingClientRect();
      return { id: n.getAttribute('data-id')!, x: r.x, y: r.y, right: r.right, bottom: r.bottom };
    }));
    const before = await boxes();
    // The top: the first process (b, which sends to a) is wholly in view.
    const top = before.reduce((a, b) => (b.y < a.y ? b : a));
    expect(top.y).toBeGreaterThanOrEqual(canvas.y);
    expect(top.x).toBeGreaterThanOrEqual(canvas.x);
    expect(top.right).toBeLessThanOrEqual(canvas.x + canvas.width);
    // The left-most node is cut by the canvas's edge; dragging the canvas right brings it in.
    const left = before.reduce((a, b) => (b.x < a.x ? b : a));
    expect(left.x).toBeLessThan(canvas.x);
    const by = canvas.x + 40 - left.x;
    const grab = { x: canvas.x + 12, y: canvas.y + canvas.height - 12 }; // bare canvas below the objects
    await page.mouse.move(grab.x, grab.y);
    await page.mouse.down();
    await page.mouse.move(grab.x + by, grab.y, { steps: 8 });
    await page.mouse.up();
    const after = (await boxes()).find((b) => b.id === left.id)!;
    expect(after.x).toBeGreaterThanOrEqual(canvas.x);
    expect(after.right).toBeLessThanOrEqual(canvas.x + canvas.width);
    // Still readable: dragging never changes the zoom.
    expect((await titles(page)).fontPx).toBeGreaterThanOrEqual(11);
  });
});
