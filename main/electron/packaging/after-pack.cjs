// electron-builder afterPack hook: flips Electron's fuses in the packaged binary (before signing).
// Fuses are build-time switches in the Electron executable that no command-line flag or
// environment variable can turn back on. CommonJS because electron-builder require()s hooks.
const { join } = require('node:path');
// @electron/fuses 2 is an ES module: require() loads it from Node 20.19 on (require(esm)).
const { flipFuses, FuseV1Options, FuseVersion } = require('@electron/fuses');
const { warnAboutMacSigning } = require('./mac-signing.cjs');

/** Each fuse set explicitly, with why; a test checks every fuse @electron/fuses knows is listed. */
const FUSES = {
  // ENABLED on purpose: the mechanism benchmark's two sides are Electron's own binary run as
  // plain Node (ELECTRON_RUN_AS_NODE=1, main/engine/bench/pair.ts); the packaged app has no other
  // Node. (Lab processes are the native executable native/build/Release/lab_process.)
  [FuseV1Options.RunAsNode]: true,
  // Cookies and localStorage encrypted at rest with the OS keychain.
  [FuseV1Options.EnableCookieEncryption]: true,
  // NODE_OPTIONS could inject code (--require) into the app's main process.
  [FuseV1Options.EnableNodeOptionsEnvironmentVariable]: false,
  // --inspect and friends would let anyone with a shell attach a debugger to the main process.
  [FuseV1Options.EnableNodeCliInspectArguments]: false,
  // The app's code is checked against the hash electron-builder embeds (macOS and Windows;
  // Linux ignores this fuse today).
  [FuseV1Options.EnableEmbeddedAsarIntegrityValidation]: true,
  // Only app.asar is loaded: no app/ folder dropped beside it takes over.
  [FuseV1Options.OnlyLoadAppFromAsar]: true,
  // Not used: the default V8 snapshot.
  [FuseV1Options.LoadBrowserProcessSpecificV8Snapshot]: false,
  // Pages come from app://, never file://: file:// needs none of its legacy extra privileges.
  [FuseV1Options.GrantFileProtocolExtraPrivileges]: false,
  // ENABLED (Electron's default): V8's WebAssembly trap handlers catch out-of-bounds accesses with
  // a signal instead of a check per access. The lab runs no WebAssembly; kept as Electron ships it.
  [FuseV1Options.WasmTrapHandlers]: true,
};

function fuseConfig(platform, arch) {
  return {
    version: FuseVersion.V1,
    // A newer Electron with a fuse not listed above fails the build instead of inheriting its
    // default silently: someone must decide its value (and update @electron/fuses).
    strictlyRequireAllFuses: true,
    // Flipping fuses breaks macOS's ad-hoc signature of an arm64 binary; re-sign it ad hoc.
    resetAdHocDarwinSignature: platform === 'darwin' && arch === 'arm64',
    ...FUSES,
  };
}

/** The executable inside electron-builder's output folder. */
function electronBinary(context) {
  const name = context.packager.appInfo.productFilename;
  switch (context.electronPlatformName) {
    case 'darwin':
    case 'mas':
      return join(context.appOutDir, `${name}.app`, 'Contents', 'MacOS', name);
    case 'win32':
      return join(context.appOutDir, `${name}.exe`);
    default:
      return join(context.appOutDir, context.packager.executableName);
  }
}

// electron-builder's Arch enum: 0 ia32, 1 x64, 2 armv7l, 3 arm64, 4 universal.
const ARCH_NAMES = ['ia32', 'x64', 'armv7l', 'arm64', 'universal'];

async function afterPack(context) {
  const binary = electronBinary(context);
  await flipFuses(binary, fuseConfig(context.electronPlatformName, ARCH_NAMES[context.arch]));
  console.log(`after-pack: fuses set on ${binary} (RunAsNode kept on for the lab's processes).`);
  if (context.electronPlatformName === 'darwin' || context.electronPlatformName === 'mas') warnAboutMacSigning(process.env);
}

module.exports = afterPack;
module.exports.default = afterPack;
module.exports.FUSES = FUSES;
module.exports.fuseConfig = fuseConfig;
module.exports.electronBinary = electronBinary;
