// Issue 13 follow-up: text from a file or a process never reaches the screen raw. A title with
// ESC and U+202E (RIGHT-TO-LEFT OVERRIDE, which turns "evil" into "live") and a log line with the
// same show escaped in the toolbar, the inspector, the run's output and Recorded runs; Rename
// refuses a name with U+202E.
import { expect, test } from './support/lab-server';

const stamp = Date.now().toString(36);
const HOSTILE = `huge log \u001b[31mRED\u001b[0m \u202eevil`;
const ESCAPED = 'huge log \\x1b[31mRED\\x1b[0m \\u202eevil';
const TITLE = `${stamp} ${HOSTILE}`;
const DOC = {
  format: 'process-lab/scenario@1', title: TITLE, description: `About ${HOSTILE}`, objects: [],
  processes: [{ id: 'P1', name: `proc \u202eeman`, program: [{ op: 'log', message: `line ${HOSTILE}` }] }],
};
/** Raw controls anywhere in the page's text or tooltips. */
const rawControls = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u200e\u200f\u202a-\u202e\u2066-\u2069]/;

test('control and bidi characters in a title, a name and a log line show escaped; Rename refuses them', async ({ page, labServer }) => {
  await page.goto(labServer.url);
  const chooser = page.waitForEvent('filechooser');
  await page.getByRole('button', { name: 'Open…' }).click();
  await (await chooser).setFiles({ name: 'hostile.lab.json', mimeType: 'application/json', buffer: Buffer.from(JSON.stringify(DOC)) });
  const toolbar = page.getByRole('toolbar', { name: 'Main toolbar' });
  await expect(toolbar).toContainText(`${stamp} ${ESCAPED}`);
  await expect(page.getByTestId('title-controls')).toContainText(`${stamp} ${ESCAPED}`);
  // The process's Name field holds the raw text for editing; the note under it shows it escaped.
  await page.locator('.vue-flow__node[data-id="P1"]').click();
  await expect(page.getByTestId('name-controls')).toContainText('proc \\u202eeman');

  await page.getByRole('button', { name: '▶ Run' }).click();
  await expect(toolbar.getByRole('status')).toHaveText(/Run completed/, { timeout: 20_000 });
  const shown = async () => page.evaluate(() => {
    const tips = [...document.querySelectorAll('[title],[aria-label]')].map((e) => `${e.getAttribute('title') ?? ''} ${e.getAttribute('aria-label') ?? ''}`);
    return [document.body.innerText, ...tips, document.title].join('\n');
  });
  expect(await shown()).not.toMatch(rawControls);
  // The process's name in the run's results, its log line in the console.
  const bottom = page.getByRole('tablist', { name: 'Bottom panel' });
  await bottom.getByRole('tab', { name: 'Results' }).click();
  await expect(page.getByRole('tabpanel', { name: 'Results' })).toContainText('proc \\u202eeman');
  expect(await shown()).not.toMatch(rawControls);
  await bottom.getByRole('tab', { name: 'Console' }).click();
  await expect(page.getByRole('tabpanel', { name: 'Console' })).toContainText(`line ${ESCAPED}`);
  expect(await shown()).not.toMatch(rawControls);

  const dialog = page.getByRole('dialog', { name: 'Recorded runs' });
  await page.getByRole('button', { name: 'Recorded runs…' }).click();
  await dialog.getByRole('searchbox', { name: 'Filter recorded runs' }).fill(stamp);
  const row = dialog.getByRole('list', { name: /Recorded runs/ }).getByRole('listitem').first();
  await expect(row).toContainText(`${stamp} ${ESCAPED}`);
  expect(await shown()).not.toMatch(rawControls);

  await row.getByRole('button', { name: /^Rename / }).click();
  await row.getByRole('textbox').fill('\u202eevil');
  await row.getByRole('textbox').press('Enter');
  await expect(page.getByText(/Could not rename the run: .*control characters/)).toBeVisible();
  await expect(row).toContainText(`${stamp} ${ESCAPED}`);
});
