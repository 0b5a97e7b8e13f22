// One real run at a time for a view: starting another preset stops the previous run, and
// leaving the view stops it too, so no run keeps going unseen.
import { onBeforeUnmount, ref, shallowRef } from 'vue';
import type { RunEvent } from '@scenario/events';
import { runPreset, type PresetRun } from './runPreset';

export function usePresetRunner() {
  const presetId = ref<string | null>(null);
  const events = shallowRef<RunEvent[]>([]);
  const running = ref(false);
  const error = ref<string | null>(null);
  let current: PresetRun | undefined;
  let attempt = 0;

  async function start(id: string): Promise<RunEvent[] | undefined> {
    const mine = ++attempt;
    void current?.stop().catch(() => undefined);
    current = undefined;
    presetId.value = id;
    events.value = [];
    error.value = null;
    running.value = true;
    try {
      const run = await runPreset(id, (all) => { if (mine === attempt) events.value = all; });
      if (mine !== attempt) return void run.stop().catch(() => undefined);
      current = run;
      const finished = await run.finished;
      if (mine !== attempt) return undefined;
      events.value = finished.events;
      return finished.events;
    } catch (caught) {
      if (mine === attempt) error.value = caught instanceof Error ? caught.message : String(caught);
      return undefined;
    } finally {
      if (mine === attempt) {
        running.value = false;
        current = undefined;
      }
    }
  }

  function stop(): void {
    attempt++;
    void current?.stop().catch(() => undefined);
    current = undefined;
    running.value = false;
  }

  onBeforeUnmount(stop);
  return { presetId, events, running, error, start, stop };
}
