// Issue 17, item 10: axe-core (through @axe-core/playwright) finds no serious or critical
// violation in any view, in the light theme and in the dark one.
import { AxeBuilder } from '@axe-core/playwright';
import type { Page } from '@playwright/test';
import { expect, test } from './support/lab-server';

type Theme = 'light' | 'dark';

interface View { name: string; open: (page: Page) => Promise<void> }

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
      await page.goto(labServer.url);
      await setTheme(page, theme);
      await page.reload();
      await expect(page.locator('html')).toHaveAttribute('data-theme', theme);
      await view.open(page);
      const results = await new AxeBuilder({ page }).analyze();
      const bad = results.violations
        .filter((v) => v.impact === 'serious' || v.impact === 'critical')
        .map((v) => `${v.id} (${v.impact}): ${v.help}\n${v.nodes.slice(0, 6).map((n) => `    ${n.target.join(' ')}: ${n.failureSummary?.split('\n').slice(1, 2).join(' ')}`).join('\n')}`);
      expect(bad, bad.join('\n')).toEqual([]);
    });
  }
}
