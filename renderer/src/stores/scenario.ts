import { defineStore } from 'pinia';
import { computed, ref, shallowRef, toRaw } from 'vue';
import { type ScenarioDoc, emptyScenario, serialize } from '../model/doc';
import { SnapshotHistory } from '../model/history';

/**
 * The scenario being edited, its file name, and its history. Every change goes through
 * `edit`, which records a snapshot first, so every edit can be undone (Ctrl+Z) and the
 * document knows whether it differs from what was last opened or saved.
 */
export const useScenarioStore = defineStore('scenario', () => {
  const doc = ref<ScenarioDoc | null>(null);
  const fileName = ref<string>('untitled.lab.json');
  /** Serialized text at the last open or save: dirty is "differs from it". */
  const savedText = ref<string>('');
  /** Text as opened, byte for byte, so that saving an untouched file gives it back unchanged. */
  const openedText = shallowRef<string | null>(null);
  const history = new SnapshotHistory<ScenarioDoc>();
  const historyVersion = ref(0);
  const revision = ref(0);
  /** Counts documents loaded (open, new, preset): the canvas fits its view to each new one. */
  const loads = ref(0);

  const currentText = computed(() => {
    void revision.value;
    return doc.value ? serialize(toRaw(doc.value)) : '';
  });
  const dirty = computed(() => doc.value !== null && currentText.value !== savedText.value);
  const canUndo = computed(() => (void historyVersion.value, history.undoLabel !== undefined));
  const canRedo = computed(() => (void historyVersion.value, history.redoLabel !== undefined));
  const undoLabel = computed(() => (void historyVersion.value, history.undoLabel));
  const redoLabel = computed(() => (void historyVersion.value, history.redoLabel));

  function load(next: ScenarioDoc, name: string, text?: string): void {
    doc.value = next;
    fileName.value = name;
    revision.value++;
    savedText.value = serialize(next);
    openedText.value = text ?? null;
    history.clear();
    historyVersion.value++;
    loads.value++;
  }

  function newScenario(): void {
    load(emptyScenario(), 'untitled.lab.json');
  }

  /**
   * Applies one edit. `coalesce` merges a burst of edits with the same key (keystrokes in
   * one field, nudges of one node) into one undo step.
   */
  function edit<T>(label: string, change: (doc: ScenarioDoc) => T, coalesce?: string): T | undefined {
    if (!doc.value) return undefined;
    history.record(toRaw(doc.value), label, coalesce);
    const result = change(doc.value);
    revision.value++;
    historyVersion.value++;
    return result;
  }

  function undo(): string | undefined {
    if (!doc.value) return undefined;
    const entry = history.undo(toRaw(doc.value));
    if (!entry) return undefined;
    doc.value = entry.snapshot;
    revision.value++;
    historyVersion.value++;
    return entry.label;
  }

  function redo(): string | undefined {
    if (!doc.value) return undefined;
    const entry = history.redo(toRaw(doc.value));
    if (!entry) return undefined;
    doc.value = entry.snapshot;
    revision.value++;
    historyVersion.value++;
    return entry.label;
  }

  /** The text to save: the file as opened when nothing changed, else the document. */
  function textToSave(): string {
    if (openedText.value !== null && !dirty.value) return openedText.value;
    return currentText.value;
  }

  function markSaved(name: string): void {
    fileName.value = name;
    savedText.value = currentText.value;
    openedText.value = null;
    history.seal();
  }

  function close(): void {
    doc.value = null;
    history.clear();
    historyVersion.value++;
  }

  return {
    doc, fileName, dirty, revision, loads, canUndo, canRedo, undoLabel, redoLabel, currentText,
    load, newScenario, edit, undo, redo, textToSave, markSaved, close, sealHistory: () => history.seal(),
  };
});
