/**
 * What a run's events say about its processes, folded one event at a time: PIDs, states,
 * the step each is in, how each ended, what each printed, and what became of every signal
 * the user sent. Replay folds the same events up to the scrubber's position.
 */
import type { RunEvent, RunStatus } from '@scenario/events';
import { DISPOSITION_WORDS } from './signalTable';

/** The kernel's letters (proc(5)), exited, not started; `unknown`: the engine was lost while it ran (engineLostModel). */
type LiveState = 'R' | 'S' | 'D' | 'T' | 'Z' | 'exited' | 'not started' | 'unknown';

export interface ProcessLive {
  id: string;
  pid?: number;
  ppid?: number;
  state: LiveState;
  waitingOn?: string;
  /** Index path of the step under way (step.begin without its step.end). */
  currentStep?: number[];
  currentOp?: string;
  currentCall?: string;
  exitCode?: number;
  exitSignal?: string;
  core?: boolean;
  /** Failed steps of this run: path key ("3.0") -> errno and op. */
  failures: Map<string, { errno: string; op: string }>;
  /** Last result per step path, for the program editor. */
  results: Map<string, Record<string, unknown>>;
  /** In a handler right now (signal name). */
  inHandler?: string;
  /** The step under way has not returned yet (step.begin without its step.end). */
  inCall?: boolean;
  /** Held at the lab's gate before this step (gate.wait until gate.pass): slow, step or breakpoint mode. */
  atGate?: number[];
  /** Held there by a breakpoint (breakpoint.hit until gate.pass). */
  atBreakpoint?: boolean;
  /** Signals generated and not yet delivered (blocked), from the kernel (signal.pending). */
  pendingSignals?: string[];
  /** CPU time used so far (user + system, ms), from the run's process.cpu events. */
  cpuMs?: number;
  /** The signal whose delivery (default action terminate or core) was reported as killing it. */
  killedBy?: string;
}

/**
 * `received`: what a read or receive got, shown in the receiver's console like output.
 * `notice`: the lab's own word at that point of the run (a bound reached, events not received);
 * its `process` is empty.
 */
interface ConsoleLine { t: number; process: string; stream: 'stdout' | 'stderr' | 'received' | 'notice'; text: string }

/** `group`: sent to the process group of that process (kill(-pgid)); `to` is one member it reached. */
interface SignalOutcome { t: number; from: string; to: string; signal: string; group?: string; outcome?: string }

/** One entry of the scenario's `expect`, judged at the run's end (verdict events). */
interface VerdictLine { entry: string; expected: string; happened: string; held: boolean; value?: number }

/** A delivery whose signal.sent has not been folded yet (the recording orders processes apart). */
interface EarlyDelivery { to: string; signal: string; outcome: string }

export interface RunModel {
  processes: Map<string, ProcessLive>;
  order: string[];
  status?: RunStatus;
  durationNs?: number;
  leaked: string[];
  deadlock?: { process: string; why: string }[];
  /** The scenario's expectations as judged at the end, and whether every one held (run.end). */
  verdicts: VerdictLine[];
  asExpected?: boolean;
  console: ConsoleLine[];
  /** The run.limit messages of the run (a per-run bound reached), in order. */
  limits: string[];
  signals: SignalOutcome[];
  lastT: number;
  /** Events folded so far. */
  count: number;
  /** Deliveries seen before their send (events of two processes interleave in any order). */
  early: EarlyDelivery[];
  /**
   * Sends to a process group (kill(-pgid)), by the process named: a member whose process.start
   * is folded after the send (the recording orders processes apart) gets its row when what it
   * did with the signal comes (signal.delivered, or signal.pending while blocked).
   */
  groupSends: Array<{ t: number; from: string; group: string; signal: string }>;
}

export const pathKey = (path: readonly number[]): string => path.join('.');

export function emptyRunModel(processIds: readonly string[] = []): RunModel {
  const model: RunModel = { processes: new Map(), order: [], leaked: [], verdicts: [], console: [], limits: [], signals: [], lastT: 0, count: 0, early: [], groupSends: [] };
  for (const id of processIds) ensure(model, id);
  return model;
}

function ensure(model: RunModel, id: string): ProcessLive {
  let live = model.processes.get(id);
  if (!live) {
    live = { id, state: 'not started', failures: new Map(), results: new Map() };
    model.processes.set(id, live);
    model.order.push(id);
  }
  return live;
}

