// A run's events as the views read them: the append-only log, the model folded from it (live, or
// up to the replay cursor) and the timeline. Events stay in a plain array: 100 000 of them must
// not become reactive proxies; each batch triggers the views once.
import { computed, ref, shallowRef, triggerRef } from 'vue';
import type { RunEvent } from '@scenario/events';
import type { ScenarioDoc } from '../../model/doc';
import { type ObjectEventIndex, type ObjectView, indexObjectEvent, objectsAt } from '../../model/objectHistory';
import { type RunModel, applyEvent, copyRunModel, emptyRunModel } from '../../model/runModel';
import { createReplayFold } from '../../model/replayFold';
import { type TimelineModel, buildTimeline } from '../../model/timelineModel';

/** The timeline is rebuilt at most this often (ms), and less often as a run grows. */
const TIMELINE_THROTTLE_MS = 150;

export function createEventLog() {
  const scenario = shallowRef<ScenarioDoc | undefined>();
  const events = shallowRef<RunEvent[]>([]);
  const live = shallowRef<RunModel>(emptyRunModel());
  /** Replay: how many events are shown (null: all of them). */
  const cursor = ref<number | null>(null);
  const timeline = shallowRef<TimelineModel>(buildTimeline([], undefined));
  /** Where each object's events are, so its state at any position is found without a full fold. */
  let objectIndex: ObjectEventIndex = new Map();
  let timelineTimer: ReturnType<typeof setTimeout> | undefined;
  const replayModel = createReplayFold();

  const model = computed<RunModel>(() => {
    void events.value;
    // A new object per batch or position (copyRunModel): the models are folded in place, and a
    // computed that returned the same object would not tell its readers anything changed.
    if (cursor.value === null) return copyRunModel(live.value);
    return replayModel(events.value, scenario.value?.processes.map((p) => p.id) ?? [], cursor.value);
  });

  /** Every object at the replay position (live: now), from object.state events alone. */
  const objects = computed<Record<string, ObjectView>>(() => {
    void events.value;
    return objectsAt(events.value, objectIndex, cursor.value ?? events.value.length);
  });

  function rebuildTimeline(): void {
    if (timelineTimer !== undefined) clearTimeout(timelineTimer);
    timelineTimer = undefined;
    timeline.value = buildTimeline(events.value, scenario.value);
  }

  /** Rebuilding is linear in the run's length: rebuild less often as the run grows. */
  function scheduleTimeline(): void {
    timelineTimer ??= setTimeout(rebuildTimeline, Math.max(TIMELINE_THROTTLE_MS, events.value.length / 100));
  }

  /** Empties the log for a run of `doc` (undefined: no scenario known yet). */
  function reset(doc: ScenarioDoc | undefined): void {
    scenario.value = doc;
    events.value = [];
    objectIndex = new Map();
    live.value = emptyRunModel(doc?.processes.map((p) => p.id) ?? []);
    cursor.value = null;
    rebuildTimeline();
  }

  /** Appends a batch in order; returns true when it holds the run's end (run.end). */
  function append(batch: readonly RunEvent[]): boolean {
    let ended = false;
    for (const event of batch) {
      indexObjectEvent(objectIndex, event, events.value.length);
      events.value.push(event);
      applyEvent(live.value, event);
      if (event.type === 'run.end') ended = true;
    }
    triggerRef(events);
    triggerRef(live);
    if (ended) rebuildTimeline();
    else scheduleTimeline();
    return ended;
  }

  /**
   * The lab's own notice in the live console after the events so far (events not received):
   * it is no event of the run, so a replay, which folds the events again, does not show it.
   */
  function notice(text: string): void {
    live.value.console.push({ t: live.value.lastT, process: '', stream: 'notice', text });
    triggerRef(live);
  }

  /** Replay position: the first `index` events are shown (clamped); null shows all. */
  function setCursor(index: number | null): void {
    // The timeline holds the whole run; its view draws the cursor over it (no rebuild per position).
    cursor.value = index === null ? null : Math.max(0, Math.min(index, events.value.length));
  }

  return { scenario, events, model, objects, cursor, timeline, reset, append, notice, setCursor };
}
