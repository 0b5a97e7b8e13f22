// Issue 17, item 6: live state that ends when a process ends, and figures that say what the
// kernel holds. A zombie keeps no current step and takes no signal or pause from any view; the
// toolbar's Pause turns every row's Pause into Resume; a segment IPC_RMID marks while attached
// stays in the kernel, attached and marked, until its last detach removes it.
import type { Page } from '@playwright/test';
import { expect, test } from './support/lab-server';
import { openText } from './support/open-file';

const status = (page: Page) => page.getByRole('toolbar', { name: 'Main toolbar' }).getByRole('status');

test('a zombie has no current step, and neither the table nor the inspector offers it a signal or a pause', async ({ page, labServer }) => {
  await page.goto(labServer.url);
  // The zombie preset, its parent's sleep lengthened so the zombie is there long enough to look at.
  await openText(page, 'zombie.lab.json', {
    format: 'process-lab/scenario@1', title: 'A zombie to look at', limits: { timeoutMs: 30_000 }, objects: [],
    processes: [
      { id: 'parent', program: [{ op: 'spawn', process: 'child' }, { op: 'sleep', ms: 8000 }, { op: 'wait', process: 'child' }] },
      { id: 'child', parent: 'parent', program: [{ op: 'log', message: 'child: done, exiting' }] },
    ],
  });
  await page.getByRole('tab', { name: /^Processes/ }).click();
  await page.getByRole('button', { name: '▶ Run' }).click();
  const table = page.getByRole('table', { name: 'Processes of the run' });
  const zombie = table.getByRole('row').filter({ hasText: 'zombie' });
  await expect(zombie).toHaveCount(1, { timeout: 15_000 });
  await expect(zombie.locator('th')).toContainText('child');
  // Current step (6th column) is empty, no Signal… or Pause in its row; the parent still has them.
  await expect(zombie.locator('td').nth(4)).toHaveText('');
  await expect(zombie.locator('td').getByRole('button')).toHaveCount(0); // its name (a link to its node) is in the th
  await expect(table.getByRole('button', { name: 'Send a signal to parent' })).toBeEnabled();
  await page.locator('.vue-flow__node[data-id="child"]').click();
  const live = page.getByRole('region', { name: 'Live process' });
  await expect(live.getByTestId('process-state')).toHaveText('zombie (exited, not yet waited for)');
  await expect(live).not.toContainText(/Now( in)?\b/);
  await expect(live.getByRole('button', { name: 'Pause (SIGSTOP)' })).toBeDisabled();
  await live.getByText('Send a signal to child').click();
  await expect(live.getByTestId('signal-menu-closed')).toHaveText('child has exited (a zombie): it takes no more signals.');
  for (const item of await live.getByRole('menuitem').all()) await expect(item).toBeDisabled();
  await expect(live.getByRole('button', { name: /^Send SIGRTMIN/ })).toBeDisabled();
  // The parent, alive, is offered them.
  await page.locator('.vue-flow__node[data-id="parent"]').click();
  await live.getByText('Send a signal to parent').click();
  await expect(live.getByRole('menuitem', { name: /^SIGUSR1/ })).toBeEnabled();
  await page.getByRole('button', { name: '■ Stop', exact: true }).click();
  await expect(status(page)).toHaveText(/Run stopped/, { timeout: 15_000 });
});

test('after the toolbar\'s Pause every row offers Resume, not Pause; after Resume, Pause again', async ({ page, labServer }) => {
  await page.goto(labServer.url);
  await openText(page, 'sleepers.lab.json', {
    format: 'process-lab/scenario@1', title: 'Two sleepers', limits: { timeoutMs: 60_000 }, objects: [],
    processes: ['a', 'b'].map((id) => ({ id, program: [{ op: 'sleep', ms: 30_000 }] })),
  });
  await page.getByRole('tab', { name: /^Processes/ }).click();
  await page.getByRole('button', { name: '▶ Run' }).click();
  const table = page.getByRole('table', { name: 'Processes of the run' });
  await expect(table.getByRole('button', { name: /^Pause [ab]$/ })).toHaveCount(2, { timeout: 15_000 });
  await page.getByRole('toolbar', { name: 'Main toolbar' }).getByRole('button', { name: '❚❚ Pause' }).click();
  await expect(status(page)).toHaveText('Paused');
  await expect(table.getByRole('button', { name: /^Pause [ab]$/ })).toHaveCount(0);
  await expect(table.getByRole('button', { name: /^Resume [ab]$/ })).toHaveCount(2);
  // The kernel agrees: both stopped (T).
  await expect(table.getByRole('row').filter({ hasText: 'stopped' })).toHaveCount(2, { timeout: 10_000 });
  await page.locator('.vue-flow__node[data-id="a"]').click();
  await expect(page.getByRole('region', { name: 'Live process' }).getByRole('button', { name: 'Resume (SIGCONT)' })).toBeEnabled();
  await page.getByRole('toolbar', { name: 'Main toolbar' }).getByRole('button', { name: /Resume/ }).click();
  await expect(status(page)).toHaveText('Running');
  await expect(table.getByRole('button', { name: /^Pause [ab]$/ })).toHaveCount(2);
  await page.getByRole('button', { name: '■ Stop', exact: true }).click();
  await expect(status(page)).toHaveText(/Run stopped/, { timeout: 15_000 });
});

test('a segment destroyed while attached stays marked and attached, then is removed at its last detach', async ({ page, labServer }) => {
  await page.goto(labServer.url);
  // destroy-while-attached's owner, with a pause long enough to look between the destroy and the detach.
  await openText(page, 'marked.lab.json', {
    format: 'process-lab/scenario@1', title: 'Marked for destruction', limits: { timeoutMs: 30_000 }, objects: [{ id: 'M', kind: 'shm', size: 64 }],
    processes: [{ id: 'owner', program: [
      { op: 'shm.create', object: 'M' }, { op: 'shm.attach', object: 'M' }, { op: 'shm.write', object: 'M', offset: 0, value: 42 },
      { op: 'shm.destroy', object: 'M' }, { op: 'sleep', ms: 6000 }, { op: 'shm.detach', object: 'M' }, { op: 'sleep', ms: 300 },
    ] }],
  });
  await page.locator('.vue-flow__node[data-id="M"]').click();
  await page.getByRole('button', { name: '▶ Run' }).click();
  const node = page.locator('.vue-flow__node[data-id="M"]');
  await expect(node.getByTestId('object-badge')).toHaveText([/attached\s*1/, /marked for\s*destruction/, /i32 @0\s*42/], { timeout: 10_000 });
  const kernel = page.getByRole('region', { name: 'Kernel view of M' });
  await expect(kernel.getByTestId('object-marked')).toContainText('marked for destruction');
  await expect(kernel).not.toContainText('was removed');
  await expect(kernel.getByTestId('stat-nattch')).toHaveText('1');
  await expect(kernel.getByTestId('stat-dest')).toHaveText('yes');
  await expect(kernel).toContainText('IPC_PRIVATE since IPC_RMID');
  await expect(status(page)).toHaveText(/Run completed/, { timeout: 20_000 });
  await expect(node.getByTestId('object-badge')).toHaveText('removed');
  await expect(kernel.getByTestId('object-existence')).toContainText('was removed');
});
