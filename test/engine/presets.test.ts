// Every preset of the lecture, run for real, ends the way its `expect` says; and a run of all
// of them leaves no process, IPC object or descriptor behind.
import { describe, expect, it } from 'vitest';
import { presets } from '../../main/presets';
import { checkExpectations } from '../../main/scenario/check-expect';
import type { RunEvent } from '../../main/scenario/events';
import { ofType } from './helpers';
import { fileEngine } from '../helpers/file-engine';

const engine = fileEngine();

describe('every preset', () => {
  it('has an expected outcome', () => {
    for (const preset of presets()) expect(preset.scenario.expect, preset.id).toBeDefined();
  });

  for (const preset of presets()) {
    it(`${preset.id}: ${preset.title}`, async () => {
      // Every event, from the listener: the run's memory window keeps only the latest, and the
      // counter races' 80 000 adds push their parent's labelled read out of it.
      const events: RunEvent[] = [];
      const run = engine.manager.start(preset.scenario, undefined, (e) => events.push(e));
      await run.finished;
      const mismatches = checkExpectations(preset.scenario.expect!, events);
      // The engine's own verdicts (judged on the events it kept for them) say the same.
      expect(ofType(events, 'verdict').filter((v) => !v.held), preset.id).toEqual([]);
      expect(mismatches, `${preset.id}:\n${mismatches.join('\n')}`).toEqual([]);
    }, 60_000);
  }
});
