// @vitest-environment happy-dom
// The recorded-runs dialog with a term's worth of runs: it renders a page of them at a time,
// says how many there are, shows more on request, and the filter starts again from one page.
import { flushPromises, mount } from '@vue/test-utils';
import { createPinia, setActivePinia } from 'pinia';
import { describe, expect, it, vi } from 'vitest';
import RunsDialog from '../../../../renderer/src/components/dialogs/RunsDialog.vue';
import { useRunStore } from '../../../../renderer/src/stores/run';
import { useUiStore } from '../../../../renderer/src/stores/ui';
import type { RunSummary } from '../../../../main/contract/runs';
import { fakeEngine } from '../../support/fakeEngine';

const summaries: RunSummary[] = Array.from({ length: 250 }, (_, i) => ({
  runId: `run-${String(i).padStart(4, '0')}`,
  title: i % 2 ? 'Race condition on a shared counter' : 'Master and slave',
  startedAt: new Date(Date.UTC(2026, 10, 30, 0, 0, 250 - i)).toISOString(),
  status: 'completed',
}));

// Installed before any store asks for the page's client: the client is made once per page.
const engine = fakeEngine();

async function openDialog() {
  const pinia = createPinia();
  setActivePinia(pinia);
  const run = useRunStore();
  vi.spyOn(run, 'listRecorded').mockResolvedValue(summaries);
  const wrapper = mount(RunsDialog, { global: { plugins: [pinia] }, attachTo: document.body });
  useUiStore().runsOpen = true;
  await flushPromises();
  return wrapper;
}

describe('RunsDialog', () => {
  it('shows 100 runs of 250, then 100 more on request, newest first', async () => {
    const wrapper = await openDialog();
    expect(wrapper.findAll('li.run')).toHaveLength(100);
    expect(wrapper.find('.more').text()).toContain('100 of 250 shown');
    expect(wrapper.find('li.run').text()).toContain('Master and slave');
    await wrapper.find('.more button').trigger('click');
    expect(wrapper.findAll('li.run')).toHaveLength(200);
    await wrapper.find('.more button').trigger('click');
    expect(wrapper.findAll('li.run')).toHaveLength(250);
    expect(wrapper.find('.more').exists()).toBe(false);
    wrapper.unmount();
  });

  it('filters over all runs, not only the shown page, and starts again from one page', async () => {
    const wrapper = await openDialog();
    await wrapper.find('.more button').trigger('click');
    await wrapper.find('input[type="search"]').setValue('race');
    expect(wrapper.findAll('li.run')).toHaveLength(100);
    expect(wrapper.find('.more').text()).toContain('100 of 125 shown');
    expect(wrapper.findAll('li.run').every((row) => row.text().includes('Race condition'))).toBe(true);
    wrapper.unmount();
  });

  it('deletes every run the filter shows, one run.delete each, after a confirmation; a running one is never among them', async () => {
    const deleted: string[] = [];
    engine.handlers['run.delete'] = ({ runId }) => {
      deleted.push(runId);
      return {};
    };
    summaries[1] = { ...summaries[1], status: 'running' }; // a Race run still going
    try {
      const wrapper = await openDialog();
      await wrapper.find('input[type="search"]').setValue('race');
      const all = wrapper.findAll('.bulk-actions button')[1];
      expect(all.text()).toBe('Delete all shown (124)');
      await all.trigger('click');
      expect(wrapper.find('.bulk-confirm').text()).toContain('Delete 124 recordings?');
      expect(wrapper.findAll('.bulk-list li')).toHaveLength(9); // eight named, then "and 116 more"
      expect(deleted).toEqual([]);
      await wrapper.find('.bulk-confirm button.danger').trigger('click');
      await flushPromises();
      await engine.settle();
      expect(deleted).toHaveLength(124);
      expect(deleted.every((id) => summaries.find((r) => r.runId === id)?.title.startsWith('Race'))).toBe(true);
      expect(deleted).not.toContain(summaries[1].runId);
      expect(engine.violations).toEqual([]);
      wrapper.unmount();
    } finally {
      summaries[1] = { ...summaries[1], status: 'completed' };
    }
  });
});
