// @vitest-environment happy-dom
import { beforeEach, describe, expect, it } from 'vitest';
import { createPinia, setActivePinia } from 'pinia';
import { mount } from '@vue/test-utils';
import { useScenarioStore } from '../../renderer/src/stores/scenario';
import { useProblemsStore } from '../../renderer/src/stores/problems';
import { useSelectionStore } from '../../renderer/src/stores/selection';
import { addProcess } from '../../renderer/src/model/edits';
import { browserFiles, scenarioFileName } from '../../renderer/src/composables/useFiles';
import ProblemsPanel from '../../renderer/src/components/panels/ProblemsPanel.vue';

beforeEach(() => setActivePinia(createPinia()));

describe('scenario store', () => {
  it('undoes and redoes every edit and knows when it is dirty', () => {
    const scenario = useScenarioStore();
    scenario.newScenario();
    expect(scenario.dirty).toBe(false);
    scenario.edit('add', (doc) => addProcess(doc, { x: 1, y: 2 }));
    expect(scenario.dirty).toBe(true);
    expect(scenario.doc?.processes).toHaveLength(1);
    expect(scenario.undo()).toBe('add');
    expect(scenario.doc?.processes).toHaveLength(0);
    expect(scenario.dirty).toBe(false);
    scenario.redo();
    expect(scenario.doc?.processes[0].id).toBe('P1');
  });

  it('saves an untouched file byte for byte', () => {
    const scenario = useScenarioStore();
    const text = '{"format":"process-lab/scenario@1","title":"t","processes":[]}';
    scenario.load(JSON.parse(text), 't.lab.json', text);
    expect(scenario.textToSave()).toBe(text);
  });

  it('validates on every edit', () => {
    const scenario = useScenarioStore();
    const problems = useProblemsStore();
    scenario.newScenario();
    expect(problems.errors.length).toBeGreaterThan(0);
    scenario.edit('add', (doc) => addProcess(doc, { x: 0, y: 0 }));
    expect(problems.errors).toEqual([]);
  });
});

describe('ProblemsPanel', () => {
  it('lists problems and a click selects the step', async () => {
    const scenario = useScenarioStore();
    scenario.load({ format: 'process-lab/scenario@1', title: 't', objects: [], processes: [{ id: 'a', program: [{ op: 'sleep', ms: -1 }] }] }, 'x.lab.json');
    const wrapper = mount(ProblemsPanel);
    const button = wrapper.find('ul[aria-label="Problems"] button');
    expect(button.text()).toContain('a › step 1 › ms');
    await button.trigger('click');
    expect(useSelectionStore().step).toEqual({ process: 'a', path: [0] });
  });
});

describe('useFiles (browser)', () => {
  it('names files from titles', () => {
    expect(scenarioFileName('Master/Slave shared memory')).toBe('master-slave-shared-memory.lab.json');
  });

  it('downloads through a link', async () => {
    const clicked: string[] = [];
    const original = HTMLAnchorElement.prototype.click;
    HTMLAnchorElement.prototype.click = function click(this: HTMLAnchorElement) {
      clicked.push(this.download);
    };
    try {
      expect(await browserFiles().save('a.lab.json', '{}')).toBe('a.lab.json');
      expect(clicked).toEqual(['a.lab.json']);
    } finally {
      HTMLAnchorElement.prototype.click = original;
    }
  });
});
