// A lesson in browser mode: predictions judged against real runs, right and wrong, and progress
// that survives a reload. Needs the shell to honour ?view= (renderer/src/views/ViewRouter.ts).
import type { Page } from '@playwright/test';
import { LESSONS } from '../../main/lessons/lessons';
import { expect, test } from './support/lab-server';

/** "Lessons done: 1 of N", N being however many lessons ship. */
const ONE_DONE = new RegExp(`Lessons done: 1 of ${LESSONS.length} · Predictions right: 1 of 2`);

async function predictAndRun(page: Page, choice: RegExp): Promise<void> {
  await page.getByRole('radio', { name: choice }).check();
  await page.getByRole('button', { name: /Run and check|Run again/ }).click();
  await expect(page.getByRole('region', { name: 'Check' })).toBeVisible({ timeout: 30_000 });
}

test('a lesson judges a right and a wrong prediction against the real run, and progress survives a reload', async ({ page, labServer }) => {
  await page.goto(`${labServer.url}&view=lessons`);
  // Each test has a fresh browser context: progress starts empty.
  await page.getByRole('navigation', { name: 'Lessons' }).getByRole('button', { name: 'Why IPC?' }).click();

  // Step 1, zombie: the child is a zombie until its parent waits. Predict it right.
  await predictAndRun(page, /A zombie/);
  const check = page.getByRole('region', { name: 'Check' });
  await expect(check.getByRole('status')).toContainText('Right!');
  await expect(check).toContainText("child's states:");
  await expect(check).toContainText('Z');

  // Step 2, master-slave: predict that the slave reads zeros, which the run refutes.
  await page.getByRole('button', { name: 'Next step' }).click();
  await predictAndRun(page, /Zeros/);
  await expect(check.getByRole('status')).toContainText('Not this time');
  await expect(check.getByRole('status')).toContainText('hello from master');
  await expect(check).toContainText('slave read:');

  const progress = page.getByTestId('learn-progress');
  await expect(progress).toHaveText(ONE_DONE);
  await page.reload();
  await expect(page.getByTestId('learn-progress')).toHaveText(ONE_DONE);

  await page.getByRole('button', { name: 'Reset progress' }).click();
  await expect(page.getByTestId('learn-progress')).toHaveText(new RegExp(`Lessons done: 0 of ${LESSONS.length} · Predictions right: 0 of 0`));
});

test('the comparison table backs each speed claim with figures measured here, or says it has none', async ({ page, labServer }) => {
  await page.goto(`${labServer.url}&view=comparison`);
  const table = page.getByRole('table');
  for (const name of ['Shared memory', 'Message passing', 'Pipes', 'Signals']) await expect(table.getByRole('rowheader', { name })).toBeVisible();
  await expect(page.getByTestId('measured-pipes')).toHaveText(/not measured yet|round trip/);
});
