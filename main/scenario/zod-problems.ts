/**
 * zod's issues turned into problems a student can act on: a JSON pointer, a sentence that
 * names the field and what was written, and a hint (the closest op or field name, the
 * allowed values). zod's own messages ("Invalid input") are never shown as they are.
 */
import type { z } from 'zod';
import { LIMITS } from './limits';
import type { PathSegment } from './pointer';
import { toPointer } from './pointer';
import type { Problem } from './problems';
import { closest, describeValue, error } from './problems';
import { OBJECT_KINDS, OPS, SCENARIO_FORMAT } from './schema';
import { SIGNAL_NAMES, signalListWords, suggestSignal } from './signals';
import { opInfo } from '../ops/catalogue';

type Issue = z.core.$ZodIssue;

function valueAt(root: unknown, path: readonly PathSegment[]): unknown {
  let node = root;
  for (const segment of path) {
    if (typeof node !== 'object' || node === null) return undefined;
    node = (node as Record<string | number, unknown>)[segment];
  }
  return node;
}

/** The step a path is inside (its op), if any: the nearest program/steps index. */
function enclosingOp(root: unknown, path: readonly PathSegment[]): string | undefined {
  for (let end = path.length; end >= 2; end--) {
    const container = path[end - 2];
    if ((container === 'program' || container === 'steps') && typeof path[end - 1] === 'number') {
      const op = (valueAt(root, path.slice(0, end)) as { op?: unknown } | undefined)?.op;
      return typeof op === 'string' ? op : undefined;
    }
  }
  return undefined;
}

const TOP_LEVEL_FIELDS = ['format', 'title', 'description', 'objects', 'processes', 'limits', 'layout', 'expect', 'order'];
const PROCESS_FIELDS = ['id', 'name', 'parent', 'program'];
const OBJECT_FIELDS: Record<string, string[]> = {
  shm: ['id', 'kind', 'size', 'flavor'], pipe: ['id', 'kind', 'capacity'], fifo: ['id', 'kind', 'capacity'],
  mailbox: ['id', 'kind', 'flavor', 'capacity', 'maxMessage'], semaphore: ['id', 'kind', 'initial'],
};

/** Field names valid where an unknown key was found, for "did you mean". */
function knownFields(root: unknown, path: readonly PathSegment[]): string[] {
  if (path.length === 0) return TOP_LEVEL_FIELDS;
  const last = path[path.length - 1];
  const container = path[path.length - 2];
  if ((container === 'program' || container === 'steps') && typeof last === 'number') {
    const info = opInfo((valueAt(root, path) as { op?: unknown } | undefined)?.op);
    return info ? ['op', 'label', 'onError', ...info.fields.map((field) => field.name)] : [];
  }
  if (container === 'processes' && path.length === 2) return PROCESS_FIELDS;
  if (container === 'objects' && path.length === 2) {
    const kind = (valueAt(root, path) as { kind?: unknown } | undefined)?.kind;
    return typeof kind === 'string' ? (OBJECT_FIELDS[kind] ?? []) : [];
  }
  if (last === 'limits') return ['timeoutMs'];
  if (last === 'to' || last === 'from') return ['mailbox', 'process'];
  return [];
}

/** A value at the start of a sentence: "SIGFOO" quoted, anything else in words, capitalised. */
function subject(value: unknown): string {
  if (typeof value === 'string') return JSON.stringify(value);
  const words = describeValue(value);
  return words.charAt(0).toUpperCase() + words.slice(1);
}

function fieldName(path: readonly PathSegment[]): string {
  for (let i = path.length - 1; i >= 0; i--) if (typeof path[i] === 'string') return String(path[i]);
  return 'the document';
}

function expectedPhrase(expected: string): string {
  switch (expected) {
    case 'int': return 'a whole number';
    case 'number': return 'a number';
    case 'string': return 'text (a string)';
    case 'boolean': return 'true or false';
    case 'array': return 'a list [ ... ]';
    case 'object': case 'record': return 'an object { ... }';
    default: return `a ${expected}`;
  }
}

/** Sentences for unions whose branches all failed, by the field's name. */
const UNION_SHAPES: Record<string, string> = {
  value: 'an integer, a string or a list of byte values (0..255)',
  data: 'a string or a list of byte values (0..255)',
  to: '{ "mailbox": id } (indirect) or { "process": id } (direct)',
  from: '{ "mailbox": id }, { "process": id } or "any"',
};

