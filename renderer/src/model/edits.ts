/**
 * Every edit the editor makes to a scenario, as plain functions that mutate the document
 * in place (the store records a snapshot first, for undo). Kept free of Vue so they can be
 * tested on their own.
 */
import { walkSteps } from '@scenario/walk';
import type { Op } from '@scenario/schema';
import {
  type ObjectDoc, type ObjectKindName, type Position, type ProcessDoc, type ScenarioDoc, type StepDoc,
  findObject, findProcess, freshId, stepSlot,
} from './doc';
import { objectUseOf, processRefOf } from './uses';
import { defaultStep } from './stepDefaults';

const KIND_PREFIX: Record<ObjectKindName, string> = { shm: 'shm', pipe: 'pipe', fifo: 'fifo', mailbox: 'mbox', semaphore: 'sem', socket: 'sock' };

export function setPosition(doc: ScenarioDoc, id: string, position: Position): void {
  doc.layout ??= {};
  doc.layout.nodes ??= {};
  doc.layout.nodes[id] = { x: Math.round(position.x), y: Math.round(position.y) };
}

export function addProcess(doc: ScenarioDoc, position: Position): string {
  const id = freshId(doc, 'P');
  doc.processes.push({ id, name: `Process ${id.slice(1)}`, program: [] });
  setPosition(doc, id, position);
  return id;
}

export function addObject(doc: ScenarioDoc, kind: ObjectKindName, position: Position): string {
  const id = freshId(doc, KIND_PREFIX[kind]);
  const object: ObjectDoc = { id, kind };
  if (kind === 'shm') object.size = 4096;
  doc.objects.push(object);
  setPosition(doc, id, position);
  return id;
}

/** Every place a step names an id, as [holder, key] pairs, so renames and deletes agree. */
function* idSlots(step: StepDoc): Generator<[Record<string, unknown>, string]> {
  for (const key of ['object', 'process'] as const) if (typeof step[key] === 'string') yield [step, key];
  if (typeof step.to === 'string') yield [step, 'to'];
  for (const key of ['to', 'from'] as const) {
    const target = step[key];
    if (target && typeof target === 'object' && !Array.isArray(target)) {
      const record = target as Record<string, unknown>;
      if (typeof record.mailbox === 'string') yield [record, 'mailbox'];
      if (typeof record.process === 'string') yield [record, 'process'];
      if (typeof record.group === 'string') yield [record, 'group']; // signal.send to a process group
    }
  }
}

export function renameNode(doc: ScenarioDoc, from: string, to: string): void {
  if (from === to) return;
  const node = findProcess(doc, from) ?? findObject(doc, from);
  if (!node) return;
  node.id = to;
  for (const process of doc.processes) {
    if (process.parent === from) process.parent = to;
    for (const { step } of walkSteps<StepDoc>(process.program)) {
      if (typeof step !== 'object' || step === null) continue;
      for (const [holder, key] of idSlots(step)) if (holder[key] === from) holder[key] = to;
    }
  }
  const nodes = doc.layout?.nodes;
  if (nodes && nodes[from]) {
    nodes[to] = nodes[from];
    delete nodes[from];
  }
}

/** Removes steps (at any depth) for which `drop` is true. */
function removeSteps(program: StepDoc[], drop: (step: StepDoc) => boolean): number {
  let removed = 0;
  for (let i = program.length - 1; i >= 0; i--) {
    const step = program[i];
    if (drop(step)) {
      program.splice(i, 1);
      removed++;
    } else if (Array.isArray(step.steps)) {
      removed += removeSteps(step.steps, drop);
    }
  }
  return removed;
}

const namesId = (id: string) => (step: StepDoc) => {
  for (const [holder, key] of idSlots(step)) if (holder[key] === id) return true;
  return false;
};

/** Deletes processes and objects and every step that names them. */
export function deleteNodes(doc: ScenarioDoc, ids: readonly string[]): void {
  const gone = new Set(ids);
  doc.processes = doc.processes.filter((p) => !gone.has(p.id));
  doc.objects = doc.objects.filter((o) => !gone.has(o.id));
  for (const process of doc.processes) {
    if (process.parent && gone.has(process.parent)) delete process.parent;
    for (const id of gone) removeSteps(process.program, namesId(id));
  }
  for (const id of gone) delete doc.layout?.nodes?.[id];
}

/** Deletes what an edge stands for (see uses.ts for the edge ids). */
export function deleteEdge(doc: ScenarioDoc, edgeId: string): void {
  const [kind, source, target] = edgeId.split(':');
  const process = findProcess(doc, source);
  if (!process) return;
  if (kind === 'use') removeSteps(process.program, (step) => objectUseOf(step)?.object === target);
  if (kind === 'message') removeSteps(process.program, (step) => { const ref = processRefOf(step); return ref?.kind === 'message' && ref.process === target; });
  if (kind === 'signal') removeSteps(process.program, (step) => { const ref = processRefOf(step); return ref?.kind === 'signal' && ref.process === target; });
  if (kind === 'parent') {
    const child = findProcess(doc, target);
    if (child?.parent === source) delete child.parent;
    removeSteps(process.program, (step) => (step.op === 'spawn' || step.op === 'wait') && step.process === target);
  }
}