function resolveSignal(model: RunModel, to: string, signal: string | undefined, outcome: string): void {
  const pending = model.signals.find((s) => s.to === to && !s.outcome && (signal === undefined || s.signal === signal)) ?? (signal ? memberRow(model, to, signal) : undefined);
  if (pending) pending.outcome = outcome;
  else if (signal) model.early.push({ to, signal, outcome });
}

/**
 * A new row for `to` under the latest send of `signal` to its process group that has none for
 * it yet (undefined when there is no such send): a member the send reached, learnt late.
 */
function memberRow(model: RunModel, to: string, signal: string): SignalOutcome | undefined {
  for (let i = model.groupSends.length - 1; i >= 0; i--) {
    const send = model.groupSends[i];
    if (send.signal !== signal || !sameGroup(model, send.group, to)) continue;
    if (model.signals.some((s) => s.group === send.group && s.t === send.t && s.to === to && s.signal === signal)) continue;
    const row: SignalOutcome = { t: send.t, from: send.from, to, signal, group: send.group };
    model.signals.push(row);
    return row;
  }
  return undefined;
}

/**
 * The live processes of `id`'s process group, from the run's own process.start events: a root
 * process leads a group of its own and its descendants stay in it (the lab starts roots with
 * setpgid(0, 0)), so the group is every live process whose ppid chain leads to the same root.
 * A zombie takes a signal without a trace: not listed. `[id]` when none is known.
 */
function groupMembers(model: RunModel, id: string, signal: string): string[] {
  const members = [...model.processes.values()]
    .filter((live) => sameGroup(model, id, live.id) && (isLive(live) || model.early.some((d) => d.to === live.id && d.signal === signal)))
    .map((live) => live.id);
  return members.includes(id) ? members : [id, ...members];
}

/** Whether two processes of the run are in one process group: their ppid chains lead to the same root. */
function sameGroup(model: RunModel, a: string, b: string): boolean {
  const rootA = rootOf(model, a);
  return rootA !== undefined && rootA === rootOf(model, b);
}

/** The root process of `id`'s tree, following ppids through the run's processes; undefined before its start. */
function rootOf(model: RunModel, id: string): string | undefined {
  let at = model.processes.get(id);
  if (at?.pid === undefined) return undefined;
  const seen = new Set<string>();
  for (;;) {
    seen.add(at.id);
    const ppid: number | undefined = at.ppid;
    const parent: ProcessLive | undefined = ppid === undefined ? undefined : [...model.processes.values()].find((p) => p.pid === ppid);
    if (!parent || seen.has(parent.id)) return at.id;
    at = parent;
  }
}

/** A process that can still be signalled, paused or stepped: started, not exited, not a zombie. */
export function isLive(live: ProcessLive | undefined): boolean {
  return !!live?.pid && live.state !== 'exited' && live.state !== 'Z' && live.state !== 'not started';
}

// What a process no longer does once it has ended (exit) or is a zombie: no step under way,
// no wait, no handler.
const ENDED = { currentStep: undefined, currentOp: undefined, currentCall: undefined, waitingOn: undefined, inHandler: undefined, inCall: undefined, atGate: undefined, atBreakpoint: undefined };

/**
 * At the end of a run, says what became of signals with no delivery: a standard signal sent
 * while the same one was pending was merged into it (standard signals do not queue, signal(7));
 * otherwise it never reached a handler or a default action before the process ended.
 */
function settleSignals(model: RunModel): void {
  for (const sent of model.signals) {
    if (sent.outcome) continue;
    const delivered = model.signals.some((other) => other !== sent && other.to === sent.to && other.signal === sent.signal && other.outcome && !other.outcome.startsWith('never'));
    const live = model.processes.get(sent.to);
    sent.outcome = delivered && !sent.signal.startsWith('SIGRTMIN')
      ? 'merged with the same signal already pending (standard signals do not queue)'
      : live?.state === 'exited' ? 'never delivered: the process ended with it blocked or pending' : 'never delivered';
  }
}

