// Issue 15 item 5 and issue 17 item 10 in browser mode, real runs: the timeline's words are 11 px
// or more and never overlap (measured from what the canvas really drew), payloads sit on the
// arrows, a click on an event selects its step in the program editor, and the table view lists
// the same events in time order, passes axe and works from the keyboard.
import { fileURLToPath } from 'node:url';
import { AxeBuilder } from '@axe-core/playwright';
import type { Page } from '@playwright/test';
import { drawnText, recordCanvasText, xOfTime, zoomAt, type DrawnText } from './support/canvas-text';
import { expect, test } from './support/lab-server';

const artifacts = fileURLToPath(new URL('./artifacts/', import.meta.url));

async function runPreset(page: Page, title: string, status = /Run completed/): Promise<void> {
  await page.getByRole('list', { name: 'Presets' }).getByRole('button', { name: `Open preset ${title}`, exact: true }).click();
  await expect(page.locator('.vue-flow__node').first()).toBeVisible();
  await page.getByRole('button', { name: '▶ Run' }).click();
  await expect(page.getByRole('toolbar', { name: 'Main toolbar' }).getByRole('status')).toHaveText(status, { timeout: 20_000 });
  await page.getByRole('tab', { name: /^Timeline/ }).click();
  await page.waitForTimeout(400);
}

function overlapping(a: DrawnText, b: DrawnText): boolean {
  return a.left < b.left + b.width && b.left < a.left + a.width && a.top < b.top + b.height && b.top < a.top + a.height;
}

/** Every word drawn is 11 px or more, drawn at its size (never squeezed by maxWidth), and no two overlap. */
function expectReadable(texts: DrawnText[]): void {
  expect(texts.length).toBeGreaterThan(5);
  for (const t of texts) {
    expect(t.px, `"${t.text}"`).toBeGreaterThanOrEqual(11);
    expect(t.squeezed, `"${t.text}" drawn with a maxWidth (squeezed)`).toBe(false);
  }
  for (let i = 0; i < texts.length; i++) {
    for (let j = i + 1; j < texts.length; j++) expect(overlapping(texts[i], texts[j]), `"${texts[i].text}" overlaps "${texts[j].text}"`).toBe(false);
  }
}

/** The events as the table view lists them: time (ns), process, what. Leaves the diagram shown. */
async function tableRows(page: Page): Promise<{ t: number; process: string; what: string }[]> {
  await page.getByRole('button', { name: 'Table', exact: true }).click();
  const rows = await page.getByTestId('timeline-table').locator('tbody tr').evaluateAll((trs) => trs.map((tr) => ({
    t: Number((tr as HTMLElement).dataset.t), process: tr.children[1].textContent!.trim(), what: tr.children[2].textContent!.trim(),
  })));
  await page.getByRole('button', { name: 'Diagram', exact: true }).click();
  await page.waitForTimeout(200);
  return rows;
}

test.beforeEach(async ({ page }) => {
  await page.addInitScript(recordCanvasText);
});

for (const theme of ['light', 'dark'] as const) {
  test(`words on the timeline are 11 px or more and never overlap; payloads on the arrows (${theme})`, async ({ page, labServer }) => {
    await page.goto(labServer.url);
    await page.evaluate((value) => localStorage.setItem('process-lab:theme', JSON.stringify(value)), theme);
    await page.reload();
    await runPreset(page, 'Direct message passing');
    expectReadable(await drawnText(page));
    // Zoomed in with the mouse wheel on each message's arrow, its payload has room on it.
    const rows = await tableRows(page);
    const at = (process: string, what: string) => rows.find((r) => r.process === process && r.what === what)!.t;
    const messages = [
      { payload: '"hello B"', sent: at('A', 'send to B'), received: at('B', 'message from A') },
      { payload: '"hi A"', sent: at('B', 'reply to A'), received: at('A', 'reply from B') },
    ];
    for (const { payload, sent, received } of messages) {
      await page.getByRole('button', { name: 'Show the whole run' }).click();
      const zoomed = await zoomAt(page, (sent + received) / 2, (texts) => texts.some((t) => t.text === payload));
      expectReadable(zoomed);
      expect(zoomed.map((t) => t.text)).toContain(payload);
    }
    await page.screenshot({ path: `${artifacts}ui-timeline-messages-${theme}.png` });
  });
}

