// Issue 15, time control around a live run in browser mode, real engine, real processes: a Step
// run goes on when its page closes and a new page takes it over (live, its events so far, its
// gates, stepped to the end there); a click on a timeline lane (or its Step button, from the
// keyboard) steps that process; the timeline's cursor follows each step.
import type { Page } from '@playwright/test';
import { expect, test } from './support/lab-server';
import { openText } from './support/open-file';

/** Two processes of log steps: each step is one event the user lets happen. */
const byHand = {
  format: 'process-lab/scenario@1', title: 'Logs by hand',
  processes: [
    { id: 'A', program: [{ op: 'log', message: 'first from A' }, { op: 'log', message: 'second from A' }, { op: 'log', message: 'third from A' }] },
    { id: 'B', program: [{ op: 'log', message: 'only from B' }] },
  ],
  limits: { timeoutMs: 60000 },
};

const mode = (page: Page, name: 'Full speed' | 'Slow' | 'Step') => page.getByRole('radiogroup', { name: 'Run mode' }).getByRole('radio', { name });
const gates = (page: Page) => page.getByRole('region', { name: 'Gates' });
const gateOf = (page: Page, id: string) => gates(page).getByRole('listitem', { name: `Gate of ${id}` });
const toolbarStatus = (page: Page) => page.getByRole('toolbar', { name: 'Main toolbar' }).getByRole('status');
const timeline = (page: Page) => page.getByTestId('timeline');
const laneSteps = (page: Page) => page.getByRole('group', { name: 'Step a process from its lane' });

/** Opens `byHand` in Step mode and runs it: both processes wait before their first step. */
async function startByHand(page: Page): Promise<void> {
  await openText(page, 'by-hand.lab.json', JSON.stringify(byHand));
  await mode(page, 'Step').click();
  await page.getByRole('button', { name: '▶ Run' }).click();
  await expect(toolbarStatus(page)).toHaveText('Stepping');
  await page.getByRole('tab', { name: /^Processes/ }).click();
  await expect(gateOf(page, 'A')).toContainText('its next call is step 1 log', { timeout: 10_000 });
  await expect(gateOf(page, 'B')).toContainText('its next call is step 1 log', { timeout: 10_000 });
}

test('a Step run goes on when its page closes; a new page shows it live with its events and steps it to the end', async ({ page, context, labServer }) => {
  test.setTimeout(120_000);
  await page.goto(labServer.url);
  await startByHand(page);
  await gates(page).getByRole('button', { name: 'Step A' }).click();
  await expect(gateOf(page, 'A')).toContainText('its next call is step 2 log', { timeout: 10_000 });
  await page.close();

  const next = await context.newPage();
  await next.goto(labServer.url);
  // Taken over: live, in Step mode, the scenario in the editor, each process where it was left.
  await expect(toolbarStatus(next)).toHaveText('Stepping', { timeout: 10_000 });
  await expect(mode(next, 'Step')).toHaveAttribute('aria-checked', 'true');
  await expect(next.locator('.vue-flow__node[data-id="A"]')).toBeVisible();
  await expect(gateOf(next, 'A')).toContainText('its next call is step 2 log');
  await expect(gateOf(next, 'B')).toContainText('its next call is step 1 log');
  // Its events so far: A's first line, logged while the first page was open.
  await next.getByRole('tab', { name: /^Console/ }).click();
  await expect(next.getByText('first from A')).toBeVisible();
  await expect(next.getByText('second from A')).toHaveCount(0);
  // The recorded runs list it as running; the engine answers run.list with that status too.
  await next.getByRole('button', { name: 'Recorded runs…' }).click();
  await expect(next.getByRole('list', { name: 'Recorded runs, newest first' }).getByRole('button', { name: /^Open Logs by hand/ })).toContainText('running');
  await next.getByRole('dialog', { name: 'Recorded runs' }).getByRole('button', { name: 'Close' }).click();

  // Stepped to the end from the new page.
  await next.getByRole('tab', { name: /^Processes/ }).click();
  await gates(next).getByRole('button', { name: 'Step A' }).click();
  await expect(gateOf(next, 'A')).toContainText('its next call is step 3 log', { timeout: 10_000 });
  await gates(next).getByRole('button', { name: 'Step B' }).click();
  await expect(gateOf(next, 'B')).toContainText('has ended', { timeout: 10_000 });
  await gates(next).getByRole('button', { name: 'Step A' }).click();
  await expect(toolbarStatus(next)).toHaveText(/Run completed/, { timeout: 15_000 });
  await next.getByRole('tab', { name: /^Console/ }).click();
  for (const line of ['first from A', 'second from A', 'third from A', 'only from B']) await expect(next.getByText(line)).toBeVisible();
});

test('a click on a timeline lane steps its process, and so does its Step button from the keyboard; the cursor follows each step', async ({ page, labServer }) => {
  await page.goto(labServer.url);
  await startByHand(page);
  await page.getByRole('tab', { name: /^Timeline/ }).click();
  await expect(laneSteps(page).getByRole('button', { name: 'Step A' })).toBeEnabled();
  await expect(timeline(page)).toHaveAttribute('aria-label', /A click on a lane steps its process/);

  // A click on B's lane, right of its name where no event is: B makes its one call.
  const cursorBefore = Number(await timeline(page).getAttribute('data-cursor-t'));
  const box = (await timeline(page).boundingBox())!;
  await page.mouse.click(box.x + box.width - 20, box.y + 22 + 54 + 40); // lane 1 (B): below the axis (22 px), one lane (54 px) down
  await page.getByRole('tab', { name: /^Processes/ }).click();
  await expect(gateOf(page, 'B')).toContainText('has ended', { timeout: 10_000 });
  await expect(gateOf(page, 'A')).toContainText('its next call is step 1 log'); // A was not stepped
  await page.getByRole('tab', { name: /^Timeline/ }).click();
  await expect.poll(async () => Number(await timeline(page).getAttribute('data-cursor-t')), { timeout: 10_000 }).toBeGreaterThan(cursorBefore);

  // The keyboard: Tab to A's Step button under its lane name, Enter.
  const stepA = laneSteps(page).getByRole('button', { name: 'Step A' });
  await stepA.focus();
  const cursorAtA = Number(await timeline(page).getAttribute('data-cursor-t'));
  await page.keyboard.press('Enter');
  await expect.poll(async () => Number(await timeline(page).getAttribute('data-cursor-t')), { timeout: 10_000 }).toBeGreaterThan(cursorAtA);
  await expect(laneSteps(page).getByRole('button', { name: 'Step B' })).toBeDisabled();
  await expect(laneSteps(page).getByRole('button', { name: 'Step B' })).toHaveAttribute('title', 'B has ended.');
  await page.getByRole('tab', { name: /^Processes/ }).click();
  await expect(gateOf(page, 'A')).toContainText('its next call is step 2 log', { timeout: 10_000 });
  await page.keyboard.press('F10');
  await expect(gateOf(page, 'A')).toContainText('its next call is step 3 log', { timeout: 10_000 });
  await page.keyboard.press('F10');
  await expect(toolbarStatus(page)).toHaveText(/Run completed/, { timeout: 15_000 });
});
