// The desktop shell's handlers of files.* and document.setDirty (main/contract/files.ts), given
// to createLab as overrides. The renderer never names an arbitrary file: files.read and a save
// without a dialog accept only paths the user chose (a dialog, the recent list, the command
// line, the file manager), held in `chosen`. Electron's dialogs come in through `dialogs`.
import { readFile, rename, rm, stat, writeFile } from 'node:fs/promises';
import { extname, isAbsolute, resolve } from 'node:path';
import { DOCUMENT_MAX_BYTES } from '../contract/files';
import { LabFailure } from '../contract/envelope';
import { formatFileSize } from '../contract/units';
import type { Handlers } from '../engine/dispatch';
import type { SaveOutcome } from './close-guard';
import type { RecentDocuments } from './recent';

/** The native dialogs, reduced to what the handlers need (electron-dialogs.ts adapts Electron's). */
export interface Dialogs {
  /** The chosen file, or undefined when cancelled. */
  pickFileToOpen(): Promise<string | undefined>;
  pickFileToSave(suggestedName: string): Promise<string | undefined>;
}

export interface FileHandlerDeps {
  dialogs: Dialogs;
  recent: RecentDocuments;
  /** The OS's own recent list (app.addRecentDocument: macOS Dock, Windows Jump List). */
  addToSystemRecent(path: string): void;
  /** The menu shows the recent list: rebuild it when the list changes. */
  recentChanged(): void;
  setDirty(dirty: boolean, title: string | undefined): void;
  /** Each save's outcome, for the close guard (a close may be waiting on it). */
  saveOutcome?(outcome: SaveOutcome): void;
}

export type FileHandlers = Pick<Handlers, 'files.openDialog' | 'files.saveDialog' | 'files.recent' | 'files.read' | 'document.setDirty'>;

/** A scenario document, as opposed to an export (.c) that Open cannot read back. */
function isScenarioPath(path: string): boolean {
  return extname(path).toLowerCase() === '.json';
}

export class ChosenPaths {
  private readonly paths = new Set<string>();

  add(path: string): string {
    const absolute = resolve(path);
    this.paths.add(absolute);
    return absolute;
  }

  /** Only the exact absolute path chosen: no resolving of what the renderer sent. */
  has(path: string): boolean {
    return isAbsolute(path) && this.paths.has(path);
  }
}

async function readDocument(path: string): Promise<string> {
  const info = await stat(path);
  if (!info.isFile()) throw new LabFailure('INVALID_ARGUMENT', `${path} is not a file.`);
  if (info.size > DOCUMENT_MAX_BYTES) throw new LabFailure('INVALID_ARGUMENT', `${path} is ${formatFileSize(info.size)}; a scenario is at most ${formatFileSize(DOCUMENT_MAX_BYTES)}.`);
  return readFile(path, 'utf8');
}

/** Written beside the target then renamed (rename(2) is atomic): a full disk never leaves half a file. */
async function writeDocument(path: string, text: string): Promise<void> {
  const temporary = `${path}.${process.pid}.tmp`;
  try {
    await writeFile(temporary, text, 'utf8');
    await rename(temporary, path);
  } catch (error) {
    await rm(temporary, { force: true }).catch(() => undefined); // a full disk leaves no half file either
    throw error;
  }
}

export function createFileHandlers(deps: FileHandlerDeps, chosen = new ChosenPaths()): { handlers: FileHandlers; chosen: ChosenPaths; remember(path: string): string } {
  for (const path of deps.recent.list()) chosen.add(path);

  const remember = (path: string): string => {
    const absolute = chosen.add(path);
    if (isScenarioPath(absolute)) {
      deps.recent.add(absolute);
      deps.addToSystemRecent(absolute);
      deps.recentChanged();
    }
    return absolute;
  };

  const handlers: FileHandlers = {
    'files.openDialog': async () => {
      const picked = await deps.dialogs.pickFileToOpen();
      if (!picked) return null;
      const text = await readDocument(picked);
      return { path: remember(picked), text };
    },
    'files.saveDialog': async ({ text, suggestedName, path }) => {
      // A path the user chose before is saved to directly (Save); anything else asks (Save As).
      const target = path !== undefined && chosen.has(path) ? path : await deps.dialogs.pickFileToSave(suggestedName);
      if (!target) {
        deps.saveOutcome?.({ cancelled: true });
        return null;
      }
      try {
        await writeDocument(target, text);
      } catch (error) {
        deps.saveOutcome?.({ failed: error instanceof Error ? error.message : String(error) });
        throw error;
      }
      deps.saveOutcome?.({ saved: target });
      return { path: remember(target) };
    },
    'files.recent': () => deps.recent.list(),
    'files.read': async ({ path }) => {
      if (!chosen.has(path)) {
        throw new LabFailure('FORBIDDEN', 'files.read opens only a file chosen in a dialog, in Open Recent, or given to the app to open.');
      }
      try {
        const text = await readDocument(path);
        remember(path);
        return { text };
      } catch (error) {
        // A recent file that was moved or deleted leaves the list.
        if ((error as NodeJS.ErrnoException).code === 'ENOENT') {
          deps.recent.remove(path);
          deps.recentChanged();
        }
        throw error;
      }
    },
    'document.setDirty': ({ dirty, title }) => {
      deps.setDirty(dirty, title);
      return {};
    },
  };
  return { handlers, chosen, remember };
}
