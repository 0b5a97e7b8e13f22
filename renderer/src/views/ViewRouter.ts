// The views around the lab, mounted by the shell as tabs (components/AreaTabs.vue), and the
// `?view=` switch that opens one directly (links from lecture notes, the end-to-end tests).
import type { Component } from 'vue';
import BenchView from './BenchView.vue';
import ComparisonView from './ComparisonView.vue';
import GuideView from './GuideView.vue';
import LessonsView from './LessonsView.vue';
import SystemInspectorView from './SystemInspectorView.vue';

type LearnView = 'guide' | 'comparison' | 'lessons';
export type AreaView = LearnView | 'bench' | 'system';

export const AREA_VIEWS: ReadonlyArray<{ id: AreaView; title: string; component: Component }> = [
  { id: 'lessons', title: 'Lessons', component: LessonsView },
  { id: 'guide', title: 'Decision guide', component: GuideView },
  { id: 'comparison', title: 'Comparison', component: ComparisonView },
  { id: 'bench', title: 'Benchmarks', component: BenchView },
  { id: 'system', title: 'System IPC', component: SystemInspectorView },
];

export function initialView(search: string = window.location.search): AreaView | null {
  const value = new URLSearchParams(search).get('view');
  return AREA_VIEWS.some((view) => view.id === value) ? (value as AreaView) : null;
}

export function learnView(id: AreaView): Component {
  return AREA_VIEWS.find((view) => view.id === id)!.component;
}
