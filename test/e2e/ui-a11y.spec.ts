// Issue 17, item 10: axe-core (through @axe-core/playwright) finds no serious or critical
// violation in any view, in the light theme and in the dark one: every area, the states a view
// takes during and after a run, and every dialog and menu (the timeline's table view is scanned
// in ui-timeline.spec.ts, both themes).
import { AxeBuilder } from '@axe-core/playwright';
import type { Page } from '@playwright/test';
import { expect, test } from './support/lab-server';
import { openText } from './support/open-file';

type Theme = 'light' | 'dark';

/** `close`: what the test leaves must not outlive it (a live run would be adopted by the next page). */
interface View { name: string; open: (page: Page) => Promise<void>; close?: (page: Page) => Promise<void>; viewport?: { width: number; height: number } }

const status = (page: Page) => page.getByRole('toolbar', { name: 'Main toolbar' }).getByRole('status');

async function runToEnd(page: Page, preset: string): Promise<void> {
  await page.getByRole('button', { name: `Open preset ${preset}`, exact: true }).click();
  await page.getByRole('button', { name: '▶ Run' }).click();
  await expect(status(page)).toHaveText(/Run completed/, { timeout: 20_000 });
}

/** A process that holds a 64-byte segment (with "hello" in it) for 20 s: a live run to look at. */
const HOLDER = {
  format: 'process-lab/scenario@1', title: 'holds a segment', limits: { timeoutMs: 30_000 }, objects: [{ id: 'M', kind: 'shm', size: 64 }],
  processes: [{ id: 'holder', program: [{ op: 'shm.create', object: 'M' }, { op: 'shm.attach', object: 'M' }, { op: 'shm.write', object: 'M', offset: 0, value: 'hello' },
    { op: 'sleep', ms: 20_000 }, { op: 'shm.detach', object: 'M' }, { op: 'shm.destroy', object: 'M' }] }],
};

async function stopRun(page: Page): Promise<void> {
  await page.getByRole('tab', { name: 'Lab', exact: true }).click();
  await page.getByRole('button', { name: '■ Stop', exact: true }).click();
  await expect(status(page)).toHaveText(/Run stopped/, { timeout: 15_000 });
}

const area = (name: string) => async (page: Page) => {
  await page.getByRole('tab', { name, exact: true }).click();
  await page.waitForTimeout(400);
};

