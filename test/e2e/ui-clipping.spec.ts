/// <reference lib="dom" />
// Issue 17, item 5 (nothing unreadable or clipped at 1440×900) and the decision guide's
// flowchart (text of at least 11 px, no edge crossing another edge or a node).
import { fileURLToPath } from 'node:url';
import { AxeBuilder } from '@axe-core/playwright';
import type { Locator, Page } from '@playwright/test';
import { expect, test } from './support/lab-server';

const artifacts = fileURLToPath(new URL('./artifacts/', import.meta.url));

test.use({ viewport: { width: 1440, height: 900 } });

/** A segment that lives for a while, with text in it: the run is still going while we look. */
const HOLDER = {
  format: 'process-lab/scenario@1', title: 'holds a segment', limits: { timeoutMs: 30_000 }, objects: [{ id: 'M', kind: 'shm', size: 64 }],
  processes: [{ id: 'holder', program: [
    { op: 'shm.create', object: 'M' }, { op: 'shm.attach', object: 'M' }, { op: 'shm.write', object: 'M', offset: 8, value: 'hello from the holder' },
    { op: 'sleep', ms: 20_000 }, { op: 'shm.detach', object: 'M' }, { op: 'shm.destroy', object: 'M' },
  ] }],
};

async function openPreset(page: Page, title: string): Promise<void> {
  await page.getByRole('list', { name: 'Presets' }).getByRole('button', { name: `Open preset ${title}`, exact: true }).click();
  await expect(page.locator('.vue-flow__node').first()).toBeVisible();
}

/** Content wider than its box (cut off or scrolled away), in px; 0 when it fits. */
const overflow = (locator: Locator) => locator.evaluate((el) => Math.max(0, el.scrollWidth - el.clientWidth));

/** How far an element sticks out past the right edge of another (px); 0 when inside. */
const pastRight = (inner: Locator, outer: Locator) => Promise.all([inner.boundingBox(), outer.boundingBox()]).then(([a, b]) => Math.max(0, a!.x + a!.width - (b!.x + b!.width)));

test('the Processes table and the hex view with its ASCII column fit at 1440 px', async ({ page, labServer }) => {
  await page.goto(labServer.url);
  await openPreset(page, 'Master/slave shared memory');
  await page.getByRole('button', { name: '▶ Run' }).click();
  await expect(page.getByRole('toolbar', { name: 'Main toolbar' }).getByRole('status')).toHaveText(/Run completed/, { timeout: 20_000 });
  await page.getByRole('tab', { name: /^Processes/ }).click();
  const table = page.locator('.table-wrap table').first();
  await expect(table).toBeVisible();
  expect(await pastRight(table, page.locator('.table-wrap').first())).toBe(0);
  expect(await overflow(page.locator('.table-wrap').first())).toBe(0);
  // The hex view of a segment that exists (live: after the run the segment is gone, and so are its bytes).
  const chooser = page.waitForEvent('filechooser');
  await page.getByRole('button', { name: 'Open…' }).click();
  await (await chooser).setFiles({ name: 'holder.lab.json', mimeType: 'application/json', buffer: Buffer.from(JSON.stringify(HOLDER)) });
  await page.getByRole('button', { name: '▶ Run' }).click();
  await expect(page.getByRole('toolbar', { name: 'Main toolbar' }).getByRole('status')).toHaveText(/Running/);
  await page.locator('.vue-flow__node[data-id="M"]').click();
  const hex = page.getByRole('table', { name: 'Segment bytes (hexadecimal)' });
  await expect(hex).toContainText('hello', { timeout: 10_000 }); // the holder's message, in the ASCII column
  expect(await overflow(page.locator('.shm-view'))).toBe(0);
  expect(await pastRight(hex.locator('td.text').first(), page.locator('.shm-view'))).toBe(0);
  await page.screenshot({ path: `${artifacts}clipping-processes-hex.png` });
  await page.getByRole('button', { name: '■ Stop', exact: true }).click();
  await expect(page.getByRole('toolbar', { name: 'Main toolbar' }).getByRole('status')).not.toHaveText(/Running/, { timeout: 15_000 });
});

