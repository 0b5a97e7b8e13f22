/** The app's shortcuts, in one list the shortcuts dialog also shows. */
import { storeToRefs } from 'pinia';
import { useScenarioStore } from '../stores/scenario';
import { useRunStore } from '../stores/run';
import { useUiStore } from '../stores/ui';
import { useProblemsStore } from '../stores/problems';
import { useDocumentActions } from './useDocumentActions';
import { type Shortcut, key, useShortcuts } from './useShortcuts';

export function useRunActions() {
  const scenario = useScenarioStore();
  const run = useRunStore();
  const ui = useUiStore();
  const problems = useProblemsStore();
  const { errors } = storeToRefs(problems);
  async function startRun(): Promise<void> {
    if (!scenario.doc || run.active) return;
    if (errors.value.length) {
      ui.bottomTab = 'problems';
      ui.toast('Fix the problems first: a scenario with errors cannot run.', 'error');
      return;
    }
    ui.bottomTab = 'processes';
    const ok = await run.start(scenario.doc);
    if (!ok && run.error) ui.toast(`Run failed to start: ${run.error}`, 'error', 8000);
  }
  return { startRun };
}

export function appShortcuts(): Shortcut[] {
  const scenario = useScenarioStore();
  const run = useRunStore();
  const ui = useUiStore();
  const files = useDocumentActions();
  const { startRun } = useRunActions();
  return [
    { keys: 'Ctrl+N', does: 'New scenario', match: key('n', { ctrl: true, shift: false }), run: () => void files.newScenario(), global: true },
    { keys: 'Ctrl+O', does: 'Open a .lab.json file', match: key('o', { ctrl: true }), run: () => void files.openFile(), global: true },
    { keys: 'Ctrl+S', does: 'Save', match: key('s', { ctrl: true }), run: () => void files.save(), global: true },
    { keys: 'Ctrl+Z', does: 'Undo', match: key('z', { ctrl: true, shift: false }), run: () => void scenario.undo() },
    { keys: 'Ctrl+Shift+Z', does: 'Redo', match: key('z', { ctrl: true, shift: true }), run: () => void scenario.redo() },
    { keys: 'Ctrl+Y', does: 'Redo', match: key('y', { ctrl: true }), run: () => void scenario.redo() },
    { keys: 'F5', does: 'Run', match: key('F5', { shift: false }), run: () => void startRun(), global: true },
    { keys: 'Shift+F5', does: 'Stop the run', match: key('F5', { shift: true }), run: () => void run.stop(), global: true },
    { keys: 'F6', does: 'Pause or resume the run', match: key('F6'), run: () => void run.togglePause(), global: true },
    { keys: 'Ctrl+Shift+L', does: 'Light or dark theme', match: key('l', { ctrl: true, shift: true }), run: () => ui.toggleTheme(), global: true },
    { keys: '?', does: 'This list', match: (e) => e.key === '?', run: () => (ui.shortcutsOpen = true) },
  ];
}

export function useAppShortcuts(): Shortcut[] {
  const list = appShortcuts();
  useShortcuts(() => list);
  return list;
}
