/**
 * The lessons, one per lecture section, in the lecture's order. Each step names a preset,
 * asks for a prediction, and judges it with a pure function of the real run's events.
 */
import { whyIpcLesson } from './lesson-why-ipc';
import { sharedMemoryLesson } from './lesson-shared-memory';
import { messagesLesson } from './lesson-messages';
import { pipesLesson } from './lesson-pipes';
import { signalsLesson } from './lesson-signals';
import { summaryLesson } from './lesson-summary';
import { hostsLesson } from './lesson-hosts';
import type { Lesson, LessonStep } from './types';

export type {   Lesson, LessonStep } from './types';

export const LESSONS: readonly Lesson[] = [whyIpcLesson, sharedMemoryLesson, messagesLesson, pipesLesson, signalsLesson, hostsLesson, summaryLesson];

export function lessonById(id: string): Lesson | undefined {
  return LESSONS.find((lesson) => lesson.id === id);
}

export function allSteps(): LessonStep[] {
  return LESSONS.flatMap((lesson) => lesson.steps);
}

export function stepById(id: string): { lesson: Lesson; step: LessonStep } | undefined {
  for (const lesson of LESSONS) {
    const step = lesson.steps.find((s) => s.id === id);
    if (step) return { lesson, step };
  }
  return undefined;
}

export type Verdict = 'right' | 'wrong' | 'unknown';

/** Compares a prediction with what the run showed; 'unknown' when the run did not show it. */
export function judge(step: LessonStep, predicted: string, truth: string | undefined): Verdict {
  if (truth === undefined) return 'unknown';
  return predicted === truth ? 'right' : 'wrong';
}
