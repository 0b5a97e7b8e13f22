// Issue 17: the console names each process in a colour of its own that is never red (red reads
// as an error; stderr text is red) and meets 4.5:1 on the panel, in both themes.
import type { Page } from '@playwright/test';
import { expect, test } from './support/lab-server';

/** The hue (degrees) and the contrast ratio on `bg` of a computed `rgb(r, g, b)` colour. */
async function nameColours(page: Page): Promise<{ name: string; hue: number; saturation: number; contrast: number }[]> {
  return page.locator('.console .who').evaluateAll((els) => {
    const rgb = (s: string) => (s.match(/[\d.]+/g) ?? []).slice(0, 3).map(Number);
    const lum = ([r, g, b]: number[]) => {
      const c = [r, g, b].map((v) => { const x = v / 255; return x <= 0.03928 ? x / 12.92 : ((x + 0.055) / 1.055) ** 2.4; });
      return 0.2126 * c[0] + 0.7152 * c[1] + 0.0722 * c[2];
    };
    let bgEl: Element | null = document.querySelector('.console .lines');
    let bg = 'rgba(0, 0, 0, 0)';
    while (bgEl && (bg = getComputedStyle(bgEl).backgroundColor) === 'rgba(0, 0, 0, 0)') bgEl = bgEl.parentElement;
    return els.map((el) => {
      const [r, g, b] = rgb(getComputedStyle(el).color);
      const max = Math.max(r, g, b), min = Math.min(r, g, b), d = max - min;
      let hue = 0;
      if (d) hue = max === r ? 60 * (((g - b) / d) % 6) : max === g ? 60 * ((b - r) / d + 2) : 60 * ((r - g) / d + 4);
      if (hue < 0) hue += 360;
      const [l1, l2] = [lum([r, g, b]), lum(rgb(bg))].sort((x, y) => y - x);
      return { name: el.textContent ?? '', hue, saturation: max ? d / max : 0, contrast: (l1 + 0.05) / (l2 + 0.05) };
    });
  });
}

for (const theme of ['light', 'dark']) {
  test(`console, ${theme} theme: process names are not red and meet 4.5:1`, async ({ page, labServer }) => {
    await page.goto(labServer.url);
    await page.evaluate((value) => localStorage.setItem('process-lab:theme', JSON.stringify(value)), theme);
    await page.reload();
    await expect(page.locator('html')).toHaveAttribute('data-theme', theme);
    await page.getByRole('button', { name: 'Open preset Master/slave shared memory', exact: true }).click();
    await page.getByRole('button', { name: '▶ Run' }).click();
    await expect(page.getByRole('toolbar', { name: 'Main toolbar' }).getByRole('status')).toHaveText(/Run completed/, { timeout: 20_000 });
    await page.getByRole('tab', { name: /^Console/ }).click();
    await expect(page.locator('.console .who').first()).toBeVisible();
    const colours = await nameColours(page);
    expect(colours.length).toBeGreaterThan(0);
    for (const c of colours) {
      const reddish = c.saturation > 0.2 && (c.hue < 25 || c.hue > 335);
      expect(reddish, `${c.name}: hue ${c.hue.toFixed(0)}°`).toBe(false);
      expect(c.contrast, `${c.name}: contrast ${c.contrast.toFixed(2)}:1`).toBeGreaterThanOrEqual(4.5);
    }
  });
}
