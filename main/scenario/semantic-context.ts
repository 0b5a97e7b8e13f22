/**
 * What the semantic checks know about a document that has not passed the schema yet: its
 * objects and processes by id (only entries with a usable id), plus a few raw accessors.
 * Everything here tolerates wrong types, because semantic problems are reported together
 * with structural ones.
 */
import { LIMITS } from './limits';
import { ID_PATTERN, TYPE_SIZES } from './primitives';
import type { ValueType } from './primitives';
import type { Problem } from './problems';

export type RawRecord = Record<string, unknown>;

export function isRecord(value: unknown): value is RawRecord {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

export function asArray(value: unknown): readonly unknown[] {
  return Array.isArray(value) ? value : [];
}

export function isId(value: unknown): value is string {
  return typeof value === 'string' && ID_PATTERN.test(value);
}

export function isInt(value: unknown): value is number {
  return typeof value === 'number' && Number.isSafeInteger(value);
}

export function valueType(value: unknown): ValueType | undefined {
  return typeof value === 'string' && Object.hasOwn(TYPE_SIZES, value) ? (value as ValueType) : undefined;
}

export interface ObjectEntry {
  id: string;
  kind: string;
  index: number;
  pointer: string;
  /** shm size when valid. */
  size?: number;
  flavor?: string;
  /** mailbox maxMessage with its default applied. */
  maxMessage?: number;
}

export interface ProcessEntry {
  id: string;
  index: number;
  pointer: string;
  parent?: string;
  program: readonly unknown[];
}

export interface Context {
  root: RawRecord;
  objects: Map<string, ObjectEntry>;
  processes: Map<string, ProcessEntry>;
  /** Ids used more than once: references to them are ambiguous, so they are not checked further. */
  duplicates: Set<string>;
  problems: Problem[];
}

export function buildContext(root: RawRecord): Context {
  const context: Context = { root, objects: new Map(), processes: new Map(), duplicates: new Set(), problems: [] };
  asArray(root.objects).forEach((raw, index) => {
    if (!isRecord(raw) || !isId(raw.id) || typeof raw.kind !== 'string') return;
    if (context.objects.has(raw.id)) {
      context.duplicates.add(raw.id);
      return;
    }
    const entry: ObjectEntry = { id: raw.id, kind: raw.kind, index, pointer: `/objects/${index}` };
    if (raw.kind === 'shm' && isInt(raw.size) && raw.size >= 1 && raw.size <= LIMITS.maxShmSize) entry.size = raw.size;
    if (typeof raw.flavor === 'string') entry.flavor = raw.flavor;
    if (raw.kind === 'mailbox') {
      entry.maxMessage = isInt(raw.maxMessage) ? raw.maxMessage : LIMITS.defaultMaxMessage;
    }
    context.objects.set(raw.id, entry);
  });
  asArray(root.processes).forEach((raw, index) => {
    if (!isRecord(raw) || !isId(raw.id)) return;
    if (context.processes.has(raw.id) || context.objects.has(raw.id)) {
      context.duplicates.add(raw.id);
      if (context.processes.has(raw.id)) return;
    }
    const entry: ProcessEntry = { id: raw.id, index, pointer: `/processes/${index}`, program: asArray(raw.program) };
    if (isId(raw.parent)) entry.parent = raw.parent;
    context.processes.set(raw.id, entry);
  });
  return context;
}

/** "shm object", "pipe or fifo object" */
export function kindsPhrase(kinds: readonly string[]): string {
  return kinds.length <= 1 ? `a ${kinds[0]}` : `a ${kinds.slice(0, -1).join(', ')} or ${kinds[kinds.length - 1]}`;
}

/** Ids of objects of some kinds, for hints ("objects of that kind: M, N"). */
export function idsOfKinds(context: Context, kinds: readonly string[]): string[] {
  return [...context.objects.values()].filter((entry) => kinds.includes(entry.kind)).map((entry) => entry.id);
}

/** The process ids from a process up through its parents, stopping at a cycle. */
export function ancestors(context: Context, id: string): string[] {
  const chain: string[] = [];
  const seen = new Set<string>([id]);
  let current = context.processes.get(id)?.parent;
  while (current !== undefined && !seen.has(current) && context.processes.has(current)) {
    chain.push(current);
    seen.add(current);
    current = context.processes.get(current)?.parent;
  }
  return chain;
}
