/**
 * The run as a sequence diagram: one lane per process, marks for events, spans for stretches
 * (blocked in the kernel, held at the lab's gate, stopped, in a handler), arrows for what went
 * from one process to another (write -> read, send -> receive, signal sent -> delivered,
 * spawn, exit -> wait) with their payload's first bytes. Everything is sorted by time so that
 * the view can binary-search the visible window and draw only that (100 000 events).
 */
import type { RunEvent } from '@scenario/events';
import { STEP_CATALOGUE } from '@ops/catalogue';
import type { Op } from '@scenario/schema';
import { type ScenarioDoc, type StepDoc, findProcess, stepAt } from './doc';
import { dataBytes } from './timelinePayload';
import { ArrowPairs, DATAGRAM_BOX } from './timelinePairs';
import { BlockedCalls } from './timelineBlocked';

export type MarkKind = 'start' | 'step' | 'error' | 'signal' | 'handler' | 'exit' | 'output' | 'state' | 'gate' | 'breakpoint' | 'pending';
/** One event the timeline shows (`event`: its index in the run's log; `path`: its step, if any). */
export interface Mark {
  t: number;
  lane: number;
  kind: MarkKind;
  /** Short text beside the mark: the step's label or op, "exit 0", "SIGUSR1: handler". */
  label: string;
  event: number;
  path?: number[];
  /** Longer words for the tooltip and the table: the C call, the text printed. */
  detail?: string;
  /** ns the step waited in the kernel before this end (its blocked spans, not its handlers' time). */
  waitedNs?: number;
  /** Signals whose handlers interrupted the step while it waited in the kernel. */
  interruptedBy?: string[];
}
/** `pending`: signals generated for the process and not yet delivered (blocked), from signal.pending. */
type SpanKind = 'blocked' | 'gate' | 'stopped' | 'handler' | 'alive' | 'pending';
export interface Span { t0: number; t1: number; lane: number; kind: SpanKind; label: string }
type ArrowKind = 'data' | 'message' | 'signal' | 'spawn' | 'exit';
/**
 * Something that went from lane0 at t0 to lane1 at t1. `payload`: what the arrow carries, short
 * ("hello\n" for data and messages, the signal's name); `label`: the same in full words.
 * `event`: the index of the receiving end's event (read, receive, delivery, start, wait).
 */
export interface Arrow { t0: number; lane0: number; t1: number; lane1: number; kind: ArrowKind; readonly payload: string; readonly label: string; event: number }

export interface TimelineModel {
  lanes: string[];
  marks: Mark[];
  spans: Span[];
  arrows: Arrow[];
  /** Longest arrow, so a window search can start early enough to catch arrows entering it. */
  maxArrowNs: number;
  maxSpanNs: number;
  endT: number;
}

const byT = <T extends { t?: number; t0?: number }>(a: T, b: T) => (a.t ?? a.t0 ?? 0) - (b.t ?? b.t0 ?? 0);

/**
 * Builds the timeline of `events` (in log order; times need not be sorted) for the scenario
 * `doc` (its processes give the lanes' order; its steps the data of writes and sends).
 */
