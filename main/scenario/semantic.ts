/**
 * Document-wide rules the schema cannot express: unique ids, the process tree (parents,
 * spawns, cycles), limits that count across the document, objects nobody creates, pipe
 * ends a process cannot have, and expectations that name things that do not exist. Runs on
 * the raw value, also when the schema failed, so that every problem is listed at once.
 */
import { LIMITS } from './limits';
import type { Problem } from './problems';
import { error, warning } from './problems';
import type { Context, ProcessEntry } from './semantic-context';
import { ancestors, asArray, buildContext, isId, isRecord } from './semantic-context';
import type { StepFacts } from './semantic-steps';
import { checkHosts } from './semantic-hosts';
import { checkStep, emptyFacts } from './semantic-steps';
import { walkSteps } from './walk';
import { checkPitfalls } from './pitfalls';

function checkUniqueIds(context: Context): void {
  const first = new Map<string, string>();
  const visit = (list: unknown, collection: 'objects' | 'processes') => {
    asArray(list).forEach((entry, index) => {
      if (!isRecord(entry) || !isId(entry.id)) return;
      const pointer = `/${collection}/${index}/id`;
      const earlier = first.get(entry.id);
      if (earlier !== undefined) {
        context.problems.push(error(pointer, `The id "${entry.id}" is already used by ${earlier}.`,
          'Ids are unique across objects and processes (a process id also names its inbox).'));
      } else first.set(entry.id, `${collection === 'objects' ? 'object' : 'process'} number ${index + 1}`);
    });
  };
  visit(context.root.objects, 'objects');
  visit(context.root.processes, 'processes');
}

function checkParents(context: Context): Set<string> {
  const inCycle = new Set<string>();
  for (const process of context.processes.values()) {
    const raw = asArray(context.root.processes)[process.index] as Record<string, unknown>;
    if (raw.parent === undefined || !isId(raw.parent)) continue;
    const pointer = `${process.pointer}/parent`;
    const parent = context.processes.get(raw.parent);
    if (!parent) {
      const object = context.objects.get(raw.parent);
      context.problems.push(error(pointer, object ? `"${raw.parent}" is a ${object.kind} object, not a process.` : `There is no process "${raw.parent}".`,
        `Processes: ${[...context.processes.keys()].join(', ')}.`));
      continue;
    }
    // Follow parents; a cycle through this process means none of its members could start.
    const chain = [process.id];
    let current: string | undefined = raw.parent;
    while (current !== undefined && current !== process.id && !chain.includes(current)) {
      chain.push(current);
      current = context.processes.get(current)?.parent;
    }
    if (current === process.id) {
      inCycle.add(process.id);
      context.problems.push(error(pointer, `The parents go round in a circle: ${[...chain, process.id].join(' → ')}.`,
        'Every chain of parents must end at a process without a parent, which the lab starts.'));
    }
  }
  return inCycle;
}

function walkPrograms(context: Context, facts: StepFacts): void {
  let count = 0;
  for (const process of context.processes.values()) {
    const base = `${process.pointer}/program`;
    const descend = (visit: { depth: number; pointer: string; step: unknown }) => {
      const children = isRecord(visit.step) ? asArray(visit.step.steps) : [];
      if (visit.depth + 1 > LIMITS.maxNesting && children.length > 0) {
        context.problems.push(error(`${visit.pointer}/steps`, `Steps are nested ${visit.depth + 1} levels deep here; repeats and handlers nest at most ${LIMITS.maxNesting} deep.`,
          'Flatten the inner repeats: a repeat count can do the work of nesting.'));
        return false;
      }
      return true;
    };
    for (const visit of walkSteps<unknown>(process.program, base, descend)) {
      count++;
      if (count === LIMITS.maxSteps + 1) {
        context.problems.push(error(visit.pointer, `This is step ${count} of the scenario; a scenario has at most ${LIMITS.maxSteps} steps (nested steps count).`,
          'Use repeat to run steps many times instead of copying them.'));
      }
      checkStep(context, facts, process, visit);
    }
  }
}

function checkProcessTree(context: Context, facts: StepFacts, inCycle: Set<string>): void {
  for (const process of context.processes.values()) {
    if (process.parent === undefined || inCycle.has(process.id) || context.duplicates.has(process.id)) continue;
    const parent = context.processes.get(process.parent);
    if (!parent) continue;
    const spawns = (facts.spawns.get(parent.id) ?? []).filter((spawn) => spawn.child === process.id);
    if (spawns.length === 0) {
      context.problems.push(error(`${process.pointer}/parent`, `"${parent.id}" never spawns its child "${process.id}", so it would never run.`,
        `Add a step "spawn ${process.id}" to the program of "${parent.id}", or clear the parent of "${process.id}" to let the lab start it.`));
    } else if (spawns.length > 1 || spawns[0].repeated) {
      const second = spawns.length > 1 ? spawns[1] : spawns[0];
      context.problems.push(warning(second.pointer, `"${process.id}" may be spawned more than once; it is one process, so a second spawn fails.`));
    }
  }
  for (const [processId, pointers] of facts.waitsForAny) {
    if (!facts.spawns.has(processId)) {
      for (const pointer of pointers) {
        context.problems.push(warning(pointer, `"${processId}" has no children: this wait fails with ECHILD.`));
      }
    }
  }
}

const CREATE_OP: Record<string, string> = {
  shm: 'shm.create', pipe: 'pipe.create', fifo: 'fifo.create', mailbox: 'mailbox.create', semaphore: 'sem.create', socket: 'socket.create',
};

