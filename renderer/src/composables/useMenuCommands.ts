/**
 * The desktop shell's application menu reaches the page as 'menu.command' pushes
 * (main/contract/menu.ts); this maps each to the same actions the toolbar uses. Browser mode
 * has no native menu and never receives them. Also keeps the shell told whether the document
 * has unsaved changes, for its prompt on close.
 */
import { watch } from 'vue';
import { storeToRefs } from 'pinia';
import type { MenuCommandPayload } from '@contract/menu';
import { labClient } from '../transport/client';
import { useRunStore } from '../stores/run';
import { useScenarioStore } from '../stores/scenario';
import { useUiStore } from '../stores/ui';
import { useDocumentActions } from './useDocumentActions';
import { useRunActions } from './useAppShortcuts';
import { electronFiles } from './electronFiles';
import { setFilePort } from './useFiles';
import { isTyping } from './useShortcuts';

export function useMenuCommands(): void {
  const client = labClient();
  if (client.kind !== 'electron') return;
  const files = electronFiles();
  setFilePort(files);
  const actions = useDocumentActions();
  const scenario = useScenarioStore();
  const run = useRunStore();
  const ui = useUiStore();
  const { dirty, doc } = storeToRefs(scenario);
  const { startRun } = useRunActions();

  const tellDirty = (value: boolean) => void client.call('document.setDirty', { dirty: value, ...(doc.value?.title ? { title: doc.value.title } : {}) }).catch(() => {});
  watch(dirty, (value) => tellDirty(value), { immediate: true });

  async function save(closeAfter: boolean): Promise<void> {
    try {
      await actions.save();
    } finally {
      // The shell waits for this answer before it closes the window (or stays open), even when
      // the save failed (it hears the failure itself and asks Try Again / Don't Save / Cancel).
      if (closeAfter) tellDirty(dirty.value);
    }
  }

  const handlers: Record<MenuCommandPayload['command'], (payload: MenuCommandPayload) => unknown> = {
    'file.new': () => actions.newScenario(),
    'file.open': () => actions.openFile(),
    'file.openPath': async (payload) => {
      const opened = await files.openPath(payload.path!);
      await actions.openText(opened.name, opened.text);
    },
    'file.save': (payload) => save(payload.closeAfter === true),
    'file.saveAs': () => {
      files.currentPath = null;
      return actions.save();
    },
    'file.exportC': () => actions.exportC(),
    // macOS's menu takes Cmd+Z before the page sees it: a focused text field keeps its own undo.
    'edit.undo': () => (isTyping(document.activeElement) ? document.execCommand('undo') : scenario.undo()),
    'edit.redo': () => (isTyping(document.activeElement) ? document.execCommand('redo') : scenario.redo()),
    // As the toolbar's Run: problems checked first, the time settings and the file name sent.
    'run.start': () => startRun(),
    'run.stop': () => run.stop(),
    // F6 (the menu's Pause / Resume on macOS, where the menu takes the key) toggles, as the page's F6 does.
    'run.pause': () => (run.phase === 'live' || run.phase === 'paused') && run.togglePause(),
    'run.resume': () => run.phase === 'paused' && run.togglePause(),
    'view.theme.light': () => (ui.theme = 'light'),
    'view.theme.dark': () => (ui.theme = 'dark'),
    'view.theme.toggle': () => ui.toggleTheme(),
    'view.panel.problems': () => (ui.bottomTab = 'problems'),
    'view.panel.processes': () => (ui.bottomTab = 'processes'),
    'view.panel.console': () => (ui.bottomTab = 'console'),
    'view.panel.timeline': () => (ui.bottomTab = 'timeline'),
    'help.lessons': () => (ui.area = 'lessons'),
  };

  client.on('menu.command', (command) => {
    const handler = handlers[command.command];
    if (!handler) return;
    ui.area = command.command.startsWith('help.') ? ui.area : command.command.startsWith('view.') ? ui.area : 'lab';
    Promise.resolve(handler(command)).catch((caught: unknown) => ui.toast(caught instanceof Error ? caught.message : String(caught), 'error'));
  });
}
