/**
 * Validation in the renderer, on every edit: the scenario layer's own checks (pure TS), so
 * the editor and `process-lab validate` always agree. Each problem is also resolved to what
 * it is about on the canvas (a process, an object, a step, a field) so a click selects it.
 */
import { validateScenario } from '@scenario/validate';
import { comparePointers, parsePointer } from '@scenario/pointer';
import type { Problem } from '@scenario/problems';
import type { ScenarioDoc } from './doc';

export interface Located {
  /** Process or object id the problem is about, if any. */
  nodeId?: string;
  nodeKind?: 'process' | 'object';
  /** Index path of the step inside the program. */
  stepPath?: number[];
  /** The step's field (or the node's field when there is no step). */
  field?: string;
}

export type EditorProblem = Problem & Located & { key: string };

/** Every problem of the document, errors first, then in document order. */
export function validateDoc(doc: ScenarioDoc): EditorProblem[] {
  const { problems } = validateScenario(doc);
  const seen = new Set<string>();
  const out: EditorProblem[] = [];
  for (const problem of problems) {
    const key = `${problem.pointer}\u0000${problem.message}`;
    if (seen.has(key)) continue;
    seen.add(key);
    const named = { ...problem, message: namePointers(doc, problem.message), ...(problem.hint === undefined ? {} : { hint: namePointers(doc, problem.hint) }) };
    out.push({ ...named, ...locate(doc, problem.pointer), key });
  }
  return out.sort((a, b) => (a.severity === b.severity ? comparePointers(a.pointer, b.pointer) : a.severity === 'error' ? -1 : 1));
}

const COLLECTION_WORDS: Record<string, string> = { processes: 'process', objects: 'object', hosts: 'host' };

/**
 * A JSON pointer as a person says it: /processes/1/parent -> process "P2", field parent. The
 * editor shows names, never pointers (the CLI keeps them: they locate a problem in the file).
 */
export function describePointer(doc: ScenarioDoc, pointer: string): string {
  const parts = parsePointer(pointer);
  if (parts.length === 0) return 'the scenario';
  const [collection, indexText, ...rest] = parts;
  const word = COLLECTION_WORDS[collection];
  if (!word || !/^\d+$/.test(indexText ?? '')) return `field ${parts.filter((part) => !/^\d+$/.test(part)).join(' › ')}`;
  const list = (doc as unknown as Record<string, unknown>)[collection];
  const entry = Array.isArray(list) ? (list[Number(indexText)] as { id?: unknown } | undefined) : undefined;
  const name = typeof entry?.id === 'string' ? `${word} "${entry.id}"` : `${word} number ${Number(indexText) + 1}`;
  const where = locate(doc, pointer);
  const step = where.stepPath ? `, step ${where.stepPath.map((i) => i + 1).join('.')}` : '';
  const field = rest.length && where.field ? `, field ${where.field}` : '';
  return `${name}${step}${field}`;
}

/** Any JSON pointer left in a sentence, in names. */
export function namePointers(doc: ScenarioDoc, text: string): string {
  return text.replace(/(?<![\w"])\/(?:processes|objects|hosts)\/\d+(?:\/[A-Za-z0-9_.-]+)*/g, (pointer) => describePointer(doc, pointer));
}

/** /processes/1/program/3/steps/0/data -> process id, step [3, 0], field data. */
export function locate(doc: ScenarioDoc, pointer: string): Located {
  const parts = parsePointer(pointer);
  const [collection, indexText, ...rest] = parts;
  const index = Number(indexText);
  if (collection === 'objects' && Number.isInteger(index)) {
    const id = doc.objects[index]?.id;
    return { nodeId: typeof id === 'string' ? id : undefined, nodeKind: 'object', field: rest[0] };
  }
  if (collection === 'processes' && Number.isInteger(index)) {
    const id = doc.processes[index]?.id;
    const located: Located = { nodeId: typeof id === 'string' ? id : undefined, nodeKind: 'process' };
    if (rest[0] !== 'program') return { ...located, field: rest[0] };
    const path: number[] = [];
    let i = 1;
    while (i < rest.length && /^\d+$/.test(rest[i])) {
      path.push(Number(rest[i]));
      if (rest[i + 1] === 'steps' && /^\d+$/.test(rest[i + 2] ?? '')) i += 2;
      else { i += 1; break; }
    }
    return { ...located, stepPath: path.length ? path : undefined, field: rest[i] };
  }
  return { field: collection };
}

/** Problems of one step, keyed by field ('' for the step as a whole). */
export function problemsOfStep(problems: readonly EditorProblem[], nodeId: string, path: readonly number[]): EditorProblem[] {
  return problems.filter((p) => p.nodeId === nodeId && p.stepPath && p.stepPath.length === path.length && p.stepPath.every((v, i) => v === path[i]));
}

/** "2 errors and 1 warning": the same counts the Problems panel lists, in words. */
export function countProblems(problems: readonly Pick<EditorProblem, 'severity'>[]): string {
  const errors = problems.filter((p) => p.severity === 'error').length;
  const warnings = problems.length - errors;
  const words = [errors ? `${errors} error${errors === 1 ? '' : 's'}` : '', warnings ? `${warnings} warning${warnings === 1 ? '' : 's'}` : ''].filter(Boolean);
  return words.length ? words.join(' and ') : 'no problems';
}
