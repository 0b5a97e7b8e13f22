// Issue 13, browser mode: when the engine goes away (kill -9 of `process-lab serve`), an open
// page says so at once, with no click: a banner naming how to restart it, the live run shown
// as ended, its gates gone and every run control disabled.
import type { Page } from '@playwright/test';
import { expect, test } from '@playwright/test';
import { startLabServer, stopLabServer } from './support/lab-server';
import { openText } from './support/open-file';

const byHand = {
  format: 'process-lab/scenario@1', title: 'Held by hand',
  processes: [{ id: 'A', program: [{ op: 'log', message: 'first from A' }, { op: 'log', message: 'second from A' }] }],
  limits: { timeoutMs: 60000 },
};

const toolbarStatus = (page: Page) => page.getByRole('toolbar', { name: 'Main toolbar' }).getByRole('status');
const gates = (page: Page) => page.getByRole('region', { name: 'Gates' });

test('a page whose engine is killed shows the engine stopped, with its run controls disabled, without a click', async ({ page }) => {
  const server = await startLabServer();
  try {
    await page.goto(server.url);
    await openText(page, 'held.lab.json', JSON.stringify(byHand));
    await page.getByRole('radiogroup', { name: 'Run mode' }).getByRole('radio', { name: 'Step' }).click();
    await page.getByRole('button', { name: '▶ Run' }).click();
    await expect(toolbarStatus(page)).toHaveText('Stepping');
    await page.getByRole('tab', { name: /^Processes/ }).click();
    await expect(gates(page).getByRole('listitem', { name: 'Gate of A' })).toContainText('its next call is step 1 log', { timeout: 10_000 });
    await expect(page.getByRole('button', { name: /Step all/ })).toBeEnabled();
    await expect(page.getByRole('alert').filter({ hasText: 'The engine stopped' })).toHaveCount(0);

    const exited = new Promise((resolve) => server.process.once('exit', resolve));
    server.process.kill('SIGKILL');
    await exited;

    // No click from here on: the page noticed the socket closing by itself.
    const banner = page.getByRole('alert').filter({ hasText: 'The engine stopped' });
    await expect(banner).toBeVisible({ timeout: 10_000 });
    await expect(banner).toContainText('npm run web');
    await expect(toolbarStatus(page)).toHaveText('Engine stopped');
    await expect(page.getByRole('button', { name: '▶ Run' })).toBeDisabled();
    await expect(page.getByRole('button', { name: '■ Stop' })).toBeDisabled();
    await expect(page.getByRole('button', { name: '❚❚ Pause' })).toBeDisabled();
    // Step all and the gates belong to a live run: gone, not left enabled.
    await expect(page.getByRole('button', { name: /Step all/ })).toHaveCount(0);
    await expect(gates(page)).toHaveCount(0);
    await expect(page.getByRole('button', { name: 'Pause A' })).toBeDisabled();
  } finally {
    await stopLabServer(server);
  }
});
