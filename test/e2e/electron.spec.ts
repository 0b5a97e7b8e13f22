// The desktop app through Playwright's Electron driver. Electron's binary cannot be downloaded
// on every machine (ELECTRON_SKIP_BINARY_DOWNLOAD=1): there these tests skip with one line.
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { _electron as electron, expect, test } from '@playwright/test';

const root = fileURLToPath(new URL('../../', import.meta.url));

function electronBinary(): string | undefined {
  const require = createRequire(import.meta.url);
  const packageDir = dirname(require.resolve('electron/package.json'));
  const pathFile = join(packageDir, 'path.txt');
  if (!existsSync(pathFile)) return undefined;
  const binary = join(packageDir, 'dist', readFileSync(pathFile, 'utf8').trim());
  return existsSync(binary) ? binary : undefined;
}

const binary = electronBinary();
if (!binary) {
  console.log('SKIP electron end-to-end: Electron\'s binary is not installed here (ELECTRON_SKIP_BINARY_DOWNLOAD=1); browser mode was tested instead.');
}

test.describe('desktop app', () => {
  test.skip(!binary, "Electron's binary is not installed on this machine");

  test('the window lists the presets', async () => {
    const app = await electron.launch({ executablePath: binary, args: [join(root, 'out/main/electron.js')], cwd: root });
    try {
      const window = await app.firstWindow();
      await expect(window.getByRole('list', { name: 'Presets' }).getByRole('listitem').first()).toBeVisible();
      // The page has no Node and only the contract on window.processLab.
      expect(await window.evaluate(() => typeof (globalThis as { require?: unknown }).require)).toBe('undefined');
      expect(await window.evaluate(() => Object.keys((window as unknown as { processLab: object }).processLab).sort())).toEqual(['invoke', 'onEvent']);
    } finally {
      await app.close();
    }
  });
});
