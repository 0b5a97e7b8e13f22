// A stub Electron distribution for packing with electron-builder where Electron's binary cannot
// be downloaded: a directory shaped like Electron's Linux zip, whose `electron` is a stand-in
// executable carrying Electron 45's fuse wire (the sentinel, version 1, nine fuses at Electron's
// defaults, from build/fuses/fuses.json5 at the pinned tag). With ELECTRON_RUN_AS_NODE=1 the
// stand-in is Node, as Electron is; otherwise it says it has no window and fails.
import { chmodSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

/** @electron/fuses' sentinel: the fuse wire follows it in Electron's binary. */
const FUSE_SENTINEL = 'dL7pKGdnNz796PbbjQWNKmHXBZaB9tsX';
/** Electron 45's fuses as shipped: '1' on, '0' off, in FuseV1Options order (index 0 RunAsNode … 8 WasmTrapHandlers). */
const ELECTRON_45_DEFAULT_FUSES = '101100011';

/** Creates the distribution in `dir` (empty or missing); returns `dir`. */
export function makeStubElectronDist(dir: string, version: string): string {
  mkdirSync(join(dir, 'locales'), { recursive: true });
  mkdirSync(join(dir, 'resources'), { recursive: true });
  const wire = Buffer.concat([Buffer.from(FUSE_SENTINEL), Buffer.from([1, ELECTRON_45_DEFAULT_FUSES.length]), Buffer.from(ELECTRON_45_DEFAULT_FUSES)]);
  const script = [
    '#!/bin/sh',
    '# Stand-in for Electron (packaging test): Electron as Node is Node; there is no window here.',
    `if [ "$ELECTRON_RUN_AS_NODE" = 1 ]; then exec '${process.execPath}' "$@"; fi`,
    'echo "stub Electron: no window here" >&2',
    'exit 1',
    '# fuse wire: ',
  ].join('\n');
  writeFileSync(join(dir, 'electron'), Buffer.concat([Buffer.from(script), wire, Buffer.from('\n')]));
  chmodSync(join(dir, 'electron'), 0o755);
  for (const file of ['chrome-sandbox', 'chrome_crashpad_handler']) {
    writeFileSync(join(dir, file), '#!/bin/sh\nexit 0\n');
    chmodSync(join(dir, file), 0o755);
  }
  for (const file of ['libEGL.so', 'libGLESv2.so', 'libffmpeg.so', 'libvk_swiftshader.so', 'vk_swiftshader_icd.json', 'icudtl.dat', 'resources.pak', 'chrome_100_percent.pak', 'chrome_200_percent.pak', 'snapshot_blob.bin', 'v8_context_snapshot.bin', 'locales/en-US.pak']) {
    writeFileSync(join(dir, file), `stub ${file}\n`);
  }
  writeFileSync(join(dir, 'LICENSE'), 'Stub of Electron\'s LICENSE (MIT).\n');
  writeFileSync(join(dir, 'LICENSES.chromium.html'), '<p>Stub of Chromium\'s licenses.</p>\n');
  writeFileSync(join(dir, 'version'), `${version}\n`);
  return dir;
}
