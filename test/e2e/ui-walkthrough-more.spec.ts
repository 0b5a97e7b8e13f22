// Issue 17: more of the walk-through's examples as checks (items 6, 8, 9, 11, 12 and 13's
// browser-mode page), each against the real engine in browser mode.
import type { Page } from '@playwright/test';
import { expect, test } from './support/lab-server';
import { openText } from './support/open-file';

async function openPreset(page: Page, title: string): Promise<void> {
  await page.getByRole('button', { name: 'Presets' }).click();
  await page.getByRole('list', { name: 'Presets' }).getByRole('button', { name: `Open preset ${title}`, exact: true }).click();
  await expect(page.locator('.vue-flow__node').first()).toBeVisible();
}

async function runToEnd(page: Page): Promise<void> {
  await page.getByRole('button', { name: '▶ Run' }).click();
  await expect(page.getByRole('toolbar', { name: 'Main toolbar' }).getByRole('status')).toHaveText(/Run completed/, { timeout: 20_000 });
}

test('8. hints name fields, never suggest a process as its own parent, sit apart from the sentence; the toast counts what the panel lists', async ({ page, labServer }) => {
  await page.goto(labServer.url);
  await openText(page, 'self.lab.json', {
    format: 'process-lab/scenario@1', title: 'spawns itself', objects: [],
    processes: [{ id: 'P1', program: [{ op: 'spawn', process: 'P1' }, { op: 'spawn', process: 'P2' }] }, { id: 'P2', program: [] }],
  });
  const toast = page.getByText(/This scenario has \d+ errors?/);
  await expect(toast).toBeVisible();
  const problems = page.getByRole('list', { name: 'Problems' });
  const listed = await problems.getByRole('listitem').count();
  const words = (await toast.textContent())!;
  const count = (re: RegExp) => Number(re.exec(words)?.[1] ?? 0);
  expect(count(/(\d+) errors?/) + count(/(\d+) warnings?/)).toBe(listed);
  await expect(page.getByRole('tab', { name: /^Problems/ })).toContainText(String(listed));

  const self = problems.getByRole('listitem').filter({ hasText: 'cannot spawn itself' });
  await expect(self.locator('.sentence')).toHaveText(/"P1" cannot spawn itself/);
  await expect(self.locator('.hint')).toHaveText(/^Hint: /);
  await expect(self).not.toContainText(/parent of "P1"|"parent": "P1"/);
  const other = problems.getByRole('listitem').filter({ hasText: '"P2" has no parent' });
  await expect(other.locator('.hint')).toContainText('Make "P1" the parent of "P2" (the parent field of "P2")');
  await expect(problems).not.toContainText('/processes/');
});

test('9. recorded runs: newest first, filtered, renamed and deleted', async ({ page, labServer }) => {
  // The list also holds this file's other runs: ours gets a name of its own, and the order is
  // checked on the whole list.
  const name = `first try ${Date.now().toString(36)}`;
  await page.goto(labServer.url);
  await openPreset(page, 'A zombie until its parent waits');
  await runToEnd(page);
  const dialog = page.getByRole('dialog', { name: 'Recorded runs' });
  await page.getByRole('button', { name: 'Recorded runs…' }).click();
  const runs = dialog.getByRole('list', { name: /Recorded runs/ });
  await runs.getByRole('button', { name: /^Rename / }).first().click();
  await dialog.getByRole('textbox', { name: /^New name for / }).fill(name);
  await dialog.getByRole('button', { name: 'Save' }).click();
  await expect(runs.getByRole('button', { name: new RegExp(`^Open ${name}, `) })).toBeVisible();
  await dialog.getByRole('button', { name: 'Close' }).click();

  await runToEnd(page);
  await page.getByRole('button', { name: 'Recorded runs…' }).click();
  const opens = runs.getByRole('button', { name: /^Open / });
  await expect(opens.first()).toBeVisible();
  const labels = await opens.evaluateAll((els) => els.map((el) => el.getAttribute('aria-label')!));
  // "Open <name>, 11/30/2026, 4:52:46 AM" (en-US; ICU puts a narrow no-break space before AM).
  const times = labels.map((label) => Date.parse(/(\d+\/\d+\/\d+, [\d:]+\s[AP]M)$/.exec(label.replace(/\u202f/g, ' '))?.[1] ?? ''));
  expect(times.every((t) => !Number.isNaN(t))).toBe(true);
  expect(times).toEqual([...times].sort((a, b) => b - a)); // newest first
  expect(labels.findIndex((label) => label.startsWith(`Open ${name}, `))).toBeGreaterThan(0); // the second run came after it
  await expect(dialog).not.toContainText('benchmark:'); // the lab's own runs are not listed

  await dialog.getByRole('searchbox', { name: 'Filter recorded runs' }).fill(name);
  await expect(runs.getByRole('listitem')).toHaveCount(1);
  await runs.getByRole('button', { name: `Delete ${name}` }).click();
  await dialog.getByRole('button', { name: 'Delete', exact: true }).click();
  await expect(dialog.getByRole('status')).toHaveText(`No run matches "${name}".`);
  await dialog.getByRole('searchbox', { name: 'Filter recorded runs' }).fill('');
  await expect(runs).not.toContainText(name);
});