function missingField(root: unknown, path: readonly PathSegment[], name: string): Problem {
  const pointer = toPointer(path);
  const op = enclosingOp(root, path);
  const info = opInfo(op);
  const field = info?.fields.find((candidate) => candidate.name === name);
  const where = info ? `A ${op} step` : path.length === 1 ? 'The document' : 'This entry';
  let hint: string | undefined;
  if (field?.kind === 'object' && info) hint = `Give the id of a ${info.objectKinds.join(' or ')} object.`;
  else if (name === 'format') hint = `Start the file with "format": "${SCENARIO_FORMAT}".`;
  return error(pointer, `${where} needs the field "${name}".`, hint);
}

function invalidValue(root: unknown, issue: Extract<Issue, { code: 'invalid_value' }>, path: readonly PathSegment[]): Problem {
  const pointer = toPointer(path);
  const value = valueAt(root, path);
  const name = fieldName(path);
  if (name === 'format') {
    const other = typeof value === 'string' && value.startsWith('process-lab/scenario@');
    return error(pointer, other
      ? `This is a scenario of format ${JSON.stringify(value)}; this version of Process Lab reads ${SCENARIO_FORMAT}.`
      : `"format" must be "${SCENARIO_FORMAT}", not ${describeValue(value)}.`,
    other ? undefined : 'This does not look like a Process Lab scenario file.');
  }
  const values = issue.values.map(String);
  if (values.length > 0 && values.every((v) => (SIGNAL_NAMES as readonly string[]).includes(v))) {
    const suggestion = typeof value === 'string' ? suggestSignal(value) : undefined;
    return error(pointer, `${subject(value)} is not a signal the lab knows.`,
      suggestion ? `Did you mean ${suggestion}?` : `Signals: ${signalListWords()}.`);
  }
  const guess = typeof value === 'string' ? closest(value, values) : undefined;
  return error(pointer, `"${name}" must be ${values.map((v) => JSON.stringify(v)).join(', ').replace(/, ([^,]*)$/, ' or $1')}, not ${describeValue(value)}.`,
    guess ? `Did you mean ${JSON.stringify(guess)}?` : undefined);
}

function sizeBound(issue: Extract<Issue, { code: 'too_big' | 'too_small' }>, path: readonly PathSegment[], value: unknown): Problem {
  const pointer = toPointer(path);
  const name = fieldName(path);
  const big = issue.code === 'too_big';
  const bound = Number(big ? (issue as { maximum: number | bigint }).maximum : (issue as { minimum: number | bigint }).minimum);
  const inclusive = issue.inclusive !== false;
  if (issue.origin === 'array') {
    const count = Array.isArray(value) ? value.length : 0;
    const noun = name === 'processes' || name === 'objects' ? name : 'entries';
    if (big) return error(pointer, `There are ${count} ${noun} here; at most ${bound} are allowed.`,
      name === 'processes' || name === 'objects' ? `A scenario has at most ${LIMITS.maxProcesses} processes and ${LIMITS.maxObjects} objects.` : undefined);
    return error(pointer, `"${name}" needs at least ${bound} ${bound === 1 ? 'entry' : 'entries'}.`,
      name === 'processes' ? 'Add a process: a scenario runs at least one.' : undefined);
  }
  if (issue.origin === 'string') {
    if (!big && bound <= 1) return error(pointer, `"${name}" must not be empty.`);
    const length = typeof value === 'string' ? value.length : 0;
    return error(pointer, big ? `"${name}" is ${length} characters long; at most ${bound}.` : `"${name}" must be at least ${bound} characters long.`);
  }
  const relation = big ? (inclusive ? 'at most' : 'below') : inclusive ? 'at least' : 'above';
  return error(pointer, `"${name}" must be ${relation} ${bound}, not ${describeValue(value)}.`);
}

/** Of a union's failed branches, the one the user evidently meant: none of its issues is about the value's own type. */
function meantBranch(issue: Extract<Issue, { code: 'invalid_union' }>): Issue[] | undefined {
  const plausible = issue.errors.filter((branch) =>
    branch.every((inner) => inner.path.length > 0 || (inner.code !== 'invalid_type' && inner.code !== 'invalid_value' && inner.code !== 'unrecognized_keys')));
  return plausible.length === 1 ? plausible[0] : undefined;
}