const CREATE_OPS = new Set(['shm.create', 'pipe.create', 'fifo.create', 'mailbox.create', 'sem.create', 'signal.handle']);

/** Index after the leading run of creations and handler setups: where set-up steps go. */
function afterSetup(program: StepDoc[]): number {
  let index = 0;
  while (index < program.length && CREATE_OPS.has(program[index].op)) index++;
  return index;
}

function createdAnywhere(doc: ScenarioDoc, object: string, op: string): boolean {
  return doc.processes.some((p) => [...walkSteps<StepDoc>(p.program)].some(({ step }) => step?.op === op && step.object === object));
}

function usesAnywhere(doc: ScenarioDoc, object: string, ops: string[]): boolean {
  return doc.processes.some((p) => [...walkSteps<StepDoc>(p.program)].some(({ step }) => ops.includes(step?.op) && (step.object === object || (step.to as { mailbox?: string })?.mailbox === object)));
}

/**
 * What connecting a process to an object or to another process means, as steps. The first
 * process to connect to an object creates it (and writes or sends); later ones use it from
 * the other side. Process to process: the target becomes the source's child.
 * Returns a sentence saying what was added, or an error sentence.
 */
export function connect(doc: ScenarioDoc, sourceId: string, targetId: string): { ok: boolean; message: string } {
  let source = findProcess(doc, sourceId);
  let targetProcess = findProcess(doc, targetId);
  let object = findObject(doc, targetId);
  if (!source && targetProcess && findObject(doc, sourceId)) {
    // Dragged from an object to a process: same meaning the other way round.
    source = targetProcess;
    object = findObject(doc, sourceId);
    targetProcess = undefined;
  }
  if (!source) return { ok: false, message: 'Connect from a process.' };
  if (targetProcess) return adopt(doc, source, targetProcess);
  if (!object) return { ok: false, message: 'Connect a process to an object or to another process.' };
  const program = source.program;
  const o = object.id;
  const add = (steps: StepDoc[], at: 'setup' | 'end') => {
    if (at === 'setup') program.splice(afterSetup(program), 0, ...steps);
    else program.push(...steps);
  };
  const names = (steps: StepDoc[]) => steps.map((s) => s.op).join(', ');
  let setup: StepDoc[] = [];
  let body: StepDoc[] = [];
  switch (object.kind) {
    case 'pipe':
      // Each side first closes the end it does not use (the pitfall of the "no end-of-file"
      // preset: a reader sees EOF only once every write end, its own included, is closed).
      if (!createdAnywhere(doc, o, 'pipe.create')) { setup = [{ op: 'pipe.create', object: o }]; body = [{ op: 'close', object: o, end: 'read' }, { op: 'write', object: o, data: 'hello\n' }]; }
      else body = usesAnywhere(doc, o, ['write'])
        ? [{ op: 'close', object: o, end: 'write' }, { op: 'read', object: o }]
        : [{ op: 'close', object: o, end: 'read' }, { op: 'write', object: o, data: 'hello\n' }];
      break;
    case 'fifo':
      if (!createdAnywhere(doc, o, 'fifo.create')) { setup = [{ op: 'fifo.create', object: o }]; body = [{ op: 'fifo.open', object: o, end: 'write' }, { op: 'write', object: o, data: 'hello\n' }]; }
      else body = [{ op: 'fifo.open', object: o, end: 'read' }, { op: 'read', object: o }];
      break;
    case 'shm':
      if (!createdAnywhere(doc, o, 'shm.create')) { setup = [{ op: 'shm.create', object: o }]; body = [{ op: 'shm.attach', object: o }, { op: 'shm.write', object: o, offset: 0, value: 1 }]; }
      else body = [{ op: 'shm.attach', object: o }, { op: 'shm.read', object: o, offset: 0 }];
      break;
    case 'mailbox':
      if (!createdAnywhere(doc, o, 'mailbox.create')) { setup = [{ op: 'mailbox.create', object: o }]; body = [{ op: 'send', to: { mailbox: o }, data: 'hello' }]; }
      else body = [{ op: 'receive', from: { mailbox: o } }];
      break;
    case 'semaphore':
      if (!createdAnywhere(doc, o, 'sem.create')) setup = [{ op: 'sem.create', object: o }];
      else body = [{ op: 'sem.wait', object: o }, { op: 'sem.post', object: o }];
      break;
    case 'socket':
      // The first process connected listens at the address; the next ones connect to it.
      if (!createdAnywhere(doc, o, 'socket.bind')) {
        body = [{ op: 'socket.create', object: o }, { op: 'socket.bind', object: o }, { op: 'socket.listen', object: o }, { op: 'socket.accept', object: o }, { op: 'socket.recv', object: o }];
      } else body = [{ op: 'socket.create', object: o }, { op: 'socket.connect', object: o }, { op: 'socket.send', object: o, data: 'hello\n' }];
      break;
    default:
      return { ok: false, message: `Unknown object kind ${String(object.kind)}.` };
  }
  add(setup, 'setup');
  add(body, 'end');
  return { ok: true, message: `${source.id}: added ${names([...setup, ...body])} on ${o}.` };
}

