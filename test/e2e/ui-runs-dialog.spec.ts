// Issue 17: the Recorded runs dialog keeps the keyboard inside it while rows come and go, so
// Escape closes it even after its last row is deleted (focus used to fall to <body> with the row).
import type { Page } from '@playwright/test';
import { expect, test } from './support/lab-server';

/** A title of its own: the worker's lab server also holds the runs of other spec files. */
const TITLE = `says hello ${Date.now().toString(36)}`;
const TINY = {
  format: 'process-lab/scenario@1', title: TITLE, objects: [],
  processes: [{ id: 'P1', program: [{ op: 'log', message: 'hello' }] }],
};

async function runTiny(page: Page): Promise<void> {
  await page.getByRole('button', { name: '▶ Run' }).click();
  await expect(page.getByRole('toolbar', { name: 'Main toolbar' }).getByRole('status')).toHaveText(/Run completed/, { timeout: 20_000 });
}

test('Escape closes Recorded runs after its last row is deleted; focus stays inside the dialog throughout', async ({ page, labServer }) => {
  await page.goto(labServer.url);
  // One run of another title, so that the filter still has runs to hide once ours are gone.
  for (const doc of [{ ...TINY, title: 'another scenario' }, TINY]) {
    const chooser = page.waitForEvent('filechooser');
    await page.getByRole('button', { name: 'Open…' }).click();
    await (await chooser).setFiles({ name: 'tiny.lab.json', mimeType: 'application/json', buffer: Buffer.from(JSON.stringify(doc)) });
    await runTiny(page);
  }
  await runTiny(page);

  const dialog = page.getByRole('dialog', { name: 'Recorded runs' });
  await page.getByRole('button', { name: 'Recorded runs…' }).click();
  const filter = dialog.getByRole('searchbox', { name: 'Filter recorded runs' });
  await filter.fill(TITLE);
  const rows = dialog.getByRole('list', { name: /Recorded runs/ }).getByRole('listitem');
  await expect(rows).toHaveCount(2);
  const focusInDialog = () => dialog.evaluate((el) => el.contains(document.activeElement));

  // Asking to delete moves focus to "Keep" (the safe answer); "Keep" gives it back to Delete.
  await rows.first().getByRole('button', { name: /^Delete / }).click();
  await expect(rows.first().getByRole('button', { name: 'Keep' })).toBeFocused();
  await rows.first().getByRole('button', { name: 'Keep' }).click();
  await expect(rows.first().getByRole('button', { name: /^Delete / })).toBeFocused();

  // The first of two deleted: focus goes to the row that takes its place.
  await rows.first().getByRole('button', { name: /^Delete / }).click();
  await dialog.getByRole('button', { name: 'Delete', exact: true }).click();
  await expect(rows).toHaveCount(1);
  await expect(rows.first().getByRole('button', { name: /^Open / })).toBeFocused();

  // The last one listed: focus goes to the filter, and Escape closes the dialog.
  await rows.first().getByRole('button', { name: /^Delete / }).click();
  await dialog.getByRole('button', { name: 'Delete', exact: true }).click();
  await expect(dialog.getByRole('status')).toHaveText(`No run matches "${TITLE}".`);
  await expect(filter).toBeFocused();
  await page.keyboard.press('Escape');
  await expect(dialog).toBeHidden();

  // Every recording deleted (this server's other runs too): the list is gone, focus is on Close.
  await page.getByRole('button', { name: 'Recorded runs…' }).click();
  await filter.fill('');
  const empty = dialog.getByText('No recorded runs yet.');
  for (let left = 100; left > 0 && !(await empty.isVisible()); left--) {
    await rows.first().getByRole('button', { name: /^Delete / }).click();
    await dialog.getByRole('button', { name: 'Delete', exact: true }).click();
    await expect(async () => expect(await empty.isVisible() || await focusInDialog()).toBe(true)).toPass();
  }
  await expect(empty).toBeVisible();
  await expect(dialog.getByRole('button', { name: 'Close' })).toBeFocused();
  await page.keyboard.press('Escape');
  await expect(dialog).toBeHidden();

  // A click on plain text keeps focus in the dialog (the dialog itself takes it); focus lost to
  // <body> all the same (blurred): Escape still closes it.
  await page.getByRole('button', { name: 'Recorded runs…' }).click();
  await expect(empty).toBeVisible();
  await dialog.getByRole('heading', { name: 'Recorded runs' }).click();
  expect(await focusInDialog()).toBe(true);
  await page.evaluate(() => (document.activeElement as HTMLElement).blur());
  expect(await page.evaluate(() => document.activeElement === document.body)).toBe(true);
  await page.keyboard.press('Escape');
  await expect(dialog).toBeHidden();
});
