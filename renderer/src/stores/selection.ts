import { defineStore } from 'pinia';
import { computed, ref } from 'vue';

export interface StepRef { process: string; path: number[] }

/** What is selected on the canvas and in the program editor. */
export const useSelectionStore = defineStore('selection', () => {
  const nodeIds = ref<string[]>([]);
  const step = ref<StepRef | null>(null);
  /** A field to bring into view and focus (a problem or a timeline click asked for it). */
  const focusField = ref<{ process?: string; path?: number[]; field?: string; nonce: number } | null>(null);
  let nonce = 0;

  const primary = computed(() => (nodeIds.value.length === 1 ? nodeIds.value[0] : null));

  function selectNodes(ids: string[]): void {
    nodeIds.value = [...new Set(ids)];
    if (step.value && !nodeIds.value.includes(step.value.process)) step.value = null;
  }
  function toggleNode(id: string, on: boolean): void {
    const set = new Set(nodeIds.value);
    if (on) set.add(id);
    else set.delete(id);
    selectNodes([...set]);
  }
  /** Selects a step; `focus` asks the editor to bring it (or one of its fields) into view and focus. */
  function selectStep(process: string, path: number[] | undefined, field?: string, focus = true): void {
    nodeIds.value = [process];
    step.value = path ? { process, path } : null;
    if (focus) focusField.value = { process, path, field, nonce: ++nonce };
  }
  function focusNodeField(id: string, field?: string): void {
    nodeIds.value = [id];
    step.value = null;
    focusField.value = { process: id, field, nonce: ++nonce };
  }
  function clear(): void {
    nodeIds.value = [];
    step.value = null;
  }
  /** After a rename: keep the selection on the renamed node. */
  function renamed(from: string, to: string): void {
    nodeIds.value = nodeIds.value.map((id) => (id === from ? to : id));
    if (step.value?.process === from) step.value = { ...step.value, process: to };
  }

  return { nodeIds, step, focusField, primary, selectNodes, toggleNode, selectStep, focusNodeField, clear, renamed };
});
