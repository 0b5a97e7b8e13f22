// Live runs through the UI, browser mode, real engine, real processes: data through a pipe,
// signals from the GUI, the shared-memory inspector, SIGSTOP/SIGCONT, the timeline.
import { fileURLToPath } from 'node:url';
import type { Page } from '@playwright/test';
import { expect, test } from './support/lab-server';
import { openText } from './support/open-file';

const artifacts = fileURLToPath(new URL('./artifacts/', import.meta.url));

async function connect(page: Page, from: string, to: string): Promise<void> {
  const a = (await page.locator(`.vue-flow__node[data-id="${from}"] .vue-flow__handle.source`).boundingBox())!;
  const b = (await page.locator(`.vue-flow__node[data-id="${to}"] .vue-flow__handle.target`).boundingBox())!;
  await page.mouse.move(a.x + a.width / 2, a.y + a.height / 2);
  await page.mouse.down();
  await page.mouse.move((a.x + b.x) / 2, (a.y + b.y) / 2, { steps: 5 });
  await page.mouse.move(b.x + b.width / 2, b.y + b.height / 2, { steps: 5 });
  await page.mouse.up();
}

async function openPreset(page: Page, title: string): Promise<void> {
  await page.getByRole('list', { name: 'Presets' }).getByRole('button', { name: `Open preset ${title}` }).click();
  await expect(page.locator('.vue-flow__node').first()).toBeVisible();
}

async function runAndWait(page: Page, status = /Run completed/): Promise<void> {
  await page.getByRole('button', { name: '▶ Run' }).click();
  await expect(page.getByRole('toolbar', { name: 'Main toolbar' }).getByRole('status')).toHaveText(status, { timeout: 20_000 });
}

test('a pipe scenario built by drag and drop runs: the data reaches the reader and the timeline', async ({ page, labServer }) => {
  await page.goto(labServer.url);
  await page.getByRole('button', { name: 'New empty scenario' }).click();
  const canvas = page.locator('.vue-flow');
  await page.getByRole('button', { name: 'Add Process' }).dragTo(canvas, { targetPosition: { x: 150, y: 120 } });
  await page.getByRole('button', { name: 'Add Process' }).dragTo(canvas, { targetPosition: { x: 480, y: 120 } });
  await page.getByRole('button', { name: 'Add Pipe' }).dragTo(canvas, { targetPosition: { x: 350, y: 330 } });
  await connect(page, 'P1', 'pipe1');
  await connect(page, 'P1', 'P2');
  await connect(page, 'P2', 'pipe1');
  await runAndWait(page);
  await page.getByRole('tab', { name: /Processes/ }).click();
  await expect(page.getByRole('table', { name: 'Processes of the run' })).toContainText('exited with 0');
  await page.getByRole('tab', { name: /Console/ }).click();
  await page.getByLabel('Show').selectOption('P2');
  await expect(page.getByRole('log', { name: 'Console output' })).toContainText('hello');
  await page.getByRole('tab', { name: /Timeline/ }).click();
  const timeline = page.getByTestId('timeline');
  await expect(timeline).toHaveAttribute('aria-label', /data [1-9]/);
  await page.screenshot({ path: `${artifacts}ui-timeline.png` });
});

test('SIGUSR1 sent from the GUI runs the handler of a signal preset', async ({ page, labServer }) => {
  await page.goto(labServer.url);
  await openPreset(page, 'Signals carry no data');
  // The sender must not send: the student does, from the GUI.
  await page.locator('.vue-flow__node[data-id="sender"]').click();
  const program = page.getByRole('list', { name: 'Program of sender' });
  // Steps are numbered from 1; the preset's sender first sleeps (step 1), then sends twice.
  await program.getByRole('button', { name: /Delete step 3 signal.send/ }).click();
  await program.getByRole('button', { name: /Delete step 2 signal.send/ }).click();
  await page.getByRole('button', { name: '▶ Run' }).click();
  await page.getByRole('tab', { name: /Processes/ }).click();
  const table = page.getByRole('table', { name: 'Processes of the run' });
  await expect(table.getByRole('row', { name: /receiver/ })).toContainText(/sleeping/, { timeout: 10_000 });
  await page.getByRole('button', { name: 'Send a signal to receiver' }).click();
  await page.getByRole('menuitem', { name: /SIGUSR1/ }).click();
  await expect(page.getByRole('region', { name: 'Signals' })).toContainText('the handler ran', { timeout: 10_000 });
  await page.screenshot({ path: `${artifacts}ui-live-run.png` });
  await page.getByRole('tab', { name: /Console/ }).click();
  await expect(page.getByRole('log', { name: 'Console output' })).toContainText('got SIGUSR1');
});

// Issue 18, item 7: a process waiting only in pause() is no deadlock; the user sends the signal.
const lonePause = {
  format: 'process-lab/scenario@1',
  title: 'Lone pause',
  processes: [{ id: 'alone', program: [
    { op: 'signal.handle', signal: 'SIGUSR1', action: 'handler', steps: [{ op: 'log', message: 'got SIGUSR1' }] },
    { op: 'signal.pause' },
  ] }],
  limits: { timeoutMs: 60_000 },
};

