import { defineStore, storeToRefs } from 'pinia';
import { computed, toRaw } from 'vue';
import { type EditorProblem, validateDoc } from '../model/problems';
import { useScenarioStore } from './scenario';
import { usePlatformStore } from './platform';
import { platformProblems } from '../model/capabilities';

/** The validator's verdict on the document, recomputed on every edit. */
export const useProblemsStore = defineStore('problems', () => {
  const { doc, revision } = storeToRefs(useScenarioStore());
  const { info } = storeToRefs(usePlatformStore());
  const all = computed<EditorProblem[]>(() => {
    void revision.value;
    if (!doc.value) return [];
    const raw = toRaw(doc.value);
    // What the engine's platform lacks (a POSIX mailbox on macOS) blocks the run like any error.
    const lacking = info.value ? platformProblems(raw, info.value.capabilities, info.value.platform) : [];
    return [...lacking, ...validateDoc(raw)];
  });
  const errors = computed(() => all.value.filter((p) => p.severity === 'error'));
  const warnings = computed(() => all.value.filter((p) => p.severity === 'warning'));
  const byNode = computed(() => {
    const map = new Map<string, EditorProblem[]>();
    for (const problem of all.value) {
      if (!problem.nodeId) continue;
      const list = map.get(problem.nodeId) ?? [];
      list.push(problem);
      map.set(problem.nodeId, list);
    }
    return map;
  });
  return { all, errors, warnings, byNode };
});
