// Issue 13, browser mode: when the engine goes away (kill -9 of `process-lab serve`), an open
// page says so at once, with no click: a banner naming how to restart it, the live run shown
// as ended, its gates gone and every run control disabled. Issue 17: its processes are shown as
// unknown since the engine was lost, not in their last live state (held at a gate, "Now in" a call).
import { fileURLToPath } from 'node:url';
import type { Page } from '@playwright/test';
import { expect, test } from '@playwright/test';
import { startLabServer, stopLabServer } from './support/lab-server';
import { startStepRun } from './support/step-run';

const artifacts = fileURLToPath(new URL('./artifacts/', import.meta.url));

const byHand = {
  format: 'process-lab/scenario@1', title: 'Held by hand',
  processes: [
    { id: 'A', program: [{ op: 'log', message: 'first from A' }, { op: 'log', message: 'second from A' }] },
    { id: 'B', program: [{ op: 'sleep', ms: 60000 }] },
  ],
  limits: { timeoutMs: 60000 },
};

const toolbarStatus = (page: Page) => page.getByRole('toolbar', { name: 'Main toolbar' }).getByRole('status');
const gates = (page: Page) => page.getByRole('region', { name: 'Gates' });

test('a page whose engine is killed shows the engine stopped, with its run controls disabled, without a click', async ({ page }) => {
  const server = await startLabServer();
  try {
    await page.goto(server.url);
    await startStepRun(page, 'held.lab.json', byHand);
    await expect(page.getByRole('button', { name: /Step all/ })).toBeEnabled();
    // B let into its sleep: "Now in" that call, in the table and the inspector.
    await gates(page).getByRole('button', { name: 'Step B' }).click();
    const rowOf = (id: string) => page.getByRole('table', { name: 'Processes of the run' }).getByRole('row').filter({ has: page.getByRole('rowheader', { name: new RegExp(`^${id}`) }) });
    await expect(rowOf('B')).toContainText('sleep', { timeout: 10_000 });
    await page.locator('.vue-flow__node[data-id="B"]').click();
    await expect(page.getByTestId('process-now')).toContainText('sleep');
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
    // Their state is unknown since then, and the page says so; nothing of their last live state is left.
    await expect(page.getByRole('status').filter({ hasText: 'The engine was lost' })).toContainText('what each process that was running does since is unknown');
    for (const id of ['A', 'B']) {
      await expect(rowOf(id).getByRole('cell').nth(2)).toHaveText('? unknown (engine lost)');
      await expect(rowOf(id)).not.toContainText(/held|sleep/);
      await expect(page.locator(`.vue-flow__node[data-id="${id}"]`)).toContainText('unknown (engine lost)');
    }
    await expect(page.getByTestId('process-now')).toHaveCount(0);
    await page.screenshot({ path: `${artifacts}ui-engine-lost-unknown.png` });
  } finally {
    await stopLabServer(server);
  }
});
