import { defineStore } from 'pinia';
import { ref } from 'vue';
import type { AppInfo } from '@contract';
import { labClient } from '../transport/client';

/**
 * The engine's platform and what it offers (app.info), read once at start. Until it answers,
 * nothing is marked unavailable: the engine refuses what its platform lacks anyway.
 */
export const usePlatformStore = defineStore('platform', () => {
  const info = ref<AppInfo | null>(null);
  async function load(): Promise<void> {
    try {
      info.value = await labClient().call('app.info', {});
    } catch {
      info.value = null; // no engine yet: the transport reports it; nothing to mark
    }
  }
  return { info, load };
});
