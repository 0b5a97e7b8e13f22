// A lab process's event source for the engine: its event ring (drained through the addon,
// records decoded here: native/src/core/ring.h is the format) and its console, a regular file
// the engine tails (so output of any size never blocks a process, as a full pipe would).
import { closeSync, constants, fstatSync, openSync, readSync } from 'node:fs';
import type { Addon } from '../../native/addon';
import type { CompiledStep } from '../compile/compiler';
import type { ProcessEventSource } from './runtime';
import { callText, errnoName, stepResult, type ProcessView, type RecordFigures } from './step-report';

/**
 * EventRecord (core/ring.h): 72 bytes, then (a kStep record only) a 48-byte StepBeginPart, then
 * `dataShown` bytes, the whole rounded up to 8. A kQuickStep record is a QuickStepRecord alone
 * (40 bytes): size, kind, err, pc, durationNs, t (begin), id (step.begin's n0), value (step.end's n0).
 */
const HEAD_BYTES = 72;
const BEGIN_PART_BYTES = 48;
const QUICK_BYTES = 40;
const KIND = { processStart: 1, stepBegin: 2, stepEnd: 3, signalDelivered: 4, handlerBegin: 5, handlerEnd: 6, gateWait: 7, gatePass: 8, step: 9, quickStep: 10 } as const;

/** An int64 that fits a double exactly (identifiers, counts, durations), without a BigInt. */
function int64(view: DataView, at: number): number {
  return view.getInt32(at + 4, true) * 4294967296 + view.getUint32(at, true);
}

/** siginfo's si_code for a signal sent by sigqueue (asm-generic/siginfo.h). */
const SI_QUEUE = -1;

/** Bytes of records one drainEvents call takes at most, unless told (a ring's worth: core/ring.h). */
const MAX_DRAIN_BYTES = 2 * 1024 * 1024;
/** The least ringDrain takes (its own minimum). */
const MIN_DRAIN_BYTES = 4096;
/** Console bytes one drainConsole call reads at most: over the longest log message (1 MiB). */
const MAX_CONSOLE_READ_BYTES = 2 * 1024 * 1024;

export class RingEventSource implements ProcessEventSource {
  private pid?: number;
  private consoleOffset = 0;
  private readonly consoleDecoder = new TextDecoder('utf-8');
  private readonly consoleChunk = Buffer.alloc(64 * 1024);
  private closed = false;
  private readonly t0Ns: number;
  /** signal.sent events of sends begun and not yet ended (a handler's send sits above). */
  private readonly unsent: Array<{ pc: number; signal: string; event: Record<string, unknown> }> = [];
  /** Call texts of quick steps by instruction, with the identifier they show (quickCall). */
  private readonly quickCalls: Array<{ id: number; call: string } | undefined> = [];

  constructor(
    private readonly native: Addon,
    private readonly ring: number,
    private readonly consoleFd: number,
    private readonly steps: readonly CompiledStep[],
    private readonly view: ProcessView,
    t0: bigint,
  ) {
    this.t0Ns = Number(t0);
  }

  /** Where the process waits at the gate (its instruction's index path), if it does. */
  atGate(): number[] | undefined {
    if (this.closed) return undefined;
    const pc = this.native.ringAtGate(this.ring);
    return pc >= 0 ? this.steps[pc]?.index : undefined;
  }

  gate(mode: 'open' | 'hold' | 'step' | 'slow', ms?: number): void {
    if (!this.closed) this.native.ringGate(this.ring, mode, ms);
  }

  drainEvents(maxBytes = MAX_DRAIN_BYTES): Array<Record<string, unknown>> {
    const events: Array<Record<string, unknown>> = [];
    if (this.closed) return events;
    // At most maxBytes a call: a process producing as fast as the engine drains would otherwise
    // keep this loop (and the array) growing forever. What is left stays in the ring, where a
    // full ring makes the producer wait: the engine's memory stays bounded (issue 13). Records
    // that decode to no event do not end the call: [] means nothing was left.
    for (let drained = 0; drained < maxBytes || events.length === 0; ) {
      const buffer = this.native.ringDrain(this.ring, Math.max(MIN_DRAIN_BYTES, maxBytes - drained));
      if (!buffer) break;
      drained += buffer.byteLength;
      this.decode(buffer, events);
    }
    return events;
  }

