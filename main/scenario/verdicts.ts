/**
 * One verdict per entry of a scenario's `expect` (spec, Run events: `verdict`): what was
 * expected, what happened, whether it held, in plain words, and the entry's key figure (a loaded
 * value, a count) so repeated runs make a distribution. Pure like check-expect.ts, whose
 * sentences say why an entry did not hold; `events` must end with the run's run.end.
 */
import type { z } from 'zod';
import { checkExpectations } from './check-expect';
import type { RunEvent, RunEventOf } from './events';
import type { ExpectSchema, NumberRange } from './expect';

type ExpectInput = z.input<typeof ExpectSchema>;

export interface Verdict {
  /** JSON pointer of the entry: /expect/status, /expect/results/0, /expect/processes/crasher. */
  entry: string;
  expected: string;
  happened: string;
  held: boolean;
  value?: number;
}

/** 21816 -> "21 816": the way the lecture writes numbers. */
export function groupDigits(value: number): string {
  if (!Number.isInteger(value) || Math.abs(value) < 10_000) return String(value);
  return String(value).replace(/\B(?=(\d{3})+(?!\d))/g, ' ');
}

function rangeWords(range: NumberRange): string {
  const parts: string[] = [];
  if (range.min !== undefined && range.min === range.max) return `exactly ${groupDigits(range.min)}`;
  if (range.min !== undefined) parts.push(`at least ${groupDigits(range.min)}`);
  if (range.max !== undefined) parts.push(`at most ${groupDigits(range.max)}`);
  if (range.above !== undefined) parts.push(`above ${groupDigits(range.above)}`);
  if (range.below !== undefined) parts.push(`below ${groupDigits(range.below)}`);
  return parts.join(' and ') || 'any number';
}

const show = (value: unknown) => (typeof value === 'string' ? `"${value}"` : JSON.stringify(value));
const list = (ids: readonly string[]) => (ids.length === 0 ? 'nothing' : ids.join(', '));

function exitWords(exit: RunEventOf<'process.exit'> | undefined): string {
  if (!exit) return 'never exited';
  return exit.signal !== undefined ? `was killed by ${exit.signal}${exit.core ? ' (core dumped)' : ''}` : `exited with code ${exit.code}`;
}

/** The mismatches of one entry alone: checkExpectations on an expect holding only it. */
function mismatches(entry: Partial<ExpectInput>, events: readonly RunEvent[], status: string): string[] {
  return checkExpectations({ status, ...entry } as ExpectInput, events);
}

