import { defineStore } from 'pinia';
import { computed, ref, shallowRef } from 'vue';
import type { RunEvent } from '@scenario/events';
import { LESSONS, judge, lessonById, type LessonStep, type Verdict } from '@lessons/lessons';
import { runPreset, type PresetRun } from '../components/learn/runPreset';
import { useProgressStore } from './progress';

export type StepPhase = 'predict' | 'running' | 'checked' | 'failed';

/** The lesson being worked through: the prediction, the live run, and the check. */
export const useLessonsStore = defineStore('learn-lessons', () => {
  const progress = useProgressStore();
  const lessonId = ref(LESSONS[0].id);
  const stepIndex = ref(0);
  const predicted = ref<string | null>(null);
  const phase = ref<StepPhase>('predict');
  // The events can be thousands: shallowRef keeps Vue from making each one reactive.
  const events = shallowRef<RunEvent[]>([]);
  const truth = ref<string | undefined>(undefined);
  const verdict = ref<Verdict | null>(null);
  const error = ref<string | null>(null);
  let current: PresetRun | undefined;
  /** Bumped whenever the step changes, so a late run cannot write into the next step. */
  let attempt = 0;

  const lesson = computed(() => lessonById(lessonId.value) ?? LESSONS[0]);
  const step = computed<LessonStep>(() => lesson.value.steps[stepIndex.value] ?? lesson.value.steps[0]);
  const status = computed(() => {
    const end = events.value.findLast((e) => e.type === 'run.end');
    return end?.type === 'run.end' ? end.status : undefined;
  });

  function clearStep(): void {
    attempt++;
    void current?.stop().catch(() => undefined);
    current = undefined;
    predicted.value = null;
    phase.value = 'predict';
    events.value = [];
    truth.value = undefined;
    verdict.value = null;
    error.value = null;
  }

  function open(id: string, index = 0): void {
    clearStep();
    lessonId.value = id;
    stepIndex.value = Math.min(Math.max(index, 0), lesson.value.steps.length - 1);
  }

  function go(delta: number): void {
    open(lessonId.value, stepIndex.value + delta);
  }

  /** Runs the step's preset for real and judges the prediction against what happened. */
  async function runAndCheck(): Promise<void> {
    if (predicted.value === null || phase.value === 'running') return;
    const stepNow = step.value;
    const guess = predicted.value;
    const mine = ++attempt;
    phase.value = 'running';
    events.value = [];
    error.value = null;
    try {
      const run = await runPreset(stepNow.presetId, (all) => { if (attempt === mine) events.value = all; });
      if (attempt !== mine) return void run.stop().catch(() => undefined);
      current = run;
      const finished = await run.finished;
      if (attempt !== mine) return; // the student moved on meanwhile
      current = undefined;
      events.value = finished.events;
      truth.value = stepNow.answer(finished.events);
      verdict.value = judge(stepNow, guess, truth.value);
      phase.value = 'checked';
      progress.record(stepNow.id, { predicted: guess, truth: truth.value, verdict: verdict.value });
    } catch (caught) {
      if (attempt !== mine) return;
      error.value = caught instanceof Error ? caught.message : String(caught);
      phase.value = 'failed';
    }
  }

  return { lessonId, stepIndex, lesson, step, predicted, phase, events, status, truth, verdict, error, open, go, runAndCheck, clearStep };
});
