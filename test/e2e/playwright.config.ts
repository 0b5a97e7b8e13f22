// End-to-end tests: browser mode in Chromium (Playwright's own build when installed, else
// Debian's /usr/bin/chromium), and the desktop app where Electron's binary is installed.
import { defineConfig } from '@playwright/test';
import { chromiumLaunchOptions } from './support/chromium';

export default defineConfig({
  testDir: '.',
  testMatch: '**/*.spec.ts',
  outputDir: '../../test-results',
  timeout: 60_000,
  workers: 1,
  reporter: [['list']],
  use: {
    launchOptions: chromiumLaunchOptions(),
    viewport: { width: 1400, height: 900 },
    trace: 'retain-on-failure',
  },
});
