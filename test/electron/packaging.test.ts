// The installers' configuration, checked without building them: electron-builder.yml validated
// against electron-builder's own schema and read for what the app needs, and the fuses hook.
// packaging-build.test.ts packs it for real (against a stub Electron) and opens what it wrote.
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const root = fileURLToPath(new URL('../../', import.meta.url));
const require = createRequire(import.meta.url);
// js-yaml and app-builder-lib come with electron-builder itself.
const builderLib = dirname(require.resolve('app-builder-lib/package.json', { paths: [dirname(require.resolve('electron-builder/package.json'))] }));
const yaml = createRequire(join(builderLib, 'package.json'))('js-yaml') as { load(text: string): unknown };
const config = yaml.load(readFileSync(join(root, 'electron-builder.yml'), 'utf8')) as Record<string, any>;
const afterPack = require(join(root, 'main/electron/packaging/after-pack.cjs')) as { FUSES: Record<string, boolean>; fuseConfig(p: string, a: string): Record<string, unknown> };
const { FuseV1Options } = require('@electron/fuses') as { FuseV1Options: Record<string, number | string> };


describe('electron-builder.yml', () => {
  it('is valid for electron-builder', async () => {
    const { validateConfiguration } = createRequire(join(builderLib, 'package.json'))(join(builderLib, 'out/util/config/config.js'));
    const { DebugLogger } = createRequire(join(builderLib, 'package.json'))('builder-util');
    await expect(validateConfiguration(config, new DebugLogger(false))).resolves.toBeUndefined();
  });

  it('names the app and builds AppImage and .deb for Linux, a dmg for macOS', () => {
    expect(config.appId).toBe('org.processlab.app');
    expect(config.productName).toBe('Process Lab');
    expect(config.linux.target).toEqual(['AppImage', 'deb']);
    expect(config.mac.target).toBe('dmg');
    expect(config.dmg).toBeDefined();
  });

  it('has an icon that exists and is a 512x512 PNG', () => {
    for (const icon of [config.icon, config.linux.icon, config.mac.icon]) {
      const png = readFileSync(join(root, icon));
      expect(png.subarray(1, 4).toString()).toBe('PNG');
      expect([png.readUInt32BE(16), png.readUInt32BE(20)]).toEqual([512, 512]);
    }
    expect(existsSync(join(root, 'main/electron/assets/icon.svg'))).toBe(true);
  });

  it('opens .lab.json files (the AppImage gets the glob from a MIME file of ours)', () => {
    expect(config.fileAssociations).toEqual([expect.objectContaining({ ext: 'lab.json', mimeType: 'application/x-process-lab-scenario' })]);
    const [extra] = config.linux.extraFiles;
    expect(readFileSync(join(root, extra.from), 'utf8')).toMatch(/<mime-type type="application\/x-process-lab-scenario">[\s\S]*<glob pattern="\*\.lab\.json"/);
  });

  it('builds the AppImage with the type-2 runtime (no libfuse2)', () => {
    expect(config.toolsets.appimage).toMatch(/^1\./); // "0.0.0" or unset is the legacy libfuse2 runtime
  });

  it('ships only the bundles, every native artefact (unpacked) and package.json: no node_modules', () => {
    const included = config.files.filter((f: string) => !f.startsWith('!'));
    expect(included.sort()).toEqual(['native/build/Release/*', 'out/**', 'package.json']);
    expect(config.files).toContain('!node_modules{,/**}');
    expect(config.files).toContain('!native/build/Release/{obj.target,.deps}{,/**}');
    expect(config.asarUnpack).toEqual(['native/build/Release/*']);
    expect(config.npmRebuild).toBe(false);
    expect(config.nodeGypRebuild).toBe(false);
  });

  it('bundles main’s dependencies instead (externalizeDeps: false in the main build)', () => {
    const vite = readFileSync(join(root, 'main/electron.vite.config.ts'), 'utf8');
    const mainSection = vite.slice(vite.indexOf('main: {'), vite.indexOf('preload: {'));
    expect(mainSection).toMatch(/externalizeDeps: false/);
    const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));
    expect(Object.keys(pkg.dependencies).sort()).toEqual(['ws', 'zod']);
    for (const bundle of ['electron.js', 'cli.js', 'worker.js']) {
      const file = join(root, 'out/main', bundle);
      if (!existsSync(file)) continue; // not built yet: npm run build
      expect(readFileSync(file, 'utf8'), bundle).not.toMatch(/from ["'](ws|zod)["']/);
    }
  });
});