test('9. System IPC offers no Remove on the objects a running run uses, and says why; its segment times are clock times', async ({ page, labServer }) => {
  // A size of its own picks our segment out of the machine's (other runs, other users).
  const size = 4000 + Math.floor(Math.random() * 90) * 7;
  await page.goto(labServer.url);
  await openText(page, 'holder.lab.json', { format: 'process-lab/scenario@1', title: 'holds a segment', limits: { timeoutMs: 30_000 }, objects: [{ id: 'M', kind: 'shm', size }],
    processes: [{ id: 'holder', program: [{ op: 'shm.create', object: 'M' }, { op: 'shm.attach', object: 'M' }, { op: 'sleep', ms: 20_000 }, { op: 'shm.detach', object: 'M' }, { op: 'shm.destroy', object: 'M' }] }] });
  await page.getByRole('button', { name: '▶ Run' }).click();
  const status = page.getByRole('toolbar', { name: 'Main toolbar' }).getByRole('status');
  await expect(status).toHaveText(/Running/);
  await page.getByRole('tab', { name: 'System IPC', exact: true }).click();
  const row = page.getByRole('table', { name: 'System IPC objects' }).getByRole('row').filter({ hasText: '(running)' })
    .filter({ has: page.getByRole('cell', { name: String(size), exact: true }) });
  await expect(row).toHaveCount(1, { timeout: 10_000 });
  await expect(row).toContainText('in use by a running run');
  await expect(row.getByRole('button', { name: /^Remove/ })).toHaveCount(0);
  // Its IPC_STAT in the Lab inspector's words: times as clock times, not raw epoch seconds (item 6's kind).
  await row.getByRole('button', { name: /^Show the bytes of/ }).click();
  const stat = page.getByRole('region', { name: /^Segment shmid / }).locator('dl');
  await expect(stat).toContainText('attached (nattch)');
  await expect(stat).toContainText(/last attach\s*\d\d:\d\d:\d\d/);
  await expect(stat).not.toContainText(/\d{9,}/);
  await page.getByRole('tab', { name: 'Lab', exact: true }).click();
  await page.getByRole('button', { name: '■ Stop', exact: true }).click();
  await expect(status).not.toHaveText(/Running/, { timeout: 15_000 });
});

test('11. lessons: the event log in time order, the preset a link into the Lab, a next lesson at the end, a prediction locked once answered', async ({ page, labServer }) => {
  await page.goto(`${labServer.url}&view=lessons`);
  await page.getByRole('navigation', { name: 'Lessons' }).getByRole('button', { name: 'Why IPC?' }).click();
  await page.getByRole('button', { name: 'Next step' }).click();
  await expect(page.getByRole('button', { name: 'Next step' })).toHaveCount(0);
  await expect(page.getByRole('button', { name: /^Next lesson: / })).toBeVisible();

  await page.getByRole('radio', { name: /Zeros/ }).check();
  await page.getByRole('button', { name: 'Run and check' }).click();
  await expect(page.getByRole('region', { name: 'Check' })).toBeVisible({ timeout: 30_000 });
  const prediction = page.getByRole('group', { name: /^Predict: / });
  for (const radio of await prediction.getByRole('radio').all()) await expect(radio).toBeDisabled();
  await expect(page.getByText('Your prediction is locked')).toBeVisible();
  const times = (await page.getByRole('list', { name: /^Events of / }).locator('.t').allTextContents()).map((t) => parseFloat(t));
  expect(times.length).toBeGreaterThan(3);
  expect(times).toEqual([...times].sort((a, b) => a - b));

  await page.getByRole('button', { name: /open in the Lab$/ }).click();
  await expect(page.getByRole('tab', { name: 'Lab', exact: true })).toHaveAttribute('aria-selected', 'true');
  await expect(page.locator('.vue-flow__node[data-id="master"]')).toBeVisible();
});

