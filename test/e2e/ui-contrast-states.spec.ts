// Issue 17, item 5 (unreadable text), the kind beyond its example (the System IPC badge): text
// coloured by a run's state — the Processes table's state letters and words (running, sleeping,
// stopped, zombie), the gates of a stepped run, the canvas nodes' live lines, a deadlock's
// summary and box, failed calls, the Problems panel's errors and warnings — keeps a contrast of
// 4.5:1 (axe-core's color-contrast rule) in the light theme and the dark one. The view scans of
// ui-a11y.spec look at each view once, before those states exist.
import { AxeBuilder } from '@axe-core/playwright';
import type { Page } from '@playwright/test';
import { expect, test } from './support/lab-server';
import { openText } from './support/open-file';

type Theme = 'light' | 'dark';

const status = (page: Page) => page.getByRole('toolbar', { name: 'Main toolbar' }).getByRole('status');

async function withTheme(page: Page, url: string, theme: Theme): Promise<void> {
  await page.goto(url);
  await page.evaluate((value) => localStorage.setItem('process-lab:theme', JSON.stringify(value)), theme);
  await page.reload();
  await expect(page.locator('html')).toHaveAttribute('data-theme', theme);
}

/** Every color-contrast violation on the page, as "selector: summary" lines. */
async function contrastProblems(page: Page): Promise<string[]> {
  const results = await new AxeBuilder({ page }).withRules(['color-contrast']).analyze();
  return results.violations.flatMap((v) => v.nodes.map((n) => `${n.target.join(' ')}: ${n.failureSummary?.split('\n').slice(1).join(' ')}`));
}

/** One process sleeping, one stopped by SIGSTOP, one a zombie, while the run goes on. */
const STATES = {
  format: 'process-lab/scenario@1', title: 'Sleeping, stopped and zombie', limits: { timeoutMs: 60_000 }, objects: [],
  processes: [
    { id: 'parent', program: [{ op: 'spawn', process: 'child' }, { op: 'sleep', ms: 30_000 }, { op: 'wait', process: 'child' }] },
    { id: 'child', parent: 'parent', program: [{ op: 'log', message: 'child: done' }] },
    { id: 'victim', program: [{ op: 'sleep', ms: 30_000 }] },
    { id: 'stopper', program: [{ op: 'sleep', ms: 300 }, { op: 'signal.send', to: 'victim', signal: 'SIGSTOP' }, { op: 'sleep', ms: 30_000 }, { op: 'signal.send', to: 'victim', signal: 'SIGCONT' }] },
  ],
};