function convert(issue: Issue, root: unknown, prefix: readonly PathSegment[], out: Problem[]): void {
  const path = [...prefix, ...(issue.path as PathSegment[])];
  const pointer = toPointer(path);
  const value = valueAt(root, path);
  const name = fieldName(path);
  switch (issue.code) {
    case 'invalid_type':
      if (value === undefined && path.length > 0 && typeof valueAt(root, path.slice(0, -1)) === 'object') {
        out.push(missingField(root, path, name));
      } else if (path.length === 0) {
        out.push(error('', `The document must be a JSON object { ... }, not ${describeValue(value)}.`));
      } else if (issue.expected === 'int' && typeof value === 'number') {
        out.push(error(pointer, `"${name}" must be a whole number, not ${value}.`));
      } else {
        out.push(error(pointer, `"${name}" must be ${expectedPhrase(issue.expected)}, not ${describeValue(value)}.`));
      }
      return;
    case 'too_big':
    case 'too_small':
      out.push(sizeBound(issue, path, value));
      return;
    case 'invalid_value':
      out.push(invalidValue(root, issue, path));
      return;
    case 'invalid_format':
      out.push(error(pointer, `${subject(value)} is not a valid id.`,
        `An id starts with a letter and has at most ${LIMITS.maxIdLength} letters, digits, "_" or "-".`));
      return;
    case 'unrecognized_keys': {
      const known = knownFields(root, path);
      const op = enclosingOp(root, [...path, 'x']);
      for (const key of issue.keys) {
        const guess = closest(key, known);
        const where = op && path[path.length - 2] !== 'to' ? ` of a ${op} step` : '';
        out.push(error(toPointer([...path, key]), `Unknown field "${key}"${where}.`,
          guess ? `Did you mean "${guess}"?` : known.length > 0 ? `Fields here: ${known.join(', ')}.` : undefined));
      }
      return;
    }
    case 'invalid_union': {
      const discriminator = (issue as { discriminator?: string }).discriminator;
      if (discriminator === 'op' || discriminator === 'kind') {
        const known = discriminator === 'op' ? OPS : OBJECT_KINDS;
        const what = discriminator === 'op' ? 'step' : 'object';
        if (value === undefined) {
          out.push(error(pointer, `This ${what} has no "${discriminator}".`, `Give one of: ${known.join(', ')}.`));
        } else {
          const guess = typeof value === 'string' ? closest(value, known) : undefined;
          out.push(error(pointer, `${subject(value)} is not a ${what} ${discriminator} the lab knows.`,
            guess ? `Did you mean "${guess}"?` : `Known: ${known.join(', ')}.`));
        }
        return;
      }
      const branch = meantBranch(issue);
      if (branch) {
        for (const inner of tightestBounds(branch)) convert(inner, root, path, out);
        return;
      }
      const shape = UNION_SHAPES[name];
      out.push(error(pointer, shape ? `"${name}" must be ${shape}, not ${describeValue(value)}.` : `"${name}" has a form the lab does not accept (${describeValue(value)}).`));
      return;
    }
    default:
      out.push(error(pointer, `"${name}" is not valid here (${describeValue(value)}).`));
  }
}

type BoundIssue = Extract<Issue, { code: 'too_big' | 'too_small' }>;

/** The bound an issue names, as a number (zod gives bigint for bigint schemas). */
function boundOf(issue: BoundIssue): number {
  return Number(issue.code === 'too_big' ? issue.maximum : issue.minimum);
}

/**
 * One bound problem per field and direction, the tightest: `z.int().max(600_000)` fails a huge
 * value twice (the safe-integer range zod's int() carries, then our maximum), and the user must
 * see one limit, the one that applies.
 */
function tightestBounds(issues: readonly Issue[]): Issue[] {
  // zod names the safe-integer check's origin "int" and .max()'s "number": the same field's value.
  const keyOf = (issue: BoundIssue) => `${issue.code} ${issue.origin === 'int' ? 'number' : issue.origin} ${JSON.stringify(issue.path)}`;
  const kept = new Map<string, BoundIssue>();
  for (const issue of issues) {
    if (issue.code !== 'too_big' && issue.code !== 'too_small') continue;
    const key = keyOf(issue);
    const seen = kept.get(key);
    const tighter = !seen || (issue.code === 'too_big' ? boundOf(issue) < boundOf(seen) : boundOf(issue) > boundOf(seen));
    if (tighter) kept.set(key, issue);
  }
  return issues.filter((issue) => (issue.code !== 'too_big' && issue.code !== 'too_small')
    || kept.get(keyOf(issue)) === issue);
}

export function zodIssuesToProblems(issues: readonly Issue[], root: unknown): Problem[] {
  const out: Problem[] = [];
  for (const issue of tightestBounds(issues)) convert(issue, root, [], out);
  return out;
}
