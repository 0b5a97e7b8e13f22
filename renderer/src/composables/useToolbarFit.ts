/**
 * Keeps a wrapping flex bar on one line by compacting it step by step: level 0 is the full bar,
 * each level up gives up some room (the caller's CSS and template read the level). On every
 * change of width or of what the bar shows, it starts again from 0 and climbs until the items sit
 * on one row, or the last level is reached (then the bar may still wrap: nothing is cut off).
 */
import { nextTick, onBeforeUnmount, onMounted, ref, watch, type Ref, type WatchSource } from 'vue';

/** Whether the visible children of `bar` sit on more than one row (their middles more than 4 px apart). */
function wraps(bar: HTMLElement): boolean {
  const middles = [...bar.children]
    .map((el) => el.getBoundingClientRect())
    .filter((r) => r.width > 0)
    .map((r) => r.top + r.height / 2);
  return middles.some((m) => Math.abs(m - middles[0]) >= 4);
}

/** The compact level (0..maxLevel) `bar` needs now; refitted on resize and when `sources` change. */
export function useToolbarFit(bar: Ref<HTMLElement | undefined>, maxLevel: number, sources: WatchSource[]): Ref<number> {
  const level = ref(0);
  let fitting = false;
  let again = false;
  let width = -1;

  async function fit(): Promise<void> {
    if (fitting) {
      again = true; // a change while measuring: measure once more at the end
      return;
    }
    fitting = true;
    try {
      do {
        again = false;
        level.value = 0;
        await nextTick();
        while (bar.value && level.value < maxLevel && wraps(bar.value)) {
          level.value++;
          await nextTick();
        }
      } while (again);
    } finally {
      fitting = false;
    }
  }

  // Only a new width (the window) or a new wrap (content grew) calls for a refit: the bar's own
  // height changes as the levels are tried, and reacting to those would loop.
  const observer = new ResizeObserver(([entry]) => {
    const now = Math.round(entry.contentRect.width);
    if (now !== width || (bar.value && wraps(bar.value))) {
      width = now;
      void fit();
    }
  });
  onMounted(() => {
    if (bar.value) observer.observe(bar.value);
    void fit();
  });
  onBeforeUnmount(() => observer.disconnect());
  watch(sources, () => void fit(), { flush: 'post' });
  return level;
}
