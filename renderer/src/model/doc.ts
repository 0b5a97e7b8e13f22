/**
 * The document the editor holds. It is the scenario as the user wrote it (defaults not
 * filled in), possibly broken: a file with problems must still open, so its problems can be
 * listed and fixed. The validator (problems.ts) says what is wrong; these types only promise
 * the shape the editor itself relies on.
 */
import { SCENARIO_FORMAT } from '@scenario/schema';
import { ID_PATTERN } from '@scenario/primitives';

export interface StepDoc {
  op: string;
  steps?: StepDoc[];
  [field: string]: unknown;
}
export interface ProcessDoc {
  id: string;
  name?: string;
  parent?: string;
  program: StepDoc[];
  [field: string]: unknown;
}
export type ObjectKindName = 'shm' | 'pipe' | 'fifo' | 'mailbox' | 'semaphore' | 'socket';
export interface ObjectDoc {
  id: string;
  kind: ObjectKindName | string;
  [field: string]: unknown;
}
export interface Position { x: number; y: number }
export interface ScenarioDoc {
  format: string;
  title: string;
  description?: string;
  objects: ObjectDoc[];
  processes: ProcessDoc[];
  limits?: { timeoutMs?: number };
  layout?: { nodes?: Record<string, Position>; [key: string]: unknown };
  [field: string]: unknown;
}

export function emptyScenario(title = 'Untitled scenario'): ScenarioDoc {
  return { format: SCENARIO_FORMAT, title, objects: [], processes: [] };
}

const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/**
 * Makes any parsed JSON editable: keeps every field as written (so saving an untouched file
 * gives it back unchanged) and only fills in what the editor needs to iterate over.
 * Returns null when the text is not a JSON object at all.
 */
export function toEditable(raw: unknown): ScenarioDoc | null {
  if (!isRecord(raw)) return null;
  const doc = structuredClone(raw) as ScenarioDoc;
  if (!Array.isArray(doc.objects)) doc.objects = [];
  if (!Array.isArray(doc.processes)) doc.processes = [];
  doc.objects = doc.objects.filter(isRecord) as ObjectDoc[];
  doc.processes = (doc.processes.filter(isRecord) as ProcessDoc[]).map((p) => {
    if (!Array.isArray(p.program)) p.program = [];
    return p;
  });
  if (typeof doc.title !== 'string') doc.title = '';
  return doc;
}

/** Whether opening `raw` needed `toEditable` to add fields (the save would differ). */
export function parseScenarioText(text: string): { doc: ScenarioDoc } | { error: string } {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (caught) {
    return { error: `This file is not JSON: ${caught instanceof Error ? caught.message : String(caught)}` };
  }
  const doc = toEditable(raw);
  if (!doc) return { error: 'This file is JSON but not a scenario: its top level must be an object.' };
  return { doc };
}

export function serialize(doc: ScenarioDoc): string {
  return `${JSON.stringify(doc, null, 2)}\n`;
}

export function allIds(doc: ScenarioDoc): Set<string> {
  return new Set([...doc.objects.map((o) => o.id), ...doc.processes.map((p) => p.id)]);
}

/** A fresh id from a base ("P" -> P1, P2...), valid and unique across objects and processes. */
export function freshId(doc: ScenarioDoc, base: string): string {
  const taken = allIds(doc);
  for (let n = 1; ; n++) {
    const id = `${base}${n}`;
    if (!taken.has(id)) return id;
  }
}

export function isValidId(id: string): boolean {
  return ID_PATTERN.test(id);
}

export function findProcess(doc: ScenarioDoc, id: string): ProcessDoc | undefined {
  return doc.processes.find((p) => p.id === id);
}
export function findObject(doc: ScenarioDoc, id: string): ObjectDoc | undefined {
  return doc.objects.find((o) => o.id === id);
}

/** The list holding the step at `path` and its index there. */
export function stepSlot(program: StepDoc[], path: readonly number[]): { list: StepDoc[]; index: number } | undefined {
  let list = program;
  for (let depth = 0; depth < path.length - 1; depth++) {
    const step = list[path[depth]];
    if (!step || !Array.isArray(step.steps)) return undefined;
    list = step.steps;
  }
  const index = path[path.length - 1];
  return index === undefined ? undefined : { list, index };
}

export function stepAt(program: StepDoc[], path: readonly number[]): StepDoc | undefined {
  const slot = stepSlot(program, path);
  return slot ? slot.list[slot.index] : undefined;
}

export function samePath(a: readonly number[] | undefined, b: readonly number[] | undefined): boolean {
  return !!a && !!b && a.length === b.length && a.every((v, i) => v === b[i]);
}