  private decode(buffer: Buffer, out: Array<Record<string, unknown>>): void {
    const view = new DataView(buffer.buffer, buffer.byteOffset, buffer.byteLength);
    for (let at = 0; at + QUICK_BYTES <= buffer.byteLength; ) {
      const size = view.getUint32(at, true);
      const kind = view.getUint16(at + 4, true);
      const err = view.getUint16(at + 6, true);
      const pc = view.getUint32(at + 8, true);
      if (kind === KIND.quickStep && size === QUICK_BYTES) {
        this.decodeQuick(view, at, err, pc, out);
        at += size;
        continue;
      }
      if (size < HEAD_BYTES || at + size > buffer.byteLength) break;
      const aux = view.getUint32(at + 12, true);
      const t = int64(view, at + 16) - this.t0Ns; // exact: CLOCK_MONOTONIC stays below 2^53 ns (104 days)
      const ends = kind === KIND.stepEnd || kind === KIND.step;
      const bits = ends ? view.getBigInt64(at + 24, true) : 0n;
      const n: RecordFigures['n'] = [int64(view, at + 24), int64(view, at + 32), int64(view, at + 40), int64(view, at + 48)];
      const dataLength = view.getUint32(at + 56, true);
      const dataShown = view.getUint32(at + 60, true);
      const digest = view.getBigUint64(at + 64, true);
      const dataAt = at + HEAD_BYTES + (kind === KIND.step ? BEGIN_PART_BYTES : 0);
      const data = ends && (dataShown > 0 || dataLength > 0 || this.carriesData(pc))
        ? { shown: new Uint8Array(buffer.buffer, buffer.byteOffset + dataAt, dataShown).slice(), length: dataLength, digest }
        : undefined;
      if (kind === KIND.step) {
        // A quick step's two halves in one record: its step.begin first, as the process lived it.
        const b = at + HEAD_BYTES;
        const beginAux = view.getUint32(b + 40, true);
        const beginN: RecordFigures['n'] = [int64(view, b + 8), int64(view, b + 16), int64(view, b + 24), int64(view, b + 32)];
        this.onRecord(KIND.stepBegin, 0, pc, beginAux, Math.max(0, int64(view, b) - this.t0Ns), { n: beginN, bits: 0n, aux: beginAux }, out);
      }
      this.onRecord(kind === KIND.step ? KIND.stepEnd : kind, err, pc, aux, Math.max(0, t), { n, bits, aux, data }, out);
      at += size;
    }
  }

  /** A kQuickStep record (core/ring.h, QuickStepRecord): its step.begin, then its step.end. */
  private decodeQuick(view: DataView, at: number, err: number, pc: number, out: Array<Record<string, unknown>>): void {
    const durationNs = view.getUint32(at + 12, true);
    const begin = int64(view, at + 16) - this.t0Ns;
    this.onRecord(KIND.stepBegin, 0, pc, 0, Math.max(0, begin), { n: [int64(view, at + 24), -1, -1, -1], bits: 0n, aux: 0 }, out);
    const value: RecordFigures['n'] = [int64(view, at + 32), 0, 0, durationNs];
    // n0's 64 bits (a BigInt: costly) only for the loads and adds whose result shows them.
    const op = this.steps[pc]?.step.op;
    const bits = op === 'shm.read' || op === 'shm.add' ? view.getBigInt64(at + 32, true) : 0n;
    this.onRecord(KIND.stepEnd, err, pc, 0, Math.max(0, begin + durationNs), { n: value, bits, aux: 0 }, out);
  }

  /**
   * step.begin's call text. A quick step (a load, a store, an add, a compute: no descriptor, PID
   * or mode change, callText's other inputs fixed for the run) keeps its text per instruction and
   * identifier: a loop's millionth add reuses the first one's instead of building it again
   * (building it was most of the engine's cost per event).
   */
  private quickCall(pc: number, step: CompiledStep['step'], figures: RecordFigures): string {
    const quick = step.op === 'compute' || step.op === 'shm.read' || step.op === 'shm.write' || step.op === 'shm.add';
    if (!quick || figures.aux !== 0) return callText(step, this.view, figures);
    const id = figures.n[0];
    const kept = this.quickCalls[pc];
    if (kept !== undefined && kept.id === id) return kept.call;
    const call = callText(step, this.view, figures);
    this.quickCalls[pc] = { id, call };
    return call;
  }

  /** Reads and receives report { bytes: 0 } at end of file: their record has no bytes then. */
  private carriesData(pc: number): boolean {
    const op = this.steps[pc]?.step.op;
    return op === 'read' || op === 'receive' || op === 'shm.read' || op === 'socket.recv';
  }

