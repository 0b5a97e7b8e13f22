// Issue 15, item 1: time control in browser mode, real engine, real processes. Step mode makes
// the user the scheduler (master/slave: nattch 1 -> 2 -> 1 -> 0 and the segment's bytes change
// step by step); a breakpoint stops the slave before its write; slow mode holds every step for
// the chosen time (read from the events' timestamps, never from a clock in the test).
import { fileURLToPath } from 'node:url';
import { AxeBuilder } from '@axe-core/playwright';
import type { Locator, Page } from '@playwright/test';
import type { RunEvent } from '../../main/scenario/events';
import { expect, test } from './support/lab-server';
import { openText } from './support/open-file';

const artifacts = fileURLToPath(new URL('./artifacts/', import.meta.url));

async function openPreset(page: Page, title: string): Promise<void> {
  await page.getByRole('list', { name: 'Presets' }).getByRole('button', { name: `Open preset ${title}` }).click();
  await expect(page.locator('.vue-flow__node').first()).toBeVisible();
}

const mode = (page: Page, name: 'Full speed' | 'Slow' | 'Step') => page.getByRole('radiogroup', { name: 'Run mode' }).getByRole('radio', { name });
const gates = (page: Page) => page.getByRole('region', { name: 'Gates' });
const gateOf = (page: Page, id: string) => gates(page).getByRole('listitem', { name: `Gate of ${id}` });
const toolbarStatus = (page: Page) => page.getByRole('toolbar', { name: 'Main toolbar' }).getByRole('status');

/** The kernel's nattch of M, as the inspector shows it (M selected). */
const nattch = (page: Page): Locator =>
  page.getByRole('region', { name: 'Kernel view of M' }).locator('dt', { hasText: 'attached (nattch)' }).locator('xpath=following-sibling::dd[1]');
/** Byte `offset` of M's hex dump. */
const byte = (page: Page, offset: number): Locator => page.getByRole('table', { name: 'Segment bytes (hexadecimal)' }).locator('.byte').nth(offset);

/** Steps `id` with its Step button and waits until its gate says `next`. */
async function step(page: Page, id: string, next: string | RegExp): Promise<void> {
  await gates(page).getByRole('button', { name: `Step ${id}` }).click();
  await expect(gateOf(page, id)).toContainText(next, { timeout: 10_000 });
}

/** Every run.events push the page receives, by run id (the engine's own frames). */
function recordPushes(page: Page): Map<string, RunEvent[]> {
  const byRun = new Map<string, RunEvent[]>();
  page.on('websocket', (socket) => socket.on('framereceived', ({ payload }) => {
    const frame = JSON.parse(String(payload)) as { event?: string; payload?: { runId: string; events: RunEvent[] } };
    if (frame.event !== 'run.events' || !frame.payload) return;
    byRun.set(frame.payload.runId, [...(byRun.get(frame.payload.runId) ?? []), ...frame.payload.events]);
  }));
  return byRun;
}

