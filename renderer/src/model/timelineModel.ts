/**
 * The run as a sequence diagram: one lane per process, marks for events, spans for blocked
 * stretches, arrows for what went from one process to another (write -> read, send ->
 * receive, signal sent -> delivered, spawn, exit -> wait). Everything is sorted by time so
 * that the view can binary-search the visible window and draw only that (100 000 events).
 */
import type { RunEvent } from '@scenario/events';
import { STEP_CATALOGUE } from '@ops/catalogue';
import type { Op } from '@scenario/schema';
import { type ScenarioDoc, type StepDoc, findProcess, stepAt } from './doc';

type MarkKind = 'start' | 'step' | 'error' | 'signal' | 'handler' | 'exit' | 'output' | 'state';
export interface Mark { t: number; lane: number; kind: MarkKind; label: string; event: number; path?: number[] }
type SpanKind = 'blocked' | 'stopped' | 'handler' | 'alive';
interface Span { t0: number; t1: number; lane: number; kind: SpanKind; label: string }
type ArrowKind = 'data' | 'message' | 'signal' | 'spawn' | 'exit';
export interface Arrow { t0: number; lane0: number; t1: number; lane1: number; kind: ArrowKind; label: string; event: number }

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

export function buildTimeline(events: readonly RunEvent[], doc: ScenarioDoc | undefined, upTo = events.length): TimelineModel {
  const lanes: string[] = doc ? doc.processes.map((p) => p.id) : [];
  const laneIndex = new Map(lanes.map((id, i) => [id, i] as const));
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
  const arrows: Arrow[] = [];
  const open = new Map<string, { t: number; kind: SpanKind; label: string }>();
  const streams = new Map<string, { t: number; lane: number; bytes: number; event: number }[]>();
  const boxes = new Map<string, { t: number; lane: number; event: number }[]>();
  const sentSignals: { t: number; lane: number; to: string; signal: string; event: number }[] = [];
  const spawns = new Map<string, { t: number; lane: number; event: number }>();
  const exits = new Map<string, { t: number; lane: number; label: string; event: number }>();
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
    if (!('process' in e) || !e.process || e.type === 'signal.sent') {
      if (e.type === 'signal.sent') {
        const lane = e.from === 'lab' ? -1 : laneOf(e.from);
        sentSignals.push({ t: e.t, lane, to: e.to, signal: e.signal, event: i });
        if (lane >= 0) marks.push({ t: e.t, lane, kind: 'signal', label: `kill(${e.to}, ${e.signal})`, event: i });
      }
      continue;
    }
    const lane = laneOf(e.process);
    switch (e.type) {
      case 'process.start': {
        started.set(e.process, e.t);
        marks.push({ t: e.t, lane, kind: 'start', label: `start, PID ${e.pid}`, event: i });
        const spawn = spawns.get(e.process);
        if (spawn) arrows.push({ t0: spawn.t, lane0: spawn.lane, t1: e.t, lane1: lane, kind: 'spawn', label: `spawn ${e.process}`, event: i });
        break;
      }
      case 'step.begin': {
        const info = STEP_CATALOGUE[e.op as Op];
        if (info?.mayBlock) open.set(`step:${e.process}`, { t: e.t, kind: 'blocked', label: e.call });
        if (e.op === 'spawn') {
          const step = stepOf(e.process, e.index);
          if (typeof step?.process === 'string') spawns.set(step.process, { t: e.t, lane, event: i });
        }
        break;
      }
      case 'step.end': {
        const key = `step:${e.process}`;
        const span = open.get(key);
        // Only stretches that really waited are worth drawing as blocked.
        if (span && e.t - span.t > 50_000) closeSpan(key, e.t, lane);
        else open.delete(key);
        marks.push({ t: e.t, lane, kind: e.errno ? 'error' : 'step', label: e.errno ? `${e.op}: ${e.errno}` : e.op, event: i, path: e.index });
        if (e.errno) break;
        const step = stepOf(e.process, e.index);
        const result = e.result ?? {};
        if (e.op === 'write' && typeof step?.object === 'string') {
          const queue = streams.get(step.object) ?? [];
          const bytes = typeof result.bytes === 'number' ? result.bytes : typeof step.data === 'string' ? new TextEncoder().encode(step.data).length : Array.isArray(step.data) ? step.data.length : 1;
          queue.push({ t: e.t, lane, bytes, event: i });
          streams.set(step.object, queue);
        } else if (e.op === 'read' && typeof step?.object === 'string') {
          let bytes = typeof result.bytes === 'number' ? result.bytes : 0;
          const queue = streams.get(step.object) ?? [];
          while (bytes > 0 && queue.length) {
            const head = queue[0];
            const taken = Math.min(bytes, head.bytes);
            arrows.push({ t0: head.t, lane0: head.lane, t1: e.t, lane1: lane, kind: 'data', label: `${taken} B via ${step.object}`, event: i });
            head.bytes -= taken;
            bytes -= taken;
            if (head.bytes <= 0) queue.shift();
          }
        } else if (e.op === 'send' && step) {
          const to = step.to as { mailbox?: string; process?: string } | undefined;
          const key = to?.mailbox ?? `inbox:${to?.process ?? ''}`;
          const queue = boxes.get(key) ?? [];
          queue.push({ t: e.t, lane, event: i });
          boxes.set(key, queue);
        } else if (e.op === 'receive' && step) {
          const from = step.from as { mailbox?: string } | string | undefined;
          const key = typeof from === 'object' && from?.mailbox ? from.mailbox : `inbox:${e.process}`;
          const head = boxes.get(key)?.shift();
          if (head) arrows.push({ t0: head.t, lane0: head.lane, t1: e.t, lane1: lane, kind: 'message', label: `message via ${key.replace('inbox:', 'inbox of ')}`, event: i });
        } else if (e.op === 'wait') {
          const child = typeof result.process === 'string' ? result.process : typeof step?.process === 'string' ? step.process : undefined;
          const exit = child ? exits.get(child) : undefined;
          if (exit) arrows.push({ t0: exit.t, lane0: exit.lane, t1: e.t, lane1: lane, kind: 'exit', label: `${child} reaped (${exit.label})`, event: i });
        }
        break;
      }
      case 'process.state': {
        const key = `state:${e.process}`;
        closeSpan(key, e.t, lane);
        if (e.state === 'T') open.set(key, { t: e.t, kind: 'stopped', label: 'stopped (T)' });
        break;
      }
      case 'signal.delivered': {
        marks.push({ t: e.t, lane, kind: 'signal', label: `${e.signal}: ${e.disposition}`, event: i });
        const index = sentSignals.findIndex((s) => s.to === e.process && s.signal === e.signal);
        if (index >= 0) {
          const [sent] = sentSignals.splice(index, 1);
          if (sent.lane >= 0) arrows.push({ t0: sent.t, lane0: sent.lane, t1: e.t, lane1: lane, kind: 'signal', label: e.signal, event: i });
        }
        break;
      }
      case 'handler.begin':
        open.set(`handler:${e.process}`, { t: e.t, kind: 'handler', label: `${e.signal} handler` });
        break;
      case 'handler.end':
        closeSpan(`handler:${e.process}`, e.t, lane);
        break;
      case 'process.exit': {
        const label = e.signal ? `killed by ${e.signal}` : `exit ${e.code ?? 0}`;
        marks.push({ t: e.t, lane, kind: 'exit', label, event: i });
        exits.set(e.process, { t: e.t, lane, label, event: i });
        spans.push({ t0: started.get(e.process) ?? 0, t1: e.t, lane, kind: 'alive', label: e.process });
        started.delete(e.process);
        for (const key of [`step:${e.process}`, `state:${e.process}`, `handler:${e.process}`]) closeSpan(key, e.t, lane);
        break;
      }
      case 'process.output':
        marks.push({ t: e.t, lane, kind: 'output', label: e.text.trimEnd(), event: i });
        break;
      default:
        break;
    }
  }
  // Still alive or still blocked at the last event: draw up to it.
  for (const [process, t] of started) spans.push({ t0: t, t1: endT, lane: laneOf(process), kind: 'alive', label: process });
  for (const [key, span] of open) {
    const process = key.slice(key.indexOf(':') + 1);
    spans.push({ t0: span.t, t1: endT, lane: laneOf(process), kind: span.kind, label: span.label });
  }
  marks.sort(byT);
  spans.sort(byT);
  arrows.sort(byT);
  let maxArrowNs = 0;
  for (const a of arrows) maxArrowNs = Math.max(maxArrowNs, a.t1 - a.t0);
  let maxSpanNs = 0;
  for (const s of spans) maxSpanNs = Math.max(maxSpanNs, s.t1 - s.t0);
  return { lanes, marks, spans, arrows, maxArrowNs, maxSpanNs, endT };
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