/** Judges every entry of `expect` against a finished run's events (the last is run.end). */
export function judgeExpectations(expect: ExpectInput, events: readonly RunEvent[]): Verdict[] {
  const end = events.findLast((e): e is RunEventOf<'run.end'> => e.type === 'run.end');
  const status = end?.status ?? 'running';
  const verdicts: Verdict[] = [];
  const add = (entry: string, expected: string, happened: string, why: string[], value?: number) =>
    verdicts.push({ entry, expected, happened: why.length ? `${happened}: ${why.join(' ')}` : happened, held: why.length === 0, ...(value !== undefined ? { value } : {}) });

  add('/expect/status', `the run ends ${expect.status}`, `it ended ${status}`, status === expect.status ? [] : [`not ${expect.status}.`]);

  for (const [id, want] of Object.entries(expect.processes ?? {})) {
    const exit = events.findLast((e): e is RunEventOf<'process.exit'> => e.type === 'process.exit' && e.process === id);
    const expected = want.signal !== undefined ? `${id} is killed by ${want.signal}` : `${id} exits with code ${want.exit}`;
    add(`/expect/processes/${id}`, expected, `${id} ${exitWords(exit)}`, mismatches({ processes: { [id]: want } }, events, status));
  }

  if (expect.leaked) {
    const leaked = end?.leaked.map((o) => o.object) ?? [];
    add('/expect/leaked', `leaked: ${list(expect.leaked)}`, `leaked: ${list(leaked)}`, mismatches({ leaked: expect.leaked }, events, status));
  }

  for (const [id, substrings] of Object.entries(expect.logs ?? {})) {
    const why = mismatches({ logs: { [id]: substrings } }, events, status);
    add(`/expect/logs/${id}`, `${id}'s console shows ${substrings.map(show).join(' and ')}`, why.length ? `${id}'s console lacks it` : `${id}'s console shows it`, why);
  }

  (expect.results ?? []).forEach((want, i) => {
    const ends = events.filter((e): e is RunEventOf<'step.end'> => e.type === 'step.end' && e.process === want.process && e.label === want.label);
    const last = ends[ends.length - 1];
    const value = typeof last?.result?.value === 'number' ? last.result.value : undefined;
    const step = `${want.process}'s "${want.label}"`;
    const parts: string[] = [];
    if (want.value) parts.push(`a value ${rangeWords(want.value)}`);
    if (want.result) parts.push(`the result ${show(want.result)}`);
    if (want.errno !== undefined) parts.push(want.errno === null ? 'success' : `the error ${want.errno}`);
    if (want.durationMs) parts.push(`a duration ${rangeWords(want.durationMs)} ms`);
    let happened = `${step} never finished`;
    if (last) {
      const data = last.result?.data;
      happened = last.errno ? `${step} failed with ${last.errno}`
        : value !== undefined ? `${step} read ${groupDigits(value)}`
        : data !== undefined ? `${step} got ${show(data)}`
        : `${step} returned ${JSON.stringify(last.result ?? {})}`;
      if (want.durationMs) happened += ` in ${Math.round(last.durationNs / 1e6)} ms`;
    }
    add(`/expect/results/${i}`, `${step} gives ${parts.join(', ') || 'a result'}`, happened, mismatches({ results: [want] }, events, status), value);
  });

  (expect.counts ?? []).forEach((want, i) => {
    const filters = (['process', 'signal', 'label', 'op', 'disposition', 'errno'] as const).filter((k) => want[k] !== undefined).map((k) => `${want[k]}`);
    const what = `${want.event}${filters.length ? ` (${filters.join(', ')})` : ''}`;
    const count = events.filter((e) => {
      const r = e as Record<string, unknown>;
      return e.type === want.event && (['process', 'signal', 'label', 'op', 'disposition', 'errno'] as const).every((k) => want[k] === undefined || r[k] === want[k]);
    }).length;
    add(`/expect/counts/${i}`, `${rangeWords(want.count)} ${what}`, `${count} ${what}`, mismatches({ counts: [want] }, events, status), count);
  });

  for (const [id, states] of Object.entries(expect.states ?? {})) {
    const seen = [...new Set(events.filter((e) => e.type === 'process.state' && e.process === id).map((e) => (e as RunEventOf<'process.state'>).state))];
    add(`/expect/states/${id}`, `${id} is seen in state ${states.join(', ')}`, `${id} was seen in ${seen.length ? seen.join(', ') : 'no state'}`, mismatches({ states: { [id]: states } }, events, status));
  }

  if (expect.deadlocked) {
    const named = events.filter((e): e is RunEventOf<'deadlock'> => e.type === 'deadlock').flatMap((e) => e.processes.map((p) => p.process));
    add('/expect/deadlocked', `a deadlock of ${list(expect.deadlocked)}`, named.length ? `a deadlock of ${list([...new Set(named)])}` : 'no deadlock', mismatches({ deadlocked: expect.deadlocked }, events, status));
  }
  return verdicts;
}

/** A verdict as one sentence: "main's "total" read 21 816 (expected a value below 40 000): as expected." */
export function verdictSentence(v: Pick<Verdict, 'expected' | 'happened' | 'held'>): string {
  return v.held ? `${v.happened}, as expected (${v.expected}).` : `${v.happened} (expected ${v.expected}).`;
}
