/**
 * Checks of one step against the rest of the document: references resolve to the right
 * kind of thing, offsets fit the segment, values fit their type, handlers contain what may
 * run in them. Also records facts (who creates what, who spawns whom) that the
 * document-wide checks in semantic.ts need afterwards.
 */
import { countOf } from '../contract/units';
import { TYPE_RANGES, TYPE_SIZES, dataLength } from './primitives';
import type { ValueType } from './primitives';
import { error, warning } from './problems';
import type {
  Context, ObjectEntry, ProcessEntry, RawRecord,
} from './semantic-context';
import { ancestors, idsOfKinds, isId, isInt, isRecord, kindsPhrase, valueType } from './semantic-context';
import { isCrashSignal, isSignalName, isUncatchableSignal } from './signals';
import { opInfo } from '../ops/catalogue';
import { pitfall } from './pitfalls';
import type { StepVisit } from './walk';
import { checkSocketStep } from './semantic-sockets';

interface Use {
  process: string;
  object: string;
  op: string;
  pointer: string;
}

export interface StepFacts {
  /** object id -> process ids with a creating step (shm.create, pipe.create, ...). */
  creators: Map<string, Set<string>>;
  uses: Use[];
  /** parent id -> spawn steps: child and pointer. */
  spawns: Map<string, { child: string; pointer: string; repeated: boolean }[]>;
  /** pointers of `wait` steps without a process, by process id. */
  waitsForAny: Map<string, string[]>;
  /** labels by process id (expectations refer to them). */
  labels: Map<string, Set<string>>;
}

export function emptyFacts(): StepFacts {
  return { creators: new Map(), uses: [], spawns: new Map(), waitsForAny: new Map(), labels: new Map() };
}

const CREATING_OPS = new Set(['shm.create', 'pipe.create', 'fifo.create', 'mailbox.create', 'sem.create', 'socket.create', 'socket.pair']);

function add<K, V>(map: Map<K, V[]>, key: K, value: V): void {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}

/** Resolve `step[field]` (or a nested target) to an object of an accepted kind, reporting why not. */
function resolveObject(context: Context, op: string, id: unknown, pointer: string, kinds: readonly string[]): ObjectEntry | undefined {
  if (!isId(id) || context.duplicates.has(id)) return undefined; // reported elsewhere
  const entry = context.objects.get(id);
  if (!entry) {
    const process = context.processes.has(id);
    const candidates = idsOfKinds(context, kinds);
    context.problems.push(error(pointer,
      process ? `"${id}" is a process; ${op} needs ${kindsPhrase(kinds)} object.` : `There is no object "${id}".`,
      candidates.length > 0 ? `Objects of that kind: ${candidates.join(', ')}.` : `Add ${kindsPhrase(kinds)} object to "objects" first.`));
    return undefined;
  }
  if (!kinds.includes(entry.kind)) {
    context.problems.push(error(pointer, `${op} needs ${kindsPhrase(kinds)} object, but "${id}" is a ${entry.kind}.`,
      idsOfKinds(context, kinds).length > 0 ? `Objects of that kind: ${idsOfKinds(context, kinds).join(', ')}.` : undefined));
    return undefined;
  }
  return entry;
}

function resolveProcess(context: Context, id: unknown, pointer: string, what: string): ProcessEntry | undefined {
  if (!isId(id) || context.duplicates.has(id)) return undefined;
  const entry = context.processes.get(id);
  if (!entry) {
    const object = context.objects.get(id);
    context.problems.push(error(pointer,
      object ? `"${id}" is a ${object.kind} object, but ${what} needs a process.` : `There is no process "${id}".`,
      `Processes: ${[...context.processes.keys()].join(', ') || 'none yet'}.`));
  }
  return entry;
}

