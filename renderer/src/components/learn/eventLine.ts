// One readable line per run event, for the compact log beside a lesson or a recommendation.
import type { RunEvent } from '@scenario/events';

function result(value: Record<string, unknown> | undefined): string {
  if (!value) return '';
  if (typeof value.data === 'string') return ` → ${value.bytes === 0 ? 'end of file (0 bytes)' : `"${value.data}"`}`;
  if (typeof value.value === 'number') return ` → ${value.value}`;
  const text = JSON.stringify(value);
  return text.length > 60 ? ` → ${text.slice(0, 60)}…` : ` → ${text}`;
}

export function eventLine(event: RunEvent): string | undefined {
  switch (event.type) {
    case 'run.start': return `run started: ${event.title}`;
    case 'process.start': return `${event.process} started (pid ${event.pid}, parent ${event.ppid})`;
    case 'step.begin': return undefined; // the matching step.end says the same and more
    case 'step.end': return `${event.process}: ${event.op}${event.label ? ` "${event.label}"` : ''}${event.errno ? ` failed with ${event.errno}` : result(event.result)}`;
    case 'process.state': return `${event.process} is ${event.state}${event.waitingOn ? ` (${event.waitingOn})` : ''}`;
    case 'object.created': return event.inbox ? undefined : `${event.object} (${event.kind}) created`;
    case 'object.removed': return event.inbox ? undefined : `${event.object} (${event.kind}) removed`;
    case 'signal.sent': return `${event.from} sent ${event.signal} to ${event.group ? `the process group of ${event.to}` : event.to}${event.value !== undefined ? ` with sigqueue value ${event.value}` : ''}`;
    case 'signal.delivered': return `${event.process} got ${event.signal}: ${event.disposition}${event.value !== undefined ? ` (value ${event.value})` : ''}`;
    case 'signal.pending': return `${event.process} has ${event.signals.length ? `${event.signals.join(', ')} pending` : 'nothing pending'}`;
    case 'handler.begin': return `${event.process}: ${event.signal} handler runs`;
    case 'handler.end': return undefined;
    case 'process.exit': return `${event.process} ${event.signal ? `killed by ${event.signal}` : `exited with status ${event.code}`}`;
    case 'deadlock': return `deadlock: ${event.processes.map((p) => p.why).join('; ')}`;
    case 'run.end': return `run ended: ${event.status}${event.leaked.length ? `, leaked ${event.leaked.map((o) => o.object).join(', ')}` : ''}`;
    case 'process.output': return `${event.process} prints: ${event.text.trim()}`;
  }
}
