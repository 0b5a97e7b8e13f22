// The decision guide in browser mode: each of its four recommendations is reached by answering
// one question at a time, and each runs a preset for real. Needs the shell to honour ?view=
// (renderer/src/views/ViewRouter.ts initialView()).
import type { Page } from '@playwright/test';
import { expect, test } from './support/lab-server';

const ROUTES: Array<{ mechanism: RegExp; answers: Array<'Yes' | 'No'>; preset: string }> = [
  { mechanism: /Message passing/, answers: ['No'], preset: 'indirect-mailbox' },
  { mechanism: /Shared memory/, answers: ['Yes', 'Yes'], preset: 'master-slave' },
  { mechanism: /A pipe/, answers: ['Yes', 'No', 'Yes'], preset: 'parent-child-pipe' },
  { mechanism: /A signal/, answers: ['Yes', 'No', 'No', 'Yes'], preset: 'signals-carry-no-data' },
];

async function answer(page: Page, answers: Array<'Yes' | 'No'>): Promise<void> {
  for (const value of answers) await page.getByRole('button', { name: value, exact: true }).click();
}

for (const route of ROUTES) {
  test(`the guide recommends ${route.mechanism.source} and runs ${route.preset}`, async ({ page, labServer }) => {
    await page.goto(`${labServer.url}&view=guide`);
    await answer(page, route.answers);
    await expect(page.getByRole('heading', { name: route.mechanism })).toBeVisible();
    // The lit path ends at the recommendation.
    await expect(page.locator('.vue-flow__node.recommendation.lit')).toHaveCount(1);
    await page.getByRole('button', { name: /^Run / }).first().click();
    const log = page.getByRole('region', { name: `Run of ${route.preset}` });
    await expect(log).toBeVisible();
    await expect(log.getByTestId('run-status')).toHaveText(/running|completed|failed/);
    await expect(log.getByRole('list').getByRole('listitem').first()).toBeVisible({ timeout: 15_000 });
    await expect(log.getByTestId('run-status')).toHaveText(/completed|failed/, { timeout: 20_000 });
  });
}

test('changing an earlier answer takes the other branch', async ({ page, labServer }) => {
  await page.goto(`${labServer.url}&view=guide`);
  await answer(page, ['Yes', 'Yes']);
  await expect(page.getByRole('heading', { name: /Shared memory/ })).toBeVisible();
  await page.getByRole('button', { name: 'Change answer: Do they exchange large amounts of data at high throughput?' }).click();
  await expect(page.getByRole('heading', { name: /Shared memory/ })).toBeHidden();
  await answer(page, ['No', 'Yes']);
  await expect(page.getByRole('heading', { name: /A pipe/ })).toBeVisible();
  await expect(page.getByRole('list', { name: 'Your answers' }).getByRole('listitem')).toHaveCount(3);
});