describe('Electron fuses (after-pack hook)', () => {
  it('is the afterPack hook', () => {
    expect(config.afterPack).toBe('main/electron/packaging/after-pack.cjs');
  });

  it('sets every fuse explicitly: RunAsNode on for the workers, the rest to the safe value', () => {
    const known = Object.values(FuseV1Options).filter((v): v is number => typeof v === 'number');
    expect(Object.keys(afterPack.FUSES).map(Number).sort()).toEqual(known.sort());
    expect(afterPack.FUSES[FuseV1Options.RunAsNode as number]).toBe(true);
    expect(afterPack.FUSES[FuseV1Options.EnableCookieEncryption as number]).toBe(true);
    expect(afterPack.FUSES[FuseV1Options.EnableNodeOptionsEnvironmentVariable as number]).toBe(false);
    expect(afterPack.FUSES[FuseV1Options.EnableNodeCliInspectArguments as number]).toBe(false);
    expect(afterPack.FUSES[FuseV1Options.EnableEmbeddedAsarIntegrityValidation as number]).toBe(true);
    expect(afterPack.FUSES[FuseV1Options.OnlyLoadAppFromAsar as number]).toBe(true);
    expect(afterPack.FUSES[FuseV1Options.LoadBrowserProcessSpecificV8Snapshot as number]).toBe(false);
    expect(afterPack.FUSES[FuseV1Options.GrantFileProtocolExtraPrivileges as number]).toBe(false);
    expect(afterPack.FUSES[FuseV1Options.WasmTrapHandlers as number]).toBe(true);
    expect(afterPack.fuseConfig('darwin', 'arm64')).toMatchObject({ version: '1', resetAdHocDarwinSignature: true });
    expect(afterPack.fuseConfig('linux', 'x64')).toMatchObject({ resetAdHocDarwinSignature: false, strictlyRequireAllFuses: true });
  });

  it('the benchmark pairs rely on RunAsNode (lab processes are the native executable)', () => {
    expect(readFileSync(join(root, 'main/engine/bench/pair.ts'), 'utf8')).toMatch(/ELECTRON_RUN_AS_NODE = '1'/);
  });
});

describe('macOS signing and notarization (mac-signing.cjs)', () => {
  const { macSigningGaps, warnAboutMacSigning } = require(join(root, 'main/electron/packaging/mac-signing.cjs')) as {
    macSigningGaps(env: Record<string, string>): string[];
    warnAboutMacSigning(env: Record<string, string>, log: (line: string) => void): boolean;
  };

  it('says loudly what is missing when the standard variables are absent', () => {
    expect(macSigningGaps({})).toHaveLength(2);
    const lines: string[] = [];
    expect(warnAboutMacSigning({}, (line) => lines.push(line))).toBe(true);
    expect(lines.join('')).toMatch(/Gatekeeper[\s\S]*CSC_LINK[\s\S]*APPLE_API_KEY/);
  });

  it('is quiet with an identity and any complete set of notarization credentials', () => {
    expect(macSigningGaps({ CSC_LINK: 'id.p12', APPLE_API_KEY: 'k.p8', APPLE_API_KEY_ID: 'K', APPLE_API_ISSUER: 'I' })).toEqual([]);
    expect(macSigningGaps({ CSC_NAME: 'Developer ID', APPLE_ID: 'a@b.c', APPLE_APP_SPECIFIC_PASSWORD: 'p', APPLE_TEAM_ID: 'T' })).toEqual([]);
    expect(macSigningGaps({ CSC_NAME: 'Developer ID', APPLE_ID: 'a@b.c' })).toHaveLength(1); // incomplete set
    expect(warnAboutMacSigning({ CSC_LINK: 'x', APPLE_KEYCHAIN_PROFILE: 'p' }, () => {})).toBe(false);
  });
});
