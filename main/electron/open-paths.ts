// Documents handed to the app from outside: the command line (`process-lab foo.lab.json`, the
// file manager's "Open with", a second launch forwarded by 'second-instance') and macOS's
// 'open-file'. Only arguments naming a scenario file count: Chromium adds switches of its own
// to a second instance's argv, and the first arguments are the executable and, unpackaged, the app.
import { isAbsolute, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const DOCUMENT_SUFFIX = '.lab.json';

/** A local file:// URI as a path (file managers pass them for %U), else undefined. */
function pathOfFileUri(arg: string): string | undefined {
  if (!/^file:/i.test(arg)) return undefined;
  try {
    return fileURLToPath(arg); // decodes %20 and friends; refuses file://otherhost/...
  } catch {
    return undefined;
  }
}

export function documentPathsFromArgv(argv: readonly string[], workingDirectory: string): string[] {
  return argv
    .slice(1)
    .filter((arg) => !arg.startsWith('-'))
    .map((arg) => pathOfFileUri(arg) ?? arg)
    .filter((arg) => !/^[a-z][a-z0-9+.-]*:/i.test(arg) && arg.toLowerCase().endsWith(DOCUMENT_SUFFIX))
    .map((arg) => (isAbsolute(arg) ? arg : resolve(workingDirectory, arg)));
}

/** The slice of Electron's app for the single-instance lock. */
export interface SingleInstanceApp {
  requestSingleInstanceLock(): boolean;
  on(event: 'second-instance', listener: (event: unknown, argv: string[], workingDirectory: string) => void): unknown;
}

/**
 * One app per user: a second launch hands its documents to the first and exits, so one engine
 * owns the user's run journal and its cleanup. Returns false in the second instance.
 */
export function claimSingleInstance(app: SingleInstanceApp, onSecondLaunch: (paths: string[]) => void): boolean {
  if (!app.requestSingleInstanceLock()) return false;
  app.on('second-instance', (_event, argv, workingDirectory) => onSecondLaunch(documentPathsFromArgv(argv, workingDirectory)));
  return true;
}
