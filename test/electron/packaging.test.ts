// The installers' configuration, checked without building them: electron-builder.yml validated
// against electron-builder's own schema and read for what the app needs; the fuses hook; and
// `electron-builder --dir` with a local Electron where one exists (one skip line elsewhere).
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { electronDist as localElectronDist } from '../../main/bin/electron-binary.js';

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

  it('opens .lab.json files', () => {
    expect(config.fileAssociations).toEqual([expect.objectContaining({ ext: 'lab.json', mimeType: 'application/x-process-lab-scenario' })]);
    expect(config.linux.mimeTypes).toContain('application/x-process-lab-scenario');
  });

  it('ships only the bundles, the addon (unpacked) and package.json: no node_modules', () => {
    const included = config.files.filter((f: string) => !f.startsWith('!'));
    expect(included.sort()).toEqual(['native/build/Release/process_lab.node', 'out/**', 'package.json']);
    expect(config.files).toContain('!node_modules{,/**}');
    expect(config.asarUnpack).toEqual(['native/build/Release/process_lab.node']);
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

  it('the worker launcher relies on RunAsNode', () => {
    expect(readFileSync(join(root, 'main/engine/run/worker-launch.ts'), 'utf8')).toMatch(/ELECTRON_RUN_AS_NODE = '1'/);
  });
});

describe('electron-builder --dir', () => {
  const electronDist = localElectronDist();
  if (!electronDist) console.log("SKIP electron-builder --dir: Electron's binary is not installed here (it is downloaded on first use: npm start); the configuration was checked instead.");

  it.skipIf(!electronDist)('packs the app with fuses flipped and the addon unpacked', { timeout: 300_000 }, async () => {
    const out = mkdtempSync(join(tmpdir(), 'plab-pack-'));
    try {
      execFileSync('npx', ['electron-builder', '--dir', '--linux', '-c', 'electron-builder.yml', `-c.electronDist=${electronDist}`, `-c.directories.output=${out}`], { cwd: root, stdio: 'inherit' });
      const unpacked = join(out, 'linux-unpacked');
      expect(existsSync(join(unpacked, 'resources/app.asar'))).toBe(true);
      expect(existsSync(join(unpacked, 'resources/app.asar.unpacked/native/build/Release/process_lab.node'))).toBe(true);
      // The wire holds one byte per fuse: '1' (0x31) enabled, '0' (0x30) disabled.
      const { getCurrentFuseWire } = require('@electron/fuses') as { getCurrentFuseWire(p: string): Promise<Record<string, number>> };
      const wire = await getCurrentFuseWire(join(unpacked, 'process-lab'));
      for (const [index, enabled] of Object.entries(afterPack.FUSES)) expect(wire[index], `fuse ${index}`).toBe(enabled ? 0x31 : 0x30);
    } finally {
      rmSync(out, { recursive: true, force: true });
    }
  });
});
