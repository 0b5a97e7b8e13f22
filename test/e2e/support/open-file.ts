// Opening a scenario file in the page as a user does: Open… and the browser's file chooser.
import type { Page } from '@playwright/test';

/**
 * Opens `contents` as the file `name` through Open… and the file chooser: a string as the file's
 * text (broken JSON included), anything else written as JSON.
 */
export async function openText(page: Page, name: string, contents: unknown): Promise<void> {
  const text = typeof contents === 'string' ? contents : JSON.stringify(contents);
  const chooser = page.waitForEvent('filechooser');
  await page.getByRole('button', { name: 'Open…' }).click();
  await (await chooser).setFiles({ name, mimeType: 'application/json', buffer: Buffer.from(text) });
}
