// Electron's native dialogs behind the small interfaces the shell's modules use. Electron's
// `dialog` is passed in (not imported) so tests can hand a double.
import { join } from 'node:path';
import type { BaseWindow, Dialog, FileFilter } from 'electron';
import type { Dialogs } from './files';
import type { FailedSaveChoice, UnsavedChoice } from './close-guard';

export type DialogApi = Pick<Dialog, 'showOpenDialog' | 'showSaveDialog' | 'showMessageBox'>;

const SCENARIO_FILTER: FileFilter = { name: 'Process Lab scenario', extensions: ['json'] };

function filtersFor(suggestedName: string): FileFilter[] {
  if (suggestedName.toLowerCase().endsWith('.c')) return [{ name: 'C source', extensions: ['c'] }];
  return [SCENARIO_FILTER];
}

export function electronDialogs(dialog: DialogApi, parent: () => BaseWindow | undefined, defaultDir: () => string): Dialogs {
  return {
    async pickFileToOpen() {
      const options = { title: 'Open a scenario', properties: ['openFile' as const], filters: [SCENARIO_FILTER, { name: 'All files', extensions: ['*'] }] };
      const window = parent();
      const result = window ? await dialog.showOpenDialog(window, options) : await dialog.showOpenDialog(options);
      return result.canceled ? undefined : result.filePaths[0];
    },
    async pickFileToSave(suggestedName) {
      // Only the base name is used: the renderer suggests a name, never a folder.
      const name = suggestedName.replace(/^.*[\\/]/, '') || 'scenario.lab.json';
      const options = { title: 'Save', defaultPath: join(defaultDir(), name), filters: filtersFor(name), properties: ['showOverwriteConfirmation' as const] };
      const window = parent();
      const result = window ? await dialog.showSaveDialog(window, options) : await dialog.showSaveDialog(options);
      return result.canceled || !result.filePath ? undefined : result.filePath;
    },
  };
}

/** Save / Don't Save / Cancel, as every desktop editor asks. */
export async function askAboutUnsavedChanges(dialog: DialogApi, window: BaseWindow, title: string): Promise<UnsavedChoice> {
  const { response } = await dialog.showMessageBox(window, {
    type: 'warning',
    buttons: ['Save', "Don't Save", 'Cancel'],
    defaultId: 0,
    cancelId: 2,
    noLink: true,
    message: `Save the changes to “${title}” before closing?`,
    detail: 'Your changes will be lost if you don’t save them.',
  });
  return response === 0 ? 'save' : response === 1 ? 'discard' : 'cancel';
}

/** The save before closing failed: say why, then Try Again / Don't Save / Cancel. */
export async function askAfterFailedSave(dialog: DialogApi, window: BaseWindow, title: string, reason: string): Promise<FailedSaveChoice> {
  const { response } = await dialog.showMessageBox(window, {
    type: 'error',
    buttons: ['Try Again', "Don't Save", 'Cancel'],
    defaultId: 0,
    cancelId: 2,
    noLink: true,
    message: `“${title}” could not be saved.`,
    detail: `${reason}\n\nTry again (Save As picks another place), close without saving, or cancel to keep the window open.`,
  });
  return response === 0 ? 'retry' : response === 1 ? 'discard' : 'cancel';
}
