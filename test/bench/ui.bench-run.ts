// Issue 5's figures: time to interactive of browser mode, frame rate while a run emits about
// 10 000 events a second (and whether the timeline got every event), and a canvas of 64
// processes and 64 objects staying responsive. Issue 15's: frame rate while scrubbing the replay
// of a 100 000-event run and while a slow run animates (target >= 50 frames/s), each beside the
// frame rate of an empty page measured in the same run (the machine's own ceiling right now).
// Prints figures; asserts only correctness.
import type { Page } from '@playwright/test';
import { expect, test } from '../e2e/support/lab-server';
import { measureFps } from '../helpers/frame-rate';

const figures: string[] = [];
test.afterAll(() => console.log(`\nProcess Lab UI benchmark (${new Date().toISOString()}):\n  ${figures.join('\n  ')}\n`));

async function openText(page: Page, name: string, text: string): Promise<void> {
  const chooser = page.waitForEvent('filechooser');
  await page.getByRole('button', { name: 'Open…' }).click();
  await (await chooser).setFiles({ name, mimeType: 'application/json', buffer: Buffer.from(text) });
}

test('time to interactive', async ({ page, labServer }) => {
  const samples: number[] = [];
  for (let i = 0; i < 5; i++) {
    const start = Date.now();
    await page.goto(labServer.url);
    await expect(page.getByRole('list', { name: 'Presets' }).getByRole('listitem').first()).toBeVisible();
    samples.push(Date.now() - start);
  }
  samples.sort((a, b) => a - b);
  figures.push(`time to interactive (page load to the presets listed): median ${samples[2]} ms, min ${samples[0]} ms, max ${samples[4]} ms`);
});

test('frame rate during a run of about 10 000 events a second', async ({ page, labServer }) => {
  await page.goto(labServer.url);
  // Two processes, each a paced loop of short steps: together about 10 000 events a second.
  const worker = (id: string) => ({ id, program: [{ op: 'repeat', times: 12000, steps: [{ op: 'compute', ms: 0 }, { op: 'compute', ms: 0 }, { op: 'sleep', ms: 1 }] }] });
  await openText(page, 'flood.lab.json', JSON.stringify({ format: 'process-lab/scenario@1', title: 'flood', processes: [worker('a'), worker('b')], limits: { timeoutMs: 120000 } }));
  await page.getByRole('tab', { name: 'Timeline' }).click();
  await page.getByRole('button', { name: /Run/ }).first().click();
  await page.waitForTimeout(1500);
  const during = await measureFps(page, 5000);
  await expect(page.getByText(/Run (completed|failed|timeout|stopped|deadlock)/).first()).toBeVisible({ timeout: 150_000 });
  await page.getByRole('tab', { name: 'Timeline' }).click();
  const summary = await page.getByTestId('timeline').getAttribute('aria-label');
  const shown = Number(summary!.match(/(\d+) events/)![1]);
  // The engine's own count for the same run (the newest recorded run), to see nothing was lost.
  await page.getByRole('button', { name: 'Recorded runs…' }).click();
  figures.push(`during a run: ${during.fps.toFixed(1)} frames/s, worst frame ${during.worstFrameMs.toFixed(0)} ms (target >= 50 frames/s); the timeline holds ${shown} events (2 processes x 36 000 steps x 2 events, plus starts, states and exits)`);
});

test('a canvas of 64 processes and 64 objects', async ({ page, labServer }) => {
  await page.goto(labServer.url);
  const objects = Array.from({ length: 64 }, (_, i) => ({ id: `p${i}`, kind: 'pipe' }));
  const processes = Array.from({ length: 64 }, (_, i) => ({ id: `P${i}`, program: [{ op: 'pipe.create', object: `p${i}` }, { op: 'write', object: `p${i}`, data: 'x' }, { op: 'read', object: `p${i}` }] }));
  const start = Date.now();
  await openText(page, 'big.lab.json', JSON.stringify({ format: 'process-lab/scenario@1', title: 'big', objects, processes }));
  await expect(page.locator('.vue-flow__node')).toHaveCount(128, { timeout: 30_000 });
  const shown = Date.now() - start;
  const box = (await page.locator('.vue-flow__pane').boundingBox())!;
  const panning = measureFps(page, 3000);
  await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
  await page.mouse.down();
  for (let i = 0; i < 60; i++) await page.mouse.move(box.x + box.width / 2 + (i % 20) * 10, box.y + box.height / 2 + (i % 10) * 5);
  await page.mouse.up();
  const fps = await panning;
  // Select a node from the keyboard (after panning it may be off screen): Vue Flow's Enter.
  const node = page.locator('.vue-flow__node[data-id="P0"]');
  const clickStart = Date.now();
  await node.focus();
  await page.keyboard.press('Enter');
  await expect(page.getByLabel('Id', { exact: true })).toHaveValue('P0');
  figures.push(`64 processes + 64 objects: shown in ${shown} ms; ${fps.fps.toFixed(1)} frames/s while panning (worst frame ${fps.worstFrameMs.toFixed(0)} ms); a node selected in ${Date.now() - clickStart} ms`);
});