test('the Processes table of a run being stepped, with its Signal… and Pause buttons, fits at 1280 and 1440 px', async ({ page, labServer }) => {
  // Held at their gates, the rows carry their longest words ("held before step 4 spawn") and
  // every action: the table once ran 80 px past its panel at 1440 px, the buttons cut off.
  await page.goto(labServer.url);
  await openPreset(page, 'Race condition on a shared counter');
  const toolbar = page.getByRole('toolbar', { name: 'Main toolbar' });
  await toolbar.getByRole('radiogroup', { name: 'Run mode' }).getByRole('radio', { name: 'Step', exact: true }).click();
  await toolbar.getByRole('button', { name: '▶ Run' }).click();
  await page.getByRole('tab', { name: /^Processes/ }).click();
  const table = page.getByRole('table', { name: 'Processes of the run' });
  await expect(table.getByRole('button', { name: 'Pause main' })).toBeVisible({ timeout: 15_000 });
  // main creates, attaches and spawns A: two rows with actions.
  const mainRow = table.getByRole('row', { name: /^Main main/ });
  await expect(mainRow).toContainText('held before step 1 shm.create', { timeout: 10_000 });
  for (const next of ['2 shm.attach', '3 spawn', '4 spawn']) {
    await page.getByRole('button', { name: 'Step main' }).first().click();
    await expect(mainRow).toContainText(`held before step ${next}`, { timeout: 10_000 });
  }
  await expect(table.getByRole('button', { name: 'Pause A' })).toBeVisible({ timeout: 10_000 });
  await expect(table).toContainText('held before step');
  const wrap = page.locator('.table-wrap').first();
  for (const width of [1280, 1440]) {
    await page.setViewportSize({ width, height: width === 1440 ? 900 : 800 });
    await expect.poll(() => overflow(wrap), { message: `${width} px: nothing to scroll sideways to` }).toBe(0);
    for (const name of ['Send a signal to main', 'Pause main', 'Send a signal to A', 'Pause A']) {
      expect(await pastRight(table.getByRole('button', { name }), wrap), `${width} px: ${name}`).toBe(0);
    }
    await page.screenshot({ path: `${artifacts}clipping-processes-stepping-${width}.png` });
  }
  await toolbar.getByRole('button', { name: '■ Stop', exact: true }).click();
  await expect(toolbar.getByRole('status')).toHaveText(/Run stopped/, { timeout: 15_000 });
});

/** The rows the toolbar's items sit on (distinct tops of its visible children, within 4 px). */
const toolbarRows = (page: Page) => page.getByRole('toolbar', { name: 'Main toolbar' }).evaluate((bar) => {
  const tops = [...bar.children].filter((el) => (el as HTMLElement).offsetWidth > 0).map((el) => el.getBoundingClientRect().top + el.getBoundingClientRect().height / 2);
  return tops.filter((t, i) => tops.findIndex((u) => Math.abs(u - t) < 4) === i).length;
});

/** Two processes that wait long enough to be looked at, with names that make the breakpoint status long. */
const TWO_WAITERS = {
  format: 'process-lab/scenario@1', title: 'Producer and consumer wait for the toolbar to be measured', limits: { timeoutMs: 60_000 }, objects: [],
  processes: ['producer', 'consumer'].map((id) => ({ id, program: [{ op: 'log', message: `${id} starts` }, { op: 'sleep', ms: 40_000 }, { op: 'log', message: `${id} done` }] })),
};

