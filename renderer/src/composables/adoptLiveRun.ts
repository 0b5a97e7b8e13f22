// A run goes on when its page goes away (browser mode: a closed tab, a reload; the desktop app:
// a reloaded window), as the engine's processes do. A page that opens meanwhile takes it over, as
// a desktop app shows what it was doing: live, with its events so far, its gates and its Step
// controls, its scenario in the editor. run.list says which run is live (`running`).
import { nextTick, toRaw } from 'vue';
import type { RunSummary } from '@contract';
import { useRunStore } from '../stores/run';
import { useScenarioStore } from '../stores/scenario';
import { useTimeControlStore } from '../stores/timeControl';
import { useUiStore } from '../stores/ui';

/**
 * Takes over live run `summary` (status `running`): the run store follows it, its time settings
 * are shown, and its scenario opens in the editor (after asking, when the open one has unsaved
 * changes). False when there is a run on this page already or the run cannot be read.
 */
export async function adoptLiveRun(summary: RunSummary): Promise<boolean> {
  const run = useRunStore();
  const scenario = useScenarioStore();
  const ui = useUiStore();
  if (!(await run.adopt(summary.runId))) return false;
  const doc = run.scenario;
  if (doc && JSON.stringify(doc) !== JSON.stringify(scenario.doc)) {
    if (!scenario.dirty || (await ui.confirm('Show the live run?', 'The run was made of another scenario; showing it replaces the unsaved one.'))) {
      scenario.load(structuredClone(toRaw(doc)), `${doc.title ?? 'live run'}.lab.json`);
    }
  }
  if (!scenario.doc) scenario.newScenario();
  // A loaded scenario clears the breakpoints (its watcher runs before the next render): set the run's after it.
  await nextTick();
  if (summary.time) useTimeControlStore().adoptSettings(summary.time);
  ui.galleryOpen = false;
  ui.bottomTab = summary.time && summary.time.mode !== 'run' ? 'processes' : 'timeline';
  return true;
}

/** On a page's start: takes over the newest live run of the engine, if there is one. */
export async function adoptRunningRun(): Promise<boolean> {
  const run = useRunStore();
  if (run.hasRun) return false;
  let runs: RunSummary[];
  try {
    runs = await run.listRecorded();
  } catch {
    return false; // an engine that cannot list runs has none to take over
  }
  const live = runs.find((r) => r.status === 'running');
  if (!live || run.hasRun) return false;
  const adopted = await adoptLiveRun(live);
  if (adopted) useUiStore().toast(`The run of "${live.name || live.title}" is still going: shown here live.`, 'info');
  return adopted;
}
