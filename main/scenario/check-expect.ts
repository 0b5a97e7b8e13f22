/**
 * Compares a run's events with a scenario's `expect` (expect.ts). Pure: no I/O, no clock;
 * the engine's tests feed it the events of a real run, unit tests feed it hand-written ones.
 * Returns one sentence per mismatch; an empty list means the run did what was expected.
 */
import type { z } from 'zod';
import type { RunEvent, RunEventOf } from './events';
import type { ExpectSchema, NumberRange } from './expect';

type ExpectInput = z.input<typeof ExpectSchema>;

/** Every key of `expected` equals in `actual`, recursively; arrays match element by element. */
export function partialMatch(expected: unknown, actual: unknown): boolean {
  if (Array.isArray(expected)) {
    return Array.isArray(actual) && actual.length === expected.length && expected.every((item, i) => partialMatch(item, actual[i]));
  }
  if (typeof expected === 'object' && expected !== null) {
    if (typeof actual !== 'object' || actual === null || Array.isArray(actual)) return false;
    const record = actual as Record<string, unknown>;
    return Object.entries(expected).every(([key, value]) => Object.hasOwn(record, key) && partialMatch(value, record[key]));
  }
  return Object.is(expected, actual);
}

/** Why `value` is outside `range`, or undefined when inside. */
function rangeViolation(value: number, range: NumberRange): string | undefined {
  if (range.min !== undefined && value < range.min) return `${value} is below the minimum ${range.min}`;
  if (range.max !== undefined && value > range.max) return `${value} is above the maximum ${range.max}`;
  if (range.below !== undefined && !(value < range.below)) return `${value} is not below ${range.below}`;
  if (range.above !== undefined && !(value > range.above)) return `${value} is not above ${range.above}`;
  return undefined;
}

function describeRange(range: NumberRange): string {
  const parts: string[] = [];
  if (range.min !== undefined && range.min === range.max) return `exactly ${range.min}`;
  if (range.min !== undefined) parts.push(`at least ${range.min}`);
  if (range.max !== undefined) parts.push(`at most ${range.max}`);
  if (range.above !== undefined) parts.push(`more than ${range.above}`);
  if (range.below !== undefined) parts.push(`fewer than ${range.below}`);
  return parts.join(' and ') || 'any number of';
}

function ofType<T extends RunEvent['type']>(events: readonly RunEvent[], type: T): RunEventOf<T>[] {
  return events.filter((event): event is RunEventOf<T> => event.type === type);
}

function show(value: unknown): string {
  const text = JSON.stringify(value);
  return text === undefined ? String(value) : text.length > 120 ? `${text.slice(0, 120)}…` : text;
}

type Expected = NonNullable<ExpectInput['results']>[number];

/** Why one step.end does not satisfy a result expectation, or undefined when it does. */
function resultMismatch(expected: Expected, event: RunEventOf<'step.end'>): string | undefined {
  if (expected.errno !== undefined) {
    if (expected.errno === null && event.errno !== undefined) return `it failed with ${event.errno}`;
    if (expected.errno !== null && event.errno !== expected.errno) {
      return event.errno === undefined ? `it succeeded instead of failing with ${expected.errno}` : `it failed with ${event.errno}, not ${expected.errno}`;
    }
  }
  if (expected.result !== undefined && !partialMatch(expected.result, event.result)) {
    return `its result ${show(event.result)} does not match ${show(expected.result)}`;
  }
  if (expected.value !== undefined) {
    const value = event.result?.value;
    if (typeof value !== 'number') return `its result has no numeric value (${show(event.result)})`;
    const violation = rangeViolation(value, expected.value);
    if (violation) return `its value ${violation}`;
  }
  if (expected.durationMs !== undefined) {
    const violation = rangeViolation(event.durationNs / 1e6, expected.durationMs);
    if (violation) return `its duration in ms: ${violation}`;
  }
  return undefined;
}

function checkResults(expected: readonly Expected[], events: readonly RunEvent[], out: string[]): void {
  const ends = ofType(events, 'step.end');
  for (const entry of expected) {
    const matching = ends.filter((event) => event.process === entry.process && event.label === entry.label);
    const name = `step "${entry.label}" of "${entry.process}"`;
    if (matching.length === 0) {
      out.push(`The ${name} never finished (no step.end with that label).`);
      continue;
    }
    const match = entry.match ?? 'any';
    if (match === 'any') {
      const reasons = matching.map((event) => resultMismatch(entry, event));
      if (reasons.every((reason) => reason !== undefined)) {
        out.push(`No run of the ${name} matched: ${reasons[reasons.length - 1]}${matching.length > 1 ? ` (and ${matching.length - 1} other runs did not match either)` : ''}.`);
      }
      continue;
    }
    const selected = match === 'first' ? [matching[0]] : match === 'last' ? [matching[matching.length - 1]] : matching;
    selected.forEach((event) => {
      const reason = resultMismatch(entry, event);
      if (reason) out.push(`The ${match === 'every' ? 'run' : `${match} run`} of the ${name} at index [${event.index.join(', ')}] did not match: ${reason}.`);
    });
  }
}