/** The toolbar's controls, each on screen or (when the bar is short of room) in its File menu. */
async function expectEveryControl(page: Page, state: string): Promise<void> {
  const toolbar = page.getByRole('toolbar', { name: 'Main toolbar' });
  const fileMenu = toolbar.getByRole('button', { name: 'File', exact: true });
  const inMenu = (await fileMenu.count()) > 0;
  if (inMenu) {
    await fileMenu.click();
    const menu = toolbar.getByRole('group', { name: 'File' });
    for (const name of ['New', 'Open…', 'Save', 'Export C']) await expect(menu.getByRole('button', { name, exact: true }), `${state}: ${name} in the File menu`).toBeVisible();
    expect(await pastRight(menu, page.locator('body')), `${state}: the File menu`).toBe(0);
    await page.keyboard.press('Escape');
    await expect(menu).toBeHidden();
    await expect(fileMenu).toBeFocused();
  }
  const names = [...(inMenu ? [] : ['New', 'Open…', 'Save', 'Export C']), 'Presets', 'Undo', 'Redo', '▶ Run', '■ Stop', 'Recorded runs…', 'Keyboard shortcuts'];
  const buttons = [...names.map((name) => [name, toolbar.getByRole('button', { name, exact: true })] as const), ['theme', toolbar.getByRole('button', { name: /^(Light|Dark) theme$/ })] as const];
  for (const [name, button] of buttons) {
    await expect(button, `${state}: ${name}`).toBeVisible();
    expect(await pastRight(button, toolbar), `${state}: ${name}`).toBe(0);
  }
  for (const name of ['Full speed', 'Slow', 'Step']) await expect(toolbar.getByRole('radio', { name, exact: true }), `${state}: ${name}`).toBeVisible();
}

/** One line, nothing cut off, every control reachable, at each of the widths people use. */
async function expectOneLine(page: Page, state: string): Promise<void> {
  const toolbar = page.getByRole('toolbar', { name: 'Main toolbar' });
  for (const width of [1280, 1440, 1600, 1920]) {
    await page.setViewportSize({ width, height: 800 });
    await expect.poll(() => toolbarRows(page), { message: `${state} at ${width} px: one row` }).toBe(1);
    expect(await overflow(toolbar), `${state} at ${width} px`).toBe(0);
    await expectEveryControl(page, `${state} at ${width} px`);
    if (width === 1280) await page.screenshot({ path: `${artifacts}toolbar-${state.replace(/\W+/g, '-')}-1280.png`, clip: { x: 0, y: 0, width, height: 90 } });
  }
  await page.setViewportSize({ width: 1440, height: 900 });
}

test('the toolbar stays on one line at 1280, 1440, 1600 and 1920 px in every run mode and state: idle, running, slow, stepping, paused, at a breakpoint, ended, replay', async ({ page, labServer }) => {
  test.setTimeout(180_000);
  await page.goto(labServer.url);
  const chooser = page.waitForEvent('filechooser');
  await page.getByRole('button', { name: 'Open…' }).click();
  await (await chooser).setFiles({ name: 'waiters.lab.json', mimeType: 'application/json', buffer: Buffer.from(JSON.stringify(TWO_WAITERS)) });
  const toolbar = page.getByRole('toolbar', { name: 'Main toolbar' });
  const status = toolbar.getByRole('status');
  const mode = (name: string) => toolbar.getByRole('radiogroup', { name: 'Run mode' }).getByRole('radio', { name, exact: true });
  for (const name of ['Full speed', 'Step', 'Slow']) {
    await mode(name).click();
    await expectOneLine(page, `idle ${name}`);
  }
  // Slow, both processes at a breakpoint: the widest state (speed, Step all, Continue, a long status).
  for (const id of ['producer', 'consumer']) {
    await page.locator(`.vue-flow__node[data-id="${id}"]`).click();
    await page.getByRole('list', { name: `Program of ${id}` }).getByRole('button', { name: 'Breakpoint on step 1 log' }).click();
  }
  await toolbar.getByRole('button', { name: '▶ Run' }).click();
  await expect(status).toHaveText('Stopped at a breakpoint (producer, consumer)', { timeout: 15_000 });
  await expect(toolbar.getByRole('button', { name: '▶ Continue' })).toBeVisible();
  await expectOneLine(page, 'slow at a breakpoint');
  await toolbar.getByRole('button', { name: '▶ Continue' }).click();
  await expect(status).toHaveText('Running slowly');
  await expectOneLine(page, 'running slowly');
  await mode('Step').click();
  await expect(status).toHaveText('Stepping');
  await expectOneLine(page, 'stepping');
  await mode('Full speed').click();
  await expect(status).toHaveText('Running');
  await expectOneLine(page, 'running');
  await toolbar.getByRole('button', { name: '❚❚ Pause' }).click();
  await expect(status).toHaveText('Paused');
  await expectOneLine(page, 'paused');
  await toolbar.getByRole('button', { name: '■ Stop', exact: true }).click();
  await expect(status).toHaveText(/Run stopped/, { timeout: 15_000 });
  await expectOneLine(page, 'ended');
  await toolbar.getByRole('button', { name: 'Recorded runs…' }).click();
  await page.getByRole('dialog', { name: 'Recorded runs' }).getByRole('button', { name: /^Open Producer and consumer/ }).first().click();
  await expect(status).toHaveText('Replay');
  await expectOneLine(page, 'replay');
});

