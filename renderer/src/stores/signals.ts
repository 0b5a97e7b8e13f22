import { defineStore } from 'pinia';
import { ref } from 'vue';
import type { SignalInfo } from '@contract';
import { labClient } from '../transport/client';
import { FALLBACK_SIGNALS } from '../model/signalTable';

/** The signal table (default action, catchable), from the engine when it has one. */
export const useSignalsStore = defineStore('signals', () => {
  const table = ref<SignalInfo[]>(FALLBACK_SIGNALS);
  let loaded = false;
  async function load(): Promise<void> {
    if (loaded) return;
    loaded = true;
    try {
      const list = await labClient().call('signals.table', {});
      if (list.length) table.value = list;
    } catch {
      // UNAVAILABLE on an engine without runs: signal(7)'s facts stand in.
    }
  }
  return { table, load };
});
