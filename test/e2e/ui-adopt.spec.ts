// Issue 17, a page that takes over a live run (a Step run survives its page closing): it holds
// the very document the run was started from, unchanged and under its file's name, so New and
// Open… do not ask to discard anything; and a run paused on the first page shows paused on the
// second (toolbar badge and Resume, the process's row), as the first page showed it.
import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import type { Page } from '@playwright/test';
import { expect, test } from './support/lab-server';
import { gateOf, startStepRun } from './support/step-run';

const artifacts = fileURLToPath(new URL('./artifacts/', import.meta.url));

/** Fields left to their defaults on purpose (no onError, no layout): a saved copy must not gain them. */
const byHand = {
  format: 'process-lab/scenario@1', title: `Adopted by hand ${Date.now().toString(36)}`,
  objects: [],
  processes: [{ id: 'A', program: [{ op: 'log', message: 'first from A' }, { op: 'log', message: 'second from A' }] }],
  limits: { timeoutMs: 60000 },
};

const toolbar = (page: Page) => page.getByRole('toolbar', { name: 'Main toolbar' });
const toolbarStatus = (page: Page) => toolbar(page).getByRole('status');
const processTable = (page: Page) => page.getByRole('table', { name: 'Processes of the run' });

test('a new page adopts a paused run: paused as it was, its document unchanged under its file name', async ({ page, context, labServer }) => {
  test.setTimeout(120_000);
  await page.goto(labServer.url);
  await startStepRun(page, 'by-hand.lab.json', byHand);
  await page.getByRole('button', { name: '❚❚ Pause' }).click();
  await expect(toolbarStatus(page)).toHaveText('Paused');
  await expect(toolbar(page).getByRole('button', { name: '▶ Resume' })).toBeVisible();
  await page.close();

  const next = await context.newPage();
  await next.goto(labServer.url);
  await expect(next.locator('.vue-flow__node[data-id="A"]')).toBeVisible({ timeout: 10_000 });
  // Paused, as the first page showed it: the badge, the toolbar's Resume, the row's Resume.
  await expect(toolbarStatus(next)).toHaveText('Paused');
  await expect(toolbar(next).getByRole('button', { name: '▶ Resume' })).toBeVisible();
  await expect(toolbar(next).getByRole('button', { name: '❚❚ Pause' })).toHaveCount(0);
  await next.getByRole('tab', { name: /^Processes/ }).click();
  await expect(processTable(next).getByRole('button', { name: 'Resume A' })).toBeVisible();
  await next.screenshot({ path: `${artifacts}ui-adopt-paused.png` });

  // The document it was started from, unchanged, under its file's name.
  await expect(toolbar(next).getByTitle('by-hand.lab.json')).toContainText(byHand.title);
  await expect(toolbar(next).getByLabel('unsaved changes')).toHaveCount(0);
  const download = next.waitForEvent('download');
  await toolbar(next).getByRole('button', { name: 'Save' }).click();
  const saved = await download;
  expect(saved.suggestedFilename()).toBe('by-hand.lab.json');
  expect(JSON.parse(await readFile(await saved.path(), 'utf8'))).toEqual(byHand);

  // Resumed and stepped to its end from here; then New replaces the document without asking.
  await toolbar(next).getByRole('button', { name: '▶ Resume' }).click();
  await expect(toolbarStatus(next)).toHaveText('Stepping');
  await expect(gateOf(next, 'A')).toContainText('its next call is step 1 log', { timeout: 10_000 });
  await next.keyboard.press('F10');
  await expect(gateOf(next, 'A')).toContainText('its next call is step 2 log', { timeout: 10_000 });
  await next.keyboard.press('F10');
  await expect(toolbarStatus(next)).toHaveText(/Run completed/, { timeout: 15_000 });
  await toolbar(next).getByRole('button', { name: 'New' }).click();
  await expect(next.getByRole('alertdialog')).toHaveCount(0);
  await expect(toolbar(next).getByTitle('untitled.lab.json')).toBeVisible();
});