test('step mode: the user is the scheduler; nattch goes 1, 2, 1, 0 and the bytes change step by step', async ({ page, labServer }) => {
  test.setTimeout(120_000);
  await page.goto(labServer.url);
  await openPreset(page, 'Master/slave shared memory');
  await mode(page, 'Step').click();
  await expect(mode(page, 'Step')).toHaveAttribute('aria-checked', 'true');
  await page.locator('.vue-flow__node[data-id="M"]').click();
  await page.getByRole('button', { name: '▶ Run' }).click();
  await expect(toolbarStatus(page)).toHaveText('Stepping');
  await expect(gateOf(page, 'master')).toContainText('its next call is step 1 shm.create', { timeout: 10_000 });
  await expect(gateOf(page, 'slave')).toContainText('has not started');
  await expect(gates(page).getByRole('button', { name: 'Step slave' })).toBeDisabled();

  await step(page, 'master', 'step 2 shm.attach');
  await step(page, 'master', 'step 3 shm.write');
  await expect(nattch(page)).toHaveText('1');
  await step(page, 'master', 'step 4 shm.write');
  await expect(byte(page, 8)).toHaveText('00');
  // The keyboard: 1 steps the first process of the Processes table (master).
  await page.keyboard.press('1');
  await expect(gateOf(page, 'master')).toContainText('step 5 log');
  await expect(byte(page, 8)).toHaveText('68'); // 'h' of "hello from master"
  await step(page, 'master', 'step 6 spawn');
  await step(page, 'master', 'step 7 shm.waitUntil');
  await expect(gateOf(page, 'slave')).toContainText('its next call is step 1 shm.attach');

  // Into its polling loop: the call is real, master cannot be stepped until the slave sets the flag.
  await gates(page).getByRole('button', { name: 'Step master' }).click();
  await expect(gateOf(page, 'master')).toContainText('busy waiting in step 7 shm.waitUntil "wait for flag", polling M[0] for 1: slave could release it');
  await expect(gates(page).getByRole('button', { name: 'Step master' })).toBeDisabled();
  await expect(gates(page).getByRole('button', { name: 'Step master' })).toHaveAttribute('title', /cannot be stepped until slave releases it/);
  await expect(page.locator('.vue-flow__node[data-id="master"]')).toContainText('busy waiting');
  // Its key asks the engine anyway: the engine's NOT_AT_GATE reason is shown.
  await page.keyboard.press('1');
  await expect(page.locator('.toasts')).toContainText('NOT_AT_GATE: master is busy waiting, polling M[0] for 1: it cannot be stepped until slave releases it');
  await page.screenshot({ path: `${artifacts}ui-step-mode.png` });
  const axe = await new AxeBuilder({ page }).analyze();
  expect(axe.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical').map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`)).toEqual([]);

  await page.keyboard.press('2'); // the slave's attach
  await expect(gateOf(page, 'slave')).toContainText('step 2 shm.read');
  await expect(nattch(page)).toHaveText('2');
  await step(page, 'slave', 'step 3 sleep');
  await step(page, 'slave', 'step 4 shm.write');
  await expect(byte(page, 4)).toHaveText('00');
  await step(page, 'slave', 'step 5 shm.write');
  await expect(byte(page, 4)).toHaveText('2a'); // the reply, 42
  await expect(byte(page, 0)).toHaveText('00');
  await step(page, 'slave', 'step 6 shm.detach');
  await expect(byte(page, 0)).toHaveText('01'); // the flag
  await expect(gateOf(page, 'master')).toContainText('its next call is step 8 shm.read', { timeout: 10_000 });
  await step(page, 'slave', 'has ended');
  await expect(nattch(page)).toHaveText('1');

  await step(page, 'master', 'step 9 log');
  await step(page, 'master', 'step 10 wait');
  await step(page, 'master', 'step 11 shm.detach');
  await step(page, 'master', 'step 12 shm.destroy');
  await expect(nattch(page)).toHaveText('0');
  await page.keyboard.press('F10'); // step all: the destroy, the last step
  await expect(toolbarStatus(page)).toHaveText(/Run completed/, { timeout: 15_000 });
});

test('a breakpoint on the slave\'s write stops it before the write; Continue (F8) finishes the run', async ({ page, labServer }) => {
  await page.goto(labServer.url);
  await openPreset(page, 'Master/slave shared memory');
  await mode(page, 'Full speed').click();
  await page.locator('.vue-flow__node[data-id="slave"]').click();
  const program = page.getByRole('list', { name: 'Program of slave' });
  const breakpoint = program.getByRole('button', { name: 'Breakpoint on step 4 shm.write' });
  await breakpoint.click();
  await expect(breakpoint).toHaveAttribute('aria-pressed', 'true');
  await page.getByRole('button', { name: '▶ Run' }).click();
  await expect(toolbarStatus(page)).toHaveText('Stopped at a breakpoint (slave)', { timeout: 15_000 });
  await expect(gateOf(page, 'slave')).toContainText('slave stopped at a breakpoint, before its step 4 shm.write "write reply"');
  await expect(program.locator('[data-step-path="3"]')).toContainText('stopped here');
  await program.locator('[data-step-path="3"]').scrollIntoViewIfNeeded();
  await page.screenshot({ path: `${artifacts}ui-breakpoint.png` });
  // The write has not been made: the reply's bytes are still zero, both processes attached.
  await page.locator('.vue-flow__node[data-id="M"]').click();
  await expect(nattch(page)).toHaveText('2', { timeout: 10_000 });
  await expect(byte(page, 4)).toHaveText('00');
  await expect(byte(page, 8)).toHaveText('68');
  await page.keyboard.press('F8');
  await expect(toolbarStatus(page)).toHaveText(/Run completed/, { timeout: 15_000 });
});

test('slow mode at 200 ms per step holds every process 200 ms at its gate before each step (the events\' timestamps)', async ({ page, labServer }) => {
  test.setTimeout(120_000);
  const pushes = recordPushes(page);
  await page.goto(labServer.url);
  await openPreset(page, 'Master/slave shared memory');
  await mode(page, 'Slow').click();
  await page.getByLabel('Slow speed: wait at the gate before each step').selectOption('200');
  await page.getByRole('button', { name: '▶ Run' }).click();
  await expect(toolbarStatus(page)).toHaveText('Running slowly');
  await expect(toolbarStatus(page)).toHaveText(/Run completed/, { timeout: 60_000 });
  const events = [...pushes.values()].find((list) => list.some((e) => e.type === 'run.start' && e.title === 'Master/slave shared memory'));
  expect(events).toBeDefined();
  for (const process of ['master', 'slave']) {
    const waits = events!.filter((e) => e.type === 'gate.wait' && e.process === process);
    const passes = events!.filter((e) => e.type === 'gate.pass' && e.process === process);
    const begins = events!.filter((e) => e.type === 'step.begin' && e.process === process);
    expect(waits.length).toBe(process === 'master' ? 12 : 6); // one gate before every step
    expect(passes.length).toBe(waits.length);
    expect(begins.length).toBe(waits.length);
    waits.forEach((wait, i) => expect(passes[i].t - wait.t).toBeGreaterThanOrEqual(200e6));
  }
  const end = events!.find((e) => e.type === 'run.end');
  expect(end).toMatchObject({ status: 'completed' });
  // The whole run lasts at least the master's twelve holds.
  expect(end!.type === 'run.end' && end!.durationNs).toBeGreaterThanOrEqual(12 * 200e6);
});

test('the mode changes while the run is live: from Step to Full speed the held run finishes', async ({ page, labServer }) => {
  await page.goto(labServer.url);
  // The shortcuts dialog lists the time keys.
  await page.getByRole('button', { name: 'Keyboard shortcuts' }).click();
  const dialog = page.getByRole('dialog', { name: 'Keyboard shortcuts' });
  for (const row of ['F7', 'F8', 'F9', 'F10', '1 … 9']) await expect(dialog.getByRole('row', { name: new RegExp(`^${row} `) })).toBeVisible();
  await dialog.getByRole('button', { name: 'Close' }).click();
  await openPreset(page, 'Master/slave shared memory');
  await mode(page, 'Step').click();
  await page.getByRole('button', { name: '▶ Run' }).click();
  await expect(gateOf(page, 'master')).toContainText('its next call is step 1 shm.create', { timeout: 10_000 });
  await mode(page, 'Full speed').click();
  await expect(toolbarStatus(page)).toHaveText(/Run completed/, { timeout: 15_000 });
});

/** Two independent processes: A ends with a log, B sleeps in a loop meanwhile. */
const twoLoops = {
  format: 'process-lab/scenario@1', title: 'Two loops',
  processes: [
    { id: 'A', program: [{ op: 'log', message: 'A starts' }, { op: 'sleep', ms: 300 }, { op: 'log', message: 'A done' }] },
    { id: 'B', program: [{ op: 'repeat', times: 100, steps: [{ op: 'sleep', ms: 20 }] }] },
  ],
  limits: { timeoutMs: 30000 },
};

test('a breakpoint that stops the whole run holds every process; Continue goes back to full speed', async ({ page, labServer }) => {
  await page.goto(labServer.url);
  await openText(page, 'two-loops.lab.json', JSON.stringify(twoLoops));
  await page.locator('.vue-flow__node[data-id="A"]').click();
  const program = page.getByRole('list', { name: 'Program of A' });
  await program.getByRole('button', { name: 'Breakpoint on step 3 log' }).click();
  await program.locator('[data-step-path="2"]').click();
  await page.getByLabel('the whole run stops here, not only A').check();
  await page.getByRole('button', { name: '▶ Run' }).click();
  await expect(toolbarStatus(page)).toHaveText('Stopped at a breakpoint (A)', { timeout: 15_000 });
  // The UI turned the run to step mode: B stops at its next gate, inside its loop.
  await expect(mode(page, 'Step')).toHaveAttribute('aria-checked', 'true');
  await expect(gateOf(page, 'B')).toContainText(/B is held at its gate: its next call is step 1\.1 sleep/, { timeout: 10_000 });
  await page.getByRole('button', { name: '▶ Continue' }).click();
  await expect(mode(page, 'Full speed')).toHaveAttribute('aria-checked', 'true');
  await expect(toolbarStatus(page)).toHaveText(/Run completed/, { timeout: 20_000 });
});
