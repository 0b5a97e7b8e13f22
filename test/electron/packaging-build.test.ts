// `npm run dist` for real, offline: electron-builder packs the app for Linux against a stub
// Electron distribution (support/stub-electron.ts), with Debian's squashfs tools and stand-in
// AppImage runtimes (support/appimage-tools.ts) and an fpm stand-in that hands electron-builder's
// own arguments to dpkg-deb (support/fpm-standin.mjs). What it wrote is opened and checked: the
// .deb's control fields and files, the desktop entry and MIME type, the AppImage's runtime type,
// app.asar's contents, the unpacked native artefacts and their glibc floor, the fuses. Then the
// packaged engine layout runs a preset the way the installed `process-lab run` does.
import { execFileSync, spawnSync } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cliInvocation } from '../../main/electron/cli-route';
import { appImageType, makeAppImageTools } from './support/appimage-tools';
import { makeStubElectronDist } from './support/stub-electron';

const root = fileURLToPath(new URL('../../', import.meta.url));
const require = createRequire(import.meta.url);
const builderLib = dirname(require.resolve('app-builder-lib/package.json', { paths: [dirname(require.resolve('electron-builder/package.json'))] }));
const asar = createRequire(join(builderLib, 'package.json'))('@electron/asar') as {
  getRawHeader(archive: string): { header: AsarDirectory };
  extractFile(archive: string, file: string): Buffer;
};
type AsarEntry = AsarDirectory | { size: number; unpacked?: boolean; executable?: boolean };
type AsarDirectory = { files: Record<string, AsarEntry> };
const { FUSES } = require(join(root, 'main/electron/packaging/after-pack.cjs')) as { FUSES: Record<string, boolean> };
const { getCurrentFuseWire } = require('@electron/fuses') as { getCurrentFuseWire(p: string): Promise<Record<string, number>> };
const electronVersion = (require('electron/package.json') as { version: string }).version;
const release = join(root, 'native/build/Release');
/** Every native artefact node-gyp left (the addon, the lab process executable once it exists). */
const nativeArtefacts = readdirSync(release).filter((name) => statSync(join(release, name)).isFile());

/** Packed files of an asar archive (path → unpacked?), depth first. */
function asarFiles(directory: AsarDirectory, prefix = ''): Map<string, boolean> {
  const files = new Map<string, boolean>();
  for (const [name, entry] of Object.entries(directory.files)) {
    const path = prefix ? `${prefix}/${name}` : name;
    if ('files' in entry) for (const [inner, unpacked] of asarFiles(entry, path)) files.set(inner, unpacked);
    else files.set(path, entry.unpacked === true);
  }
  return files;
}

/** The highest GLIBC_x.y symbol version an ELF file needs (undefined when static or none). */
function glibcNeeded(file: string): string | undefined {
  const versions = execFileSync('readelf', ['--version-info', '-W', file], { encoding: 'utf8' }).match(/GLIBC_\d+\.\d+/g) ?? [];
  return versions.map((v) => v.slice(6)).sort((a, b) => Number(a.split('.')[1]) - Number(b.split('.')[1]))[versions.length - 1];
}