// The check above ran on one preset only, where no parent receives SIGCHLD: here a parent gets
// SIGCHLD as its child exits near the parent's own end ("SIGCHLD" beside "exit 0").
for (const [title, w, h] of [['Master/slave shared memory', 1440, 900], ['Master/slave shared memory', 1280, 800], ['A zombie until its parent waits', 1440, 900], ['A pipe from parent to child', 1440, 900], ['Two pipes for two directions', 1280, 800]] as const) {
  test(`${title} at ${w}x${h}: words on the whole run's timeline are 11 px or more and never overlap`, async ({ page, labServer }) => {
    await page.setViewportSize({ width: w, height: h });
    await page.goto(labServer.url);
    await runPreset(page, title);
    expectReadable(await drawnText(page));
    // Zoomed in step by step on the end of the first lane (the parent's exit), at every notch.
    const rows = await tableRows(page);
    const first = rows[0].process;
    const end = rows.filter((r) => r.process === first).at(-1)!.t;
    const box = (await page.getByTestId('timeline').boundingBox())!;
    for (let notch = 0; notch < 12; notch++) {
      await page.mouse.move(box.x + (await xOfTime(page, end)), box.y + 30);
      await page.mouse.wheel(0, -100);
      await page.waitForTimeout(60);
      const texts = await drawnText(page);
      for (let i = 0; i < texts.length; i++) {
        for (let j = i + 1; j < texts.length; j++) expect(overlapping(texts[i], texts[j]), `notch ${notch}: "${texts[i].text}" overlaps "${texts[j].text}"`).toBe(false);
      }
    }
  });
}

test('a click on an event of the timeline selects its step in the program editor', async ({ page, labServer }) => {
  await page.goto(labServer.url);
  await runPreset(page, 'A pipe from parent to child');
  const timeline = page.getByTestId('timeline');
  expect((await drawnText(page)).map((t) => t.text)).toContain('"hello child"');
  // The parent's spawn (step 2, index 1): zoom in on it until it has room for its name, then
  // click its mark. Not the parent's wait: the child's end is known from the time its parent's
  // waitpid reported reaping it, and the parent's discarded SIGCHLD carries its child's end
  // (commit 46a5747), so the wait's end, SIGCHLD and the child's 'exit 0' share one nanosecond
  // more often than not; no zoom separates them, the signal and the exit arrow's words take the
  // places (timelineLabels.ts), and the table lists all three.
  const spawn = (await tableRows(page)).find((r) => r.process === 'parent' && r.what === 'spawn')!.t;
  const zoomed = await zoomAt(page, spawn, (texts) => texts.some((t) => t.text === 'spawn'));
  expectReadable(zoomed);
  await page.screenshot({ path: `${artifacts}ui-timeline-pipe.png` });
  expect(zoomed.map((t) => t.text)).toContain('spawn');
  // The lane's name is drawn on its line's baseline + 4 px; the tooltip confirms what is under the pointer.
  const lane = zoomed.find((t) => t.text === 'parent' && t.left < 120)!;
  const box = (await timeline.boundingBox())!;
  const y = box.y + lane.y - 4;
  const x0 = box.x + (await xOfTime(page, spawn));
  let hit: number | undefined;
  for (const dx of [0, -3, 3, -6, 6]) {
    await page.mouse.move(x0 + dx, y);
    if (/^parent at .*: spawn/.test((await page.getByRole('tooltip').textContent({ timeout: 500 }).catch(() => '')) ?? '')) {
      hit = x0 + dx;
      break;
    }
  }
  expect(hit, 'the spawn is under the pointer at its time').toBeDefined();
  await page.mouse.click(hit!, y);
  await expect(page.locator('.block.selected')).toHaveAttribute('data-step-path', '1');
});

