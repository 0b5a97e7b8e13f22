// Every lesson step judged against a real run of its preset: the answer its events give must be
// the one the preset's `expect` implies. Each preset runs once and serves all its steps.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EXAM_QUESTIONS } from '../../main/lessons/exam';
import { LESSONS, allSteps, judge, stepById } from '../../main/lessons/lessons';
import { presetById } from '../../main/presets';
import { checkExpectations } from '../../main/scenario/check-expect';
import type { RunEvent } from '../../main/scenario/events';
import { assertNoLeaks, snapshot, type SystemSnapshot } from '../helpers/leaks';
import { runToEnd, testEngine, type TestEngine } from '../engine/helpers';

/** The true answer of each step, as the preset's `expect` implies it. */
const EXPECTED: Record<string, string | string[]> = {
  'why-zombie': 'zombie',
  'why-separate-memory': 'message',
  'shm-syscalls': 'setup',
  'shm-no-copy': 'memcpy',
  'shm-destroy-attached': '42',
  'shm-race': 'below',
  'shm-semaphore': 'exact',
  'shm-crash-leak': 'leaked',
  'msg-direct': 'process',
  'msg-indirect': 'fifo',
  'msg-nonblocking': 'eagain',
  'msg-rendezvous': 'waits',
  'msg-deadlock': 'deadlock',
  'pipe-fd0': 'fd0',
  'pipe-eof': 'eof',
  'pipe-no-eof': 'blocks',
  'pipe-two': 'two',
  'pipe-fifo': 'one-eexist',
  'pipe-full': 'blocks',
  'sig-uncatchable': 'neither',
  'sig-segv': 'handler',
  // Two SIGUSR1 sent back to back may merge: the preset's expect allows one or two handler runs.
  'sig-no-data': ['once', 'twice'],
  'sig-value': 'both',
  'sig-stop': 'T',
  'sig-eintr': 'eintr',
  'sig-pipe': 'killed',
  'sum-polling': 'polls',
  'sum-atomic': 'exact',
  'sum-bounded-buffer': 'ordered',
  'hosts-what-survives': 'network',
};

let engine: TestEngine;
let before: SystemSnapshot;
const runs = new Map<string, RunEvent[]>();

beforeAll(async () => {
  before = snapshot();
  engine = testEngine();
  for (const presetId of new Set(allSteps().map((s) => s.presetId))) {
    const preset = presetById(presetId)!;
    const outcome = await runToEnd(engine, preset.scenario);
    // A run that misbehaved would make every check below meaningless: say so first.
    expect(checkExpectations(preset.scenario.expect!, outcome.events), presetId).toEqual([]);
    runs.set(presetId, outcome.events);
  }
}, 180_000);
afterAll(async () => {
  await engine.dispose();
  assertNoLeaks(before);
});

describe('lessons', () => {
  it('have unique step ids, existing presets and an expected answer for every step', () => {
    const ids = allSteps().map((s) => s.id);
    expect(new Set(ids).size).toBe(ids.length);
    expect(LESSONS.map((l) => l.id)).toEqual(['why-ipc', 'shared-memory', 'message-passing', 'pipes', 'signals', 'two-hosts', 'summary']);
    for (const step of allSteps()) {
      expect(presetById(step.presetId), step.id).toBeDefined();
      expect(EXPECTED[step.id], step.id).toBeDefined();
      for (const id of [EXPECTED[step.id]].flat()) expect(step.choices.map((c) => c.id), step.id).toContain(id);
    }
  });

  for (const step of allSteps()) {
    it(`${step.id} (${step.presetId}): the real run answers ${String(EXPECTED[step.id])}`, () => {
      const events = runs.get(step.presetId)!;
      const truth = step.answer(events);
      expect([EXPECTED[step.id]].flat(), `${step.id} answered ${truth}`).toContain(truth);
      expect(step.evidence(events).length, step.id).toBeGreaterThan(0);
      expect(judge(step, truth!, truth)).toBe('right');
      const wrong = step.choices.find((c) => c.id !== truth)!;
      expect(judge(step, wrong.id, truth)).toBe('wrong');
    });
  }

  it('say "unknown" rather than guess when a run shows nothing', () => {
    const empty: RunEvent[] = [];
    for (const step of allSteps()) expect(step.answer(empty), step.id).toBeUndefined();
  });
});

describe('mock exam', () => {
  it('every question is answered by lesson steps whose checks read real run events', () => {
    expect(EXAM_QUESTIONS.map((q) => q.id)).toEqual(['shm-os-involvement', 'shm-why-fastest', 'direct-vs-indirect', 'pipe-fd0', 'two-pipes', 'uncatchable-signals']);
    for (const question of EXAM_QUESTIONS) {
      expect(question.steps.length, question.id).toBeGreaterThan(0);
      for (const stepId of question.steps) {
        const found = stepById(stepId);
        expect(found, `${question.id} -> ${stepId}`).toBeDefined();
        const truth = found!.step.answer(runs.get(found!.step.presetId)!);
        expect([EXPECTED[stepId]].flat()).toContain(truth);
      }
    }
  });
});
