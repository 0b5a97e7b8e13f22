// What the desktop shell's application menu (and its keyboard shortcuts) asks the renderer to
// do. The shell pushes each as an event on the ordinary event channel:
//   ipcRenderer 'lab:event' (IPC_EVENT_CHANNEL), push name MENU_COMMAND_PUSH (channels.ts), payload
//   MenuCommandPayload, so the renderer subscribes the way it does to run events. Browser mode has no
// native menu and never sends these; its toolbar calls the same renderer actions directly.
import { z } from 'zod';

/**
 * Every command, and what the renderer is expected to do with it:
 * - file.new            start an empty scenario (ask first if the document is dirty)
 * - file.open           ask about unsaved changes, then call files.openDialog
 * - file.openPath       open `path` with files.read: chosen in Open Recent, given on the command
 *                       line, by the file manager or a second launch (the shell allowlisted it)
 * - file.save           save: files.saveDialog with the current `path` (no dialog when the file was
 *                       opened or saved before). With `closeAfter: true` the window is waiting to
 *                       close: answer document.setDirty({ dirty: false }) once saved (the shell then
 *                       closes it) or document.setDirty({ dirty: true }) if the user cancelled
 * - file.saveAs         files.saveDialog without `path` (always a dialog)
 * - file.exportC        export the scenario as C and save it with files.saveDialog ('*.c')
 * - edit.undo/redo      the editor's history (a focused text field keeps its own undo)
 * - run.start/stop/pause/resume   the run toolbar's buttons
 * - view.theme.light/dark/toggle  the theme (toggle: the page's own Ctrl+Shift+L)
 * - view.panel.problems/processes/console/timeline   show that bottom panel
 * - help.lessons        open the guide
 * Zoom (View) and About (Help) are handled by the shell itself and are not sent.
 */
export const MENU_COMMANDS = [
  'file.new',
  'file.open',
  'file.openPath',
  'file.save',
  'file.saveAs',
  'file.exportC',
  'edit.undo',
  'edit.redo',
  'run.start',
  'run.stop',
  'run.pause',
  'run.resume',
  'view.theme.light',
  'view.theme.dark',
  'view.theme.toggle',
  'view.panel.problems',
  'view.panel.processes',
  'view.panel.console',
  'view.panel.timeline',
  'help.lessons',
] as const;

const menuCommandSchema = z.enum(MENU_COMMANDS);
export type MenuCommand = z.infer<typeof menuCommandSchema>;

export const menuCommandPayloadSchema = z
  .object({
    command: menuCommandSchema,
    /** file.openPath: the document to read with files.read. */
    path: z.string().min(1).optional(),
    /** file.save: the window closes once the renderer reports the document clean. */
    closeAfter: z.boolean().optional(),
  })
  .strict()
  .refine((payload) => (payload.command === 'file.openPath') === (payload.path !== undefined), {
    message: 'file.openPath carries a path, and only it does',
  });
export type MenuCommandPayload = z.infer<typeof menuCommandPayloadSchema>;
