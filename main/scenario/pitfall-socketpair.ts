/**
 * The socketpair pitfall (issue 20): after socketpair(2) and a spawn, parent and child each hold
 * both ends. A send goes out of the end it is made on and arrives at the other end (unix(7));
 * so when two processes use the same end and nobody uses the other, each one's bytes land
 * where nobody reads, and their recv waits forever. The lab's steps use an end the way the lab
 * process does (op_socket.cc): the connection (sv[1]) while the process holds it, else the
 * socket (sv[0]); socket.close closes the connection unless it names `end`. The warning carries
 * the lecture point of the preset socketpair. Handler steps are left out: they run at any moment.
 */
import type { Context } from './semantic-context';
import { pitfall } from './pitfalls';
import { walkSteps, type StepVisit } from './walk';

type End = 'socket' | 'connection';
interface Ends { socket: boolean; connection: boolean }
type Visit = StepVisit<unknown> & { step: Record<string, unknown> };

/** How the lecture (and a C program) names each end of socketpair's sv[2]. */
export const PAIR_END_NAMES: Record<End, string> = { socket: 'sv[0]', connection: 'sv[1]' };
const other = (end: End): End => (end === 'socket' ? 'connection' : 'socket');

interface Walked {
  /** The first step each end was used by (send, recv or shutdown). */
  uses: Map<End, Visit>;
  /** The ends the process held when it spawned each child: what the child starts with. */
  atSpawn: Map<string, Ends>;
}

function walk(program: readonly unknown[], pointer: string, object: string, initial: Ends | undefined): Walked {
  const walked: Walked = { uses: new Map(), atSpawn: new Map() };
  let ends: Ends | undefined = initial ? { ...initial } : undefined;
  for (const visit of walkSteps<unknown>(program, pointer)) {
    const step = visit.step as Record<string, unknown>;
    if (visit.handler !== undefined || typeof step !== 'object' || step === null) continue;
    if (step.op === 'spawn' && typeof step.process === 'string') {
      if (ends) walked.atSpawn.set(step.process, { ...ends });
      continue;
    }
    if (step.object !== object) continue;
    if (step.op === 'socket.pair') ends = { socket: true, connection: true };
    else if (step.op === 'socket.create' || step.op === 'socket.accept') ends = undefined; // not the pair's ends any more
    else if (ends && step.op === 'socket.close') {
      const end: End = step.end === 'socket' || step.end === 'connection' ? step.end : ends.connection ? 'connection' : 'socket';
      ends[end] = false;
    } else if (ends && (step.op === 'socket.send' || step.op === 'socket.recv' || step.op === 'socket.shutdown')) {
      const end: End | undefined = ends.connection ? 'connection' : ends.socket ? 'socket' : undefined;
      if (end && !walked.uses.has(end)) walked.uses.set(end, visit as Visit);
    }
  }
  return walked;
}

/** A warning per socketpair two processes use from the same end while no process uses the other. */
export function checkSocketpairSameEnd(context: Context): void {
  const pairObjects = new Set<string>();
  for (const process of context.processes.values()) {
    for (const visit of walkSteps<unknown>(process.program, `${process.pointer}/program`)) {
      const step = visit.step as Record<string, unknown> | null;
      if (step && step.op === 'socket.pair' && typeof step.object === 'string') pairObjects.add(step.object);
    }
  }
  for (const object of pairObjects) {
    const walked = new Map<string, Walked>();
    const walkProcess = (id: string, seen: Set<string>): Walked | undefined => {
      if (walked.has(id)) return walked.get(id);
      const process = context.processes.get(id);
      if (!process || seen.has(id)) return undefined; // a parent cycle is reported elsewhere
      seen.add(id);
      const initial = process.parent !== undefined ? walkProcess(process.parent, seen)?.atSpawn.get(id) : undefined;
      const result = walk(process.program, `${process.pointer}/program`, object, initial);
      walked.set(id, result);
      return result;
    };
    const users = new Map<End, Array<{ process: string; visit: Visit }>>([['socket', []], ['connection', []]]);
    for (const id of context.processes.keys()) {
      for (const [end, visit] of walkProcess(id, new Set())?.uses ?? []) users.get(end)!.push({ process: id, visit });
    }
    for (const end of ['connection', 'socket'] as const) {
      const same = users.get(end)!;
      if (same.length < 2 || users.get(other(end))!.length > 0) continue;
      const names = same.map((u) => `"${u.process}"`);
      const who = `${names.slice(0, -1).join(', ')} and ${names.at(-1)}`;
      const [keeper, ...rest] = same;
      context.problems.push(pitfall(same[1].visit.pointer,
        `${who} ${same.length === 2 ? 'both' : 'all'} use ${PAIR_END_NAMES[end]} of socketpair "${object}" and no process uses ${PAIR_END_NAMES[other(end)]}: what one sends arrives at ${PAIR_END_NAMES[other(end)]}, where nobody reads, so their recv waits forever (a deadlock).`,
        `Give each process its own end, as after socketpair(2) in C: "${keeper.process}" keeps ${PAIR_END_NAMES[end]} and closes ${PAIR_END_NAMES[other(end)]} (socket.close "${object}", end "${other(end)}"); ${rest.map((u) => `"${u.process}"`).join(', ')} ${rest.length > 1 ? 'keep' : 'keeps'} ${PAIR_END_NAMES[other(end)]} and ${rest.length > 1 ? 'close' : 'closes'} ${PAIR_END_NAMES[end]} (end "${end}").`,
        'socketpair'));
    }
  }
}