  private onRecord(kind: number, err: number, pc: number, aux: number, t: number, figures: RecordFigures, out: Array<Record<string, unknown>>): void {
    // Events are built field by field: object spread here cost ~20 us an event in V8.
    const event = (type: string): Record<string, unknown> => ({ t, process: this.view.self, pid: this.pid, type });
    switch (kind) {
      case KIND.processStart: {
        this.pid = figures.n[0];
        const start = event('process.start');
        start.ppid = figures.n[1];
        out.push(start);
        return;
      }
      case KIND.stepBegin: {
        const compiled = this.steps[pc];
        if (!compiled) return;
        const { step, index } = compiled;
        const begin = event('step.begin');
        begin.index = index;
        begin.op = step.op;
        begin.call = this.quickCall(pc, step, figures);
        if (step.label !== undefined) begin.label = step.label;
        out.push(begin);
        if (step.op === 'signal.send' || step.op === 'signal.raise') {
          const sent = event('signal.sent');
          sent.from = this.view.self;
          sent.to = step.op === 'signal.raise' ? this.view.self : typeof step.to === 'string' ? step.to : step.to.group;
          if (step.op === 'signal.send' && typeof step.to !== 'string') sent.group = true;
          if (step.op === 'signal.send' && step.value !== undefined) sent.value = step.value;
          const toPid = step.op === 'signal.send' ? figures.n[3] : this.pid;
          if (toPid !== undefined && toPid > 0) sent.toPid = toPid;
          sent.signal = step.signal;
          // Reported once the kernel accepted it (a failed kill sends nothing: ESRCH, EPERM),
          // yet before the handler it may run at once (raise, kill of oneself).
          this.unsent.push({ pc, signal: step.signal, event: sent });
        }
        return;
      }
      case KIND.stepEnd: {
        const compiled = this.steps[pc];
        if (!compiled) return;
        const unsent = this.unsent.at(-1);
        if (unsent?.pc === pc) {
          this.unsent.pop();
          if (err === 0) out.push(unsent.event);
        }
        const { step, index } = compiled;
        const end = event('step.end');
        end.index = index;
        end.op = step.op;
        if (err !== 0) {
          end.errno = errnoName(err);
        } else {
          const outcome = stepResult(step, this.view, figures);
          for (const implied of outcome.before) out.push(Object.assign(event(implied.type as string), implied));
          if (outcome.result) end.result = outcome.result;
        }
        end.durationNs = figures.n[3];
        if (step.label !== undefined) end.label = step.label;
        out.push(end);
        return;
      }
      case KIND.signalDelivered: {
        // The signal a pending send of this process sent to itself: the send succeeded.
        const signal = this.view.signalName(aux);
        const own = this.unsent.findIndex((u) => u.signal === signal);
        if (own >= 0 && figures.n[0] === this.pid) out.push(this.unsent.splice(own, 1)[0].event);
        const delivered = event('signal.delivered');
        delivered.signal = signal;
        delivered.disposition = 'handler';
        // si_code SI_QUEUE (-1): sent by sigqueue, with the value it carried (sigqueue(3)).
        if (figures.n[1] === SI_QUEUE) delivered.value = figures.n[2];
        out.push(delivered);
        return;
      }
      case KIND.handlerBegin:
      case KIND.handlerEnd: {
        const handler = event(kind === KIND.handlerBegin ? 'handler.begin' : 'handler.end');
        handler.signal = this.view.signalName(aux);
        out.push(handler);
        return;
      }
      case KIND.gateWait:
      case KIND.gatePass: {
        const gate = event(kind === KIND.gateWait ? 'gate.wait' : 'gate.pass');
        gate.index = this.steps[pc]?.index ?? [pc];
        out.push(gate);
        return;
      }
    }
  }

  drainConsole(maxBytes = MAX_CONSOLE_READ_BYTES): string {
    if (this.closed) return '';
    let text = '';
    const size = Math.min(fstatSync(this.consoleFd).size, this.consoleOffset + maxBytes);
    while (this.consoleOffset < size) {
      const n = readSync(this.consoleFd, this.consoleChunk, 0, this.consoleChunk.length, this.consoleOffset);
      if (n <= 0) break;
      this.consoleOffset += n;
      text += this.consoleDecoder.decode(this.consoleChunk.subarray(0, n), { stream: true });
    }
    return text;
  }

  close(): void {
    if (this.closed) return;
    this.closed = true;
    this.native.ringClose(this.ring);
    closeSync(this.consoleFd);
  }
}

/** Opens (creating it empty) a process's console file for the engine to tail. */
export function openConsole(path: string): number {
  closeSync(openSync(path, constants.O_WRONLY | constants.O_CREAT | constants.O_EXCL, 0o600));
  return openSync(path, constants.O_RDONLY);
}