test('the decision guide: text of at least 11 px, and no edge crosses another edge or a node', async ({ page, labServer }) => {
  await page.goto(`${labServer.url}&view=guide`);
  await expect(page.locator('.guide-graph .vue-flow__node').first()).toBeVisible();
  await page.waitForTimeout(400); // fit view
  const m = await page.evaluate(() => {
    const pane = document.querySelector<HTMLElement>('.guide-graph .vue-flow__transformationpane')!;
    const scale = new DOMMatrix(getComputedStyle(pane).transform).a;
    const px = (el: Element) => parseFloat(getComputedStyle(el).fontSize) * scale;
    const texts = [...document.querySelectorAll('.guide-graph .vue-flow__node, .guide-graph .vue-flow__edge-text')].map((el) => ({ text: el.textContent, px: px(el) }));
    const nodes = [...document.querySelectorAll('.guide-graph .vue-flow__node')].map((el) => {
      const r = el.getBoundingClientRect();
      return { id: el.getAttribute('data-id')!, x: r.x, y: r.y, width: r.width, height: r.height };
    });
    const edges = [...document.querySelectorAll('.guide-graph .vue-flow__edge')].map((edge) => {
      const path = edge.querySelector<SVGPathElement>('path.vue-flow__edge-path')!;
      const matrix = path.getScreenCTM()!;
      const length = path.getTotalLength();
      const points = [];
      for (let i = 0; i <= 60; i++) {
        const p = path.getPointAtLength((length * i) / 60);
        points.push({ x: matrix.a * p.x + matrix.c * p.y + matrix.e, y: matrix.b * p.x + matrix.d * p.y + matrix.f });
      }
      const [source, target] = [edge.getAttribute('data-id')!.split('-')[0], ''];
      return { id: edge.getAttribute('data-id')!, source, target, points };
    });
    return { texts, nodes, edges };
  });
  expect(m.edges).toHaveLength(8);
  for (const t of m.texts) expect(t.px, `"${t.text}"`).toBeGreaterThanOrEqual(11);
  type P = { x: number; y: number };
  const cross = (a: P, b: P, c: P, d: P) => {
    const o = (p: P, q: P, r: P) => Math.sign((q.x - p.x) * (r.y - p.y) - (q.y - p.y) * (r.x - p.x));
    return o(a, b, c) * o(a, b, d) < 0 && o(c, d, a) * o(c, d, b) < 0;
  };
  const problems: string[] = [];
  for (let i = 0; i < m.edges.length; i++) {
    for (let j = i + 1; j < m.edges.length; j++) {
      const [e, f] = [m.edges[i].points, m.edges[j].points];
      for (let s = 0; s + 1 < e.length; s++)
        for (let t = 0; t + 1 < f.length; t++)
          if (cross(e[s], e[s + 1], f[t], f[t + 1])) problems.push(`${m.edges[i].id} crosses ${m.edges[j].id}`);
    }
    // Away from its own ends (the first and last 5 %), an edge runs over no node.
    for (const n of m.nodes) {
      const inner = m.edges[i].points.slice(3, -3);
      if (inner.some((p) => p.x > n.x + 2 && p.x < n.x + n.width - 2 && p.y > n.y + 2 && p.y < n.y + n.height - 2)) problems.push(`${m.edges[i].id} runs over ${n.id}`);
    }
  }
  expect([...new Set(problems)]).toEqual([]);
  await page.screenshot({ path: `${artifacts}clipping-decision-guide.png` });
});