export function applyEvent(model: RunModel, event: RunEvent): void {
  model.count++;
  model.lastT = Math.max(model.lastT, event.t);
  switch (event.type) {
    case 'process.start': {
      const live = ensure(model, event.process);
      Object.assign(live, { pid: event.pid, ppid: event.ppid, state: 'R' as const });
      break;
    }
    case 'step.begin': {
      const live = ensure(model, event.process);
      live.currentStep = event.index;
      live.currentOp = event.op;
      live.currentCall = event.call;
      live.inCall = true;
      break;
    }
    case 'step.end': {
      const live = ensure(model, event.process);
      const key = pathKey(event.index);
      if (live.currentStep && pathKey(live.currentStep) === key) live.inCall = false;
      if (event.errno) live.failures.set(key, { errno: event.errno, op: event.op });
      else live.failures.delete(key);
      if (event.result) live.results.set(key, event.result);
      if (!event.errno && (event.op === 'read' || event.op === 'receive') && event.result && 'data' in event.result) {
        const data = event.result.data;
        const bytes = typeof event.result.bytes === 'number' ? event.result.bytes : undefined;
        const text = bytes === 0 ? 'end of file (0 bytes)' : `${bytes ?? '?'} B: ${typeof data === 'string' ? JSON.stringify(data) : `[${String(data)}]`}`;
        model.console.push({ t: event.t, process: event.process, stream: 'received', text: `${event.op} ← ${text}` });
      }
      break;
    }
    case 'signal.pending':
      ensure(model, event.process).pendingSignals = event.signals.length ? event.signals : undefined;
      // A group's member that blocks the signal: reached, not delivered yet.
      for (const signal of event.signals) if (!model.signals.some((s) => s.to === event.process && s.signal === signal && !s.outcome)) memberRow(model, event.process, signal);
      break;
    case 'process.state': {
      const live = ensure(model, event.process);
      if (live.state !== 'exited') {
        live.state = event.state;
        live.waitingOn = event.waitingOn;
        if (event.state === 'Z') Object.assign(live, ENDED);
      }
      if (event.state === 'T') resolveSignal(model, event.process, 'SIGSTOP', 'stopped');
      break;
    }
    case 'signal.sent': {
      // kill(-pgid) reaches every live process of the group, and each does its own thing with it.
      if (event.group) model.groupSends.push({ t: event.t, from: event.from, group: event.to, signal: event.signal });
      for (const to of event.group ? groupMembers(model, event.to, event.signal) : [event.to]) {
        const sent: SignalOutcome = { t: event.t, from: event.from, to, signal: event.signal, ...(event.group ? { group: event.to } : {}) };
        const early = model.early.findIndex((d) => d.to === to && d.signal === event.signal);
        if (early >= 0) sent.outcome = model.early.splice(early, 1)[0].outcome;
        model.signals.push(sent);
      }
      break;
    }
    case 'signal.delivered':
      if (event.disposition === 'terminate' || event.disposition === 'core') ensure(model, event.process).killedBy = event.signal;
      resolveSignal(model, event.process, event.signal, `${DISPOSITION_WORDS[event.disposition] ?? event.disposition}${event.value !== undefined ? ` (value ${event.value})` : ''}`);
      break;
    case 'gate.wait':
      Object.assign(ensure(model, event.process), { atGate: event.index, inCall: false });
      break;
    case 'breakpoint.hit':
      Object.assign(ensure(model, event.process), { atGate: event.index, atBreakpoint: true });
      break;
    case 'gate.pass':
      Object.assign(ensure(model, event.process), { atGate: undefined, atBreakpoint: undefined });
      break;
    case 'handler.begin':
      ensure(model, event.process).inHandler = event.signal;
      break;
    case 'handler.end':
      ensure(model, event.process).inHandler = undefined;
      break;
    case 'process.exit': {
      const live = ensure(model, event.process);
      Object.assign(live, { ...ENDED, state: 'exited' as const, exitCode: event.code, exitSignal: event.signal, core: event.core });
      // The delivery that killed it may be reported already: its exit is the same delivery, and
      // must not take a second send of that signal (dropped by a dying process) as delivered.
      if (event.signal && live.killedBy !== event.signal) resolveSignal(model, event.process, event.signal, `terminated by ${event.signal}`);
      break;
    }
    case 'process.output':
      model.console.push({ t: event.t, process: event.process, stream: event.stream, text: event.text });
      break;
    case 'run.limit':
      model.limits.push(event.message);
      model.console.push({ t: event.t, process: '', stream: 'notice', text: event.message });
      break;
    case 'process.cpu':
      ensure(model, event.process).cpuMs = event.cpuMs;
      break;
    case 'verdict':
      model.verdicts.push({ entry: event.entry, expected: event.expected, happened: event.happened, held: event.held, ...(event.value !== undefined ? { value: event.value } : {}) });
      break;
    case 'deadlock':
      model.deadlock = event.processes.map((p) => ({ process: p.process, why: p.why }));
      break;
    case 'run.end':
      model.status = event.status;
      model.durationNs = event.durationNs;
      model.leaked = event.leaked.map((l) => l.object);
      model.asExpected = event.asExpected;
      settleSignals(model);
      break;
    default:
      break;
  }
}

