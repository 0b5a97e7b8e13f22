// Issue 18 in browser mode, a real run of the sigqueue-value preset: the timeline puts the value
// each real-time signal carried on its arrow (zoomed in until it has room: the three sends are
// microseconds apart), the kill() SIGUSR1 has none, and the table view says the same in words.
import { fileURLToPath } from 'node:url';
import { drawnText, recordCanvasText, zoomAt } from './support/canvas-text';
import { expect, test } from './support/lab-server';

const artifacts = fileURLToPath(new URL('./artifacts/', import.meta.url));

test.beforeEach(async ({ page }) => {
  await page.addInitScript(recordCanvasText);
});

test('the sigqueue values are on the signal arrows and in the table', async ({ page, labServer }) => {
  await page.goto(labServer.url);
  await page.getByRole('list', { name: 'Presets' }).getByRole('button', { name: 'Open preset The one signal that carries data: sigqueue', exact: true }).click();
  await expect(page.locator('.vue-flow__node').first()).toBeVisible();
  await page.getByRole('button', { name: '▶ Run' }).click();
  await expect(page.getByRole('toolbar', { name: 'Main toolbar' }).getByRole('status')).toHaveText(/Run completed/, { timeout: 20_000 });
  await page.getByRole('tab', { name: /^Timeline/ }).click();

  // The table first: it gives each event's time, and says what the diagram draws.
  await page.getByRole('button', { name: 'Table', exact: true }).click();
  const table = page.getByTestId('timeline-table');
  const area = page.locator('.table-view .scroller');
  const row = (what: string) => table.locator('tbody tr').filter({ has: page.getByRole('button', { name: what, exact: true }) });
  /** The table renders only the rows near its scroll position: scroll down until `what`'s row is there. */
  async function shown(what: string) {
    await area.evaluate((el) => el.scrollTo(0, 0));
    for (let i = 0; i < 40 && (await row(what).count()) === 0; i++) {
      await area.evaluate((el) => el.scrollBy(0, el.clientHeight / 2));
      await page.waitForTimeout(50);
    }
    await expect(row(what)).toHaveCount(1);
    return row(what);
  }
  await shown('sigqueue SIGRTMIN+1 value 1');
  await shown('sigqueue SIGRTMIN+1 value 2');
  await expect((await shown('SIGUSR1')).locator('td.detail')).toContainText('SIGUSR1 (a signal carries no data)');
  const valued = await shown('SIGRTMIN+1 value 2');
  await expect(valued.locator('td.detail')).toContainText('signal from sender: SIGRTMIN+1 carrying the value 2 (sigqueue, si_value)');
  await page.screenshot({ path: `${artifacts}ui-timeline-sigqueue-table.png` });
  const delivered = Number(await valued.getAttribute('data-t'));
  await page.getByRole('button', { name: 'Diagram', exact: true }).click();

  await page.getByRole('button', { name: 'Show the whole run' }).click();
  const texts = await zoomAt(page, delivered, (drawn) => drawn.some((t) => t.text === 'SIGRTMIN+1 value 2'));
  expect(texts.map((t) => t.text)).toContain('SIGRTMIN+1 value 2');
  await page.screenshot({ path: `${artifacts}ui-timeline-sigqueue.png` });
  expect((await drawnText(page)).every((t) => t.px >= 11)).toBe(true);
});