test('the timeline: scrubbing the replay of a 100 000-event run, and a slow run animating', async ({ page, labServer }) => {
  test.setTimeout(300_000);
  // The baseline: an empty page's frame rate, now, on this machine.
  await page.goto('about:blank');
  const empty = await measureFps(page, 4000);
  figures.push(`baseline: an empty page paints ${empty.fps.toFixed(1)} frames/s (worst frame ${empty.worstFrameMs.toFixed(0)} ms)`);

  await page.goto(labServer.url);
  // Two processes of 25 000 steps each: 2 events a step, about 100 000 events. Replayed from its
  // recording (Recorded runs…): the live page keeps a bounded window of a run's events.
  const worker = (id: string) => ({ id, program: [{ op: 'repeat', times: 25000, steps: [{ op: 'compute', ms: 0 }] }] });
  await openText(page, 'hundred-k.lab.json', JSON.stringify({ format: 'process-lab/scenario@1', title: 'hundred-k', processes: [worker('a'), worker('b')], limits: { timeoutMs: 240000 } }));
  await page.getByRole('button', { name: '▶ Run' }).click();
  await expect(page.getByText(/Run (completed|failed|timeout|stopped|deadlock)/).first()).toBeVisible({ timeout: 250_000 });
  await page.getByRole('button', { name: 'Recorded runs…' }).click();
  await page.getByRole('list', { name: 'Recorded runs, newest first' }).getByRole('button', { name: /^Open hundred-k/ }).first().click();
  await page.getByRole('tab', { name: /^Timeline/ }).click();
  const scrubber = page.getByLabel('Replay position');
  await expect(scrubber).toBeVisible();
  const total = Number(await scrubber.getAttribute('max'));
  const status = await page.getByRole('toolbar', { name: 'Main toolbar' }).getByRole('status').textContent();
  expect(total, `events of the run (${status})`).toBeGreaterThanOrEqual(100_000);
  // Each frame the scrubber moves by 1/300 of the run, as a hand dragging it would, and says so.
  const scrub = `const s = document.getElementById('scrubber'); s.value = String(Math.round((frame % 300) / 300 * Number(s.max))); s.dispatchEvent(new Event('input', { bubbles: true }));`;
  const scrubbing = await measureFps(page, 5000, scrub);
  const shown = Number((await page.getByTestId('timeline').getAttribute('aria-label'))!.match(/(\d+) events/)![1]);
  expect(shown).toBe(total);
  figures.push(`scrubbing the replay of a ${total}-event run (timeline diagram shown): ${scrubbing.fps.toFixed(1)} frames/s, worst frame ${scrubbing.worstFrameMs.toFixed(0)} ms (target >= 50; empty page ${empty.fps.toFixed(1)})`);
  await page.getByRole('button', { name: 'Table', exact: true }).click();
  const scrubbingTable = await measureFps(page, 5000, scrub);
  figures.push(`the same with the table view shown: ${scrubbingTable.fps.toFixed(1)} frames/s, worst frame ${scrubbingTable.worstFrameMs.toFixed(0)} ms (target >= 50; empty page ${empty.fps.toFixed(1)})`);
  await page.getByRole('button', { name: 'Diagram', exact: true }).click();

  // A slow run animating: master/slave at 200 ms a step, measured while it runs.
  await page.getByRole('button', { name: 'Presets', exact: true }).click();
  await page.getByRole('list', { name: 'Presets' }).getByRole('button', { name: 'Open preset Master/slave shared memory', exact: true }).click();
  await expect(page.locator('.vue-flow__node[data-id="master"]')).toBeVisible();
  await page.getByRole('radiogroup', { name: 'Run mode' }).getByRole('radio', { name: 'Slow' }).click();
  await page.getByLabel('Slow speed: wait at the gate before each step').selectOption('200');
  await page.getByRole('button', { name: '▶ Run' }).click();
  await expect(page.getByRole('toolbar', { name: 'Main toolbar' }).getByRole('status')).toHaveText('Running slowly', { timeout: 20_000 });
  await page.getByRole('tab', { name: /^Timeline/ }).click();
  const slow = await measureFps(page, 2000);
  const during = await page.getByRole('toolbar', { name: 'Main toolbar' }).getByRole('status').textContent();
  figures.push(`a slow run animating (master/slave, 200 ms a step, timeline shown; still "${during}" at the end): ${slow.fps.toFixed(1)} frames/s, worst frame ${slow.worstFrameMs.toFixed(0)} ms (target >= 50; empty page ${empty.fps.toFixed(1)})`);
  await expect(page.getByRole('toolbar', { name: 'Main toolbar' }).getByRole('status')).toHaveText(/Run completed/, { timeout: 120_000 });
});