const VIEWS: View[] = [
  { name: 'start gallery', open: async (page) => { await expect(page.getByRole('list', { name: 'Presets' })).toBeVisible(); } },
  {
    name: 'lab with a preset',
    open: async (page) => {
      await page.getByRole('button', { name: 'Open preset Signals carry no data', exact: true }).click();
      await expect(page.locator('.vue-flow__node').first()).toBeVisible();
    },
  },
  {
    name: 'lab with a process selected, after a run',
    open: async (page) => {
      await page.getByRole('button', { name: 'Open preset A pipe from parent to child', exact: true }).click();
      await page.getByRole('button', { name: '▶ Run' }).click();
      await expect(page.getByRole('toolbar', { name: 'Main toolbar' }).getByRole('status')).toHaveText(/Run completed/, { timeout: 20_000 });
      await page.locator('.vue-flow__node').first().click();
      for (const tab of ['Processes', 'Console', 'Timeline']) await page.getByRole('tab', { name: new RegExp(`^${tab}`) }).click();
    },
  },
  { name: 'lessons', open: area('Lessons') },
  { name: 'decision guide', open: area('Decision guide') },
  { name: 'comparison', open: area('Comparison') },
  { name: 'benchmarks', open: area('Benchmarks') },
  { name: 'system IPC', open: area('System IPC') },
  {
    name: 'recorded runs dialog',
    open: async (page) => {
      await page.getByRole('button', { name: 'Recorded runs…' }).click();
      await expect(page.getByRole('dialog')).toBeVisible();
    },
  },
  {
    name: 'a step open in the program editor, and its C (Show as C)',
    open: async (page) => {
      await page.getByRole('button', { name: 'Open preset A pipe from parent to child', exact: true }).click();
      await page.locator('.vue-flow__node[data-id="parent"]').click();
      await page.getByRole('list', { name: 'Program of parent' }).locator('article').first().click();
      await page.getByText('Show as C', { exact: true }).click();
      await expect(page.getByRole('region', { name: 'The scenario as a C program' })).toBeVisible();
    },
  },
  {
    name: 'the canvas menu of a node',
    open: async (page) => {
      await page.getByRole('button', { name: 'Open preset A pipe from parent to child', exact: true }).click();
      await page.locator('.vue-flow__node[data-id="parent"]').click({ button: 'right' });
      await expect(page.getByRole('menu', { name: 'Actions for parent' })).toBeVisible();
    },
  },
  {
    name: 'an object selected',
    open: async (page) => {
      await page.getByRole('button', { name: 'Open preset Master/slave shared memory', exact: true }).click();
      await page.locator('.vue-flow__node-object').first().click();
      await expect(page.getByText('Used by')).toBeVisible();
    },
  },
  {
    name: 'a broken file: the toast and the Problems panel with its hints',
    open: async (page) => {
      await openText(page, 'self.lab.json', { format: 'process-lab/scenario@1', title: 'spawns itself', objects: [],
        processes: [{ id: 'P1', program: [{ op: 'spawn', process: 'P1' }, { op: 'spawn', process: 'P2' }] }, { id: 'P2', program: [] }] });
      await expect(page.getByText(/This scenario has \d+ errors?/)).toBeVisible();
      await page.getByRole('tab', { name: /^Problems/ }).click();
      await expect(page.getByRole('list', { name: 'Problems' }).locator('.hint').first()).toBeVisible();
    },
  },
  {
    name: 'the discard-changes dialog',
    open: async (page) => {
      await page.getByRole('button', { name: 'New empty scenario' }).click();
      await page.getByRole('button', { name: 'Add Process' }).click();
      await page.getByRole('button', { name: 'New', exact: true }).click();
      await expect(page.getByRole('alertdialog')).toBeVisible();
    },
  },
  {
    name: 'Step mode: the gates, and the signal menu of a live process',
    open: async (page) => {
      await openText(page, 'holder.lab.json', HOLDER);
      await page.getByRole('radio', { name: 'Step', exact: true }).click();
      await page.getByRole('button', { name: '▶ Run' }).click();
      await page.getByRole('tab', { name: /^Processes/ }).click();
      await expect(page.getByText('holder is held at its gate')).toBeVisible({ timeout: 10_000 });
      await page.getByRole('button', { name: 'Send a signal to holder' }).click();
      await expect(page.getByRole('menu', { name: 'Send a signal to holder' })).toBeVisible();
    },
    close: stopRun,
  },
  {
    name: 'after a run: the Processes table (exited rows) and its signals',
    open: async (page) => {
      await runToEnd(page, 'Signals carry no data');
      await page.getByRole('tab', { name: /^Processes/ }).click();
      await expect(page.getByRole('region', { name: 'Signals' })).toBeVisible();
    },
  },
  {
    name: 'after a run: Results',
    open: async (page) => {
      await runToEnd(page, 'Signals carry no data');
      await page.getByRole('tab', { name: /^Results/ }).click();
      await expect(page.getByRole('region', { name: 'Repeated runs' })).toBeVisible();
    },
  },
  {
    name: 'a lesson answered: its check and event log',
    open: async (page) => {
      await area('Lessons')(page);
      await page.getByRole('navigation', { name: 'Lessons' }).getByRole('button', { name: 'Why IPC?' }).click();
      await page.getByRole('button', { name: 'Next step' }).click();
      await page.getByRole('radio', { name: /Zeros/ }).check(); // wrong: the run refutes it
      await page.getByRole('button', { name: 'Run and check' }).click();
      await expect(page.getByRole('region', { name: 'Check' })).toBeVisible({ timeout: 30_000 });
    },
  },
  {
    name: 'System IPC: a live run\'s objects and a segment\'s bytes',
    open: async (page) => {
      await openText(page, 'holder.lab.json', HOLDER);
      await page.getByRole('button', { name: '▶ Run' }).click();
      await expect(status(page)).toHaveText(/Running/);
      await area('System IPC')(page);
      const row = page.getByRole('table', { name: 'System IPC objects' }).getByRole('row').filter({ hasText: '(running)' }).filter({ hasText: '64' });
      await row.getByRole('button', { name: /^Show the bytes of/ }).first().click();
      await expect(page.getByRole('table', { name: 'Segment bytes: offset, hexadecimal, text' })).toContainText('68 65 6c 6c 6f', { timeout: 10_000 });
    },
    close: stopRun,
  },
  {
    name: 'the File menu of a narrow toolbar',
    viewport: { width: 760, height: 800 },
    open: async (page) => {
      await page.getByRole('button', { name: 'File', exact: true }).click();
      await expect(page.getByRole('group', { name: 'File' })).toBeVisible();
    },
  },
  {
    name: 'keyboard shortcuts dialog',
    open: async (page) => {
      await page.getByRole('button', { name: 'Keyboard shortcuts' }).click();
      await expect(page.getByRole('dialog')).toBeVisible();
    },
  },
];

async function setTheme(page: Page, theme: Theme): Promise<void> {
  await page.evaluate((value) => localStorage.setItem('process-lab:theme', JSON.stringify(value)), theme);
}

for (const theme of ['light', 'dark'] as Theme[]) {
  for (const view of VIEWS) {
    test(`${view.name}, ${theme} theme: no serious or critical axe violation`, async ({ page, labServer }) => {
      if (view.viewport) await page.setViewportSize(view.viewport);
      await page.goto(labServer.url);
      await setTheme(page, theme);
      await page.reload();
      await expect(page.locator('html')).toHaveAttribute('data-theme', theme);
      await view.open(page);
      const results = await new AxeBuilder({ page }).analyze();
      const bad = results.violations
        .filter((v) => v.impact === 'serious' || v.impact === 'critical')
        .map((v) => `${v.id} (${v.impact}): ${v.help}\n${v.nodes.slice(0, 6).map((n) => `    ${n.target.join(' ')}: ${n.failureSummary?.split('\n').slice(1, 2).join(' ')}`).join('\n')}`);
      if (view.close) await view.close(page);
      expect(bad, bad.join('\n')).toEqual([]);
    });
  }
}
