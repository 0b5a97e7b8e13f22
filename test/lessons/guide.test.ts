// The decision guide reaches each of its four recommendations, each naming presets that exist,
// and changing an earlier answer takes the other branch.
import { describe, expect, it } from 'vitest';
import { edgesOf, prune, QUESTIONS, RECOMMENDATIONS, walk, type Answer, type QuestionId } from '../../main/lessons/guide';
import { COMPARISON } from '../../main/lessons/comparison';
import { presetById } from '../../main/presets';

const ROUTES: Array<[string, Partial<Record<QuestionId, Answer>>]> = [
  ['message-passing', { 'same-machine': 'no' }],
  ['shared-memory', { 'same-machine': 'yes', throughput: 'yes' }],
  ['pipes', { 'same-machine': 'yes', throughput: 'no', 'parent-child': 'yes' }],
  ['signals', { 'same-machine': 'yes', throughput: 'no', 'parent-child': 'no', notification: 'yes' }],
  ['message-passing', { 'same-machine': 'yes', throughput: 'no', 'parent-child': 'no', notification: 'no' }],
];

describe('decision guide', () => {
  it.each(ROUTES)('reaches %s', (id, answers) => {
    const result = walk(answers);
    expect(result.current).toBeUndefined();
    expect(result.recommendation?.id).toBe(id);
    expect(result.because).toBeTruthy();
    expect(result.path.at(-1)).toBe(id);
  });

  it('reaches all four recommendations, each with presets that exist and its trade-offs', () => {
    const reached = new Set(ROUTES.map(([, answers]) => walk(answers).recommendation!.id));
    expect([...reached].sort()).toEqual(Object.keys(RECOMMENDATIONS).sort());
    for (const rec of Object.values(RECOMMENDATIONS)) {
      expect(rec.presets.length).toBeGreaterThan(0);
      for (const id of rec.presets) expect(presetById(id), `${rec.id}: ${id}`).toBeDefined();
      expect(rec.tradeoffs.speed && rec.tradeoffs.portability && rec.tradeoffs.synchronisation).toBeTruthy();
    }
  });

  it('runs its "not the same machine" branch on two hosts (a preset with hosts that exists)', () => {
    const presets = QUESTIONS['same-machine'].presets?.no ?? [];
    expect(presets.length).toBeGreaterThan(0);
    for (const id of presets) expect(presetById(id)?.scenario.hosts?.length).toBe(2);
  });

  it('asks one question at a time, and ignores answers off the path', () => {
    expect(walk({}).current).toBe('same-machine');
    expect(walk({ 'same-machine': 'yes' }).current).toBe('throughput');
    const changed = { 'same-machine': 'yes', throughput: 'yes', 'parent-child': 'yes' } as const;
    expect(walk(changed).recommendation?.id).toBe('shared-memory');
    expect(prune(changed)).toEqual({ 'same-machine': 'yes', throughput: 'yes' });
    expect(walk({ ...changed, throughput: 'no' }).recommendation?.id).toBe('pipes');
  });

  it('has one edge per answer of every question, each to a known node', () => {
    const nodes = new Set([...Object.keys(QUESTIONS), ...Object.keys(RECOMMENDATIONS)]);
    const edges = edgesOf();
    expect(edges).toHaveLength(Object.keys(QUESTIONS).length * 2);
    for (const edge of edges) expect(nodes.has(edge.to), edge.id).toBe(true);
  });
});

describe('comparison table', () => {
  it('covers the four mechanisms, each with a preset that exists and benchmark mechanisms behind its speed', () => {
    expect(COMPARISON.map((row) => row.id)).toEqual(['shared-memory', 'message-passing', 'pipes', 'signals']);
    for (const row of COMPARISON) {
      expect(presetById(row.presetId), row.id).toBeDefined();
      expect(row.measuredBy.length, row.id).toBeGreaterThan(0);
    }
  });
});
