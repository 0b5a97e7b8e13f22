/**
 * The desktop app's file port: native dialogs and recent files through the contract
 * (files.openDialog / files.saveDialog); the shell checks every path itself. The path of the
 * open document is kept so a plain Save writes to it without asking again.
 */
import { labClient } from '../transport/client';
import type { FilePort } from './useFiles';

const baseName = (path: string) => path.split(/[\\/]/).pop() ?? path;

export function electronFiles(): FilePort & { currentPath: string | null; openPath(path: string): Promise<{ name: string; text: string }> } {
  const port = {
    currentPath: null as string | null,
    async open() {
      const picked = await labClient().call('files.openDialog', {});
      if (!picked) return null;
      port.currentPath = picked.path;
      return { name: baseName(picked.path), text: picked.text };
    },
    async save(suggestedName: string, text: string) {
      const sameFile = port.currentPath && baseName(port.currentPath) === suggestedName ? { path: port.currentPath } : {};
      const saved = await labClient().call('files.saveDialog', { text, suggestedName, ...sameFile });
      if (!saved) return null;
      if (suggestedName.endsWith('.lab.json')) port.currentPath = saved.path;
      return baseName(saved.path);
    },
    async openPath(path: string) {
      const { text } = await labClient().call('files.read', { path });
      port.currentPath = path;
      return { name: baseName(path), text };
    },
  };
  return port;
}
