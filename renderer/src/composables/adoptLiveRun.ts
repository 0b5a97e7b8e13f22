// A run goes on when its page goes away (browser mode: a closed tab, a reload; the desktop app:
// a reloaded window), as the engine's processes do. A page that opens meanwhile takes it over, as
// a desktop app shows what it was doing: live, with its events so far, its gates and its Step
// controls, its scenario in the editor. run.list says which run is live (`running`).
import { nextTick, toRaw } from 'vue';
import type { RunSummary } from '@contract';
import { serialize, toEditable, type ScenarioDoc } from '../model/doc';
import { labClient } from '../transport/client';
import { useRunStore } from '../stores/run';
import { useScenarioStore } from '../stores/scenario';
import { useTimeControlStore } from '../stores/timeControl';
import { useUiStore } from '../stores/ui';

/**
 * The document live run `runId` was started from, exactly as its page sent it (run.document), and
 * its file name; else (the run ended meanwhile) the scenario its recording holds, defaults filled in.
 */
async function startedFrom(runId: string, recorded: ScenarioDoc | undefined): Promise<{ doc: ScenarioDoc; name: string } | undefined> {
  try {
    const { scenario, fileName } = await labClient().call('run.document', { runId });
    const doc = toEditable(scenario);
    if (doc) return { doc, name: fileName ?? `${doc.title || 'live run'}.lab.json` };
  } catch {
    // Ended meanwhile (NOT_FOUND): the recording's scenario is all there is.
  }
  return recorded ? { doc: structuredClone(toRaw(recorded)), name: `${recorded.title || 'live run'}.lab.json` } : undefined;
}

/**
 * Takes over live run `summary` (status `running`): the run store follows it, paused as the page
 * that paused it showed it, its time settings are shown, and the document it was started from
 * opens in the editor unchanged, under its file's name (after asking, when the open one has
 * unsaved changes). False when there is a run on this page already or the run cannot be read.
 */
export async function adoptLiveRun(summary: RunSummary): Promise<boolean> {
  const run = useRunStore();
  const scenario = useScenarioStore();
  const ui = useUiStore();
  if (!(await run.adopt(summary.runId, summary.time?.paused))) return false;
  const source = await startedFrom(summary.runId, run.scenario);
  if (source && (!scenario.doc || serialize(source.doc) !== serialize(toRaw(scenario.doc)))) {
    if (!scenario.dirty || (await ui.confirm('Show the live run?', 'The run was made of another scenario; showing it replaces the unsaved one.'))) {
      scenario.load(source.doc, source.name);
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
