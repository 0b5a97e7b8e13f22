// macOS signing and notarization come from the standard variables electron-builder reads; this
// says loudly, at packing time, when they are absent, because Gatekeeper blocks an unsigned or
// unnotarized dmg ("cannot be opened because the developer cannot be verified").
//   signing:      CSC_LINK (+ CSC_KEY_PASSWORD) or CSC_NAME, else a Developer ID found in the keychain
//   notarization: APPLE_API_KEY + APPLE_API_KEY_ID + APPLE_API_ISSUER, or APPLE_ID +
//                 APPLE_APP_SPECIFIC_PASSWORD + APPLE_TEAM_ID, or APPLE_KEYCHAIN_PROFILE

const NOTARY_SETS = [
  ['APPLE_API_KEY', 'APPLE_API_KEY_ID', 'APPLE_API_ISSUER'],
  ['APPLE_ID', 'APPLE_APP_SPECIFIC_PASSWORD', 'APPLE_TEAM_ID'],
  ['APPLE_KEYCHAIN_PROFILE'],
];

/** What is missing for a dmg Gatekeeper opens: [] when signing and notarization are configured. */
function macSigningGaps(env) {
  const gaps = [];
  if (!env.CSC_LINK && !env.CSC_NAME) gaps.push('no signing identity in CSC_LINK or CSC_NAME (electron-builder falls back to a Developer ID in the keychain, if there is one)');
  if (!NOTARY_SETS.some((names) => names.every((name) => env[name]))) gaps.push('no notarization credentials (APPLE_API_KEY/APPLE_API_KEY_ID/APPLE_API_ISSUER, APPLE_ID/APPLE_APP_SPECIFIC_PASSWORD/APPLE_TEAM_ID or APPLE_KEYCHAIN_PROFILE)');
  return gaps;
}

/** Prints one loud block when the dmg will not pass Gatekeeper; returns whether it printed. */
function warnAboutMacSigning(env, log = console.warn) {
  const gaps = macSigningGaps(env);
  if (gaps.length === 0) return false;
  log(`\n!!! macOS: this dmg will be blocked by Gatekeeper: ${gaps.join('; ')}.\n!!! Set them (see electron-builder.yml, mac:) for a release build.\n`);
  return true;
}

module.exports = { macSigningGaps, warnAboutMacSigning };
