// The learning views, for the shell to mount as tabs, and the `?view=` switch that opens one
// directly (links from the lecture notes, the end-to-end tests). The shell calls initialView()
// once at start; a missing or unknown value means "the shell's usual start".
import type { Component } from 'vue';
import GuideView from './GuideView.vue';
import ComparisonView from './ComparisonView.vue';
import LessonsView from './LessonsView.vue';

export type LearnView = 'guide' | 'comparison' | 'lessons';

export const LEARN_VIEWS: ReadonlyArray<{ id: LearnView; title: string; component: Component }> = [
  { id: 'lessons', title: 'Lessons', component: LessonsView },
  { id: 'guide', title: 'Decision guide', component: GuideView },
  { id: 'comparison', title: 'Comparison', component: ComparisonView },
];

export function initialView(search: string = window.location.search): LearnView | null {
  const value = new URLSearchParams(search).get('view');
  return LEARN_VIEWS.some((view) => view.id === value) ? (value as LearnView) : null;
}

export function learnView(id: LearnView): Component {
  return LEARN_VIEWS.find((view) => view.id === id)!.component;
}
