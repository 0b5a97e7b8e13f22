/**
 * Checks done on the raw input before any schema sees it, so that a broken, binary,
 * enormous or absurdly nested file gets one clear sentence and the validator never
 * recurses deeper than LIMITS.maxJsonDepth (zod's schemas for repeat and handler steps are
 * recursive; JSON.parse's own depth behaviour is the engine's business, not ours).
 */
import { formatFileSize } from '../contract/units';
import { findDuplicateKey } from './json-duplicates';
import { LIMITS } from './limits';
import type { Problem } from './problems';
import { error } from './problems';
import { utf8Length } from './primitives';

export type Checked<T> = { ok: true; value: T } | { ok: false; problem: Problem };

function sizeProblem(bytes: number): Problem {
  return error('', `The document is ${formatFileSize(bytes)}; a scenario is at most ${formatFileSize(LIMITS.maxDocumentBytes)}.`,
    'A scenario describes processes and steps; big data belongs in repeat counts and sizes, not in the file.');
}

function depthProblem(where: string): Problem {
  return error('', `The document is nested more than ${LIMITS.maxJsonDepth} levels deep${where}.`,
    `Scenarios nest repeats and handlers at most ${LIMITS.maxNesting} deep, which needs far fewer JSON levels.`);
}

/** Decode file bytes as strict UTF-8 (a binary file is refused here, before JSON). */
export function decodeScenarioBytes(bytes: Uint8Array): Checked<string> {
  if (bytes.length > LIMITS.maxDocumentBytes) return { ok: false, problem: sizeProblem(bytes.length) };
  if (bytes.includes(0)) return { ok: false, problem: binaryProblem('NUL bytes') };
  try {
    return { ok: true, value: new TextDecoder('utf-8', { fatal: true }).decode(bytes) };
  } catch {
    return { ok: false, problem: binaryProblem('bytes that are not UTF-8') };
  }
}

function binaryProblem(what: string): Problem {
  return error('', `The file contains ${what}: it is not a text file, so it cannot be a scenario.`,
    'A scenario is a UTF-8 JSON file ending in .lab.json.');
}

/** Line and column (1-based) of a character offset, for messages about raw text. */
function lineAndColumn(text: string, offset: number): { line: number; column: number } {
  let line = 1;
  let lineStart = 0;
  for (let i = 0; i < offset && i < text.length; i++) {
    if (text.charCodeAt(i) === 10) {
      line++;
      lineStart = i + 1;
    }
  }
  return { line, column: offset - lineStart + 1 };
}

/** Deepest bracket nesting, scanning once and skipping strings; stops at the first excess. */
function findExcessNesting(text: string): number | undefined {
  let depth = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (inString) {
      if (c === 92 /* \ */) i++;
      else if (c === 34 /* " */) inString = false;
    } else if (c === 34) inString = true;
    else if (c === 91 /* [ */ || c === 123 /* { */) {
      if (++depth > LIMITS.maxJsonDepth) return i;
    } else if (c === 93 || c === 125) depth--;
  }
  return undefined;
}

function syntaxProblem(text: string, cause: unknown): Problem {
  const raw = cause instanceof Error ? cause.message : String(cause);
  if (/end of (JSON )?input|Unterminated string/i.test(raw)) {
    return error('', 'The file is not valid JSON: it ends in the middle of the document.',
      'The file looks truncated: was it saved or copied completely?');
  }
  const position = /position (\d+)/.exec(raw);
  const where = position ? lineAndColumn(text, Number(position[1])) : undefined;
  const detail = raw.replace(/^JSON\.parse: /, '').replace(/ in JSON at position \d+.*$/, '');
  const at = where ? ` at line ${where.line}, column ${where.column}` : '';
  return error('', `The file is not valid JSON${at}: ${detail}.`,
    'Check for a missing comma or quote, or a trailing comma before } or ].');
}

/** Size, encoding, nesting and syntax of a document given as text. */
export function parseScenarioJson(text: string): Checked<unknown> {
  if (typeof text !== 'string') return { ok: false, problem: error('', 'The document must be given as text.') };
  if (text.length > LIMITS.maxDocumentBytes) return { ok: false, problem: sizeProblem(utf8Length(text)) };
  if (text.length * 3 > LIMITS.maxDocumentBytes) {
    const bytes = utf8Length(text);
    if (bytes > LIMITS.maxDocumentBytes) return { ok: false, problem: sizeProblem(bytes) };
  }
  const body = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  if (body.includes('\u0000')) return { ok: false, problem: binaryProblem('NUL bytes') };
  // U+FFFD is what a lenient decoder puts where bytes were not UTF-8.
  if (body.includes('\ufffd')) return { ok: false, problem: binaryProblem('bytes that are not UTF-8 (shown as \ufffd)') };
  if (body.trim() === '') return { ok: false, problem: error('', 'The document is empty.', 'A scenario is a JSON object: { "format": "process-lab/scenario@1", ... }.') };
  const excess = findExcessNesting(body);
  if (excess !== undefined) {
    const where = lineAndColumn(body, excess);
    return { ok: false, problem: depthProblem(` (line ${where.line}, column ${where.column})`) };
  }
  let value: unknown;
  try {
    value = JSON.parse(body) as unknown;
  } catch (cause) {
    return { ok: false, problem: syntaxProblem(body, cause) };
  }
  const duplicate = findDuplicateKey(body);
  if (duplicate) {
    return { ok: false, problem: error(duplicate.pointer, `The key "${duplicate.key}" appears twice in the same object.`,
      'JSON keeps only the last value of a repeated key, so the first would be silently lost: keep one.') };
  }
  return { ok: true, value };
}

/**
 * The same guarantees for a value that did not come from our own JSON.parse (the editor's
 * in-memory document): bounded depth, no cycles, bounded size. Iterative.
 */
export function checkScenarioValue(value: unknown): Problem | undefined {
  const onPath = new Set<object>();
  const done = new Set<object>();
  const stack: { node: object; depth: number; children?: unknown[]; next: number }[] = [];
  let nodes = 0;
  const push = (node: unknown, depth: number): Problem | undefined => {
    if (typeof node !== 'object' || node === null || done.has(node)) return undefined;
    if (onPath.has(node)) return error('', 'The document refers to itself (a cycle): it cannot be written as JSON.');
    if (depth > LIMITS.maxJsonDepth) return depthProblem('');
    if (++nodes > LIMITS.maxDocumentBytes / 2) return sizeProblem(LIMITS.maxDocumentBytes + 1);
    onPath.add(node);
    stack.push({ node, depth, next: 0 });
    return undefined;
  };
  const first = push(value, 1);
  if (first) return first;
  while (stack.length > 0) {
    const frame = stack[stack.length - 1];
    frame.children ??= Array.isArray(frame.node) ? frame.node : Object.values(frame.node);
    if (frame.next >= frame.children.length) {
      stack.pop();
      onPath.delete(frame.node);
      done.add(frame.node);
      continue;
    }
    const problem = push(frame.children[frame.next++], frame.depth + 1);
    if (problem) return problem;
  }
  try {
    const text = JSON.stringify(value);
    if (text !== undefined && text.length > LIMITS.maxDocumentBytes / 3) {
      const bytes = utf8Length(text);
      if (bytes > LIMITS.maxDocumentBytes) return sizeProblem(bytes);
    }
  } catch {
    // A BigInt or a throwing toJSON: the schema reports the offending field itself.
  }
  return undefined;
}
