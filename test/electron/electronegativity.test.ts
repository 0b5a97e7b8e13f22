// Electronegativity (Doyensec's Electron security scanner) over the shell's sources, offline:
// every finding must be explained in test/electron/electronegativity-allowlist.json. It reads
// JS/TS and HTML, not .vue files: csp.test.ts covers the page's policy itself.
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';

const root = fileURLToPath(new URL('../../', import.meta.url));
const require = createRequire(import.meta.url);

interface Finding {
  id: string;
  file: string;
  location: { line: number; column: number };
  sample?: string;
  manualReview: boolean;
}
type Run = (options: Record<string, unknown>, forCli: boolean) => Promise<{ issues: Finding[]; errors: Array<{ file: string; message: string; tolerable: boolean }>; atomicChecks: number }>;

/**
 * Offline: its translations are fetched with `got` at every start, and two checks look Electron's
 * releases up on GitHub. `got` is replaced in the scanner's module cache by one that fails at
 * once, and the release checks are excluded (the version is pinned in package.json and updated
 * by hand). The scanner then uses its bundled English text.
 */
function offlineScanner(): Run {
  const scannerDir = dirname(require.resolve('@doyensec/electronegativity/package.json'));
  const gotPath = createRequire(join(scannerDir, 'dist', 'locales', 'i18n.js')).resolve('got');
  const offline = Object.assign(() => Promise.reject(new Error('offline')), { head: () => Promise.reject(new Error('offline')) });
  require.cache[gotPath] = { id: gotPath, filename: gotPath, loaded: true, exports: { __esModule: true, default: offline } } as never;
  return require('@doyensec/electronegativity') as Run;
}

const scanDir = mkdtempSync(join(tmpdir(), 'plab-electronegativity-'));
afterAll(() => rmSync(scanDir, { recursive: true, force: true }));

describe('Electronegativity', () => {
  it('finds nothing that is not explained', { timeout: 120_000 }, async () => {
    // main/ and preload/ with the page's HTML, scanned together so app-wide checks (navigation
    // limits, permission handler, CSP) see the whole app.
    cpSync(join(root, 'main'), join(scanDir, 'main'), { recursive: true });
    cpSync(join(root, 'preload'), join(scanDir, 'preload'), { recursive: true });
    mkdirSync(join(scanDir, 'renderer'));
    cpSync(join(root, 'renderer', 'index.html'), join(scanDir, 'renderer', 'index.html'));

    const log = console.log;
    console.log = () => {}; // "Could not retrieve updated translations": expected offline
    let result: Awaited<ReturnType<Run>>;
    try {
      result = await offlineScanner()({
        input: scanDir,
        isRelative: true,
        electronVersionOverride: '41.7.1',
        excludeFromScan: ['AvailableSecurityFixesGlobalCheck', 'ElectronVersionJSONCheck'],
      }, false);
    } finally {
      console.log = log;
    }
    expect(result.atomicChecks).toBeGreaterThan(20);
    expect(result.errors.filter((e) => !e.tolerable)).toEqual([]);

    const allowlist = JSON.parse(readFileSync(join(root, 'test/electron/electronegativity-allowlist.json'), 'utf8')) as { findings: Array<{ id: string; file: string; reason: string }> };
    for (const entry of allowlist.findings) expect(entry.reason.length, `${entry.id} needs a reason`).toBeGreaterThan(20);
    const explained = (f: Finding) => allowlist.findings.some((a) => a.id === f.id && a.file === f.file);
    const unexplained = result.issues.filter((f) => !explained(f)).map((f) => `${f.id} ${f.file}:${f.location.line} ${f.sample ?? ''}`.trim());
    expect(unexplained, 'new Electronegativity findings: fix them or explain them in the allowlist').toEqual([]);
    const stale = allowlist.findings.filter((a) => !result.issues.some((f) => f.id === a.id && f.file === a.file)).map((a) => `${a.id} ${a.file}`);
    expect(stale, 'allowlist entries that match nothing any more: remove them').toEqual([]);
  });
});