test('after a quick benchmark: the legend, the Show menu and "Measured here" are not cut off', async ({ page, labServer }) => {
  test.setTimeout(180_000);
  await page.goto(`${labServer.url}&view=bench`);
  for (const box of await page.getByRole('group', { name: 'Mechanisms' }).getByRole('checkbox').all()) await box.uncheck();
  await page.getByRole('checkbox', { name: 'Shared memory, System V (futex)' }).check(); // the longest name in the legend
  await page.getByRole('checkbox', { name: 'Pipe', exact: true }).check();
  for (const size of ['4 KiB', '64 KiB', '1 MiB']) await page.getByRole('checkbox', { name: size, exact: true }).uncheck();
  await page.getByRole('checkbox', { name: 'quick' }).check();
  await page.getByRole('button', { name: 'Run benchmark' }).click();
  await expect(page.getByRole('button', { name: 'Run benchmark' })).toBeEnabled({ timeout: 150_000 });
  const legend = page.getByRole('list', { name: 'Legend' });
  await expect(legend).toContainText('Shared memory, System V (futex)');
  for (const item of await legend.getByRole('listitem').all()) {
    expect(await overflow(item)).toBe(0);
    expect(await pastRight(item, page.locator('.area-view'))).toBe(0);
  }
  // The chosen run's name fits its select: measured with the select's own font.
  const show = page.getByLabel('Show');
  const [textWidth, boxWidth] = await show.evaluate((select: HTMLSelectElement) => {
    const context = document.createElement('canvas').getContext('2d')!;
    context.font = getComputedStyle(select).font;
    return [context.measureText(select.selectedOptions[0].text).width, select.clientWidth];
  });
  expect(textWidth).toBeLessThan(boxWidth - 16);
  await page.screenshot({ path: `${artifacts}clipping-benchmarks.png`, fullPage: true });
  await page.getByRole('tab', { name: 'Comparison', exact: true }).click();
  const measured = page.getByRole('columnheader', { name: 'Measured here' });
  await expect(page.getByRole('cell', { name: /pipe: .* round trip/ })).toBeVisible();
  expect((await measured.boundingBox())!.width).toBeGreaterThan(160);
  await page.screenshot({ path: `${artifacts}clipping-comparison.png`, fullPage: true });
});

test('System IPC: the badge of a live run\'s object has enough contrast in both themes', async ({ page, labServer }) => {
  await page.goto(labServer.url);
  // A segment that lives for a while: the run is still going while System IPC lists it.
  const holder = { format: 'process-lab/scenario@1', title: 'holds a segment', limits: { timeoutMs: 30_000 }, objects: [{ id: 'M', kind: 'shm', size: 64 }],
    processes: [{ id: 'holder', program: [{ op: 'shm.create', object: 'M' }, { op: 'shm.attach', object: 'M' }, { op: 'sleep', ms: 20_000 }, { op: 'shm.detach', object: 'M' }, { op: 'shm.destroy', object: 'M' }] }] };
  const chooser = page.waitForEvent('filechooser');
  await page.getByRole('button', { name: 'Open…' }).click();
  await (await chooser).setFiles({ name: 'holder.lab.json', mimeType: 'application/json', buffer: Buffer.from(JSON.stringify(holder)) });
  await page.getByRole('button', { name: '▶ Run' }).click();
  await expect(page.getByRole('toolbar', { name: 'Main toolbar' }).getByRole('status')).toHaveText(/Running/);
  await page.getByRole('tab', { name: 'System IPC', exact: true }).click();
  const badge = page.locator('.tag.lab', { hasText: '(running)' }).first();
  await expect(badge).toBeVisible({ timeout: 10_000 });
  for (const theme of ['light', 'dark']) {
    if ((await page.locator('html').getAttribute('data-theme')) !== theme) await page.getByRole('button', { name: /theme$/ }).click();
    await expect(page.locator('html')).toHaveAttribute('data-theme', theme);
    const results = await new AxeBuilder({ page }).include('.tag.lab').withRules(['color-contrast']).analyze();
    expect(results.violations.map((v) => v.nodes.map((n) => n.failureSummary)), theme).toEqual([]);
    expect(results.passes.length + results.incomplete.length, theme).toBeGreaterThan(0);
  }
  await page.getByRole('tab', { name: 'Lab', exact: true }).click();
  await page.getByRole('button', { name: '■ Stop', exact: true }).click();
  await expect(page.getByRole('toolbar', { name: 'Main toolbar' }).getByRole('status')).not.toHaveText(/Running/, { timeout: 15_000 });
});

