// Every shipped preset is a valid scenario with a lesson and an expected outcome.
import { describe, expect, it } from 'vitest';
import { presets } from '../../main/presets';
import { errorsOf, validateScenario } from '../../main/scenario/validate';

/** Presets that deliberately contain steps the editor warns about. */
const EXPECTED_WARNINGS: Record<string, string[]> = {
  'uncatchable-signals': [
    '/processes/1/program/0/signal',
    '/processes/1/program/1/signal',
  ],
  // The point of the step: a pipe has no name, so B (on another host, not a child) has no end: EBADF.
  'two-hosts': ['/processes/1/program/5/object'],
  // Pitfalls the presets show on purpose (main/scenario/pitfalls.ts): the warning names the lecture point.
  'destroy-while-attached': ['/processes/0/program/3'], // destroy while attached
  // The child reads and never closes its write end. (Its parent exits without waiting, but first:
  // the child, never a zombie, is adopted and reaped by the lab, so no zombie warning.)
  'pipe-no-eof': ['/processes/1/program/0'],
};

describe('presets', () => {
  const list = presets();

  it('ships the lecture in order, with kebab-case ids', () => {
    expect(list.length).toBeGreaterThanOrEqual(20);
    for (const preset of list) expect(preset.id).toMatch(/^[a-z0-9]+(-[a-z0-9]+)*$/);
    const orders = list.map((preset) => preset.scenario.order);
    expect(orders.every((order) => typeof order === 'number')).toBe(true);
    expect(new Set(orders).size).toBe(orders.length);
    expect([...orders].sort((a, b) => (a ?? 0) - (b ?? 0))).toEqual(orders);
    expect(list[0].id).toBe('master-slave');
  });

  for (const preset of presets()) {
    it(`${preset.id} is valid, described and has an expected outcome`, () => {
      const result = validateScenario(preset.scenario);
      expect(errorsOf(result.problems)).toEqual([]);
      expect(result.ok).toBe(true);
      expect(result.problems.map((problem) => problem.pointer)).toEqual(EXPECTED_WARNINGS[preset.id] ?? []);
      expect(preset.title.length).toBeGreaterThan(0);
      expect(preset.description).toMatch(/\*\*Watch:\*\*/);
      expect(preset.description).toMatch(/\*\*Lecture point:\*\*/);
      expect(preset.scenario.expect?.status).toBeDefined();
      // Short runs: the limit is a safety net, not the plan (the counter races run longer).
      expect(preset.scenario.limits?.timeoutMs).toBeLessThanOrEqual(preset.id.startsWith('shared-counter') ? 60_000 : 5_000);
    });
  }
});