for (const theme of ['light', 'dark'] as Theme[]) {
  test(`${theme} theme: sleeping, stopped and zombie rows, and a process's live inspector, are readable`, async ({ page, labServer }) => {
    await withTheme(page, labServer.url, theme);
    await openText(page, 'states.lab.json', STATES);
    await page.getByRole('tab', { name: /^Processes/ }).click();
    await page.getByRole('button', { name: '▶ Run' }).click();
    const table = page.getByRole('table', { name: 'Processes of the run' });
    for (const words of ['zombie', 'stopped', 'sleeping']) await expect(table.getByRole('row').filter({ hasText: words }).first()).toBeVisible({ timeout: 15_000 });
    await page.locator('.vue-flow__node[data-id="victim"]').click();
    await expect(page.getByRole('region', { name: 'Live process' })).toContainText('stopped');
    expect(await contrastProblems(page)).toEqual([]);
    await page.getByRole('button', { name: '■ Stop', exact: true }).click();
    await expect(status(page)).toHaveText(/Run stopped/, { timeout: 15_000 });
    expect(await contrastProblems(page)).toEqual([]);
  });

  test(`${theme} theme: a stepped run's gates, nodes and table are readable`, async ({ page, labServer }) => {
    await withTheme(page, labServer.url, theme);
    await page.getByRole('list', { name: 'Presets' }).getByRole('button', { name: 'Open preset Master/slave shared memory', exact: true }).click();
    await page.getByRole('radiogroup', { name: 'Run mode' }).getByRole('radio', { name: 'Step', exact: true }).click();
    await page.getByRole('button', { name: '▶ Run' }).click();
    await page.getByRole('tab', { name: /^Processes/ }).click();
    await expect(page.getByRole('table', { name: 'Processes of the run' })).toContainText('held before step 1', { timeout: 15_000 });
    expect(await contrastProblems(page)).toEqual([]);
    await page.getByRole('button', { name: '■ Stop', exact: true }).click();
    await expect(status(page)).toHaveText(/Run stopped/, { timeout: 15_000 });
  });

  test(`${theme} theme: a completed run's nodes, table and results, and a lesson's checked run, are readable`, async ({ page, labServer }) => {
    await withTheme(page, labServer.url, theme);
    await page.getByRole('list', { name: 'Presets' }).getByRole('button', { name: 'Open preset Master/slave shared memory', exact: true }).click();
    await page.getByRole('button', { name: '▶ Run' }).click();
    await expect(status(page)).toHaveText(/Run completed/, { timeout: 20_000 });
    await page.getByRole('tab', { name: /^Processes/ }).click();
    await expect(page.locator('.vue-flow__node[data-id="master"]')).toContainText('exited with 0');
    expect(await contrastProblems(page)).toEqual([]);
    await page.getByRole('tab', { name: /^Results/ }).click();
    expect(await contrastProblems(page)).toEqual([]);
    // A lesson's run: its event log (times, process names) and the check of the prediction.
    await page.getByRole('tab', { name: 'Lessons', exact: true }).click();
    await page.getByRole('navigation', { name: 'Lessons' }).getByRole('button', { name: 'Why IPC?' }).click();
    await page.getByRole('button', { name: 'Next step' }).click();
    await page.getByRole('radio', { name: /Zeros/ }).check();
    await page.getByRole('button', { name: 'Run and check' }).click();
    await expect(page.getByRole('region', { name: 'Check' })).toBeVisible({ timeout: 30_000 });
    await expect(page.getByRole('list', { name: /^Events of / }).locator('.t').first()).toBeVisible();
    expect(await contrastProblems(page)).toEqual([]);
  });

  test(`${theme} theme: a deadlock's summary and failed calls, and the Problems panel's errors and warnings, are readable`, async ({ page, labServer }) => {
    await withTheme(page, labServer.url, theme);
    await page.getByRole('list', { name: 'Presets' }).getByRole('button', { name: 'Open preset Deadlock: both processes receive first', exact: true }).click();
    await page.getByRole('button', { name: '▶ Run' }).click();
    await expect(status(page)).toHaveText(/deadlock/, { timeout: 20_000 });
    await page.getByRole('tab', { name: /^Processes/ }).click();
    await expect(page.getByRole('alert').filter({ hasText: 'Deadlock:' })).toBeVisible();
    expect(await contrastProblems(page)).toEqual([]);
    await page.getByRole('tab', { name: /^Results/ }).click();
    expect(await contrastProblems(page)).toEqual([]);
    // A file with an error (a process spawning itself) and a warning (a child never waited for).
    await openText(page, 'problems.lab.json', {
      format: 'process-lab/scenario@1', title: 'problems', objects: [],
      processes: [{ id: 'P1', program: [{ op: 'spawn', process: 'P1' }, { op: 'spawn', process: 'P2' }, { op: 'sleep', ms: 100 }] }, { id: 'P2', parent: 'P1', program: [] }],
    });
    await page.getByRole('tab', { name: /^Problems/ }).click();
    const problems = page.getByRole('list', { name: 'Problems' });
    await expect(problems.locator('.icon[aria-label="error"]').first()).toBeVisible();
    await expect(problems.locator('.icon[aria-label="warning"]').first()).toBeVisible();
    await page.locator('.vue-flow__node[data-id="P1"]').click();
    expect(await contrastProblems(page)).toEqual([]);
  });
}
