import { defineStore } from 'pinia';
import { ref } from 'vue';
import type { PresetSummary } from '@contract';
import { labClient } from '../transport/client';

/** The shipped scenarios, loaded from the engine once at start. */
export const usePresetsStore = defineStore('presets', () => {
  const list = ref<PresetSummary[]>([]);
  const loading = ref(false);
  const error = ref<string | null>(null);

  async function load(): Promise<void> {
    loading.value = true;
    error.value = null;
    try {
      list.value = await labClient().call('presets.list', {});
    } catch (caught) {
      error.value = caught instanceof Error ? caught.message : String(caught);
    } finally {
      loading.value = false;
    }
  }

  return { list, loading, error, load };
});
