// The run model at a replay position, without folding the whole run at every position: scrubbing
// a 100 000-event run moves the cursor every frame, and a fold from the first event took most of
// each frame. A move forward folds only the events in between (scrubbing, Replay); a move back
// starts again from the nearest checkpoint before it (a copy of the model every
// CHECKPOINT_EVENTS events, kept while the model is small).
import type { RunEvent } from '@scenario/events';
import { type RunModel, applyEvent, copyRunModel, emptyRunModel } from './runModel';

/** Events between checkpoints: a move back folds at most this many. */
const CHECKPOINT_EVENTS = 5000;
/** A model with more console lines and signals than this is not copied as a checkpoint (memory). */
const CHECKPOINT_MAX_ITEMS = 5000;

export function createReplayFold() {
  let source: readonly RunEvent[] | null = null;
  let processKey = '';
  let processIds: readonly string[] = [];
  /** The model folded from the start to `at`, folded further in place as the cursor moves on. */
  let working: RunModel | null = null;
  let at = 0;
  let checkpoints: { at: number; model: RunModel }[] = [];

  /**
   * The model of the first `upTo` events of `events` (processes `ids` first, in their order),
   * as a new object the caller may keep (copyRunModel). `events` may grow at its end between
   * calls (the log is append-only); another array starts again.
   */
  return function modelAt(events: readonly RunEvent[], ids: readonly string[], upTo: number): RunModel {
    const key = ids.join('\n');
    if (events !== source || key !== processKey) {
      source = events;
      processKey = key;
      processIds = [...ids];
      working = null;
      checkpoints = [];
    }
    const target = Math.max(0, Math.min(upTo, events.length));
    if (!working || target < at) {
      const from = checkpoints.findLast((c) => c.at <= target);
      working = from ? structuredClone(from.model) : emptyRunModel(processIds);
      at = from?.at ?? 0;
    }
    while (at < target) {
      applyEvent(working, events[at++]);
      const last = checkpoints.at(-1)?.at ?? 0;
      if (at % CHECKPOINT_EVENTS === 0 && at > last && working.console.length + working.signals.length <= CHECKPOINT_MAX_ITEMS) {
        checkpoints.push({ at, model: structuredClone(working) });
      }
    }
    return copyRunModel(working);
  };
}
