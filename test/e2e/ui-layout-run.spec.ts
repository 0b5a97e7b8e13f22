/// <reference lib="dom" />
// Issue 17, item 4: "nodes grow during a run and cover their neighbours". While a run is stepped
// (the nodes' gate lines and Step buttons) and once it has ended (PIDs, states, exit statuses,
// object figures), every node keeps the size it had before the run, no two nodes overlap, and
// nothing a node shows sticks out of it. The layout before any run is ui-layout.spec's.
import type { Page } from '@playwright/test';
import { expect, test } from './support/lab-server';
import { openPresetFitted } from './support/canvas-fit';

test.use({ viewport: { width: 1280, height: 800 } });

interface NodeBox { id: string; width: number; height: number; x: number; y: number; w: number; h: number; sticksOut: string[] }

/** Each node's own size (CSS px, zoom aside), its screen box, and the texts that leave its box. */
function measure(page: Page): Promise<NodeBox[]> {
  return page.locator('.vue-flow__node').evaluateAll((els) => els.map((el) => {
    const node = el as HTMLElement;
    const inner = node.firstElementChild as HTMLElement;
    const box = inner.getBoundingClientRect();
    const sticksOut = [...inner.querySelectorAll<HTMLElement>('*')]
      .filter((c) => !c.classList.contains('vue-flow__handle') && c.getClientRects().length > 0)
      .filter((c) => { const r = c.getBoundingClientRect(); return r.width > 0 && (r.bottom > box.bottom + 0.5 || r.right > box.right + 0.5); })
      .map((c) => (c.textContent ?? '').trim().slice(0, 40));
    const r = node.getBoundingClientRect();
    return { id: node.dataset.id!, width: node.offsetWidth, height: node.offsetHeight, x: r.x, y: r.y, w: r.width, h: r.height, sticksOut };
  }));
}

function problems(title: string, when: string, before: NodeBox[], now: NodeBox[]): string[] {
  const out: string[] = [];
  for (const n of now) {
    const b = before.find((x) => x.id === n.id);
    if (b && (b.width !== n.width || b.height !== n.height)) out.push(`${title}, ${when}: ${n.id} grew from ${b.width}x${b.height} to ${n.width}x${n.height}`);
    if (n.sticksOut.length) out.push(`${title}, ${when}: in ${n.id}, ${n.sticksOut.map((t) => `"${t}"`).join(', ')} sticks out`);
    for (const o of now) if (o.id < n.id && n.x < o.x + o.w && o.x < n.x + n.w && n.y < o.y + o.h && o.y < n.y + n.h) out.push(`${title}, ${when}: ${n.id} overlaps ${o.id}`);
  }
  return out;
}

const PRESETS = ['Master/slave shared memory', 'Race condition on a shared counter', 'Signals carry no data', 'A pipe from parent to child', 'Rendezvous: a mailbox with capacity 0'];

test('nodes keep their size and their place while a run is stepped and after it has ended', async ({ page, labServer }) => {
  test.setTimeout(240_000);
  await page.goto(labServer.url);
  const toolbar = page.getByRole('toolbar', { name: 'Main toolbar' });
  const mode = (name: string) => toolbar.getByRole('radiogroup', { name: 'Run mode' }).getByRole('radio', { name, exact: true });
  const found: string[] = [];
  for (const title of PRESETS) {
    await openPresetFitted(page, title);
    const before = await measure(page);
    // Stepped: every process that has started shows its gate line and Step button.
    await mode('Step').click();
    await toolbar.getByRole('button', { name: '▶ Run' }).click();
    await expect(page.locator('.vue-flow__node .gate-line').first()).toBeVisible({ timeout: 15_000 });
    for (let i = 0; i < 2; i++) await toolbar.getByRole('button', { name: /Step all/ }).click();
    found.push(...problems(title, 'stepped', before, await measure(page)));
    await toolbar.getByRole('button', { name: '■ Stop', exact: true }).click();
    await expect(toolbar.getByRole('status')).toHaveText(/^Run /, { timeout: 15_000 });
    // At full speed to its end: PIDs, exit statuses, figures.
    await mode('Full speed').click();
    await toolbar.getByRole('button', { name: '▶ Run' }).click();
    await expect(toolbar.getByRole('status')).toHaveText(/^Run (completed|ended|failed)/, { timeout: 30_000 });
    await expect(page.locator('.vue-flow__node').first()).toContainText('PID');
    found.push(...problems(title, 'ended', before, await measure(page)));
  }
  expect(found).toEqual([]);
});