function checkCounts(expected: NonNullable<ExpectInput['counts']>, events: readonly RunEvent[], out: string[]): void {
  for (const entry of expected) {
    const count = events.filter((event) => {
      if (event.type !== entry.event) return false;
      const record = event as Record<string, unknown>;
      if (entry.process !== undefined && record.process !== entry.process) return false;
      if (entry.signal !== undefined && record.signal !== entry.signal) return false;
      if (entry.label !== undefined && record.label !== entry.label) return false;
      if (entry.op !== undefined && record.op !== entry.op) return false;
      if (entry.disposition !== undefined && record.disposition !== entry.disposition) return false;
      if (entry.errno !== undefined && record.errno !== entry.errno) return false;
      return true;
    }).length;
    if (rangeViolation(count, entry.count) !== undefined) {
      const filters = (['process', 'signal', 'label', 'op', 'disposition', 'errno'] as const)
        .filter((key) => entry[key] !== undefined).map((key) => `${key} ${entry[key]}`);
      out.push(`Expected ${describeRange(entry.count)} ${entry.event} event${entry.count.min === 1 && entry.count.max === 1 ? '' : 's'}${filters.length ? ` (${filters.join(', ')})` : ''}, got ${count}.`);
    }
  }
}

function checkProcesses(expected: NonNullable<ExpectInput['processes']>, events: readonly RunEvent[], out: string[]): void {
  const exits = ofType(events, 'process.exit');
  for (const [id, want] of Object.entries(expected)) {
    const exit = exits.filter((event) => event.process === id).pop();
    if (!exit) {
      out.push(`"${id}" never exited (no process.exit event).`);
      continue;
    }
    const got = exit.signal !== undefined ? `was killed by ${exit.signal}` : `exited with code ${exit.code}`;
    if (want.exit !== undefined && (exit.signal !== undefined || exit.code !== want.exit)) out.push(`"${id}" ${got}, expected exit code ${want.exit}.`);
    if (want.signal !== undefined && exit.signal !== want.signal) out.push(`"${id}" ${got}, expected to be killed by ${want.signal}.`);
  }
}

export function checkExpectations(expect: ExpectInput, events: readonly RunEvent[]): string[] {
  const out: string[] = [];
  const end = ofType(events, 'run.end').pop();
  if (!end) out.push('The run never ended (no run.end event).');
  else if (end.status !== expect.status) out.push(`The run ended "${end.status}", expected "${expect.status}".`);

  if (expect.processes) checkProcesses(expect.processes, events, out);

  if (expect.leaked && end) {
    const leaked = new Set(end.leaked.map((object) => object.object));
    const wanted = new Set(expect.leaked);
    for (const id of wanted) if (!leaked.has(id)) out.push(`"${id}" was expected to be reported leaked, but was not.`);
    for (const id of leaked) if (!wanted.has(id)) out.push(`"${id}" was reported leaked unexpectedly.`);
  }

  if (expect.logs) {
    const outputs = ofType(events, 'process.output');
    for (const [id, substrings] of Object.entries(expect.logs)) {
      // Output arrives in chunks; a line may be split between two events.
      const text = outputs.filter((event) => event.process === id).map((event) => event.text).join('');
      for (const substring of substrings) {
        if (!text.includes(substring)) out.push(`The console of "${id}" does not contain ${show(substring)}.`);
      }
    }
  }

  if (expect.results) checkResults(expect.results, events, out);
  if (expect.counts) checkCounts(expect.counts, events, out);

  if (expect.states) {
    const states = ofType(events, 'process.state');
    for (const [id, wanted] of Object.entries(expect.states)) {
      const seen = new Set(states.filter((event) => event.process === id).map((event) => event.state));
      for (const state of wanted) {
        if (!seen.has(state)) out.push(`"${id}" was never seen in state ${state}${seen.size ? ` (seen: ${[...seen].join(', ')})` : ''}.`);
      }
    }
  }

  if (expect.deadlocked) {
    const deadlocks = ofType(events, 'deadlock');
    if (deadlocks.length === 0) out.push('No deadlock was reported.');
    else {
      const named = new Set(deadlocks.flatMap((event) => event.processes.map((entry) => entry.process)));
      for (const id of expect.deadlocked) if (!named.has(id)) out.push(`The deadlock report does not name "${id}".`);
    }
  }
  return out;
}