// A tie that is certain in a real run: a process killed by a signal nobody sent (the kernel's
// SIGSEGV) gets its delivery and its end stamped with one time (process-table.ts noteExit), on
// one lane. Hovering there lists both events, one line each, in recording order.
test('hovering marks that share a time lists every one of them', async ({ page, labServer }) => {
  await page.goto(labServer.url);
  await runPreset(page, 'A crash leaks a shared-memory segment', /Run \w/);
  const rows = (await tableRows(page)).filter((r) => r.process === 'crasher');
  const tied = rows.filter((r) => rows.filter((o) => o.t === r.t).length > 1);
  expect(tied.length, 'the SIGSEGV delivery and the end share one ns').toBeGreaterThanOrEqual(2);
  const t = tied[0].t;
  const box = (await page.getByTestId('timeline').boundingBox())!;
  const lane = (await drawnText(page)).find((d) => d.text === 'crasher' && d.left < 120)!;
  const y = box.y + lane.y - 4;
  // Zoomed in on the tie so no other mark of the lane is as near as it.
  for (let notch = 0; notch < 8; notch++) {
    await page.mouse.move(box.x + (await xOfTime(page, t)), y);
    await page.mouse.wheel(0, -100);
    await page.waitForTimeout(60);
  }
  await page.mouse.move(box.x + (await xOfTime(page, t)), y);
  const lines = ((await page.getByRole('tooltip').textContent()) ?? '').split('\n');
  expect(lines).toHaveLength(tied.filter((r) => r.t === t).length);
  for (const line of lines) expect(line).toMatch(/^crasher at /);
  expect(lines.some((l) => /SIGSEGV/.test(l))).toBe(true);
});

for (const theme of ['light', 'dark'] as const) {
  test(`the table view lists the diagram's events in time order, from the keyboard, with no serious axe violation (${theme})`, async ({ page, labServer }) => {
    await page.goto(labServer.url);
    await page.evaluate((value) => localStorage.setItem('process-lab:theme', JSON.stringify(value)), theme);
    await page.reload();
    await runPreset(page, 'A pipe from parent to child');
    const marks = Number(await page.getByTestId('timeline').getAttribute('data-marks'));
    expect(marks).toBeGreaterThan(10);
    await page.getByRole('button', { name: 'Table', exact: true }).click();
    const table = page.getByRole('table', { name: 'Timeline events in time order' });
    await expect(table).toBeVisible();
    // The same events as the diagram's marks (fewer than a page here), each once, in time order.
    await expect(page.getByText(`Events 1–${marks} of ${marks}, in time order`)).toBeVisible();
    const rows = table.locator('tbody tr');
    await expect(rows).toHaveCount(marks);
    const times = (await rows.evaluateAll((trs) => trs.map((tr) => Number((tr as HTMLElement).dataset.t))));
    expect(times).toEqual([...times].sort((a, b) => a - b));
    const events = await rows.evaluateAll((trs) => trs.map((tr) => Number((tr as HTMLElement).dataset.event)));
    expect(new Set(events).size).toBe(marks);
    await expect(table.locator('tbody tr').filter({ hasText: 'data from parent: "hello child"' })).toHaveCount(1);
    await page.screenshot({ path: `${artifacts}ui-timeline-table-${theme}.png` });

    // Keyboard: one tab stop for the rows; arrows move between events; Enter selects the step.
    const first = rows.first().getByRole('button');
    await first.focus();
    await page.keyboard.press('ArrowDown');
    await expect(rows.nth(1).getByRole('button')).toBeFocused();
    await page.keyboard.press('End');
    await expect(rows.last().getByRole('button')).toBeFocused();
    await expect(table.locator('tbody button[tabindex="0"]')).toHaveCount(1);
    const write = rows.filter({ has: page.getByRole('button', { name: 'write', exact: true }) }).first().getByRole('button');
    await write.focus();
    await page.keyboard.press('Enter');
    await expect(page.locator('.block.selected')).toHaveAttribute('data-step-path', '3');

    const results = await new AxeBuilder({ page }).include('.timeline').analyze();
    const bad = results.violations
      .filter((v) => v.impact === 'serious' || v.impact === 'critical')
      .map((v) => `${v.id} (${v.impact}): ${v.help}\n${v.nodes.slice(0, 6).map((n) => `    ${n.target.join(' ')}: ${n.failureSummary?.split('\n').slice(1, 2).join(' ')}`).join('\n')}`);
    expect(bad, bad.join('\n')).toEqual([]);
  });
}