test('a lone pause() waits for the signal the GUI sends, and the run completes', async ({ page, labServer }) => {
  await page.goto(labServer.url);
  await openText(page, 'lone-pause.lab.json', JSON.stringify(lonePause));
  await page.getByRole('button', { name: '▶ Run' }).click();
  await page.getByRole('tab', { name: /Processes/ }).click();
  const row = page.getByRole('table', { name: 'Processes of the run' }).getByRole('row', { name: /alone/ });
  await expect(row).toContainText('waiting for a signal: send one', { timeout: 10_000 });
  await page.waitForTimeout(1000); // past the deadlock check's wait: a lone pause must still be there
  await expect(row).toContainText('waiting for a signal: send one');
  await page.getByRole('button', { name: 'Send a signal to alone' }).click();
  await page.getByRole('menuitem', { name: /SIGUSR1/ }).click();
  await expect(page.getByRole('toolbar', { name: 'Main toolbar' }).getByRole('status')).toHaveText(/Run completed/, { timeout: 20_000 });
  await page.getByRole('tab', { name: /Console/ }).click();
  await expect(page.getByRole('log', { name: 'Console output' })).toContainText('got SIGUSR1');
});

test('the master/slave segment can be read in the inspector', async ({ page, labServer }) => {
  await page.goto(labServer.url);
  await openPreset(page, 'Master/slave shared memory');
  // Slow the master down after the flag, so the segment lives long enough to look at.
  await page.locator('.vue-flow__node[data-id="master"]').click();
  const program = page.getByRole('list', { name: 'Program of master' });
  await program.locator('[data-step-path="6"]').click();
  await page.getByRole('button', { name: /Add step sleep/ }).click();
  await page.locator('#step-master-7-ms').fill('1500');
  await page.locator('.vue-flow__node[data-id="M"]').click();
  await page.getByRole('button', { name: '▶ Run' }).click();
  const bytes = page.getByRole('table', { name: 'Segment bytes (hexadecimal)' });
  await expect(bytes).toBeVisible({ timeout: 10_000 });
  await expect(bytes).toContainText('hello fr', { timeout: 10_000 });
  // The flag at offset 0 is the slave's 1; the master's message starts at offset 8.
  await expect(page.getByTestId('decoded-i32')).toHaveText('1', { timeout: 10_000 });
  await page.getByLabel('Offset').fill('8');
  await expect(page.getByTestId('decoded-text')).toHaveText('"hello from master"');
  await page.screenshot({ path: `${artifacts}ui-inspector.png` });
  // The run ends before the test does: the spec files share one server, and a run still live
  // would be taken over by the next test's page (its scenario, unsaved, in the editor).
  await expect(page.getByRole('toolbar', { name: 'Main toolbar' }).getByRole('status')).toHaveText(/Run completed/, { timeout: 20_000 });
});

const stopContinue = {
  format: 'process-lab/scenario@1',
  title: 'Ticker',
  processes: [{ id: 'ticker', name: 'Ticker', program: [{ op: 'repeat', times: 80, steps: [{ op: 'log', message: 'tick' }, { op: 'sleep', ms: 100 }] }] }],
  limits: { timeoutMs: 30000 },
};

test('SIGSTOP then SIGCONT from the GUI stop and continue a process', async ({ page, labServer }) => {
  await page.goto(labServer.url);
  await openText(page, 'ticker.lab.json', JSON.stringify(stopContinue));
  await page.getByRole('button', { name: '▶ Run' }).click();
  await page.getByRole('tab', { name: /Processes/ }).click();
  const row = page.getByRole('table', { name: 'Processes of the run' }).getByRole('row', { name: /ticker/ });
  await expect(row).toContainText(/running|sleeping/, { timeout: 10_000 });
  await page.getByRole('button', { name: 'Send a signal to ticker' }).click();
  await page.getByRole('menuitem', { name: /SIGSTOP/ }).click();
  await expect(row).toContainText('stopped', { timeout: 10_000 });
  await page.getByRole('button', { name: 'Send a signal to ticker' }).click();
  await page.getByRole('menuitem', { name: /SIGCONT/ }).click();
  await expect(row).not.toContainText('stopped', { timeout: 10_000 });
  await expect(page.getByRole('region', { name: 'Signals' })).toContainText('SIGCONT');
  await page.getByRole('button', { name: '■ Stop' }).click();
  await expect(page.getByRole('toolbar', { name: 'Main toolbar' }).getByRole('status')).toHaveText(/Run stopped/, { timeout: 15_000 });
});

// kill(-pgid) reaches every process of the group: the Signals list shows each member's outcome,
// not the named process's only (an ignored group signal showed for the leader alone).
const groupSignal = {
  format: 'process-lab/scenario@1',
  title: 'Group signal',
  processes: [
    { id: 'lead', program: [
      { op: 'signal.handle', signal: 'SIGUSR1', action: 'ignore' },
      { op: 'spawn', process: 'member' },
      { op: 'receive', from: { process: 'member' } },
      { op: 'signal.send', to: { group: 'lead' }, signal: 'SIGUSR1' },
      { op: 'send', to: { process: 'member' }, data: 'go' },
      { op: 'wait', process: 'member' },
    ] },
    { id: 'member', parent: 'lead', program: [
      { op: 'signal.handle', signal: 'SIGUSR1', action: 'ignore' },
      { op: 'send', to: { process: 'lead' }, data: 'ready' },
      { op: 'receive', from: { process: 'lead' } },
    ] },
  ],
};

test('a signal to a process group is listed for every member, each ignoring it', async ({ page, labServer }) => {
  await page.goto(labServer.url);
  await openText(page, 'group-signal.lab.json', JSON.stringify(groupSignal));
  await runAndWait(page);
  await page.getByRole('tab', { name: /Processes/ }).click();
  const signals = page.getByRole('region', { name: 'Signals' }).getByRole('listitem');
  await expect(signals).toHaveText([
    'SIGUSR1 lead → lead (to the process group of lead): ignored',
    'SIGUSR1 lead → member (to the process group of lead): ignored',
  ]);
});