export function buildTimeline(events: readonly RunEvent[], doc: ScenarioDoc | undefined, upTo = events.length): TimelineModel {
  const lanes: string[] = doc ? doc.processes.map((p) => p.id) : [];
  const laneIndex = new Map(lanes.map((id, i) => [id, i] as const));
  const datagramSockets = new Set((doc?.objects ?? []).filter((o) => o.kind === 'socket' && o.type === 'dgram').map((o) => o.id));
  const laneOf = (id: string) => {
    let lane = laneIndex.get(id);
    if (lane === undefined) {
      lane = lanes.push(id) - 1;
      laneIndex.set(id, lane);
    }
    return lane;
  };
  const marks: Mark[] = [];
  const spans: Span[] = [];
  const open = new Map<string, { t: number; kind: SpanKind; label: string }>();
  // Blocked spans belong to the call that blocked (by its index path), not to a handler's step.
  const blocked = new BlockedCalls((s) => spans.push({ t0: s.t0, t1: s.t1, lane: laneOf(s.process), kind: 'blocked', label: s.label }));
  const pairs = new ArrowPairs();
  const started = new Map<string, number>();
  let endT = 0;
  // Steps looked up once per (process, index path): a loop repeats the same few thousands of times.
  const stepCache = new Map<string, StepDoc | undefined>();
  const stepOf = (process: string, path: number[]): StepDoc | undefined => {
    const key = `${process}:${path.join('.')}`;
    if (stepCache.has(key)) return stepCache.get(key);
    const p = doc && findProcess(doc, process);
    const step = p ? stepAt(p.program, path) : undefined;
    stepCache.set(key, step);
    return step;
  };
  const stepName = (process: string, path: number[]) => {
    const step = stepOf(process, path);
    return typeof step?.label === 'string' ? step.label : step?.op ?? `step ${path.map((i) => i + 1).join('.')}`;
  };
  // A root process leads a process group of its own and its descendants are in it (the lab
  // starts roots with setpgid(0, 0); children inherit it): the members of `id`'s group.
  const rootOf = (id: string): string => {
    const seen = new Set([id]);
    for (let at = id; ;) {
      const parent = doc ? findProcess(doc, at)?.parent : undefined;
      if (typeof parent !== 'string' || seen.has(parent)) return at; // a cycle: refused by the validator
      seen.add(parent);
      at = parent;
    }
  };
  const groups = new Map<string, string[]>();
  const groupOf = (id: string): string[] => {
    const root = rootOf(id);
    let members = groups.get(root);
    if (!members) groups.set(root, (members = doc ? doc.processes.map((p) => p.id).filter((p) => rootOf(p) === root) : [id]));
    return members.length ? members : [id];
  };
  const closeSpan = (key: string, t: number, lane: number) => {
    const span = open.get(key);
    if (span) {
      spans.push({ t0: span.t, t1: t, lane, kind: span.kind, label: span.label });
      open.delete(key);
    }
  };

  for (let i = 0; i < upTo && i < events.length; i++) {
    const e = events[i];
    endT = Math.max(endT, e.t);
    if (e.type === 'signal.sent') {
      const lane = e.from === 'lab' ? -1 : laneOf(e.from);
      // kill(-pgid) reaches every process of the group: an arrow to each one's delivery.
      for (const to of e.group ? groupOf(e.to) : [e.to]) pairs.signalSent(to, e.signal, { t: e.t, lane, event: i }, e.value);
      if (lane >= 0) marks.push({ t: e.t, lane, kind: 'signal', ...sentWords(e), event: i });
      continue;
    }
    if (!('process' in e) || !e.process) continue;
    const lane = laneOf(e.process);
    switch (e.type) {
      case 'process.start': {
        started.set(e.process, e.t);
        marks.push({ t: e.t, lane, kind: 'start', label: 'start', detail: `started, PID ${e.pid}`, event: i });
        pairs.start(e.process, { t: e.t, lane, event: i }, e.pid);
        break;
      }
      case 'gate.wait':
        open.set(`gate:${e.process}`, { t: e.t, kind: 'gate', label: 'held at the gate' });
        marks.push({ t: e.t, lane, kind: 'gate', label: 'gate', detail: `held at the lab's gate before ${stepName(e.process, e.index)}`, event: i, path: e.index });
        break;
      case 'breakpoint.hit': {
        const gate = open.get(`gate:${e.process}`);
        if (gate) gate.label = 'at a breakpoint';
        marks.push({ t: e.t, lane, kind: 'breakpoint', label: 'breakpoint', detail: `stopped at the breakpoint before ${stepName(e.process, e.index)}`, event: i, path: e.index });
        break;
      }
      case 'gate.pass':
        closeSpan(`gate:${e.process}`, e.t, lane);
        break;
      case 'step.begin': {
        blocked.begin(e.process, e.index, e.t, e.call, e.op, STEP_CATALOGUE[e.op as Op]?.mayBlock === true);
        if (e.op === 'spawn') {
          const step = stepOf(e.process, e.index);
          if (typeof step?.process === 'string') pairs.spawn(step.process, { t: e.t, lane, event: i });
        }
        break;
      }
      case 'step.end':
        stepEnd(e, i, lane);
        break;
      case 'process.state': {
        const key = `state:${e.process}`;
        closeSpan(key, e.t, lane);
        if (e.state === 'T') open.set(key, { t: e.t, kind: 'stopped', label: 'stopped (T)' });
        break;
      }
      case 'signal.delivered': {
        const value = e.value !== undefined ? ` value ${e.value}` : '';
        marks.push({ t: e.t, lane, kind: 'signal', label: `${e.signal}${value}`, detail: `${e.signal} delivered: ${e.disposition}${e.value !== undefined ? `, carrying the value ${e.value} (si_value, sent by sigqueue)` : ''}`, event: i });
        pairs.signalDelivered(e.process, e.signal, { t: e.t, lane, event: i }, e.value);
        break;
      }
      case 'signal.pending': {
        // The kernel's pending set changed: the stretch with the old set ends, one with the new begins.
        const key = `pending:${e.process}`;
        closeSpan(key, e.t, lane);
        const list = e.signals.join(', ');
        if (e.signals.length) open.set(key, { t: e.t, kind: 'pending', label: `${list} pending` });
        marks.push({
          t: e.t, lane, kind: 'pending', event: i,
          label: e.signals.length ? `pending ${list}` : 'none pending',
          detail: e.signals.length ? `pending (generated, not yet delivered: blocked): ${list}` : 'no signal pending any more',
        });
        break;
      }
      case 'handler.begin':
        blocked.handlerBegin(e.process, e.signal, e.t);
        open.set(`handler:${e.process}`, { t: e.t, kind: 'handler', label: `${e.signal} handler` });
        break;
      case 'handler.end':
        closeSpan(`handler:${e.process}`, e.t, lane);
        blocked.handlerEnd(e.process, e.t);
        break;
      case 'process.exit': {
        const label = e.signal ? `killed by ${e.signal}` : `exit ${e.code ?? 0}`;
        marks.push({ t: e.t, lane, kind: 'exit', label, event: i });
        pairs.exit(e.process, { t: e.t, lane, event: i }, label);
        spans.push({ t0: started.get(e.process) ?? 0, t1: e.t, lane, kind: 'alive', label: e.process });
        started.delete(e.process);
        blocked.close(e.process, e.t);
        for (const key of [`state:${e.process}`, `handler:${e.process}`, `gate:${e.process}`, `pending:${e.process}`]) closeSpan(key, e.t, lane);
        break;
      }
      case 'process.output':
        marks.push({ t: e.t, lane, kind: 'output', label: 'output', detail: e.text.trimEnd(), event: i });
        break;
      default:
        break;
    }
  }

  function stepEnd(e: Extract<RunEvent, { type: 'step.end' }>, i: number, lane: number): void {
    const { call, waitedNs, interruptedBy } = blocked.end(e.process, e.index, e.t);
    const name = e.label ?? e.op;
    marks.push({ t: e.t, lane, kind: e.errno ? 'error' : 'step', label: e.errno ? `${name}: ${e.errno}` : name, detail: call, event: i, path: e.index, waitedNs, interruptedBy });
    if (e.errno) return;
    const step = stepOf(e.process, e.index);
    const result = e.result ?? {};
    const end = { t: e.t, lane, event: i };
    // Datagrams keep their boundaries (issue 20): each is a message to the address it went to
    // (`to`, else the socket's own), one arrow per datagram, like a mailbox's. A stream
    // socket's bytes travel like a pipe's, one direction per reader (streamWrite/streamRead).
    if (e.op === 'socket.send' && typeof step?.object === 'string' && datagramSockets.has(step.object)) {
      pairs.send(`${DATAGRAM_BOX}${typeof step.to === 'string' ? step.to : step.object}`, end, e.process, step.data);
    } else if (e.op === 'socket.recv' && typeof step?.object === 'string' && datagramSockets.has(step.object)) {
      pairs.receive(`${DATAGRAM_BOX}${step.object}`, end, e.process, result.data, typeof result.bytes === 'number' ? result.bytes : undefined, undefined);
    } else if (e.op === 'socket.send' && typeof step?.object === 'string') {
      pairs.streamWrite(step.object, end, typeof result.bytes === 'number' ? result.bytes : dataBytes(step.data).length, step.data);
    } else if (e.op === 'socket.recv' && typeof step?.object === 'string') {
      pairs.streamRead(step.object, end, typeof result.bytes === 'number' ? result.bytes : 0, result.data);
    } else if (e.op === 'write' && typeof step?.object === 'string') {
      pairs.write(step.object, end, typeof result.bytes === 'number' ? result.bytes : dataBytes(step.data).length, step.data);
    } else if (e.op === 'read' && typeof step?.object === 'string') {
      pairs.read(step.object, end, typeof result.bytes === 'number' ? result.bytes : 0, result.data);
    } else if (e.op === 'send' && step) {
      const to = step.to as { mailbox?: string; process?: string } | undefined;
      pairs.send(to?.mailbox ?? `inbox:${to?.process ?? ''}`, end, e.process, step.data);
    } else if (e.op === 'receive' && step) {
      const from = step.from as { mailbox?: string } | string | undefined;
      const box = typeof from === 'object' && from?.mailbox ? from.mailbox : `inbox:${e.process}`;
      // A direct receive names its sender (result.from): it takes that sender's oldest message.
      pairs.receive(box, end, e.process, result.data, typeof result.bytes === 'number' ? result.bytes : undefined, typeof result.from === 'string' ? result.from : undefined);
    } else if (e.op === 'wait') {
      const child = typeof result.process === 'string' ? result.process : typeof step?.process === 'string' ? step.process : undefined;
      if (child) pairs.wait(child, end);
    }
  }

  // Still alive, blocked or held at the last event: draw up to it.
  for (const [process, t] of started) spans.push({ t0: t, t1: endT, lane: laneOf(process), kind: 'alive', label: process });
  for (const process of blocked.processes()) blocked.close(process, endT);
  for (const [key, span] of open) {
    const process = key.slice(key.indexOf(':') + 1);
    spans.push({ t0: span.t, t1: endT, lane: laneOf(process), kind: span.kind, label: span.label });
  }
  const arrows = pairs.arrows();
  marks.sort(byT);
  spans.sort(byT);
  arrows.sort(byT);
  let maxArrowNs = 0;
  for (const a of arrows) maxArrowNs = Math.max(maxArrowNs, a.t1 - a.t0);
  let maxSpanNs = 0;
  for (const s of spans) maxSpanNs = Math.max(maxSpanNs, s.t1 - s.t0);
  return { lanes, marks, spans, arrows, maxArrowNs, maxSpanNs, endT };
}

/** A signal.sent mark's words: kill, kill(-pgid) to a group, or sigqueue with its value. */
function sentWords(e: Extract<RunEvent, { type: 'signal.sent' }>): { label: string; detail: string } {
  if (e.value !== undefined) return { label: `sigqueue ${e.signal} value ${e.value}`, detail: `sigqueue(${e.to}, ${e.signal}, ${e.value})` };
  if (e.group) return { label: `kill ${e.signal} to group`, detail: `kill(-pgid of ${e.to}, ${e.signal})` };
  return { label: `kill ${e.signal}`, detail: `kill(${e.to}, ${e.signal})` };
}

/** First index whose time is >= t (items sorted by `t` or `t0`). */
function lowerBound<T>(items: readonly T[], t: number, time: (item: T) => number): number {
  let lo = 0;
  let hi = items.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (time(items[mid]) < t) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** Items of a sorted list that may show in [t0, t1], given the longest item duration. */
export function visibleRange<T>(items: readonly T[], t0: number, t1: number, time: (item: T) => number, maxDuration = 0): [number, number] {
  return [lowerBound(items, t0 - maxDuration, time), lowerBound(items, t1 + 1, time)];
}
