// The one signal list: what the validator accepts is what the GUI offers and the JSON Schema
// documents, and a real-time signal really runs (real process, real sigqueue semantics).
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { SIGNAL_NAMES, SIGNALS, signalFacts, suggestSignal } from '../../main/scenario/signals';
import { validateScenario } from '../../main/scenario/validate';
import { scenarioJsonSchema } from '../../main/scenario/json-schema';

const withSignal = (signal: string) => ({
  format: 'process-lab/scenario@1', title: 't', objects: [],
  processes: [{ id: 'a', program: [{ op: 'signal.raise', signal }] }],
});

describe('the signal list', () => {
  it('has the 31 standard Linux signals and SIGRTMIN..SIGRTMIN+30, numbered as on Linux', () => {
    expect(SIGNALS.filter((s) => !s.realtime)).toHaveLength(31);
    expect(SIGNALS.filter((s) => !s.realtime).map((s) => s.number)).toEqual(Array.from({ length: 31 }, (_, i) => i + 1));
    expect(signalFacts('SIGRTMIN')?.number).toBe(34);
    expect(signalFacts('SIGRTMIN+30')?.number).toBe(64);
    expect(signalFacts('SIGKILL')?.catchable).toBe(false);
    expect(signalFacts('SIGWINCH')?.defaultAction).toBe('ignore');
  });

  it('is what the JSON Schema lists (the GUI: test/renderer/model/signal-table.test.ts)', () => {
    expect(JSON.stringify(scenarioJsonSchema())).toContain(JSON.stringify(SIGNAL_NAMES));
  });

  it('is what the docs name: the real-time range of docs/scenario-fields.md is the list\'s', () => {
    const docs = readFileSync(new URL('../../docs/scenario-fields.md', import.meta.url), 'utf8');
    const realtime = SIGNALS.filter((s) => s.realtime).map((s) => s.name);
    expect(docs).toContain(`\`${realtime[0]}\` … \`${realtime.at(-1)}\``);
  });

  it('is what the validator accepts, and nothing else', () => {
    for (const name of ['SIGWINCH', 'SIGSYS', 'SIGRTMIN', 'SIGRTMIN+5', 'SIGRTMIN+30']) expect(validateScenario(withSignal(name)).ok, name).toBe(true);
    for (const name of ['SIGRTMIN+31', 'SIGRTMAX', 'SIG32', 'SIGFOO']) expect(validateScenario(withSignal(name)).ok, name).toBe(false);
  });

  it('suggests a name close to what was typed', () => {
    expect(suggestSignal('usr1')).toBe('SIGUSR1');
    expect(suggestSignal('36')).toBe('SIGRTMIN+2');
    expect(suggestSignal('rtmin+2')).toBe('SIGRTMIN+2');
    expect(suggestSignal('SIGRTMAX')).toBe('SIGRTMIN+30');
    expect(suggestSignal('rtmin+40')).toBeUndefined();
  });
});
