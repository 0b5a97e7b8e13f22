// The UI benchmark (npm run bench:ui): browser mode in Chromium, figures printed, never part of npm test.
import { defineConfig } from '@playwright/test';
import { chromiumLaunchOptions } from '../e2e/support/chromium';

export default defineConfig({
  testDir: '.',
  testMatch: 'ui.bench-run.ts',
  outputDir: '../../test-results/bench',
  timeout: 180_000,
  workers: 1,
  reporter: [['list']],
  use: { launchOptions: chromiumLaunchOptions(), viewport: { width: 1400, height: 900 } },
});