describe('npm run dist, packed offline against a stub Electron', () => {
  let work: string;
  let out: string;
  let deb: string;
  let appImage: string;
  let debRoot: string;
  let appDir: string;

  beforeAll(() => {
    work = mkdtempSync(join(tmpdir(), 'plab-dist-'));
    out = join(work, 'out');
    const dist = makeStubElectronDist(join(work, 'electron'), electronVersion);
    const tools = makeAppImageTools(join(work, 'appimage-tools'));
    const result = spawnSync(process.execPath, [require.resolve('electron-builder/cli.js'), '--linux', 'AppImage', 'deb', '--x64', '-c', 'electron-builder.yml', `-c.electronDist=${dist}`, `-c.directories.output=${out}`], {
      cwd: root,
      encoding: 'utf8',
      env: { ...process.env, APPIMAGE_TOOLS_PATH: tools, CUSTOM_FPM_PATH: join(root, 'test/electron/support/fpm-standin.mjs'), ELECTRON_BUILDER_CACHE: join(work, 'cache') },
    });
    if (result.status !== 0) throw new Error(`electron-builder failed (${result.status}):\n${result.stdout}\n${result.stderr}`);
    const written = readdirSync(out);
    deb = join(out, written.find((f) => f.endsWith('.deb'))!);
    appImage = join(out, written.find((f) => f.endsWith('.AppImage'))!);
    debRoot = join(work, 'deb-root');
    execFileSync('dpkg-deb', ['-x', deb, debRoot]);
    appDir = join(debRoot, 'opt/Process Lab');
  }, 600_000);
  afterAll(() => {
    if (work) rmSync(work, { recursive: true, force: true });
  });

  it('writes process-lab_VERSION_amd64.deb and process-lab-VERSION-x86_64.AppImage', () => {
    const version = (JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { version: string }).version;
    expect(readdirSync(out)).toEqual(expect.arrayContaining([`process-lab_${version}_amd64.deb`, `process-lab-${version}-x86_64.AppImage`]));
  });

  it('.deb control: maintainer, homepage, complete Depends with t64 alternatives, glibc floor', () => {
    const info = execFileSync('dpkg-deb', ['-I', deb], { encoding: 'utf8' });
    const field = (name: string) => info.match(new RegExp(`^ ${name}: (.*)$`, 'm'))?.[1];
    expect(field('Package')).toBe('process-lab');
    expect(field('Maintainer')).toMatch(/^.+ <[^@\s]+@[^@\s]+>$/);
    expect(field('Homepage')).toMatch(/^https:\/\//);
    const depends = field('Depends')!.split(', ');
    for (const dependency of ['libgtk-3-0t64 | libgtk-3-0', 'libatspi2.0-0t64 | libatspi2.0-0', 'libasound2t64 | libasound2', 'libgbm1', 'libnss3', 'libdrm2', 'libxkbcommon0', 'xdg-utils']) {
      expect(depends, dependency).toContain(dependency);
    }
    // The floor is what the native artefacts need (Electron's own binary needs less).
    const needed = nativeArtefacts.map((name) => glibcNeeded(join(release, name))).filter((v): v is string => v !== undefined).sort().at(-1);
    expect(depends).toContain(`libc6 (>= ${needed})`);
    expect(field('Recommends')).toBeUndefined(); // no libappindicator3-1: it is gone from newer Ubuntu
  });

  it('.deb files: the app under /opt, desktop entry, MIME type, icon, the native artefacts unpacked', () => {
    const listing = execFileSync('dpkg-deb', ['-c', deb], { encoding: 'utf8' });
    const paths = new Set(listing.split('\n').filter(Boolean).map((line) => line.slice(line.indexOf('./') + 1).replace(/\/$/, '')));
    for (const path of ['/opt/Process Lab/process-lab', '/opt/Process Lab/chrome-sandbox', '/opt/Process Lab/resources/app.asar', '/usr/share/applications/process-lab.desktop', '/usr/share/mime/packages/process-lab.xml', '/usr/share/icons/hicolor/512x512/apps/process-lab.png']) {
      expect(paths, path).toContain(path);
    }
    for (const name of nativeArtefacts) {
      const unpacked = join(appDir, 'resources/app.asar.unpacked/native/build/Release', name);
      expect(existsSync(unpacked), name).toBe(true);
      expect(statSync(unpacked).mode & 0o111, `${name} keeps its execute bits`).toBe(statSync(join(release, name)).mode & 0o111);
    }
    expect(nativeArtefacts).toContain('process_lab.node');
    // The lab process executable: exec()ed from app.asar.unpacked, beside the addon.
    expect(nativeArtefacts).toContain('lab_process');
    expect([...paths].filter((p) => /obj\.target|\.deps|node_modules/.test(p))).toEqual([]);
    // After install: /usr/bin/process-lab links to the app's binary, which also answers the CLI.
    const postinst = execFileSync('sh', ['-c', `dpkg-deb --ctrl-tarfile "$0" | tar -xOf - ./postinst`, deb], { encoding: 'utf8' });
    expect(postinst).toContain("'/usr/bin/process-lab'");
    expect(postinst).toContain("'/opt/Process Lab/process-lab'");
  });

  it('.deb desktop entry opens .lab.json files, and desktop-file-validate accepts it', () => {
    const desktop = join(debRoot, 'usr/share/applications/process-lab.desktop');
    const entry = readFileSync(desktop, 'utf8');
    expect(entry).toMatch(/^Exec="\/opt\/Process Lab\/process-lab" %U$/m);
    expect(entry).toMatch(/^MimeType=application\/x-process-lab-scenario;$/m);
    expect(entry).toMatch(/^Icon=process-lab$/m);
    expect(entry).toMatch(/^StartupWMClass=process-lab$/m); // Electron's app_id: desktopName
    expect(execFileSync('desktop-file-validate', [desktop], { encoding: 'utf8' })).toBe('');
    expect(readFileSync(join(debRoot, 'usr/share/mime/packages/process-lab.xml'), 'utf8')).toContain('<glob pattern="*.lab.json"/>');
  });

  it('AppImage: the type-2 runtime (no libfuse2), the desktop entry, the *.lab.json glob, no forced --no-sandbox', () => {
    const image = readFileSync(appImage);
    expect(appImageType(image)).toBe(2);
    const runtimeSize = statSync(join(work, 'appimage-tools/runtimes/runtime-x64')).size;
    const squash = join(work, 'appimage-root');
    execFileSync('unsquashfs', ['-q', '-n', '-o', String(runtimeSize), '-d', squash, appImage], { stdio: 'ignore' });
    const entry = readFileSync(join(squash, 'process-lab.desktop'), 'utf8');
    expect(entry).toMatch(/^Exec=AppRun %U$/m);
    expect(entry).toMatch(/^MimeType=application\/x-process-lab-scenario;$/m);
    expect(execFileSync('desktop-file-validate', [join(squash, 'process-lab.desktop')], { encoding: 'utf8' })).toBe('');
    const mime = readdirSync(join(squash, 'usr/share/mime/packages')).map((f) => readFileSync(join(squash, 'usr/share/mime/packages', f), 'utf8')).join('\n');
    expect(mime).toContain('<glob pattern="*.lab.json"');
    expect(existsSync(join(squash, 'resources/app.asar'))).toBe(true);
    expect(existsSync(join(squash, 'resources/app.asar.unpacked/native/build/Release/process_lab.node'))).toBe(true);
    // AppRun adds --no-sandbox only where unprivileged user namespaces fail (SECURITY.md says so).
    expect(readFileSync(join(squash, 'AppRun'), 'utf8')).toMatch(/if \[ \$HAVE_NO_SANDBOX -eq 0 \] && ! unshare -Ur true/);
  });

  it('app.asar holds the bundles and package.json only: no node_modules, no sources, native parts unpacked', () => {
    const archive = join(appDir, 'resources/app.asar');
    const files = asarFiles(asar.getRawHeader(archive).header);
    const packed = [...files].filter(([, unpacked]) => !unpacked).map(([path]) => path);
    const unpacked = [...files].filter(([, isUnpacked]) => isUnpacked).map(([path]) => path);
    expect(packed).toEqual(expect.arrayContaining(['package.json', 'out/main/electron.js', 'out/main/cli.js', 'out/preload/index.cjs', 'out/renderer/index.html']));
    expect(packed.filter((path) => !path.startsWith('out/') && path !== 'package.json')).toEqual([]);
    expect(packed.filter((path) => path.endsWith('.map'))).toEqual([]);
    expect(unpacked.sort()).toEqual(nativeArtefacts.map((name) => `native/build/Release/${name}`).sort());
    const manifest = JSON.parse(asar.extractFile(archive, 'package.json').toString()) as { main: string; type: string };
    expect(manifest).toMatchObject({ main: 'out/main/electron.js', type: 'module' });
  });

  it('the packaged binary has every fuse as after-pack.cjs sets it', async () => {
    const wire = await getCurrentFuseWire(join(appDir, 'process-lab'));
    expect(Object.keys(wire).filter((key) => key !== 'version').length).toBe(Object.keys(FUSES).length);
    for (const [index, enabled] of Object.entries(FUSES)) expect(wire[index], `fuse ${index}`).toBe(enabled ? 0x31 : 0x30);
  });

  it('the installed layout runs a preset as `process-lab run` does (the binary as Node, app.asar, unpacked native parts)', () => {
    // Electron as Node reads inside app.asar; Node cannot, so the archive's packed files are laid
    // out at the same path, and the unpacked ones stay only in app.asar.unpacked, as installed.
    const resources = join(appDir, 'resources');
    const archive = join(work, 'app.asar');
    renameSync(join(resources, 'app.asar'), archive);
    for (const [path, unpacked] of asarFiles(asar.getRawHeader(archive).header)) {
      if (unpacked) continue;
      const target = join(resources, 'app.asar', path);
      mkdirSync(dirname(target), { recursive: true });
      writeFileSync(target, asar.extractFile(archive, path));
    }
    const state = join(work, 'state');
    mkdirSync(state, { mode: 0o700 });
    chmodSync(state, 0o700);
    const env: NodeJS.ProcessEnv = { ...process.env, XDG_RUNTIME_DIR: state, XDG_DATA_HOME: join(state, 'data') };
    // Nothing points back at the checkout: the addon and lab_process are found beside the unpacked archive.
    delete env.PROCESS_LAB_ADDON;
    delete env.PROCESS_LAB_EXE;
    const run = cliInvocation(join(appDir, 'process-lab'), join(resources, 'app.asar/out/main/cli.js'), ['run', 'parent-child-pipe', '--json'], env);
    const result = spawnSync(run.command, run.args, { env: run.env, encoding: 'utf8', timeout: 120_000 });
    expect(result.status, result.stderr).toBe(0);
    const events = result.stdout.split('\n').filter(Boolean).map((line) => JSON.parse(line) as { type: string; pid?: number });
    const pids = events.flatMap((e) => (e.type === 'process.start' && e.pid ? [e.pid] : []));
    expect(pids.length).toBeGreaterThan(0);
    expect(events.at(-1)).toMatchObject({ type: 'run.end' });
  });
});
