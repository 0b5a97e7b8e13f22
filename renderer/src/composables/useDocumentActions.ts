/**
 * The toolbar's file actions (new, open, save, open a preset), with the unsaved-changes
 * prompt in one place so every way of replacing the scenario asks first.
 */
import { storeToRefs } from 'pinia';
import { labClient } from '../transport/client';
import { parseScenarioText, toEditable } from '../model/doc';
import { useScenarioStore } from '../stores/scenario';
import { useSelectionStore } from '../stores/selection';
import { useUiStore } from '../stores/ui';
import { useRunStore } from '../stores/run';
import { useProblemsStore } from '../stores/problems';
import { countProblems } from '../model/problems';
import { scenarioFileName, useFiles } from './useFiles';
import { cFileName, exportScenarioAsC } from '../../../main/export-c/generator';

export function useDocumentActions() {
  const scenario = useScenarioStore();
  const selection = useSelectionStore();
  const ui = useUiStore();
  const run = useRunStore();
  const { dirty, doc } = storeToRefs(scenario);

  async function mayReplace(): Promise<boolean> {
    if (run.active) {
      ui.toast('Stop the run before replacing the scenario.', 'error');
      return false;
    }
    if (!dirty.value) return true;
    return ui.confirm('Discard unsaved changes?', `"${doc.value?.title || scenario.fileName}" has changes that are not saved. Replacing it loses them.`);
  }

  function afterLoad(announceProblems = true): void {
    selection.clear();
    run.clear();
    ui.galleryOpen = false;
    const problems = useProblemsStore();
    if (announceProblems && problems.errors.length) {
      ui.bottomTab = 'problems';
      ui.toast(`This scenario has ${countProblems(problems.all)}: see Problems.`, 'error');
    }
  }

  async function newScenario(): Promise<void> {
    if (!(await mayReplace())) return;
    scenario.newScenario();
    afterLoad(false);
  }

  async function openFile(): Promise<void> {
    if (!(await mayReplace())) return;
    const file = await useFiles().open();
    if (!file) return;
    const parsed = parseScenarioText(file.text);
    if ('error' in parsed) {
      ui.toast(`${file.name}: ${parsed.error}`, 'error', 8000);
      return;
    }
    scenario.load(parsed.doc, file.name, file.text);
    afterLoad();
  }

  async function openPreset(id: string): Promise<void> {
    if (!(await mayReplace())) return;
    try {
      const { scenario: raw } = await labClient().call('presets.get', { id });
      const editable = toEditable(raw);
      if (!editable) throw new Error('the preset is not a scenario');
      // Presets open in the tidy automatic layout (dagre), whatever positions the file carries.
      if (editable.layout) delete editable.layout.nodes;
      if (editable.layout && Object.keys(editable.layout).length === 0) delete editable.layout;
      scenario.load(editable, `${id}.lab.json`);
      afterLoad();
    } catch (caught) {
      ui.toast(`Could not open the preset: ${caught instanceof Error ? caught.message : String(caught)}`, 'error');
    }
  }

  async function save(): Promise<void> {
    if (!doc.value) return;
    const name = scenario.fileName === 'untitled.lab.json' ? scenarioFileName(doc.value.title) : scenario.fileName;
    const saved = await useFiles().save(name, scenario.textToSave());
    if (saved) {
      scenario.markSaved(saved);
      ui.toast(`Saved ${saved}.`, 'success');
    }
  }

  /** Opens a document the desktop shell named (Open Recent, the command line, a second launch). */
  async function openText(name: string, text: string): Promise<void> {
    if (!(await mayReplace())) return;
    const parsed = parseScenarioText(text);
    if ('error' in parsed) {
      ui.toast(`${name}: ${parsed.error}`, 'error', 8000);
      return;
    }
    scenario.load(parsed.doc, name, text);
    afterLoad();
  }

  /** The scenario as one C program (File > Export as C): a download, or a native save dialog. */
  async function exportC(): Promise<void> {
    if (!doc.value) return;
    const problems = useProblemsStore();
    if (problems.errors.length) {
      ui.toast('Fix the problems first: only a valid scenario exports as C.', 'error');
      return;
    }
    const { code } = exportScenarioAsC(JSON.parse(scenario.textToSave()));
    const saved = await useFiles().save(cFileName(doc.value), code);
    if (saved) ui.toast(`Exported ${saved}.`, 'success');
  }

  return { newScenario, openFile, openPreset, openText, save, exportC, mayReplace };
}
