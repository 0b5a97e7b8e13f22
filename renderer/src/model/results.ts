/**
 * What each process of a run got, at a glance (the Results panel): what it read (loads of a
 * segment, reads of a pipe or FIFO), what it received (messages), what it waited for (the calls
 * that blocked it, and for how long; the children it reaped) and how it ended. Read from the
 * step.end and process.exit events up to a position, so replay shows the results so far.
 */
import type { RunEvent, RunEventOf } from '@scenario/events';
import { groupDigits } from '@scenario/verdicts';
import { WAITING_OPS } from '@ops/waiting';

export type ResultKind = 'read' | 'received' | 'waited';

interface ResultLine {
  kind: ResultKind;
  /** The step, as the editor numbers it ("3", "4.1") with its op and label. */
  step: string;
  text: string;
  /** How many times the step ended (a step inside a repeat ends many times); text is the last. */
  times: number;
}

export interface ProcessResults {
  process: string;
  lines: ResultLine[];
  /** "exited with 0", "killed by SIGSEGV (core dumped)", or undefined while it runs. */
  ended?: string;
}

/** Waits shorter than this (ns) are not "waited for": the call went straight through. */
const WAIT_SHOWN_NS = 1_000_000;

const ms = (ns: number) => (ns >= 1e9 ? `${(ns / 1e9).toFixed(2)} s` : `${(ns / 1e6).toFixed(1)} ms`);

function dataWords(result: Record<string, unknown>): string {
  if (typeof result.value === 'number') return groupDigits(result.value);
  const bytes = typeof result.bytes === 'number' ? result.bytes : undefined;
  if (bytes === 0) return 'end of file (0 bytes)';
  const data = result.data;
  const shown = typeof data === 'string' ? JSON.stringify(data) : Array.isArray(data) ? `[${data.slice(0, 16).join(', ')}${data.length > 16 ? ', …' : ''}]` : JSON.stringify(result);
  return bytes === undefined ? shown : `${shown} (${bytes} B)`;
}

function lineOf(event: RunEventOf<'step.end'>): Omit<ResultLine, 'step' | 'times'> | undefined {
  const result = event.result ?? {};
  if (event.errno) {
    if (event.op === 'shm.read' || event.op === 'read' || event.op === 'receive') return { kind: event.op === 'receive' ? 'received' : 'read', text: `failed with ${event.errno}` };
    return undefined;
  }
  if (event.op === 'shm.read' || event.op === 'read') return { kind: 'read', text: dataWords(result) };
  if (event.op === 'receive') {
    const from = typeof result.from === 'string' ? ` from ${result.from}` : '';
    return { kind: 'received', text: `${dataWords(result)}${from}${event.durationNs >= WAIT_SHOWN_NS ? `, after waiting ${ms(event.durationNs)}` : ''}` };
  }
  if (event.op === 'wait') {
    const child = typeof result.process === 'string' ? result.process : 'a child';
    const how = typeof result.signal === 'string' ? `killed by ${result.signal}` : `exit code ${String(result.code ?? '?')}`;
    return { kind: 'waited', text: `reaped ${child} (${how}) after ${ms(event.durationNs)}` };
  }
  if (WAITING_OPS.has(event.op) && event.durationNs >= WAIT_SHOWN_NS) return { kind: 'waited', text: `${ms(event.durationNs)} in ${event.op}` };
  return undefined;
}

function endWords(exit: RunEventOf<'process.exit'>): string {
  if (exit.signal) return `killed by ${exit.signal}${exit.core ? ' (core dumped)' : ''}`;
  return `exited with ${exit.code ?? 0}`;
}

/** The results of each process in `order`, from the first `upTo` events. */
export function runResults(events: readonly RunEvent[], order: readonly string[], upTo = events.length): ProcessResults[] {
  const byProcess = new Map<string, ProcessResults>(order.map((id) => [id, { process: id, lines: [] }]));
  const lineAt = new Map<string, ResultLine>();
  for (let i = 0; i < upTo && i < events.length; i++) {
    const event = events[i];
    if (event.type !== 'step.end' && event.type !== 'process.exit') continue;
    let results = byProcess.get(event.process);
    if (!results) byProcess.set(event.process, (results = { process: event.process, lines: [] }));
    if (event.type === 'process.exit') {
      results.ended = endWords(event);
      continue;
    }
    const line = lineOf(event);
    if (!line) continue;
    const step = `${event.index.map((n) => n + 1).join('.')} ${event.op}${event.label ? ` "${event.label}"` : ''}`;
    const key = `${event.process} ${step} ${line.kind}`;
    const known = lineAt.get(key);
    if (known) {
      known.times++;
      known.text = line.text;
    } else {
      const added = { ...line, step, times: 1 };
      lineAt.set(key, added);
      results.lines.push(added);
    }
  }
  return [...byProcess.values()];
}
