import { existsSync } from 'node:fs';
import { chromium, type LaunchOptions } from '@playwright/test';

// Flags for a machine with no display and a closed network (see the project's README).
const HEADLESS_FLAGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

/** Playwright's Chromium if `npx playwright install` worked here, else Debian's. */
export function chromiumLaunchOptions(): LaunchOptions {
  let own: string | undefined;
  try {
    own = chromium.executablePath();
  } catch {
    own = undefined;
  }
  if (own && existsSync(own)) return {};
  const system = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
  if (!existsSync(system)) {
    throw new Error(`No Chromium: install Debian's (apt-get install -y chromium) or set CHROMIUM_PATH (looked at ${system}).`);
  }
  return { executablePath: system, args: HEADLESS_FLAGS };
}
