/**
 * Pitfalls: scenarios that are valid and will run, but do what the lecture warns against. Each
 * is a warning (never an error: the presets show some on purpose) carrying the lecture point it
 * comes from, read from the preset that teaches it, so the point is written once.
 *
 * - a child that is never waited for and ends before its parent: a zombie until the parent exits
 *   (wait(2); preset zombie). When the parent ends first the lab adopts and reaps the child, so
 *   no warning then (zombie-window.ts)
 * - a segment destroyed while still attached: only marked for destruction (shmctl(2) IPC_RMID;
 *   preset destroy-while-attached)
 * - a pipe end a process does not use left open: the reader never sees end-of-file, the writer
 *   never gets EPIPE (pipe(7); presets pipe-no-eof, parent-child-pipe)
 * - both processes using the same end of a socketpair (socketpair(2); preset socketpair):
 *   pitfall-socketpair.ts
 * - a handler step that is not async-signal-safe (signal-safety(7); preset sigsegv-handler) is
 *   checked where handlers are (semantic-steps.ts) and gets its lecture point from here.
 */
import { presetById } from '../presets';
import type { Lecture, Problem } from './problems';
import { warning } from './problems';
import type { Context, ProcessEntry } from './semantic-context';
import { ancestors, isRecord } from './semantic-context';
import { checkSocketpairSameEnd } from './pitfall-socketpair';
import { walkSteps, type StepVisit } from './walk';
import { whatKeepsItAlive, zombieWindow } from './zombie-window';