/** An integer or (for f64) a number that fits the type; `field` names it in the message. */
function checkNumberFits(context: Context, value: unknown, type: ValueType, pointer: string, field: string): void {
  if (typeof value !== 'number') return;
  if (!Number.isFinite(value)) {
    context.problems.push(error(pointer, `"${field}" must be a finite number.`));
    return;
  }
  if (type !== 'f64' && !Number.isInteger(value)) {
    context.problems.push(error(pointer, `"${field}" is ${value}, but a ${type} holds whole numbers only.`, 'Use type "f64" to store a fraction.'));
    return;
  }
  const [low, high] = TYPE_RANGES[type];
  if (value < low || value > high) {
    context.problems.push(error(pointer, `${value} does not fit in a ${type} (${low}..${high}).`,
      type === 'i64' ? 'JSON numbers are exact only up to 2^53.' : 'Choose a wider type, or a smaller value.'));
  }
}

function checkSegmentAccess(context: Context, step: RawRecord, base: string, segment: ObjectEntry): void {
  const offset = step.offset;
  if (!isInt(offset) || offset < 0 || segment.size === undefined) return;
  const type = valueType(step.type) ?? 'i32';
  let bytes = TYPE_SIZES[type];
  let what = `an ${type}`;
  if (step.op === 'shm.write' && (typeof step.value === 'string' || Array.isArray(step.value))) {
    bytes = dataLength(step.value as string | number[]);
    what = typeof step.value === 'string' ? `a string of ${countOf(bytes, 'byte')}` : countOf(bytes, 'byte');
  } else if (step.op === 'shm.read' && isInt(step.length)) {
    bytes = step.length;
    what = countOf(bytes, 'byte');
  }
  if (what.startsWith('an u')) what = `a ${what.slice(3)}`;
  const size = segment.size;
  if (offset >= size) {
    context.problems.push(error(`${base}/offset`, `offset ${offset} is past the end of ${segment.id} (size ${size}).`,
      `The bytes of ${segment.id} are at offsets 0..${size - 1}.`));
  } else if (offset + bytes > size) {
    context.problems.push(error(`${base}/offset`, `${what} at offset ${offset} runs past the end of ${segment.id} (size ${size}).`,
      bytes <= size ? `It would end at byte ${offset + bytes}; it fits at offsets up to ${size - bytes}.` : `${segment.id} is only ${countOf(size, 'byte')}.`));
  }
}

function checkShmStep(context: Context, step: RawRecord, base: string, segment: ObjectEntry | undefined): void {
  const type = valueType(step.type) ?? 'i32';
  if (step.op === 'shm.write') checkNumberFits(context, step.value, type, `${base}/value`, 'value');
  if (step.op === 'shm.waitUntil') checkNumberFits(context, step.equals, type, `${base}/equals`, 'equals');
  if (step.op === 'shm.add') {
    checkNumberFits(context, step.delta, type, `${base}/delta`, 'delta');
    if (step.atomic === true && type === 'f64') {
      context.problems.push(error(`${base}/type`, 'An atomic add works on integers, not on an f64.',
        'CPUs have fetch-and-add for integers only; use i32, u32, i64 or u8.'));
    } else if (step.atomic === true && isInt(step.offset) && step.offset % TYPE_SIZES[type] !== 0) {
      const size = TYPE_SIZES[type];
      context.problems.push(error(`${base}/offset`, `An atomic ${type} add needs an offset that is a multiple of ${size}, not ${step.offset}.`,
        `A misaligned atomic may straddle cache lines (and faults on some CPUs): use offset ${step.offset - (step.offset % size)} or ${step.offset - (step.offset % size) + size}.`));
    }
  }
  if (step.op === 'shm.read' && step.type !== undefined && step.length !== undefined) {
    context.problems.push(error(`${base}/length`, 'Give either "type" (load one value) or "length" (copy bytes), not both.'));
  }
  if (step.op === 'shm.attach' && segment) checkAttach(context, step, base, segment);
  if (segment) checkSegmentAccess(context, step, base, segment);
}