/**
 * A new model object over `model`'s current figures, for a computed to hand out: each process
 * entry and the lists are copied (so a view holding one sees the change), their contents shared.
 */
export function copyRunModel(model: RunModel): RunModel {
  const processes = new Map([...model.processes].map(([id, p]) => [id, { ...p }]));
  return { ...model, processes, console: model.console.slice(), limits: model.limits.slice(), verdicts: model.verdicts.slice(), signals: model.signals.map((s) => ({ ...s })), groupSends: model.groupSends.slice() };
}

/**
 * The model as a page whose engine went away must show it: each process that was live has an
 * unknown state from then on (it may run on, or have ended: nobody reports it now), with no step
 * under way, no wait, no gate and no pending signal shown, instead of its last live state.
 */
export function engineLostModel(model: RunModel): RunModel {
  const processes = new Map([...model.processes].map(([id, p]) => [id, isLive(p) ? { ...p, ...ENDED, pendingSignals: undefined, state: 'unknown' as const } : p]));
  return { ...model, processes };
}

export function foldEvents(events: readonly RunEvent[], processIds: readonly string[] = [], upTo = events.length): RunModel {
  const model = emptyRunModel(processIds);
  for (let i = 0; i < upTo && i < events.length; i++) applyEvent(model, events[i]);
  return model;
}

/** The state in words, for the table and the nodes. */
export function stateWords(live: ProcessLive | undefined): string {
  if (!live) return 'not started';
  switch (live.state) {
    case 'R': return live.inHandler ? `running ${live.inHandler} handler` : 'running';
    // waitingOn is a phrase of its own ("reading p1", "sleeping 100 ms"): never "sleeping on sleeping".
    case 'S': return live.waitingOn ? (live.waitingOn.startsWith('sleeping') ? live.waitingOn : `sleeping, ${live.waitingOn}`) : 'sleeping';
    case 'D': return 'waiting on the disk (uninterruptible)';
    case 'T': return 'stopped';
    case 'Z': return 'zombie (exited, not yet waited for)';
    case 'unknown': return 'unknown (engine lost)';
    case 'exited':
      if (live.exitSignal) return `killed by ${live.exitSignal}${live.core ? ' (core dumped)' : ''}`;
      return `exited with ${live.exitCode ?? 0}`;
    default: return 'not started';
  }
}

/**
 * How a run ended, as a sentence start: "Run completed", "Run ended in a deadlock", ...; with
 * `asExpected` (run.end's), whether that is what the scenario promised; `explain` says why.
 */
export function runStatusWords(status: RunStatus | undefined, asExpected?: boolean, explain = false): string {
  const words: Record<RunStatus, string> = { completed: 'Run completed', failed: 'Run failed', deadlock: 'Run ended in a deadlock', timeout: 'Run timed out', stopped: 'Run stopped' };
  const base = status ? words[status] ?? `Run ${status}` : 'Run';
  // A scenario with `expect` says what its run should do: a crash or a deadlock it promises is
  // its point, not a failure (run.end's asExpected: every verdict held).
  if (!status || asExpected === undefined) return base;
  if (!asExpected) return `${base}, not as expected`;
  // "failed" is the wrong word for a crash the scenario exists to show.
  if (status === 'failed') return explain ? 'Run ended as expected: a process ended abnormally, as the scenario shows' : 'Run ended as expected';
  return `${base}, as expected`;
}

export function exitWords(live: ProcessLive | undefined): string {
  if (!live || live.state !== 'exited') return '';
  return live.exitSignal ? `${live.exitSignal}${live.core ? ', core' : ''}` : `code ${live.exitCode ?? 0}`;
}
