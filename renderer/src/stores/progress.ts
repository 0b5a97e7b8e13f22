import { defineStore } from 'pinia';
import { computed, ref, watch } from 'vue';
import { LESSONS, type Verdict } from '@lessons/lessons';

/** What the student predicted at one step and what the run showed. */
export interface StepRecord {
  predicted: string;
  truth: string | undefined;
  verdict: Verdict;
  at: string;
}

interface Saved {
  version: 1;
  steps: Record<string, StepRecord>;
}

// One implementation for both front doors: in browser mode localStorage lives in the browser's
// profile; in the desktop app Electron keeps the renderer's localStorage on disk under the
// app's data directory (app.getPath('userData')), so progress survives a restart there too.
const KEY = 'process-lab:learn-progress';

function load(): Saved {
  try {
    const parsed = JSON.parse(localStorage.getItem(KEY) ?? 'null') as Saved | null;
    if (parsed?.version === 1 && typeof parsed.steps === 'object' && parsed.steps !== null) return parsed;
  } catch {
    // A corrupt entry (edited by hand, cut short) starts progress afresh rather than breaking the page.
  }
  return { version: 1, steps: {} };
}

/** Lessons done and predictions right, kept between sessions. */
export const useProgressStore = defineStore('learn-progress', () => {
  const steps = ref<Record<string, StepRecord>>(load().steps);

  watch(steps, (value) => {
    try {
      localStorage.setItem(KEY, JSON.stringify({ version: 1, steps: value } satisfies Saved));
    } catch {
      // Storage refused (private window, quota): progress lasts for this session only.
    }
  }, { deep: true });

  function record(stepId: string, entry: Omit<StepRecord, 'at'>): void {
    steps.value = { ...steps.value, [stepId]: { ...entry, at: new Date().toISOString() } };
  }

  function reset(): void {
    steps.value = {};
  }

  /** A lesson is done when every step's prediction was checked against a run. */
  const lessonsDone = computed(() => LESSONS.filter((lesson) => lesson.steps.every((s) => steps.value[s.id]?.verdict === 'right' || steps.value[s.id]?.verdict === 'wrong')).map((l) => l.id));
  const checked = computed(() => Object.values(steps.value).filter((r) => r.verdict !== 'unknown').length);
  const right = computed(() => Object.values(steps.value).filter((r) => r.verdict === 'right').length);
  const totalSteps = LESSONS.reduce((sum, lesson) => sum + lesson.steps.length, 0);

  return { steps, record, reset, lessonsDone, checked, right, totalSteps };
});
