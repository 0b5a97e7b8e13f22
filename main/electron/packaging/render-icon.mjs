#!/usr/bin/env node
// Renders main/electron/assets/icon.svg to icon.png (512x512, transparent corners) with Chromium
// through Playwright: the only rasterizer on the build machines. Run after editing the SVG:
//   node main/electron/packaging/render-icon.mjs
import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { chromium } from '@playwright/test';

const assets = fileURLToPath(new URL('../assets/', import.meta.url));
const svg = readFileSync(`${assets}icon.svg`, 'utf8');
let executablePath;
try {
  if (!existsSync(chromium.executablePath())) executablePath = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
} catch {
  executablePath = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
}
const browser = await chromium.launch({ executablePath, args: ['--no-sandbox', '--disable-gpu'] });
try {
  const page = await browser.newPage({ viewport: { width: 512, height: 512 }, deviceScaleFactor: 1 });
  await page.setContent(`<html><body style="margin:0;background:transparent">${svg}</body></html>`);
  await page.locator('svg').screenshot({ path: `${assets}icon.png`, omitBackground: true });
} finally {
  await browser.close();
}
console.log(`wrote ${assets}icon.png`);
