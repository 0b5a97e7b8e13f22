// Issue 17: the Recorded runs dialog keeps the keyboard inside it while rows come and go, so
// Escape closes it even after its last row is deleted (focus used to fall to <body> with the row);
// several runs go at once (ticked, or all the filter shows) after a confirmation naming them.
import { fileURLToPath } from 'node:url';
import type { Page } from '@playwright/test';
import { expect, test } from './support/lab-server';

const artifacts = fileURLToPath(new URL('./artifacts/', import.meta.url));

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

test('several runs deleted at once, by the keyboard: the ticked ones, then all the filter shows, each after a confirmation naming them', async ({ page, labServer }) => {
  test.setTimeout(120_000);
  // Runs of this test's own titles only: the filter keeps every other run of the server out of reach.
  const id = Date.now().toString(36);
  await page.goto(labServer.url);
  for (const [title, times] of [[`keep ${id}`, 1], [`bulk ${id}`, 3]] as const) {
    const chooser = page.waitForEvent('filechooser');
    await page.getByRole('button', { name: 'Open…' }).click();
    await (await chooser).setFiles({ name: 'tiny.lab.json', mimeType: 'application/json', buffer: Buffer.from(JSON.stringify({ ...TINY, title })) });
    for (let i = 0; i < times; i++) await runTiny(page);
  }

  const dialog = page.getByRole('dialog', { name: 'Recorded runs' });
  await page.getByRole('button', { name: 'Recorded runs…' }).click();
  await dialog.getByRole('searchbox', { name: 'Filter recorded runs' }).fill(`bulk ${id}`);
  const rows = dialog.getByRole('list', { name: /Recorded runs/ }).getByRole('listitem');
  await expect(rows).toHaveCount(3);
  const deleteSelected = dialog.getByRole('button', { name: /^Delete selected/ });
  await expect(deleteSelected).toBeDisabled();
  await expect(dialog.getByRole('button', { name: 'Delete all shown (3)' })).toBeEnabled();

  // Tick the newest with Space.
  const newest = rows.first().getByRole('checkbox');
  const newestId = await rows.first().getAttribute('data-run-id');
  await newest.focus();
  await page.keyboard.press('Space');
  await expect(newest).toBeChecked();
  await expect(deleteSelected).toHaveText('Delete selected (1)');
  await deleteSelected.focus();
  await page.keyboard.press('Enter');
  const confirm = dialog.getByRole('group', { name: /^Delete 1 recording\?/ });
  await expect(confirm).toBeVisible();
  await expect(confirm.getByRole('button', { name: 'Keep' })).toBeFocused(); // the safe answer
  // Escape keeps them (and the dialog stays open); asked again, Delete deletes.
  await page.keyboard.press('Escape');
  await expect(confirm).toHaveCount(0);
  await expect(dialog).toBeVisible();
  await expect(rows).toHaveCount(3);
  await deleteSelected.focus();
  await page.keyboard.press('Enter');
  await page.keyboard.press('Shift+Tab'); // from Keep to Delete
  await expect(confirm.getByRole('button', { name: 'Delete 1 recording' })).toBeFocused();
  await page.keyboard.press('Enter');
  await expect(rows).toHaveCount(2);
  await expect(dialog.locator(`li[data-run-id="${newestId}"]`)).toHaveCount(0);

  // All the filter shows: both named in the confirmation, then gone; the other title's run stays.
  await dialog.getByRole('button', { name: 'Delete all shown (2)' }).click();
  const confirmAll = dialog.getByRole('group', { name: /^Delete 2 recordings\?/ });
  await expect(confirmAll.getByRole('list', { name: 'Recordings to delete' }).getByRole('listitem')).toHaveCount(2);
  await expect(confirmAll.getByRole('list', { name: 'Recordings to delete' })).toContainText(`bulk ${id}`);
  await page.screenshot({ path: `${artifacts}ui-runs-bulk-delete.png` });
  await confirmAll.getByRole('button', { name: 'Delete 2 recordings' }).click();
  await expect(dialog.getByRole('status')).toHaveText(`No run matches "bulk ${id}".`);
  await dialog.getByRole('searchbox', { name: 'Filter recorded runs' }).fill(id);
  await expect(rows).toHaveCount(1);
  await expect(rows.first()).toContainText(`keep ${id}`);

  // Our last run goes too, so the server keeps nothing of this test.
  await dialog.getByRole('button', { name: 'Delete all shown (1)' }).click();
  await dialog.getByRole('button', { name: 'Delete 1 recording' }).click();
  await expect(rows).toHaveCount(0);
  await expect(dialog).toBeVisible();
});