/** Uses of objects nobody creates, and pipe ends a process can never hold. One warning per object and process. */
function checkCreation(context: Context, facts: StepFacts): void {
  const reported = new Set<string>();
  for (const use of facts.uses) {
    const object = context.objects.get(use.object);
    if (!object) continue;
    const creators = facts.creators.get(use.object);
    const key = `${use.process}\u0000${use.object}`;
    if (reported.has(key)) continue;
    if (object.kind === 'pipe') {
      // pipe(2) ends exist only in the creating process and pass to children at spawn.
      const holders = [use.process, ...ancestors(context, use.process)];
      if (!holders.some((id) => creators?.has(id))) {
        reported.add(key);
        context.problems.push(warning(use.pointer, `"${use.process}" never has an end of pipe "${use.object}": neither it nor a parent creates it.`,
          'A pipe has no name: only the creating process and the children it spawns afterwards hold its ends (EBADF otherwise). Use a FIFO between unrelated processes.'));
      }
    } else if (object.kind === 'socket') {
      // A socket's descriptors are each process's own (socket.create), or inherited at spawn.
      const holders = [use.process, ...ancestors(context, use.process)];
      if (!holders.some((id) => creators?.has(id))) {
        reported.add(key);
        context.problems.push(warning(use.pointer, `"${use.process}" never has a socket for "${use.object}": neither it nor a parent makes one, so ${use.op} fails with EBADF.`,
          `Each process makes its own socket for an address, as each opens its own end of a FIFO: add a socket.create step for "${use.object}" to "${use.process}".`));
      }
    } else if (!creators || creators.size === 0) {
      reported.add(key);
      context.problems.push(warning(use.pointer, `No process creates "${use.object}", so ${use.op} fails with ENOENT.`,
        `Add a ${CREATE_OP[object.kind]} step for "${use.object}" to some process.`));
    }
  }
}

/**
 * A System V queue has no message-count limit: msgctl(2)'s msg_qbytes counts bytes. A `capacity`
 * on a sysv mailbox (0 included: msgsnd has no rendezvous) would be silently ignored by the
 * kernel, so it is refused here (spec: in the kernel's terms or refused, never ignored).
 */
function checkSysvCapacity(context: Context): void {
  for (const object of context.objects.values()) {
    const raw = asArray(context.root.objects)[object.index];
    if (!isRecord(raw) || raw.kind !== 'mailbox') continue;
    if (raw.flavor === 'sysv' && raw.capacity !== undefined) {
      context.problems.push(error(`${object.pointer}/capacity`,
        `"${object.id}" is a System V queue: it has no limit on the number of messages (msg_qbytes counts bytes), so "capacity" cannot be honoured.`,
        'Use "capacityBytes" (msg_qbytes, set with msgctl IPC_SET), remove "capacity" for the kernel default, or use flavor "posix" for a queue of so many messages (mq_maxmsg).'));
    }
    if (raw.flavor !== 'sysv' && raw.capacityBytes !== undefined) {
      context.problems.push(error(`${object.pointer}/capacityBytes`,
        `"${object.id}" is a POSIX queue: its capacity is a number of messages (mq_maxmsg), not bytes.`,
        'Use "capacity" (messages), or flavor "sysv" for a queue limited in bytes (msg_qbytes).'));
    }
  }
}

function checkExpect(context: Context, facts: StepFacts): void {
  const expect = context.root.expect;
  if (!isRecord(expect)) return;
  const processKeyed = (field: string) => {
    const record = expect[field];
    if (!isRecord(record)) return;
    for (const id of Object.keys(record)) {
      if (isId(id) && !context.processes.has(id)) {
        context.problems.push(error(`/expect/${field}/${id}`, `The expectation names "${id}", which is not a process of this scenario.`));
      }
    }
  };
  processKeyed('processes');
  processKeyed('logs');
  processKeyed('states');
  asArray(expect.leaked).forEach((id, i) => {
    if (isId(id) && !context.objects.has(id)) context.problems.push(error(`/expect/leaked/${i}`, `"${id}" is not an object of this scenario.`));
  });
  asArray(expect.deadlocked).forEach((id, i) => {
    if (isId(id) && !context.processes.has(id)) context.problems.push(error(`/expect/deadlocked/${i}`, `"${id}" is not a process of this scenario.`));
  });
  for (const field of ['results', 'counts'] as const) {
    asArray(expect[field]).forEach((entry, i) => {
      if (!isRecord(entry)) return;
      const process: ProcessEntry | undefined = isId(entry.process) ? context.processes.get(entry.process) : undefined;
      if (isId(entry.process) && !process) {
        context.problems.push(error(`/expect/${field}/${i}/process`, `"${entry.process}" is not a process of this scenario.`));
      }
      const labels = process ? facts.labels.get(process.id) : undefined;
      if (process && typeof entry.label === 'string' && !labels?.has(entry.label)) {
        context.problems.push(error(`/expect/${field}/${i}/label`, `"${process.id}" has no step labelled ${JSON.stringify(entry.label)}.`,
          labels && labels.size > 0 ? `Its labels: ${[...labels].map((l) => JSON.stringify(l)).join(', ')}.` : 'Give the step a "label".'));
      }
    });
  }
}

/** Every semantic problem of a raw document (errors and warnings). */
export function checkSemantics(root: unknown): Problem[] {
  if (!isRecord(root)) return [];
  const context = buildContext(root);
  const facts = emptyFacts();
  checkUniqueIds(context);
  const inCycle = checkParents(context);
  walkPrograms(context, facts);
  checkProcessTree(context, facts, inCycle);
  checkCreation(context, facts);
  checkSysvCapacity(context);
  checkExpect(context, facts);
  checkHosts(context);
  checkPitfalls(context);
  return context.problems;
}