/** `by: id` and `size` are System V's (shmat on a shmid; shmget's size): a POSIX attach has neither. */
function checkAttach(context: Context, step: RawRecord, base: string, segment: ObjectEntry): void {
  const posix = segment.flavor === 'posix';
  if (posix && step.by === 'id') {
    context.problems.push(error(`${base}/by`, `"${segment.id}" is POSIX shared memory: it has a name, not a shmid.`, 'Remove "by", or make the object flavor "sysv".'));
  }
  if (step.size === undefined) return;
  if (posix) {
    context.problems.push(error(`${base}/size`, `"size" reaches shmget(2); "${segment.id}" is POSIX shared memory (shm_open, mmap of its whole size).`, 'Remove "size".'));
  } else if (step.by === 'id') {
    context.problems.push(error(`${base}/size`, 'An attach by id calls shmat(2) alone: no shmget, so no size.', 'Remove "size", or attach by key.'));
  } else if (isInt(step.size) && segment.size !== undefined && step.size > segment.size) {
    context.problems.push(warning(`${base}/size`, `${step.size} bytes is more than "${segment.id}" has (${segment.size}): shmget fails with EINVAL.`,
      'That is the kernel\'s answer for an existing key asked for a larger size; keep it to show it.'));
  }
}

function checkSignalStep(context: Context, step: RawRecord, base: string): void {
  if (step.op === 'signal.handle') {
    if (isUncatchableSignal(step.signal) && step.action !== 'default') {
      context.problems.push(warning(`${base}/signal`, `${String(step.signal)} cannot be caught or ignored: sigaction fails with EINVAL.`,
        'The lab lets you try; add "onError": "continue" to go on after the failure.'));
    }
    if (step.steps !== undefined && step.action !== 'handler') {
      context.problems.push(error(`${base}/steps`, `Steps run only with "action": "handler", not ${JSON.stringify(step.action)}.`));
    }
  }
  if (step.op === 'signal.mask') {
    for (const field of ['block', 'unblock'] as const) {
      const list = step[field];
      if (!Array.isArray(list)) continue;
      list.forEach((name, i) => {
        if (isUncatchableSignal(name) && field === 'block') {
          context.problems.push(warning(`${base}/${field}/${i}`, `${String(name)} cannot be blocked: sigprocmask silently leaves it out.`));
        }
      });
    }
  }
}

function checkInHandler(context: Context, visit: StepVisit<unknown>, op: string): void {
  if (visit.handler === undefined || !isSignalName(visit.handler)) return;
  const info = opInfo(op);
  if (!info) return;
  if (isCrashSignal(visit.handler)) {
    if (!info.allowedInCrashHandler) {
      context.problems.push(error(visit.pointer, `A ${visit.handler} handler may only log and exit; ${op} is not allowed here.`,
        'It runs inside the real C handler of a crashed process, where only write and _exit are safe.'));
    }
  } else if (!info.asyncSignalSafe) {
    context.problems.push(pitfall(visit.pointer, `${op} is not async-signal-safe: in C it must not be called from a signal handler.`,
      'The lab runs it anyway; a real program could deadlock or corrupt state if the signal interrupts the same call.', 'sigsegv-handler'));
  }
}

