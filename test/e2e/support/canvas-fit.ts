// What the canvas's fit may do on each window size the e2e specs try (ui-canvas-readable.spec.ts
// and ui-layout.spec.ts): the fit never zooms below MIN_FIT_ZOOM, where node titles (14 px)
// would drop under 11 px. A preset too big for the canvas at that zoom is shown from its top
// and panned; these are the only presets allowed to be, per window size. Only two-hosts (seven
// nodes, five objects side by side) is that big, and only at 1280x800.
import { expect, type Page } from '@playwright/test';

/** layout.ts MIN_FIT_ZOOM: the e2e specs read the page, not the renderer's modules. */
export const MIN_FIT_ZOOM = 0.8;

export const WINDOWS: readonly { width: number; height: number; panned: readonly string[] }[] = [
  { width: 1280, height: 800, panned: ['Two machines: what survives the move'] },
  { width: 1440, height: 900, panned: [] },
  { width: 1920, height: 1080, panned: [] },
];

/** Opens a preset from the toolbar's Presets list and waits for the view to have fitted it. */
export async function openPresetFitted(page: Page, title: string): Promise<void> {
  await page.getByRole('toolbar', { name: 'Main toolbar' }).getByRole('button', { name: 'Presets' }).click();
  await page.getByRole('list', { name: 'Presets' }).getByRole('button', { name: `Open preset ${title}`, exact: true }).click();
  await expect(page.locator('.vue-flow__node').first()).toBeVisible();
  await page.waitForTimeout(300); // the view fits itself 60 ms after a document loads
}
