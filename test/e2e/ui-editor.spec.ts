// The editor in browser mode against the real engine: build by drag and drop, undo and redo,
// problems of a broken file, save and reopen. None of these needs the engine's runs.
import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import type { Page } from '@playwright/test';
import { expect, test } from './support/lab-server';
import { openText } from './support/open-file';

const artifacts = fileURLToPath(new URL('./artifacts/', import.meta.url));

async function dropFromPalette(page: Page, item: string, x: number, y: number): Promise<void> {
  const canvas = page.locator('.vue-flow');
  await page.getByRole('button', { name: `Add ${item}` }).dragTo(canvas, { targetPosition: { x, y } });
}

async function connect(page: Page, from: string, to: string): Promise<void> {
  const source = page.locator(`.vue-flow__node[data-id="${from}"] .vue-flow__handle.source`);
  const target = page.locator(`.vue-flow__node[data-id="${to}"] .vue-flow__handle.target`);
  const a = (await source.boundingBox())!;
  const b = (await target.boundingBox())!;
  await page.mouse.move(a.x + a.width / 2, a.y + a.height / 2);
  await page.mouse.down();
  await page.mouse.move((a.x + b.x) / 2, (a.y + b.y) / 2, { steps: 5 });
  await page.mouse.move(b.x + b.width / 2, b.y + b.height / 2, { steps: 5 });
  await page.mouse.up();
}

/** Builds parent P1 -> child P2 sharing pipe1 on an empty canvas, by drag and drop only. */
export async function buildPipeScenario(page: Page): Promise<void> {
  await page.getByRole('button', { name: 'New empty scenario' }).click();
  await dropFromPalette(page, 'Process', 150, 120);
  await dropFromPalette(page, 'Process', 480, 120);
  await dropFromPalette(page, 'Pipe', 350, 330);
  await expect(page.locator('.vue-flow__node')).toHaveCount(3);
  await connect(page, 'P1', 'pipe1');
  await connect(page, 'P1', 'P2');
  await connect(page, 'P2', 'pipe1');
  await expect(page.locator('.vue-flow__edge')).toHaveCount(3);
}

test('builds a two-process pipe scenario from an empty canvas by drag and drop', async ({ page, labServer }) => {
  await page.goto(labServer.url);
  await buildPipeScenario(page);
  await expect(page.getByRole('tab', { name: /Problems/ })).toBeVisible();
  await page.getByRole('tab', { name: /Problems/ }).click();
  await expect(page.getByText('No problems: the scenario can run.')).toBeVisible();
  await expect(page.getByRole('button', { name: '▶ Run' })).toBeEnabled();
  // The parent's program: create the pipe, spawn the child, close its read end, write, wait.
  await page.locator('.vue-flow__node[data-id="P1"]').click();
  const program = page.getByRole('list', { name: 'Program of P1' });
  await expect(program.locator('code.op')).toHaveText(['pipe.create', 'spawn', 'close', 'write', 'wait']);
  await page.locator('.vue-flow__node[data-id="P2"]').click();
  await expect(page.getByRole('list', { name: 'Program of P2' }).locator('code.op')).toHaveText(['close', 'read']);
  await page.screenshot({ path: `${artifacts}ui-editor.png` });
});

test('undo and redo an edit', async ({ page, labServer }) => {
  await page.goto(labServer.url);
  await page.getByRole('button', { name: 'New empty scenario' }).click();
  await page.getByRole('button', { name: 'Add Process' }).click();
  await page.getByRole('button', { name: 'Add Mailbox' }).click();
  await expect(page.locator('.vue-flow__node')).toHaveCount(2);
  // Rename through the inspector, then undo both the rename and the mailbox.
  await page.locator('.vue-flow__node[data-id="P1"]').click();
  await page.getByLabel('Id', { exact: true }).fill('writer');
  await page.getByLabel('Id', { exact: true }).press('Enter');
  await expect(page.locator('.vue-flow__node[data-id="writer"]')).toBeVisible();
  await page.locator('.vue-flow__pane').click({ position: { x: 20, y: 20 } });
  await page.keyboard.press('Control+z');
  await expect(page.locator('.vue-flow__node[data-id="P1"]')).toBeVisible();
  await page.keyboard.press('Control+z');
  await expect(page.locator('.vue-flow__node')).toHaveCount(1);
  await page.keyboard.press('Control+Shift+z');
  await expect(page.locator('.vue-flow__node')).toHaveCount(2);
  await page.getByRole('button', { name: 'Redo' }).click();
  await expect(page.locator('.vue-flow__node[data-id="writer"]')).toBeVisible();
  await expect(page.getByRole('button', { name: 'Redo' })).toBeDisabled();
});

