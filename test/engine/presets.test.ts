// Every preset of the lecture, run for real, ends the way its `expect` says; and a run of all
// of them leaves no process, IPC object or descriptor behind.
import { describe, expect, it } from 'vitest';
import { presets } from '../../main/presets';
import { checkExpectations } from '../../main/scenario/check-expect';
import { runToEnd } from './helpers';
import { fileEngine } from '../helpers/file-engine';

const engine = fileEngine();

describe('every preset', () => {
  it('has an expected outcome', () => {
    for (const preset of presets()) expect(preset.scenario.expect, preset.id).toBeDefined();
  });

  for (const preset of presets()) {
    it(`${preset.id}: ${preset.title}`, async () => {
      const outcome = await runToEnd(engine, preset.scenario);
      const mismatches = checkExpectations(preset.scenario.expect!, outcome.events);
      expect(mismatches, `${preset.id}:\n${mismatches.join('\n')}`).toEqual([]);
    }, 60_000);
  }
});