/** Objects of every kind System IPC lists, held open while the page looks at them. */
const EVERY_KIND = {
  format: 'process-lab/scenario@1', title: 'holds one of each', limits: { timeoutMs: 40_000 },
  objects: [
    { id: 'M', kind: 'shm', size: 4096 }, { id: 'PM', kind: 'shm', flavor: 'posix', size: 4096 },
    { id: 'Q', kind: 'mailbox', flavor: 'sysv' }, { id: 'R', kind: 'mailbox' }, { id: 'S', kind: 'semaphore' },
  ],
  processes: [{ id: 'holder', program: [
    { op: 'shm.create', object: 'M' }, { op: 'shm.attach', object: 'M' }, { op: 'shm.create', object: 'PM' }, { op: 'shm.attach', object: 'PM' },
    { op: 'mailbox.create', object: 'Q' }, { op: 'mailbox.create', object: 'R' }, { op: 'send', to: { mailbox: 'Q' }, data: 'a message of some length' }, { op: 'send', to: { mailbox: 'Q' }, data: 'and another one' },
    { op: 'send', to: { mailbox: 'R' }, data: 'posix' }, { op: 'sem.create', object: 'S' },
    { op: 'sleep', ms: 30_000 },
  ] }],
};

test('System IPC: short columns (Kind, Owner, Mode, Size, Use, Changed) never wrap at 1440 or 1280 px', async ({ page, labServer }) => {
  await page.goto(labServer.url);
  const chooser = page.waitForEvent('filechooser');
  await page.getByRole('button', { name: 'Open…' }).click();
  await (await chooser).setFiles({ name: 'every-kind.lab.json', mimeType: 'application/json', buffer: Buffer.from(JSON.stringify(EVERY_KIND)) });
  await page.getByRole('button', { name: '▶ Run' }).click();
  const status = page.getByRole('toolbar', { name: 'Main toolbar' }).getByRole('status');
  await expect(status).toHaveText(/Running/);
  await page.getByRole('tab', { name: 'System IPC', exact: true }).click();
  const table = page.getByRole('table', { name: 'System IPC objects' });
  await expect(table.locator('tbody tr', { hasText: '2 msgs, ' })).toHaveCount(1, { timeout: 10_000 });
  for (const width of [1440, 1280]) {
    await page.setViewportSize({ width, height: width === 1440 ? 900 : 800 });
    const wrapped = await table.evaluate((el) => {
      const heads = [...el.querySelectorAll('thead th')].map((th) => th.textContent!.replace(/[▲▼]/g, '').trim());
      const out: string[] = [];
      for (const name of ['Kind', 'Owner', 'Mode', 'Size', 'Use', 'Changed']) {
        const column = heads.indexOf(name);
        for (const cell of [el.querySelectorAll('thead th')[column], ...[...el.querySelectorAll('tbody tr')].map((tr) => tr.children[column])]) {
          if (!cell || !cell.textContent!.trim()) continue;
          const range = document.createRange();
          range.selectNodeContents(cell);
          const lines = new Set([...range.getClientRects()].filter((r) => r.width > 0).map((r) => Math.round(r.top)));
          const cut = (cell as HTMLElement).scrollWidth > (cell as HTMLElement).clientWidth + 1;
          if (lines.size > 1 || cut) out.push(`${name}: "${cell.textContent!.trim()}" ${lines.size > 1 ? `on ${lines.size} lines` : 'cut off'}`);
        }
      }
      return out;
    });
    expect(wrapped, `${width} px`).toEqual([]);
    // The table fits its view: nothing to scroll sideways to.
    expect(await page.locator('.system-inspector').evaluate((el) => el.scrollWidth - el.clientWidth), `${width} px`).toBeLessThanOrEqual(0);
    await page.screenshot({ path: `${artifacts}clipping-system-ipc-${width}.png` });
  }
  await page.getByRole('tab', { name: 'Lab', exact: true }).click();
  await page.getByRole('button', { name: '■ Stop', exact: true }).click();
  await expect(status).not.toHaveText(/Running/, { timeout: 15_000 });
});