const broken = {
  format: 'process-lab/scenario@1',
  title: 'Broken on purpose',
  objects: [{ id: 'M', kind: 'shm', size: 4096 }],
  processes: [
    { id: 'a', program: [{ op: 'shm.create', object: 'M' }, { op: 'shm.attach', object: 'M' }, { op: 'shm.write', object: 'M', offset: -4, value: 1 }] },
    { id: 'b', program: [{ op: 'send', to: { mailbox: 'nowhere' }, data: 'x' }, { op: 'sleeep', ms: 5 }] },
  ],
};

test('opens a broken file and lists its problems, each linked to its step', async ({ page, labServer }) => {
  await page.goto(labServer.url);
  await openText(page, 'broken.lab.json', JSON.stringify(broken, null, 2));
  const problems = page.getByRole('list', { name: 'Problems' });
  await expect(problems.getByRole('listitem')).not.toHaveCount(0);
  expect(await problems.getByRole('listitem').count()).toBeGreaterThanOrEqual(3);
  await expect(problems).toContainText('offset');
  await expect(problems).toContainText('sleeep');
  await expect(page.getByRole('button', { name: '▶ Run' })).toBeDisabled();
  // A click selects the process and focuses the field.
  await problems.getByRole('button').filter({ hasText: 'a › step 3 › offset' }).click();
  await expect(page.getByRole('list', { name: 'Program of a' })).toBeVisible();
  await expect(page.locator('#step-a-2-offset')).toBeFocused();
  await page.screenshot({ path: `${artifacts}ui-problems.png` });
});

test('saves and reopens a scenario unchanged', async ({ page, labServer }) => {
  await page.goto(labServer.url);
  // Odd spacing on purpose: an untouched file is saved byte for byte.
  const original = `{"format":"process-lab/scenario@1","title":"Round trip","objects":[{"id":"p","kind":"pipe"}],\n "processes":[{"id":"w","program":[{"op":"pipe.create","object":"p"},{"op":"write","object":"p","data":"hi"}]}],"layout":{"nodes":{"w":{"x":10,"y":20},"p":{"x":300,"y":40}}}}`;
  await openText(page, 'round-trip.lab.json', original);
  await expect(page.locator('.vue-flow__node')).toHaveCount(2);
  const download = page.waitForEvent('download');
  await page.getByRole('button', { name: 'Save' }).click();
  const saved = await download;
  expect(saved.suggestedFilename()).toBe('round-trip.lab.json');
  const text = await readFile(await saved.path(), 'utf8');
  expect(text).toBe(original);

  // An edited document is saved as JSON and reopens as the same document.
  await page.locator('.vue-flow__node[data-id="w"]').click();
  await page.getByLabel('Name', { exact: true }).fill('Writer');
  const second = page.waitForEvent('download');
  await page.keyboard.press('Control+s');
  const edited = await readFile(await (await second).path(), 'utf8');
  expect(JSON.parse(edited)).toEqual({ ...JSON.parse(original), processes: [{ ...JSON.parse(original).processes[0], name: 'Writer' }] });
  await openText(page, 'round-trip.lab.json', edited);
  await expect(page.locator('.vue-flow__node[data-id="w"]')).toContainText('Writer');
  const third = page.waitForEvent('download');
  await page.getByRole('button', { name: 'Save' }).click();
  expect(await readFile(await (await third).path(), 'utf8')).toBe(edited);
});