function adopt(doc: ScenarioDoc, parent: ProcessDoc, child: ProcessDoc): { ok: boolean; message: string } {
  if (parent.id === child.id) return { ok: false, message: 'A process cannot spawn itself.' };
  for (let up: ProcessDoc | undefined = parent; up; up = up.parent ? findProcess(doc, up.parent) : undefined) {
    if (up.id === child.id) return { ok: false, message: `${child.id} is an ancestor of ${parent.id}: that would be a cycle.` };
  }
  // Only the parent spawns and waits for the child: such steps anywhere else go, and the
  // parent's own are kept (never a second spawn, which would fail with EEXIST, or wait).
  const isOwn = (step: StepDoc) => (step.op === 'spawn' || step.op === 'wait') && step.process === child.id;
  for (const other of doc.processes) if (other.id !== parent.id) removeSteps(other.program, isOwn);
  child.parent = parent.id;
  const has = (op: string) => [...walkSteps<StepDoc>(parent.program)].some(({ step }) => step.op === op && step.process === child.id);
  if (!has('spawn')) parent.program.splice(afterSetup(parent.program), 0, { op: 'spawn', process: child.id });
  if (!has('wait')) parent.program.push({ op: 'wait', process: child.id });
  return { ok: true, message: `${parent.id} now spawns ${child.id} and waits for it.` };
}

function insertStep(doc: ScenarioDoc, processId: string, parentPath: readonly number[], index: number, step: StepDoc): number[] | undefined {
  const process = findProcess(doc, processId);
  if (!process) return undefined;
  const list = listAt(process.program, parentPath);
  if (!list) return undefined;
  const at = Math.max(0, Math.min(index, list.length));
  list.splice(at, 0, step);
  return [...parentPath, at];
}

export function addNewStep(doc: ScenarioDoc, processId: string, op: Op, parentPath: readonly number[] = [], index = Infinity): number[] | undefined {
  return insertStep(doc, processId, parentPath, index, defaultStep(op, doc, processId));
}

/** The step list at `path`: [] is the program, [2] is the nested list of step 2. */
export function listAt(program: StepDoc[], path: readonly number[]): StepDoc[] | undefined {
  let list = program;
  for (const index of path) {
    const step = list[index];
    if (!step) return undefined;
    step.steps ??= [];
    list = step.steps;
  }
  return list;
}

export function removeStepAt(doc: ScenarioDoc, processId: string, path: readonly number[]): StepDoc | undefined {
  const process = findProcess(doc, processId);
  const slot = process && stepSlot(process.program, path);
  return slot ? slot.list.splice(slot.index, 1)[0] : undefined;
}

/** Moves a step to another place of the same program; returns its new path. */
export function moveStep(doc: ScenarioDoc, processId: string, from: readonly number[], toParent: readonly number[], toIndex: number): number[] | undefined {
  // Refuse to move a block into itself.
  if (toParent.length >= from.length && from.every((v, i) => toParent[i] === v)) return undefined;
  const process = findProcess(doc, processId);
  if (!process) return undefined;
  const slot = stepSlot(process.program, from);
  if (!slot || !slot.list[slot.index]) return undefined;
  const targetList = listAt(process.program, toParent);
  if (!targetList) return undefined;
  const [step] = slot.list.splice(slot.index, 1);
  let index = toIndex;
  if (targetList === slot.list && slot.index < toIndex) index--;
  index = Math.max(0, Math.min(index, targetList.length));
  targetList.splice(index, 0, step);
  // Paths after removal shift only when the target list is behind the removed step; recompute.
  return findPath(process.program, step);
}

function findPath(program: StepDoc[], target: StepDoc, prefix: number[] = []): number[] | undefined {
  for (let i = 0; i < program.length; i++) {
    if (program[i] === target) return [...prefix, i];
    const nested = program[i].steps;
    if (Array.isArray(nested)) {
      const found = findPath(nested, target, [...prefix, i]);
      if (found) return found;
    }
  }
  return undefined;
}

/** Sets (or with undefined, removes) one field of a step. */
export function setStepField(doc: ScenarioDoc, processId: string, path: readonly number[], field: string, value: unknown): void {
  const process = findProcess(doc, processId);
  const slot = process && stepSlot(process.program, path);
  const step = slot?.list[slot.index];
  if (!step) return;
  if (value === undefined || value === '') delete step[field];
  else step[field] = value;
}