test('walk-through at 1280×800: the process inspector\'s fields fit its panel; no empty choice in Benchmarks; no stray or missing spaces', async ({ page, labServer }) => {
  await page.setViewportSize({ width: 1280, height: 800 });
  await page.goto(labServer.url);
  // Code in a Watch or Lecture point callout has a box of its own (on the callout's tint its padding read as stray spaces).
  const code = page.locator('.callout code').first();
  const [codeBg, calloutBg] = await code.evaluate((el) => [getComputedStyle(el).backgroundColor, getComputedStyle(el.closest('.callout')!).backgroundColor]);
  expect(codeBg).not.toBe(calloutBg);
  await openPreset(page, 'Master/slave shared memory');
  await page.locator('.vue-flow__node[data-id="slave"]').click();
  const inspector = page.locator('aside.inspector');
  // The Parent and Connect selects made the form wider than the panel: Id, Name and Connect were cut off.
  expect(await overflow(inspector)).toBe(0);
  for (const control of [page.getByLabel('Id', { exact: true }), page.getByLabel('Parent'), page.getByRole('button', { name: 'Connect', exact: true })]) {
    expect(await pastRight(control, inspector)).toBe(0);
  }
  await page.screenshot({ path: `${artifacts}clipping-inspector-1280.png` });

  // Benchmarks before any result: every select says what it would hold instead of being blank.
  await page.getByRole('tab', { name: 'Benchmarks', exact: true }).click();
  for (const select of await page.locator('.bench-view select, section select').all()) {
    if (!(await select.isVisible())) continue;
    expect((await select.evaluate((el: HTMLSelectElement) => el.selectedOptions[0]?.textContent ?? '')).trim(), await select.evaluate((el) => el.outerHTML.slice(0, 80))).not.toBe('');
  }
  await page.getByRole('tab', { name: 'Comparison', exact: true }).click();
  await expect(page.locator('caption')).toContainText('measured on this machine');
  expect((await page.locator('caption').textContent())!.replace(/\s+/g, ' ')).not.toMatch(/ \./);
  await page.getByRole('tab', { name: 'Lessons', exact: true }).click();
  // The progress counts: each whole on its line in the narrow column ("Predictions right: 0 / of 0" was broken).
  for (const part of await page.getByTestId('learn-progress').locator('span').all()) {
    expect(await part.evaluate((el) => new Set([...el.getClientRects()].map((r) => Math.round(r.top))).size), await part.textContent() ?? '').toBe(1);
  }
  await page.getByRole('navigation', { name: 'Lessons' }).getByRole('button', { name: 'Why IPC?' }).click();
  const preset = page.locator('article.step p', { hasText: 'open in the Lab' });
  expect(await preset.evaluate((el) => (el as HTMLElement).innerText)).toMatch(/^Preset: A zombie until its parent waits \(zombie\): open in the Lab$/);
});