/** The "Lecture point:" paragraph of a preset's description, as plain text. */
function lecturePoint(presetId: string): string | undefined {
  const description = presetById(presetId)?.description ?? '';
  const match = /\*\*Lecture point:\*\*\s*([\s\S]*?)(?:\n\n|$)/.exec(description);
  return match ? match[1].replace(/\s*\n\s*/g, ' ').replace(/[*`]/g, '').trim() : undefined;
}

/** A pitfall warning with the lecture point of `presetId`. */
export function pitfall(pointer: string, message: string, hint: string, presetId: string): Problem {
  const point = lecturePoint(presetId);
  const lecture: Lecture | undefined = point ? { preset: presetId, point } : undefined;
  return { ...warning(pointer, message, hint), ...(lecture ? { lecture } : {}) };
}

type Visit = StepVisit<unknown> & { step: Record<string, unknown> };

function stepsOf(process: ProcessEntry): Visit[] {
  const out: Visit[] = [];
  for (const visit of walkSteps<unknown>(process.program, `${process.pointer}/program`)) {
    if (isRecord(visit.step) && typeof visit.step.op === 'string') out.push(visit as Visit);
  }
  return out;
}

/** Children spawned and never waited for (by name, or by enough waits for any child). */
function checkMissingWait(context: Context, steps: Map<string, Visit[]>): void {
  for (const process of context.processes.values()) {
    const mine = steps.get(process.id) ?? [];
    const spawns = mine.filter((v) => v.step.op === 'spawn' && typeof v.step.process === 'string' && v.step.process !== process.id);
    if (spawns.length === 0) continue;
    const waitedByName = new Set(mine.filter((v) => v.step.op === 'wait' && typeof v.step.process === 'string').map((v) => v.step.process as string));
    const anyWaits = mine.filter((v) => v.step.op === 'wait' && v.step.process === undefined);
    let anyLeft = anyWaits.some((v) => v.repeated) ? Infinity : anyWaits.length;
    for (const spawn of spawns) {
      const child = spawn.step.process as string;
      if (waitedByName.has(child)) continue;
      if (anyLeft > 0) {
        anyLeft--;
        continue;
      }
      // The parent's life after the spawn: the rest of its program (a nested spawn counts the
      // whole top-level step around it). The child's exit before the parent's is what shows a zombie.
      const top = spawn.path[0];
      const after = process.program.slice(spawn.path.length === 1 ? top + 1 : top);
      const window = zombieWindow(after, context.processes.get(child)?.program ?? []);
      if (window === 'never') continue; // the parent ends first: the lab adopts and reaps the child
      const keeps = whatKeepsItAlive(after);
      context.problems.push(pitfall(spawn.pointer,
        window === 'until-parent-exits'
          ? `"${process.id}" never waits for "${child}": "${child}" ends first ("${process.id}" ${keeps} after the spawn) and stays a zombie (state Z) until "${process.id}" exits.`
          : `"${process.id}" never waits for "${child}": if "${child}" ends while "${process.id}" still runs (it ${keeps} after the spawn), "${child}" stays a zombie (state Z) until "${process.id}" exits.`,
        `Add a step "wait ${child}" to "${process.id}" where it can wait for the child.`, 'zombie'));
    }
  }
}

/** shm.destroy in a process that attached the segment and has not detached it yet (its own steps, in order). */
function checkDestroyWhileAttached(context: Context, steps: Map<string, Visit[]>): void {
  for (const process of context.processes.values()) {
    const attached = new Set<string>();
    for (const visit of steps.get(process.id) ?? []) {
      if (visit.handler !== undefined) continue; // a handler runs at any moment: no order to follow
      const object = visit.step.object;
      if (typeof object !== 'string') continue;
      if (visit.step.op === 'shm.attach') attached.add(object);
      else if (visit.step.op === 'shm.detach') attached.delete(object);
      else if (visit.step.op === 'shm.destroy' && attached.has(object)) {
        context.problems.push(pitfall(visit.pointer,
          `"${process.id}" destroys "${object}" while it is still attached: the segment is only marked for destruction (dest) and freed at the last detach; attaching it by key now fails with ENOENT.`,
          `Detach "${object}" first, unless the point is to watch the deferred removal.`, 'destroy-while-attached'));
      }
    }
  }
}

/** Pipe ends a process holds (it or an ancestor creates the pipe) and never uses nor closes. */
function checkUnusedPipeEnds(context: Context, steps: Map<string, Visit[]>): void {
  const pipes = new Set([...context.objects.values()].filter((o) => o.kind === 'pipe').map((o) => o.id));
  const creators = new Map<string, Set<string>>();
  for (const [processId, visits] of steps) {
    for (const v of visits) if (v.step.op === 'pipe.create' && typeof v.step.object === 'string') (creators.get(v.step.object) ?? creators.set(v.step.object, new Set()).get(v.step.object)!).add(processId);
  }
  for (const process of context.processes.values()) {
    const visits = steps.get(process.id) ?? [];
    const holders = new Set([process.id, ...ancestors(context, process.id)]);
    for (const pipe of pipes) {
      if (![...(creators.get(pipe) ?? [])].some((id) => holders.has(id))) continue;
      const on = visits.filter((v) => v.step.object === pipe);
      const reads = on.find((v) => v.step.op === 'read');
      const writes = on.find((v) => v.step.op === 'write');
      const closes = (end: string) => on.some((v) => v.step.op === 'close' && (v.step.end === end || v.step.end === undefined));
      if (reads && !writes && !closes('write')) {
        context.problems.push(pitfall(reads.pointer,
          `"${process.id}" reads from pipe "${pipe}" but never closes its write end, which it does not use: while that end is open its read never returns end-of-file (0).`,
          `Add a step "close ${pipe}" (write end) to "${process.id}" before it reads.`, 'pipe-no-eof'));
      } else if (writes && !reads && !closes('read')) {
        context.problems.push(pitfall(writes.pointer,
          `"${process.id}" writes to pipe "${pipe}" but never closes its read end, which it does not use: when the reader is gone its write blocks on a full pipe instead of failing with EPIPE.`,
          `Add a step "close ${pipe}" (read end) to "${process.id}" before it writes.`, 'parent-child-pipe'));
      }
    }
  }
}

/** Every pitfall warning of a document whose ids resolved (the context the other checks built). */
export function checkPitfalls(context: Context): void {
  const steps = new Map<string, Visit[]>();
  for (const process of context.processes.values()) steps.set(process.id, stepsOf(process));
  checkMissingWait(context, steps);
  checkDestroyWhileAttached(context, steps);
  checkUnusedPipeEnds(context, steps);
  checkSocketpairSameEnd(context);
}
