// Issue 17: every edge's arrowhead ends at its node's border and is seen there, not drawn under
// the node (the receive-first deadlock preset's B→A "sends to" arrived from inside A).
import { expect, test } from './support/lab-server';

test.use({ viewport: { width: 1280, height: 800 } });

const PRESETS = ['Deadlock: both processes receive first', 'Master/slave shared memory', 'Direct message passing', 'Two pipes for two directions', 'A socketpair: one channel, both ways'];

for (const title of PRESETS) {
  test(`${title}: every arrowhead is visible at its node's border`, async ({ page, labServer }) => {
    await page.goto(labServer.url);
    await page.getByRole('list', { name: 'Presets' }).getByRole('button', { name: `Open preset ${title}`, exact: true }).click();
    await expect(page.locator('.vue-flow__edge').first()).toBeVisible();
    await page.waitForTimeout(600);
    const hidden = await page.locator('.vue-flow__edge').evaluateAll((edges) => {
      const out: string[] = [];
      for (const g of edges) {
        const path = g.querySelector<SVGPathElement>('path.vue-flow__edge-path');
        if (!path) continue;
        const ctm = path.getScreenCTM()!;
        const len = path.getTotalLength();
        const ends: [string, number, number][] = [];
        // Vue Flow writes url('#') where an edge has no marker.
        const has = (a: string) => /url\('#.+'\)/.test(path.getAttribute(a) ?? '');
        if (has('marker-end')) ends.push(['end', len, -1]);
        if (has('marker-start')) ends.push(['start', 0, 1]);
        for (const [which, at, dir] of ends) {
          // A point inside the arrowhead, 3 px back from its tip along the path.
          const p = path.getPointAtLength(at + dir * 3);
          const x = p.x * ctm.a + ctm.e, y = p.y * ctm.d + ctm.f;
          const top = document.elementFromPoint(x, y);
          if (!top) out.push(`${g.getAttribute('data-id')} ${which}: off the canvas`);
          else if (top.closest('.vue-flow__node')) out.push(`${g.getAttribute('data-id')} ${which}: under ${top.closest('.vue-flow__node')!.getAttribute('data-id')}`);
        }
      }
      return out;
    });
    expect(hidden).toEqual([]);
  });
}
