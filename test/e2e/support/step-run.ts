// Starting a scenario in Step mode from a file, as a user does, until its process A waits at its
// first gate: the common start of the specs about a held run (adoption, a lost engine).
import { expect, type Page } from '@playwright/test';
import { openText } from './open-file';

/** The Gates list's entry of process `id` (Processes tab). */
export const gateOf = (page: Page, id: string) => page.getByRole('region', { name: 'Gates' }).getByRole('listitem', { name: `Gate of ${id}` });

/** Opens `scenario` as the file `fileName`, runs it in Step mode and waits until A is held before its step 1 (a log). */
export async function startStepRun(page: Page, fileName: string, scenario: unknown): Promise<void> {
  await openText(page, fileName, JSON.stringify(scenario));
  await page.getByRole('radiogroup', { name: 'Run mode' }).getByRole('radio', { name: 'Step' }).click();
  await page.getByRole('button', { name: '▶ Run' }).click();
  await expect(page.getByRole('toolbar', { name: 'Main toolbar' }).getByRole('status')).toHaveText('Stepping');
  await page.getByRole('tab', { name: /^Processes/ }).click();
  await expect(gateOf(page, 'A')).toContainText('its next call is step 1 log', { timeout: 10_000 });
}
