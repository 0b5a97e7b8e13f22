// Issue 17: the examples of the walk-through as a student and an instructor, each as a check.
import type { Page } from '@playwright/test';
import { expect, test } from './support/lab-server';
import { openText } from './support/open-file';

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
  // The inspector's About panel renders it too: no literal ** or backticks, code as code, and
  // lines broken in the source joined into sentences (no <br>).
  const about = page.getByRole('region', { name: 'About this scenario' });
  await expect(about.locator('.about')).not.toContainText('**');
  await expect(about.locator('.about')).not.toContainText('`');
  await expect(about.locator('code', { hasText: 'shmget' })).toBeVisible();
  await expect(about.locator('br')).toHaveCount(0);
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
  // The refusal is explained where it is offered, not reset silently to "none".
  await expect(page.getByLabel('Parent').locator('option', { hasText: 'P2' })).toHaveText(/descends from P1: a cycle/);
  // And the programs run: no second spawn failing with EEXIST, no deadlock.
  await runToEnd(page, /Run completed/);
  await page.getByRole('tab', { name: /Processes/ }).click();
  await expect(page.getByRole('region', { name: 'Failed calls' })).toHaveCount(0);
});

test('3 and 6. after a run, every signal has an outcome and exited processes are in no call', async ({ page, labServer }) => {
  await page.goto(labServer.url);
  await openPreset(page, 'Signals carry no data');
  await runToEnd(page, /Run completed/);
  await page.getByRole('tab', { name: /Processes/ }).click();
  const signals = page.getByRole('region', { name: 'Signals' });
  await expect(signals.getByRole('listitem')).toHaveCount(2);
  await expect(signals).not.toContainText('not delivered yet');
  // As the recording says: one "the handler ran" per run of the handler (its log line in the
  // Console), and a send with no run of its own was merged into the pending one.
  const outcomes = (await signals.getByRole('listitem').allTextContents()).map((t) => t.replace(/^.*: /, ''));
  await page.getByRole('tab', { name: /^Console/ }).click();
  const handlerRuns = await page.getByText('got SIGUSR1 (and nothing else)').count();
  expect(handlerRuns).toBeGreaterThanOrEqual(1);
  expect(outcomes.filter((o) => o === 'the handler ran')).toHaveLength(handlerRuns);
  expect(outcomes.filter((o) => o !== 'the handler ran').every((o) => o.startsWith('merged with the same signal already pending'))).toBe(true);
  await page.getByRole('tab', { name: /^Processes/ }).click();
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
  await page.keyboard.press('Enter');
  await page.getByRole('button', { name: 'Add Pipe' }).focus();
  await page.keyboard.press('Enter');

  // Keyboard only from here: Tab reaches the node, Enter selects it, the inspector's Connect to
  // takes the target with the arrow keys, Enter on Connect makes the connection.
  const focused = () => page.evaluate(() => document.activeElement?.closest('.vue-flow__node')?.getAttribute('data-id') ?? document.activeElement?.id ?? '');
  async function tabTo(want: string): Promise<void> {
    for (let i = 0; i < 80 && (await focused()) !== want; i++) await page.keyboard.press('Tab');
    expect(await focused()).toBe(want);
  }
  async function connectFromKeyboard(from: string, to: string): Promise<void> {
    await page.getByRole('button', { name: 'Add Pipe' }).focus();
    await tabTo(from);
    await page.keyboard.press('Enter');
    await expect(page.locator(`.vue-flow__node[data-id="${from}"]`)).toHaveClass(/selected/);
    await tabTo('process-connect');
    const target = page.getByLabel('Connect to');
    for (let i = 0; i < 10 && (await target.inputValue()) !== to; i++) await page.keyboard.press('ArrowDown');
    await expect(target).toHaveValue(to);
    await page.keyboard.press('Tab');
    await expect(page.getByRole('button', { name: 'Connect', exact: true })).toBeFocused();
    await page.keyboard.press('Enter');
  }
  await connectFromKeyboard('P1', 'pipe1');
  await expect(page.locator('.vue-flow__edge')).toHaveCount(1);
  await connectFromKeyboard('P1', 'P2'); // P2 becomes P1's child
  await connectFromKeyboard('P2', 'pipe1');
  await expect(page.locator('.vue-flow__edge')).toHaveCount(3);
  await expect(page.getByRole('list', { name: 'Program of P2' }).locator('code.op')).toHaveText(['close', 'read']); // the end it does not use, closed
  await page.getByRole('button', { name: 'Hide the minimap' }).click();
  await expect(page.locator('.vue-flow__minimap')).toHaveCount(0);
});

