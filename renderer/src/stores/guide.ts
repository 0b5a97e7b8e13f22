import { defineStore } from 'pinia';
import { computed, ref } from 'vue';
import { prune, walk, type Answer, type QuestionId } from '@lessons/guide';

/** The decision guide's answers: one question at a time, any earlier one can be changed. */
export const useGuideStore = defineStore('learn-guide', () => {
  const answers = ref<Partial<Record<QuestionId, Answer>>>({});
  const result = computed(() => walk(answers.value));

  /** Answers a question; an answer to an earlier question drops the answers that followed it. */
  function answer(question: QuestionId, value: Answer): void {
    const position = result.value.taken.findIndex((t) => t.question === question);
    const kept = position < 0 ? answers.value : Object.fromEntries(result.value.taken.slice(0, position).map((t) => [t.question, t.answer]));
    answers.value = prune({ ...kept, [question]: value });
  }

  /** Goes back to a question on the path, forgetting it and the answers after it. */
  function reopen(question: QuestionId): void {
    const position = result.value.taken.findIndex((t) => t.question === question);
    if (position < 0) return;
    answers.value = Object.fromEntries(result.value.taken.slice(0, position).map((t) => [t.question, t.answer]));
  }

  function restart(): void {
    answers.value = {};
  }

  return { answers, result, answer, reopen, restart };
});
