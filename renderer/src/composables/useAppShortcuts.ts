/** The app's shortcuts, in one list the shortcuts dialog also shows. */
import { storeToRefs } from 'pinia';
import { useScenarioStore } from '../stores/scenario';
import { useRunStore } from '../stores/run';
import { useUiStore } from '../stores/ui';
import { useProblemsStore } from '../stores/problems';
import { useTimeControlStore } from '../stores/timeControl';
import { useSelectionStore } from '../stores/selection';
import { useDocumentActions } from './useDocumentActions';
import { type Shortcut, key, useShortcuts } from './useShortcuts';

export function useRunActions() {
  const scenario = useScenarioStore();
  const run = useRunStore();
  const ui = useUiStore();
  const problems = useProblemsStore();
  const time = useTimeControlStore();
  const { errors } = storeToRefs(problems);
  async function startRun(): Promise<void> {
    if (!scenario.doc || run.active) return;
    if (errors.value.length) {
      ui.bottomTab = 'problems';
      ui.toast('Fix the problems first: a scenario with errors cannot run.', 'error');
      return;
    }
    ui.bottomTab = 'processes';
    const ok = await run.start(scenario.doc, time.startSettings(scenario.doc), scenario.fileName);
    if (!ok && run.error) ui.toast(`Run failed to start: ${run.error}`, 'error', 8000);
  }
  return { startRun };
}

export function appShortcuts(): Shortcut[] {
  const scenario = useScenarioStore();
  const run = useRunStore();
  const ui = useUiStore();
  const files = useDocumentActions();
  const time = useTimeControlStore();
  const selection = useSelectionStore();
  const { startRun } = useRunActions();
  /** The n-th process of the run (1-based, the Processes table's order). */
  const nth = (n: number) => run.model.order[n - 1];
  // Only while a run is live: otherwise digits stay free for whatever has the focus.
  const digit = (e: KeyboardEvent) => /^[1-9]$/.test(e.key) && !e.ctrlKey && !e.metaKey && !e.altKey;
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
    { keys: 'F7', does: 'Next run mode: Run, Slow, Step (the live run changes too)', match: key('F7'), run: () => void time.cycleMode(), global: true },
    { keys: 'F8', does: 'Continue: processes stopped at a breakpoint go on', match: key('F8'), run: () => void time.continueRun(), global: true },
    { keys: 'F9', does: 'Set or remove a breakpoint on the selected step', match: key('F9'), run: () => selection.step && void time.toggleBreakpoint(selection.step.process, selection.step.path) },
    { keys: 'F10', does: 'Step all: every process at its gate makes its next call', match: key('F10'), run: () => void time.stepAll(), global: true },
    { keys: '1 … 9', does: 'Step process 1 … 9 (in the order of the Processes table)', match: (e) => time.live && digit(e), run: (e) => nth(Number(e.key)) && void time.step(nth(Number(e.key))) },
    { keys: 'Ctrl+Shift+L', does: 'Light or dark theme', match: key('l', { ctrl: true, shift: true }), run: () => ui.toggleTheme(), global: true },
    { keys: '?', does: 'This list', match: (e) => e.key === '?', run: () => (ui.shortcutsOpen = true) },
  ];
}

export function useAppShortcuts(): Shortcut[] {
  const list = appShortcuts();
  useShortcuts(() => list);
  return list;
}
