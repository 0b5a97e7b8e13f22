// Object history, verdicts and repeated runs through the UI, browser mode, real engine, real
// processes: a saved recording replays the segment's bytes and nattch at any position; a full-speed
// run ends with each object's final state; a preset whose point is a crash ends "as expected";
// "Run 20 times" shows a histogram of the values the runs themselves recorded.
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Page } from '@playwright/test';
import type { RunEvent, RunEventOf } from '../../main/scenario/events';
import { expect, test } from './support/lab-server';

const artifacts = fileURLToPath(new URL('./artifacts/', import.meta.url));
const bin = fileURLToPath(new URL('../../main/bin/process-lab.js', import.meta.url));

/** A run's recording as the engine saved it in the test server's private data directory (XDG_DATA_HOME). */
function recording(dataHome: string, runId: string): RunEvent[] {
  return readFileSync(join(dataHome, 'process-lab', 'runs', `${runId}.ndjson`), 'utf8').trim().split('\n').map((line) => JSON.parse(line) as RunEvent);
}

async function openPreset(page: Page, title: string): Promise<void> {
  await page.getByRole('list', { name: 'Presets' }).getByRole('button', { name: `Open preset ${title}` }).click();
  await expect(page.locator('.vue-flow__node').first()).toBeVisible();
}

const toolbarStatus = (page: Page) => page.getByRole('toolbar', { name: 'Main toolbar' }).getByRole('status');

test('replay of a saved master/slave recording shows the segment\'s bytes and nattch at the middle position', async ({ page, labServer }) => {
  // Recorded by the CLI: the page knows nothing of this run but its recording.
  const cli = spawnSync(process.execPath, [bin, 'run', 'master-slave', '--json'], { encoding: 'utf8', timeout: 60_000, env: { ...process.env, XDG_DATA_HOME: labServer.dataHome } });
  expect(cli.status, cli.stderr).toBe(0);
  const start = JSON.parse(cli.stdout.split('\n')[0]) as RunEventOf<'run.start'>;
  const events = recording(labServer.dataHome, start.runId);
  const middle = Math.floor(events.length / 2);
  // What the recording says about M before the middle position (the first `middle` events).
  const states = events.slice(0, middle).filter((e): e is RunEventOf<'object.state'> => e.type === 'object.state' && e.object === 'M');
  const last = states[states.length - 1];
  const withBytes = states.filter((s) => typeof s.bytes === 'string').pop();
  expect(last?.exists, 'the recording has M alive at its middle').toBe(true);
  const bytes = Buffer.from(withBytes!.bytes as string, 'hex');

  await page.goto(labServer.url);
  await page.getByRole('button', { name: 'Recorded runs…' }).click();
  await page.locator(`button[data-run-id="${start.runId}"]`).click();
  const scrubber = page.getByRole('slider', { name: 'Replay position' });
  await expect(scrubber).toHaveAttribute('aria-valuetext', `event 0 of ${events.length}`);
  await scrubber.focus();
  for (let i = 0; i < middle; i++) await scrubber.press('ArrowRight');
  await expect(scrubber).toHaveAttribute('aria-valuetext', `event ${middle} of ${events.length}`);

  await page.locator('.vue-flow__node[data-id="M"]').click();
  const kernel = page.getByRole('region', { name: 'Kernel view of M' });
  await expect(kernel.getByTestId('stat-nattch')).toHaveText(String(last.nattch));
  await expect(kernel.getByTestId('stat-dest')).toHaveText(last.dest ? 'yes' : 'no');
  await expect(kernel.getByTestId('decoded-i32')).toHaveText(String(bytes.readInt32LE(0)));
  await expect(kernel.getByRole('table', { name: 'Segment bytes (hexadecimal)' })).toContainText(bytes.subarray(8, 16).toString('latin1'));
  await kernel.getByLabel('Offset').fill('8');
  await expect(kernel.getByTestId('decoded-text')).toHaveText('"hello from master"');
  // The canvas badge says the same.
  await expect(page.locator('.vue-flow__node[data-id="M"]')).toContainText(`attached ${last.nattch}`);
  await page.screenshot({ path: `${artifacts}ui-replay-middle.png` });

  // Back to the start: M does not exist yet.
  await scrubber.press('Home');
  await expect(kernel).toContainText('does not exist at this point of the run');
});

