// Issue 17: the examples of the walk-through as a student and an instructor, each as a check.
import type { Page } from '@playwright/test';
import { expect, test } from './support/lab-server';

async function openPreset(page: Page, title: string): Promise<void> {
  await page.getByRole('list', { name: 'Presets' }).getByRole('button', { name: `Open preset ${title}`, exact: true }).click();
  await expect(page.locator('.vue-flow__node').first()).toBeVisible();
}

async function runToEnd(page: Page, status: RegExp): Promise<void> {
  await page.getByRole('button', { name: '▶ Run' }).click();
  await expect(page.getByRole('toolbar', { name: 'Main toolbar' }).getByRole('status')).toHaveText(status, { timeout: 20_000 });
}

test('1. descriptions are Markdown, with Watch and Lecture point set apart', async ({ page, labServer }) => {
  await page.goto(labServer.url);
  const card = page.getByRole('list', { name: 'Presets' }).getByRole('listitem').filter({ hasText: 'Master/slave shared memory' });
  await expect(card.locator('strong').first()).toHaveText('master');
  await expect(card).not.toContainText('**');
  await openPreset(page, 'Master/slave shared memory');
  await expect(page.getByRole('region', { name: 'Watch' })).toContainText('attach count');
  await expect(page.getByRole('region', { name: 'Lecture point' })).toContainText('fastest IPC');
});

test('2. choosing the parent that already spawns a child adds no second spawn; a parent that would make a cycle is offered disabled', async ({ page, labServer }) => {
  await page.goto(labServer.url);
  await page.getByRole('button', { name: 'New empty scenario' }).click();
  await page.getByRole('button', { name: 'Add Process' }).click();
  await page.getByRole('button', { name: 'Add Process' }).click();
  await page.locator('.vue-flow__node[data-id="P2"]').click();
  await page.getByLabel('Parent').selectOption('P1');
  await page.getByLabel('Parent').selectOption('');
  await page.getByLabel('Parent').selectOption('P1');
  await page.locator('.vue-flow__node[data-id="P1"]').click();
  await expect(page.getByRole('list', { name: 'Program of P1' }).locator('code.op')).toHaveText(['spawn', 'wait']);
  await expect(page.getByLabel('Parent').locator('option', { hasText: 'P2' })).toBeDisabled();
});

test('3 and 6. after a run, every signal has an outcome and exited processes are in no call', async ({ page, labServer }) => {
  await page.goto(labServer.url);
  await openPreset(page, 'Signals carry no data');
  await runToEnd(page, /Run completed/);
  await page.getByRole('tab', { name: /Processes/ }).click();
  const signals = page.getByRole('region', { name: 'Signals' });
  await expect(signals.getByRole('listitem')).toHaveCount(2);
  await expect(signals).not.toContainText('not delivered yet');
  await page.locator('.vue-flow__node[data-id="receiver"]').click();
  await expect(page.getByRole('region', { name: 'Live process' })).not.toContainText('Now in');
  await expect(page.getByRole('region', { name: 'Live process' }).getByRole('button', { name: /Pause/ })).toBeDisabled();
});

test('7. data and log message fields show and accept escapes (\\n, \\t, \\x00) and raw bytes, and the call counts the bytes', async ({ page, labServer }) => {
  await page.goto(labServer.url);
  await page.getByRole('button', { name: 'New empty scenario' }).click();
  await page.getByRole('button', { name: 'Add Process' }).click();
  await page.getByRole('button', { name: 'Add Pipe' }).click();
  await page.locator('.vue-flow__node[data-id="P1"]').click();
  await page.getByLabel('Connect to').selectOption('pipe1');
  await page.getByRole('button', { name: 'Connect', exact: true }).click();
  const write = page.getByRole('list', { name: 'Program of P1' }).locator('article').filter({ has: page.locator('code.op', { hasText: /^write$/ }) });
  await write.click();
  const data = write.locator('[data-field="data"] input');
  await expect(data).toHaveValue('hello\\n');
  await data.fill('hi\\nthere');
  await data.blur();
  await expect(data).toHaveValue('hi\\nthere');
  await expect(write.locator('.call')).toContainText('"hi\\nthere", 8)'); // a newline: 8 bytes, not 9
  await data.fill('\\t\\x00\\xff');
  await data.blur();
  await expect(data).toHaveValue('[9,0,255]');
  await expect(write.locator('.call')).toContainText('(uint8_t[]){9, 0, 255}, 3)');

  // A log message is text with the same escapes, and keeps its newline when edited after it.
  await page.getByRole('button', { name: /^Add step log: / }).click();
  const log = page.getByRole('list', { name: 'Program of P1' }).locator('article').filter({ has: page.locator('code.op', { hasText: /^log$/ }) });
  await log.click();
  const message = log.locator('[data-field="message"] input');
  await message.fill('a\\nb');
  await message.blur();
  await message.press('End');
  await message.pressSequentially('c');
  await message.blur();
  await expect(message).toHaveValue('a\\nbc');
  await expect(log.locator('.call')).toContainText('"a\\nbc\\n", 5)');
});

test('10. every canvas control has a name, and nodes connect from the keyboard', async ({ page, labServer }) => {
  await page.goto(labServer.url);
  await page.getByRole('button', { name: 'New empty scenario' }).click();
  for (const name of ['Zoom in', 'Zoom out', 'Fit the scenario in view', 'Tidy the layout', 'Lock the canvas', 'Hide the minimap']) {
    await expect(page.getByRole('button', { name, exact: true })).toBeVisible();
  }
  await page.getByRole('button', { name: 'Add Process' }).focus();
  await page.keyboard.press('Enter');
  await page.getByRole('button', { name: 'Add Pipe' }).focus();
  await page.keyboard.press('Enter');
  await page.locator('.vue-flow__node[data-id="P1"]').click();
  await page.getByLabel('Connect to').selectOption('pipe1');
  await page.getByRole('button', { name: 'Connect', exact: true }).press('Enter');
  await expect(page.locator('.vue-flow__edge')).toHaveCount(1);
  await page.getByRole('button', { name: 'Hide the minimap' }).click();
  await expect(page.locator('.vue-flow__minimap')).toHaveCount(0);
});

test('13. words: one step, how a deadlock ended', async ({ page, labServer }) => {
  await page.goto(labServer.url);
  await openPreset(page, 'Deadlock: both processes receive first');
  await runToEnd(page, /Run ended in a deadlock/);
  await page.getByRole('tab', { name: /Processes/ }).click();
  await expect(page.getByRole('table', { name: 'Processes of the run' })).not.toContainText('sleeping on sleeping');
});
