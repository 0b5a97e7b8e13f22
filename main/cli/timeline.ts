// The readable form of run events for a terminal: one line an event, times in milliseconds
// since the run started, the process and its PID, what happened; coloured on a terminal.
import { countOf } from '../contract/units';
import type { RunEvent, RunEventOf } from '../scenario/events';
import { escapeControls } from '../scenario/display-text';
import { verdictSentence } from '../scenario/verdicts';

const CODES = { dim: 2, red: 31, green: 32, yellow: 33, blue: 34, magenta: 35, cyan: 36 } as const;
type Colour = keyof typeof CODES;

export function makePainter(enabled: boolean): (colour: Colour, text: string) => string {
  return (colour, text) => (enabled ? `\u001b[${CODES[colour]}m${text}\u001b[0m` : text);
}

const short = (value: unknown) => {
  const text = escapeControls(JSON.stringify(value));
  return text.length > 120 ? text.slice(0, 117) + '...' : text;
};

/** Every string field of an event, with its control characters escaped. */
function escapedEvent(event: RunEvent): RunEvent {
  const copy: Record<string, unknown> = { ...event };
  for (const [key, value] of Object.entries(copy)) if (typeof value === 'string') copy[key] = escapeControls(value);
  if (event.type === 'deadlock') copy.processes = event.processes.map((p) => ({ ...p, why: escapeControls(p.why) }));
  return copy as RunEvent;
}

export function formatEvent(raw: RunEvent, paint: ReturnType<typeof makePainter>): string | undefined {
  const event = escapedEvent(raw);
  const time = paint('dim', `${(event.t / 1e6).toFixed(3).padStart(10)} ms`);
  const who = 'process' in event && event.process ? paint('cyan', `${event.process}${'pid' in event && event.pid ? `[${event.pid}]` : ''}`) : paint('dim', 'lab');
  const line = (text: string) => `${time}  ${who}  ${text}`;
  switch (event.type) {
    case 'run.start': return `${time}  ${paint('blue', `run ${event.runId}: ${event.title}`)}`;
    case 'process.start': return line(`started (parent ${event.ppid})`);
    case 'step.begin': return undefined; // shown with its end, which has the outcome
    case 'step.end': {
      const outcome = event.errno ? paint('red', `failed: ${event.errno}`) : event.result ? paint('green', short(event.result)) : paint('green', 'ok');
      return line(`${event.op}${event.label ? ` "${event.label}"` : ''} -> ${outcome} ${paint('dim', `(${(event.durationNs / 1e6).toFixed(2)} ms)`)}`);
    }
    case 'process.state': return line(paint('dim', `state ${event.state}${event.waitingOn ? `, ${event.waitingOn}` : ''}`));
    case 'object.created': return line(paint('magenta', `created ${event.kind} ${event.object}${event.inbox ? ' (inbox)' : ''}${event.host ? ` on host ${event.host}` : ''}`));
    case 'object.removed': return line(paint('magenta', `removed ${event.kind} ${event.object}${event.inbox ? ' (inbox)' : ''}${event.host ? ` on host ${event.host}` : ''}`));
    case 'host.created': return `${time}  ${paint('blue', `host ${event.host} made (namespaces held by PID ${event.pid}${event.address ? `, eth0 ${event.address}` : ''})`)}`;
    case 'host.removed': return `${time}  ${paint('blue', `host ${event.host} removed, with everything left in it`)}`;
    case 'signal.sent': return `${time}  ${paint('cyan', event.from)}  ${paint('yellow', `sent ${event.signal} to ${event.group ? `the process group of ${event.to}` : event.to}${event.value !== undefined ? ` (sigqueue value ${event.value})` : ''}`)}`;
    case 'signal.delivered': return line(paint('yellow', `${event.signal} delivered: ${event.disposition}${event.value !== undefined ? ` (sigqueue value ${event.value})` : ''}`));
    case 'signal.pending': return line(paint('yellow', event.signals.length ? `pending: ${event.signals.join(' ')}` : 'nothing pending'));
    case 'handler.begin': return line(paint('yellow', `handler for ${event.signal} runs`));
    case 'handler.end': return line(paint('yellow', `handler for ${event.signal} returns`));
    case 'process.output': return event.text.replace(/\n$/, '').split('\n').map((text) => line(`| ${text}`)).join('\n');
    case 'process.exit':
      return line(event.signal ? paint('red', `killed by ${event.signal}${event.core ? ' (core dumped)' : ''}`) : event.code === 0 ? paint('green', 'exited 0') : paint('red', `exited ${event.code}`));
    case 'deadlock': return `${time}  ${paint('red', 'deadlock:')}\n${event.processes.map((p) => `               ${paint('red', p.why)}`).join('\n')}`;
    case 'object.state': return `${time}  ${paint('magenta', `${event.object}: ${objectFigures(event)}`)}`;
    case 'process.cpu': return undefined; // the timeline shows steps; the figures are in --json
    case 'verdict': return `${time}  ${event.held ? paint('green', '✓') : paint('red', '✗')} ${verdictSentence(event)}`;
    case 'run.end': {
      const colour: Colour = event.status === 'completed' || event.asExpected ? 'green' : 'red';
      const leaked = event.leaked.length ? `; leaked and removed: ${event.leaked.map((l) => `${l.kind} ${l.object}`).join(', ')}` : '';
      const expected = event.asExpected === undefined ? '' : event.asExpected ? ', as expected' : ', not as expected';
      return `${time}  ${paint(colour, `run ${event.status}${expected}`)}${leaked}`;
    }
  }
}

/** An object.state's figures in the kernel's words: "nattch 2, lpid 4242, 17 bytes changed". */
function objectFigures(event: RunEventOf<'object.state'>): string {
  if (!event.exists) return 'gone';
  const parts: string[] = [];
  if (event.nattch !== undefined) parts.push(`nattch ${event.nattch}`);
  if (event.dest) parts.push('marked for destruction');
  if (event.lpid !== undefined) parts.push(`lpid ${event.lpid}`);
  if (event.queued !== undefined) parts.push(`${countOf(event.queued, 'byte')} queued`);
  if (event.holders) parts.push(`ends held: ${event.holders.map((h) => `${h.process} ${h.end}`).join(', ') || 'none'}`);
  if (event.messages !== undefined) parts.push(countOf(event.messages, 'message'));
  if (event.value !== undefined) parts.push(`value ${event.value}`);
  if (typeof event.bytes === 'string') parts.push(countOf(event.bytes.length / 2, 'byte'));
  if (event.ranges?.length) parts.push(`changed at ${event.ranges.map((r) => r.offset).join(', ')}`);
  return parts.join(', ');
}