export function checkStep(context: Context, facts: StepFacts, process: ProcessEntry, visit: StepVisit<unknown>): void {
  const step = visit.step;
  if (!isRecord(step) || typeof step.op !== 'string') return;
  const op = step.op;
  const info = opInfo(op);
  if (!info) return;
  const base = visit.pointer;
  if (typeof step.label === 'string') {
    const labels = facts.labels.get(process.id) ?? new Set<string>();
    labels.add(step.label);
    facts.labels.set(process.id, labels);
  }
  checkInHandler(context, visit, op);

  let target: ObjectEntry | undefined;
  if ('object' in step && info.objectKinds.length > 0) {
    target = resolveObject(context, op, step.object, `${base}/object`, info.objectKinds);
  }
  if (target) {
    if (CREATING_OPS.has(op)) {
      const set = facts.creators.get(target.id) ?? new Set<string>();
      set.add(process.id);
      facts.creators.set(target.id, set);
    } else facts.uses.push({ process: process.id, object: target.id, op, pointer: `${base}/object` });
  }
  if (op.startsWith('shm.')) checkShmStep(context, step, base, target);
  if (op.startsWith('signal.')) checkSignalStep(context, step, base);

  if (op === 'send' || op === 'receive') {
    const field = op === 'send' ? 'to' : 'from';
    const where = step[field];
    if (isRecord(where) && 'mailbox' in where && !('process' in where)) {
      const mailbox = resolveObject(context, op, where.mailbox, `${base}/${field}/mailbox`, ['mailbox']);
      if (mailbox) {
        facts.uses.push({ process: process.id, object: mailbox.id, op, pointer: `${base}/${field}/mailbox` });
        const data = step.data;
        if (op === 'send' && (typeof data === 'string' || Array.isArray(data)) && mailbox.maxMessage !== undefined) {
          const bytes = dataLength(data as string | number[]);
          if (bytes > mailbox.maxMessage) {
            context.problems.push(warning(`${base}/data`, `The message is ${countOf(bytes, 'byte')}, longer than the ${countOf(mailbox.maxMessage, 'byte')} ${mailbox.id} accepts.`,
              'The send will fail with EMSGSIZE (POSIX) or EINVAL (System V); raise maxMessage to send it.'));
          }
        }
      }
    } else if (isRecord(where) && 'process' in where && !('mailbox' in where)) {
      resolveProcess(context, where.process, `${base}/${field}/process`, `direct ${op === 'send' ? 'sending' : 'receiving'}`);
    }
  }
  if (op === 'signal.send') {
    const group = isRecord(step.to) ? step.to.group : undefined;
    if (isRecord(step.to)) resolveProcess(context, group, `${base}/to/group`, 'kill');
    else resolveProcess(context, step.to, `${base}/to`, 'kill');
    if (group !== undefined && step.value !== undefined) {
      context.problems.push(error(`${base}/value`, 'sigqueue(3) sends a value to one process, not to a process group.', 'Send to a process ("to": "id"), or drop "value" (kill(-pgid) carries none).'));
    }
  }
  if (op.startsWith('socket.') && target) checkSocketStep(context, step, base, target, (id, pointer) => resolveObject(context, op, id, pointer, ['socket']));
  if (op === 'spawn') {
    const child = resolveProcess(context, step.process, `${base}/process`, 'spawn');
    if (child) {
      if (child.id === process.id) {
        context.problems.push(error(`${base}/process`, `"${process.id}" cannot spawn itself: fork(2) makes a new process, and "${process.id}" already runs.`,
          `To start a copy, add another process whose parent is "${process.id}" and spawn that one.`));
      } else if (child.parent !== process.id) {
        // Never hint at a fix that is itself invalid: a process's own ancestor cannot become its child.
        const wouldCycle = ancestors(context, process.id).includes(child.id);
        const fix = wouldCycle
          ? `"${child.id}" is an ancestor of "${process.id}", so it cannot also be its child; spawn another process instead.`
          : `Make "${process.id}" the parent of "${child.id}" (the parent field of "${child.id}").`;
        context.problems.push(error(`${base}/process`, child.parent === undefined
          ? `"${child.id}" has no parent: the lab starts it when the run starts, so no process spawns it.`
          : `"${process.id}" can spawn only its own children; the parent of "${child.id}" is "${child.parent}".`,
        child.parent === undefined || wouldCycle ? fix : `Spawn it from "${child.parent}", or ${fix.charAt(0).toLowerCase()}${fix.slice(1)}`));
      } else {
        add(facts.spawns, process.id, { child: child.id, pointer: `${base}/process`, repeated: visit.repeated });
      }
    }
  }
  if (op === 'wait') {
    if (step.process === undefined) add(facts.waitsForAny, process.id, base);
    const child = resolveProcess(context, step.process, `${base}/process`, 'wait');
    if (child && child.parent !== process.id) {
      context.problems.push(error(`${base}/process`, `"${process.id}" can wait only for its own children; "${child.id}" is not one.`,
        'waitpid(2) on a process that is not your child fails with ECHILD.'));
    }
  }
}