test('12. pitfalls are warnings before the run, each with its lecture point', async ({ page, labServer }) => {
  await page.goto(labServer.url);
  await openPreset(page, 'Destroying a segment that is still attached');
  await page.getByRole('tab', { name: /^Problems/ }).click();
  const warning = page.getByRole('list', { name: 'Problems' }).getByRole('listitem').filter({ hasText: 'still attached' });
  await expect(warning.locator('.icon')).toHaveAttribute('aria-label', 'warning');
  await expect(warning.locator('.lecture')).toContainText('Lecture point (preset destroy-while-attached): removal of System V shared memory is deferred');
  await expect(page.getByRole('button', { name: '▶ Run' })).toBeEnabled(); // a warning never blocks the run
});

test('13. the favicon is served, and the address without its token explains where the full one is', async ({ page, labServer, browser }) => {
  await page.goto(labServer.url);
  expect((await page.request.get(`${labServer.origin}/favicon.ico`)).status()).toBe(200);
  const stranger = await browser.newContext();
  const lost = await stranger.newPage();
  const response = await lost.goto(`${labServer.origin}/`);
  expect(response!.status()).toBe(401);
  await expect(lost.getByRole('heading', { level: 1 })).toHaveText('Process Lab needs the address with its token');
  await expect(lost.locator('body')).toContainText('printed where Process Lab was started');
  await stranger.close();
});

test('6. a capacity-0 mailbox is a rendezvous, not "1 / 0", with no mq_maxmsg = 0; segment times are clock times', async ({ page, labServer }) => {
  await page.goto(labServer.url);
  await openPreset(page, 'Rendezvous: a mailbox with capacity 0');
  await page.locator('.vue-flow__node[data-id="sender"]').click();
  const create = page.locator('.call').filter({ hasText: 'mq_open' }).first();
  await expect(create).toContainText('.mq_maxmsg = 1');
  await expect(create).toContainText('acknowledgement queue (capacity 0: rendezvous)');
  await expect(page.locator('.call').filter({ hasText: 'mq_maxmsg = 0' })).toHaveCount(0);
  await runToEnd(page);
  await expect(page.locator('.vue-flow__node[data-id="R"]')).not.toContainText('/ 0');

  // Times of a segment that exists (live: after the run it is gone, and so are its figures).
  await openText(page, 'holder.lab.json', { format: 'process-lab/scenario@1', title: 'holds a segment', limits: { timeoutMs: 30_000 }, objects: [{ id: 'M', kind: 'shm', size: 64 }],
    processes: [{ id: 'holder', program: [{ op: 'shm.create', object: 'M' }, { op: 'shm.attach', object: 'M' }, { op: 'sleep', ms: 20_000 }, { op: 'shm.detach', object: 'M' }, { op: 'shm.destroy', object: 'M' }] }] });
  await page.getByRole('button', { name: '▶ Run' }).click();
  await expect(page.getByRole('toolbar', { name: 'Main toolbar' }).getByRole('status')).toHaveText(/Running/);
  await page.locator('.vue-flow__node[data-id="M"]').click();
  const figures = page.getByRole('region', { name: 'Kernel view of M' });
  await expect(figures).toContainText('attached (nattch)', { timeout: 10_000 });
  // Whichever times the figures carry, none is raw epoch seconds (formatStat: test/renderer/model/object-figures.test.ts).
  await expect(figures).not.toContainText(/(last attach|last detach|last change)\s*\d{9,}/);
  await page.getByRole('button', { name: '■ Stop', exact: true }).click();
  await expect(page.getByRole('toolbar', { name: 'Main toolbar' }).getByRole('status')).not.toHaveText(/Running/, { timeout: 15_000 });
});