/** Slips of the kind item 13 found, anywhere in the page's text: a count of one with a plural noun, a doubled word, a space before a full stop. */
async function wordSlips(page: Page, where: string): Promise<string[]> {
  const text = await page.evaluate(() => document.body.innerText);
  const slips: string[] = [];
  const around = (index: number) => JSON.stringify(text.slice(Math.max(0, index - 30), index + 30));
  const plural = /(?<![\d.,])\b1 (lines|steps|events|processes|runs|bytes|messages|objects|orphans|times|errors|warnings|signals|children|arrows|writes|users|entries|problems)\b/g;
  for (const m of text.matchAll(plural)) slips.push(`${where}: "${m[0]}" in ${around(m.index)}`);
  for (const m of text.matchAll(/\b([A-Za-z]\w*) \1\b/g)) slips.push(`${where}: "${m[0]}" in ${around(m.index)}`);
  for (const m of text.matchAll(/\S \.(\s|$)/g)) slips.push(`${where}: space before a full stop in ${around(m.index)}`);
  return slips;
}

test('13. words: one step, one line, how a deadlock ended, no doubled word or stray space before a full stop', async ({ page, labServer }) => {
  await page.goto(labServer.url);
  await openPreset(page, 'Deadlock: both processes receive first');
  await runToEnd(page, /Run ended in a deadlock/);
  const slips: string[] = [];
  for (const tab of ['Processes', 'Console', 'Timeline', 'Results', 'Problems']) {
    await page.getByRole('tab', { name: new RegExp(`^${tab}`) }).click();
    if (tab === 'Processes') {
      await expect(page.getByRole('table', { name: 'Processes of the run' })).not.toContainText('sleeping on sleeping');
      await expect(page.getByRole('tabpanel')).toContainText(/Run ended in a deadlock/);
    }
    slips.push(...await wordSlips(page, `deadlock preset, ${tab}`));
  }

  // Counts of one, everywhere they are shown: a process named "child" (never "child child"),
  // one step, one log line, a 1-byte segment, a 1-message mailbox, a step repeated once.
  await openText(page, 'ones.lab.json', {
    format: 'process-lab/scenario@1', title: 'one of each', objects: [{ id: 'M', kind: 'shm', size: 1 }, { id: 'B', kind: 'mailbox', capacity: 1 }],
    processes: [
      { id: 'P1', program: [{ op: 'spawn', process: 'child' }, { op: 'shm.create', object: 'M' }, { op: 'mailbox.create', object: 'B' }, { op: 'send', to: { mailbox: 'B' }, data: 'x' },
        { op: 'wait', process: 'child' }, { op: 'mailbox.destroy', object: 'B' }, { op: 'shm.destroy', object: 'M' }] },
      { id: 'child', parent: 'P1', program: [{ op: 'repeat', times: 1, steps: [{ op: 'log', message: 'hello' }] }] },
    ],
  });
  await page.locator('.vue-flow__node[data-id="child"]').click();
  await expect(page.locator('#program-title')).toHaveText('Program (1 step)');
  await expect(page.getByRole('list', { name: 'Steps repeated once' })).toBeVisible();
  slips.push(...await wordSlips(page, 'ones, editing'));
  await runToEnd(page, /Run completed/);
  await page.getByRole('tab', { name: /^Console/ }).click();
  const printed = page.locator('.console .bar .muted');
  await expect(printed).toHaveText('1 line'); // child's hello
  await page.getByLabel('Show').selectOption('P1');
  await expect(printed).toHaveText('0 of 1 line'); // what the filter shows
  await page.getByLabel('Show').selectOption('');
  for (const tab of ['Processes', 'Console', 'Timeline', 'Results']) {
    await page.getByRole('tab', { name: new RegExp(`^${tab}`) }).click();
    slips.push(...await wordSlips(page, `ones, ${tab}`));
  }
  expect(slips).toEqual([]);
});
