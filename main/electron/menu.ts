// The application menu as data: each item either pushes a command to the renderer (the
// contract's MENU_COMMAND_PUSH, main/contract/menu.ts) or uses one of Electron's roles (zoom, about,
// quit). Built from plain inputs so tests can click every item without Electron.
import { basename } from 'node:path';
import type { MenuItemConstructorOptions } from 'electron';
import type { MenuCommand, MenuCommandPayload } from '../contract/menu';

export interface MenuInputs {
  platform: NodeJS.Platform;
  /** Developer tools only in a checkout: a packaged app gives students no page debugger to break things with. */
  isPackaged: boolean;
  /** Most recent first (main/electron/recent.ts). */
  recent: readonly string[];
  send(payload: MenuCommandPayload): void;
  clearRecent(): void;
}

/**
 * The keys shown in the menu. They match the page's own shortcuts (renderer useAppShortcuts:
 * Ctrl+N/O/S/Z/Shift+Z, F5, Shift+F5, F6, Ctrl+Shift+L), which also work in browser mode.
 */
export const ACCELERATORS: Partial<Record<MenuCommand, string>> = {
  'file.new': 'CmdOrCtrl+N',
  'file.open': 'CmdOrCtrl+O',
  'file.save': 'CmdOrCtrl+S',
  'file.saveAs': 'CmdOrCtrl+Shift+S',
  'file.exportC': 'CmdOrCtrl+E',
  'edit.undo': 'CmdOrCtrl+Z',
  'edit.redo': 'CmdOrCtrl+Shift+Z',
  'run.start': 'F5',
  'run.stop': 'Shift+F5',
  'run.pause': 'F6', // Pause / Resume: the page's F6 toggles (one key, one item: macOS would fire both)
  'view.theme.toggle': 'CmdOrCtrl+Shift+L',
  'view.panel.problems': 'CmdOrCtrl+1',
  'view.panel.processes': 'CmdOrCtrl+2',
  'view.panel.console': 'CmdOrCtrl+3',
  'view.panel.timeline': 'CmdOrCtrl+4',
  'help.lessons': 'F1',
};

/**
 * Keys the page already handles itself. The menu shows them but does not register them
 * (registerAccelerator: false, Linux and Windows), so one key press never acts twice, and in a
 * text field Ctrl+Z stays the field's own undo. macOS ignores registerAccelerator; there a key
 * the page captured (preventDefault) does not reach the menu either.
 */
export const PAGE_HANDLED: ReadonlySet<MenuCommand> = new Set<MenuCommand>([
  'file.new', 'file.open', 'file.save', 'edit.undo', 'edit.redo',
  'run.start', 'run.stop', 'run.pause', 'view.theme.toggle',
]);

export function menuTemplate(inputs: MenuInputs): MenuItemConstructorOptions[] {
  const command = (id: MenuCommand, label: string): MenuItemConstructorOptions => ({
    id,
    label,
    accelerator: ACCELERATORS[id],
    ...(PAGE_HANDLED.has(id) ? { registerAccelerator: false } : {}),
    click: () => inputs.send({ command: id }),
  });
  const recentItems: MenuItemConstructorOptions[] = inputs.recent.map((path, index) => ({
    id: `file.openRecent.${index}`,
    label: basename(path),
    toolTip: path,
    click: () => inputs.send({ command: 'file.openPath', path }),
  }));
  const mac = inputs.platform === 'darwin';

  const template: MenuItemConstructorOptions[] = [
    {
      label: '&File',
      submenu: [
        command('file.new', 'New Scenario'),
        command('file.open', 'Open…'),
        {
          id: 'file.openRecent',
          label: 'Open Recent',
          submenu: [
            ...(recentItems.length ? recentItems : [{ label: 'No recent scenarios', enabled: false }]),
            { type: 'separator' },
            { id: 'file.clearRecent', label: 'Clear Recent', enabled: recentItems.length > 0, click: () => inputs.clearRecent() },
          ],
        },
        { type: 'separator' },
        command('file.save', 'Save'),
        command('file.saveAs', 'Save As…'),
        command('file.exportC', 'Export as C…'),
        { type: 'separator' },
        // Cmd+W / Ctrl+W closes the window (through the unsaved-changes prompt); macOS puts Quit in the app menu.
        { role: 'close' },
        ...(mac ? [] : [{ role: 'quit' } as const]),
      ],
    },
    {
      label: '&Edit',
      submenu: [
        command('edit.undo', 'Undo'),
        command('edit.redo', 'Redo'),
        { type: 'separator' },
        // Text fields keep their clipboard: these roles act on the focused field.
        { role: 'cut' }, { role: 'copy' }, { role: 'paste' }, { role: 'selectAll' },
      ],
    },
    {
      label: '&Run',
      submenu: [command('run.start', 'Run'), command('run.stop', 'Stop'), { type: 'separator' }, command('run.pause', 'Pause / Resume'), command('run.resume', 'Resume')],
    },
    {
      label: '&View',
      submenu: [
        { role: 'zoomIn' }, { role: 'zoomOut' }, { role: 'resetZoom' },
        { type: 'separator' },
        { label: 'Theme', submenu: [command('view.theme.light', 'Light'), command('view.theme.dark', 'Dark'), command('view.theme.toggle', 'Toggle Light/Dark')] },
        {
          label: 'Panels',
          submenu: [
            command('view.panel.problems', 'Problems'),
            command('view.panel.processes', 'Processes'),
            command('view.panel.console', 'Console'),
            command('view.panel.timeline', 'Timeline'),
          ],
        },
        { type: 'separator' },
        { role: 'togglefullscreen' },
        ...(inputs.isPackaged ? [] : [{ role: 'toggleDevTools' } as const]),
      ],
    },
    // macOS: the Window menu (Minimize Cmd+M, Zoom, Bring All to Front), which the system expects.
    ...(mac ? [{ role: 'windowMenu' } as const] : []),
    {
      role: 'help',
      label: '&Help',
      // Electron's about panel (app.setAboutPanelOptions): native on macOS and Linux.
      submenu: [command('help.lessons', 'Lessons'), ...(mac ? [] : [{ type: 'separator' } as const, { role: 'about' } as const])],
    },
  ];
  // macOS puts About and Quit in the menu named after the app.
  if (mac) template.unshift({ role: 'appMenu' });
  return template;
}

/** Every item with an id, depth first, for tests and lookups. */
export function flattenMenu(items: readonly MenuItemConstructorOptions[]): MenuItemConstructorOptions[] {
  return items.flatMap((item) => [item, ...(Array.isArray(item.submenu) ? flattenMenu(item.submenu) : [])]);
}
