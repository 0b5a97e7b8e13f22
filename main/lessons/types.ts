/**
 * The shape of a lesson: the student reads what to watch, predicts an outcome, runs the preset
 * for real, and the step's `answer` reads the true outcome from the run's events. No answer
 * is ever stored as data: the run decides, so a kernel that behaves differently shows it.
 */
import type { Events } from './query';

export interface Choice {
  id: string;
  text: string;
}

/** One of the lecture's links between topics, shown as a short note where it applies. */
export interface Connection {
  title: string;
  text: string;
}

export interface LessonStep {
  /** Unique across all lessons: progress and exam.ts refer to it. */
  id: string;
  presetId: string;
  /** What to look at while the run goes (a sentence or two). */
  watch: string;
  question: string;
  choices: Choice[];
  /** The true answer, read from the run's events; undefined when the run did not show it (stopped, timed out). */
  answer(events: Events): string | undefined;
  /** What in the events decided the answer, in words, so the student sees the proof. */
  evidence(events: Events): string[];
  /** Why the outcome is what it is: shown after the check. */
  explanation: string;
  connection?: Connection;
}

export interface Lesson {
  id: string;
  title: string;
  /** The lecture section in a sentence: what the lesson is about. */
  summary: string;
  steps: LessonStep[];
}
