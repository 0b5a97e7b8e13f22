// @vitest-environment happy-dom
// The Processes table (issue 19): a process held at the lab's gate shows the step it is held
// before, not the last one begun; a call under way shows that step; an exited process offers
// no live actions (no Signal…, no Pause), only how it ended.
import { mount } from '@vue/test-utils';
import { createPinia, defineStore, setActivePinia } from 'pinia';
import { ref, shallowRef } from 'vue';
import { describe, expect, it, vi } from 'vitest';
import type { RunEvent } from '../../../../main/scenario/events';
import { foldEvents, type RunModel } from '../../../../renderer/src/model/runModel';
import type { ScenarioDoc } from '../../../../renderer/src/model/doc';

const scenario: ScenarioDoc = {
  format: 'process-lab/scenario@1', title: 'gate',
  objects: [],
  processes: [
    { id: 'sleeper', program: [{ op: 'sleep', ms: 10 }, { op: 'log', message: 'x' }] },
    { id: 'done', name: 'Finisher', program: [{ op: 'log', message: 'y' }] },
  ],
};

// The run store as the table reads it: the model folded from events the test chooses.
const model = shallowRef<RunModel>(foldEvents([]));
vi.mock('../../../../renderer/src/stores/run', () => ({
  useRunStore: defineStore('run', () => ({
    model, hasRun: ref(true), active: ref(true), phase: ref('live'), error: ref(null), scenario: ref(scenario),
    isStopped: () => false, pauseProcess: vi.fn(), resumeProcess: vi.fn(),
  })),
}));
const { default: ProcessTable } = await import('../../../../renderer/src/components/panels/ProcessTable.vue');

const start = (process: string, pid: number): RunEvent => ({ t: 1, type: 'process.start', process, pid, ppid: 1 });
const sleepBegin: RunEvent = { t: 2, type: 'step.begin', process: 'sleeper', pid: 10, index: [0], op: 'sleep', call: 'nanosleep({0, 10000000})' };
const sleepEnd: RunEvent = { t: 3, type: 'step.end', process: 'sleeper', pid: 10, index: [0], op: 'sleep', durationNs: 10_000_000 };
const gateWait: RunEvent = { t: 4, type: 'gate.wait', process: 'sleeper', pid: 10, index: [1] };
const doneExit: RunEvent[] = [start('done', 11), { t: 2, type: 'process.exit', process: 'done', pid: 11, code: 0 }];

function rowOf(events: RunEvent[], id: string) {
  setActivePinia(createPinia());
  model.value = foldEvents(events, ['sleeper', 'done']);
  const wrapper = mount(ProcessTable, { global: { plugins: [createPinia()] } });
  const row = wrapper.findAll('tbody tr').find((r) => r.find('th').text().includes(id))!;
  return { wrapper, row, cells: row.findAll('td') };
}

describe('ProcessTable', () => {
  it('in a call: the step under way, its call as the title', () => {
    const { cells, wrapper } = rowOf([start('sleeper', 10), sleepBegin], 'sleeper');
    const step = cells[4].find('button');
    expect(step.text()).toBe('1 sleep');
    expect(step.attributes('title')).toBe('nanosleep({0, 10000000})');
    wrapper.unmount();
  });

  it('held at the gate: the next step, not the last call', () => {
    const { cells, wrapper } = rowOf([start('sleeper', 10), sleepBegin, sleepEnd, gateWait], 'sleeper');
    const step = cells[4].find('button');
    expect(step.text()).toBe('held before step 2 log');
    expect(step.attributes('title')).toBeUndefined();
    wrapper.unmount();
  });

  it('between steps (the call returned, no gate): no step shown', () => {
    const { cells, wrapper } = rowOf([start('sleeper', 10), sleepBegin, sleepEnd], 'sleeper');
    expect(cells[4].text()).toBe('');
    wrapper.unmount();
  });

  it('an exited process has no Signal… or Pause button; a live one has both', () => {
    const events = [start('sleeper', 10), sleepBegin, ...doneExit];
    const done = rowOf(events, 'done');
    expect(done.row.findAll('button').map((b) => b.text())).not.toContain('Signal…');
    expect(done.cells.at(-1)!.findAll('button')).toHaveLength(0);
    expect(done.cells[6].text()).not.toBe('');
    done.wrapper.unmount();
    const sleeper = rowOf(events, 'sleeper');
    expect(sleeper.cells.at(-1)!.findAll('button').map((b) => b.text())).toEqual(['Signal…', 'Pause']);
    sleeper.wrapper.unmount();
  });

  it('names a process once: its id alone when it has no name, else its name and then its id (issue 17: "P1 P1")', () => {
    const events = [start('sleeper', 10), ...doneExit];
    const sleeper = rowOf(events, 'sleeper');
    expect(sleeper.row.find('th').text()).toBe('sleeper');
    sleeper.wrapper.unmount();
    const done = rowOf(events, 'done');
    expect(done.row.find('th').text()).toBe('Finisher done');
    done.wrapper.unmount();
  });
});