test('after a full-speed run every object shows its final state, not the last one seen while live', async ({ page, labServer }) => {
  await page.goto(labServer.url);
  await openPreset(page, 'Master/slave shared memory');
  await page.locator('.vue-flow__node[data-id="M"]').click();
  await page.getByRole('button', { name: '▶ Run' }).click();
  await expect(toolbarStatus(page)).toHaveText(/Run completed/, { timeout: 20_000 });
  const kernel = page.getByRole('region', { name: 'Kernel view of M' });
  // The master destroyed M: the kernel has no M any more, whatever the last live figures were.
  await expect(kernel.getByTestId('object-existence')).toContainText('was removed');
  await expect(kernel).not.toContainText('attached (nattch)');
  const node = page.locator('.vue-flow__node[data-id="M"]');
  await expect(node.getByTestId('object-badge')).toHaveText('removed');
  await expect(node).not.toContainText('attached');
  await page.screenshot({ path: `${artifacts}ui-final-state.png` });
});

test('the SIGSEGV preset ends "as expected", each expectation judged in words', async ({ page, labServer }) => {
  await page.goto(labServer.url);
  await openPreset(page, 'Catching SIGSEGV');
  await page.getByRole('button', { name: '▶ Run' }).click();
  await expect(toolbarStatus(page)).toHaveText(/as expected/, { timeout: 20_000 });
  await expect(toolbarStatus(page)).not.toHaveText(/failed|not as expected/);
  await page.getByRole('tab', { name: /Results/ }).click();
  const promised = page.getByRole('region', { name: 'Expectations' });
  await expect(promised.getByRole('listitem')).not.toHaveCount(0);
  await expect(promised).toContainText('crasher exited with code 3, as expected');
  await expect(promised).not.toContainText('did not hold');
  const byProcess = page.getByRole('table', { name: 'Results by process' });
  await expect(byProcess.getByRole('row', { name: /crasher/ })).toContainText('exited with 3');
  await page.screenshot({ path: `${artifacts}ui-sigsegv-as-expected.png` });
});

test('the race preset run 20 times shows a histogram of the totals the runs recorded', async ({ page, labServer }) => {
  test.setTimeout(600_000);
  await page.goto(labServer.url);
  await openPreset(page, 'Race condition on a shared counter');
  await page.getByRole('tab', { name: /Results/ }).click();
  await page.getByRole('button', { name: 'Run 20 times' }).click();
  const distribution = page.getByTestId('distribution');
  await expect(distribution).toBeVisible({ timeout: 580_000 });
  const runIds = await page.getByRole('list', { name: 'Each run' }).locator('li[data-run-id]').evaluateAll((items) => items.map((li) => li.getAttribute('data-run-id')!));
  expect(runIds).toHaveLength(20);
  // Each run's total as its own recording has it: main's step labelled "total".
  const totals = runIds.map((id) => {
    const end = recording(labServer.dataHome, id).filter((e): e is RunEventOf<'step.end'> => e.type === 'step.end' && e.process === 'main' && e.label === 'total').pop();
    return end?.result?.value as number;
  });
  expect(totals.every(Number.isInteger)).toBe(true);
  const bins = await distribution.locator('.histogram .bin').evaluateAll((nodes) => nodes.map((n) => ({ from: Number(n.getAttribute('data-from')), to: Number(n.getAttribute('data-to')), count: Number(n.getAttribute('data-count')) })));
  expect(bins.length).toBeGreaterThan(0);
  expect(bins.reduce((sum, b) => sum + b.count, 0)).toBe(20);
  expect(bins[0].from).toBe(Math.min(...totals));
  expect(bins[bins.length - 1].to).toBe(Math.max(...totals));
  bins.forEach((bin, i) => {
    const last = i === bins.length - 1;
    expect(totals.filter((v) => v >= bin.from && (last ? v <= bin.to : v < bins[i + 1].from)).length, `bin ${bin.from}..${bin.to}`).toBe(bin.count);
  });
  await expect(distribution).toContainText('held: main\'s "total" gives a value below 40 000');
  await distribution.scrollIntoViewIfNeeded();
  await page.screenshot({ path: `${artifacts}ui-race-histogram.png` });
});
