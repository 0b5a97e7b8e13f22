/**
 * The rules of hosts (extension, issue 20) the schema cannot express: host ids unique (across
 * objects and processes too), every process on a declared host, a child on its parent's host
 * (spawn is fork+exec: it cannot start a process on another machine), and no signal across
 * hosts (kill(2) reaches only processes of the same machine; the lab's hosts share one PID
 * space, so the run could not show what a second machine would do).
 */
import type { Problem } from './problems';
import { error } from './problems';
import type { Context } from './semantic-context';
import { ancestors, asArray, isId, isRecord } from './semantic-context';
import { walkSteps } from './walk';

/** The host each process runs on: its own `host`, else its nearest ancestor's. */
function effectiveHosts(context: Context): Map<string, string> {
  const own = new Map<string, string>();
  for (const process of context.processes.values()) {
    const raw = asArray(context.root.processes)[process.index];
    if (isRecord(raw) && isId(raw.host)) own.set(process.id, raw.host);
  }
  const hosts = new Map<string, string>();
  for (const process of context.processes.values()) {
    const chain = [process.id, ...ancestors(context, process.id)];
    const host = chain.map((id) => own.get(id)).find((h) => h !== undefined);
    if (host !== undefined) hosts.set(process.id, host);
  }
  return hosts;
}

export function checkHosts(context: Context): void {
  const declared = new Map<string, string>();
  const hostsValue = context.root.hosts;
  asArray(hostsValue).forEach((raw, index) => {
    if (!isRecord(raw) || !isId(raw.id)) return;
    const pointer = `/hosts/${index}/id`;
    if (declared.has(raw.id) || context.objects.has(raw.id) || context.processes.has(raw.id)) {
      context.problems.push(error(pointer, `The id "${raw.id}" is already used${declared.has(raw.id) ? ` by ${declared.get(raw.id)}` : ' by an object or a process'}.`,
        'Ids are unique across hosts, objects and processes.'));
    } else declared.set(raw.id, `host number ${index + 1}`);
  });
  const hasHosts = Array.isArray(hostsValue);
  const problems: Problem[] = context.problems;
  for (const process of context.processes.values()) {
    const raw = asArray(context.root.processes)[process.index] as Record<string, unknown>;
    const pointer = `${process.pointer}/host`;
    if (raw.host !== undefined && isId(raw.host)) {
      if (!hasHosts) {
        problems.push(error(pointer, `"${process.id}" is placed on host "${raw.host}", but the scenario declares no hosts.`,
          `Add "hosts": [{ "id": "${raw.host}" }] to the scenario, or remove "host".`));
        continue;
      }
      if (!declared.has(raw.host)) {
        problems.push(error(pointer, `There is no host "${raw.host}".`, `Hosts: ${[...declared.keys()].join(', ') || 'none'}.`));
        continue;
      }
    }
    if (!hasHosts) continue;
    if (process.parent === undefined && raw.host === undefined) {
      problems.push(error(process.pointer, `"${process.id}" is on no host; when a scenario declares hosts, every process the lab starts names its host.`,
        `Add "host": "${[...declared.keys()][0] ?? 'A'}".`));
    }
  }
  if (!hasHosts) return;
  const hosts = effectiveHosts(context);
  for (const process of context.processes.values()) {
    const raw = asArray(context.root.processes)[process.index] as Record<string, unknown>;
    if (process.parent !== undefined && isId(raw.host)) {
      const parentHost = hosts.get(process.parent);
      if (parentHost !== undefined && parentHost !== raw.host) {
        problems.push(error(`${process.pointer}/host`, `"${process.id}" is a child of "${process.parent}", which runs on host "${parentHost}"; a child runs where its parent runs.`,
          'spawn is fork and exec: it cannot start a process on another machine. Make it a root process on that host instead.'));
      }
    }
    for (const visit of walkSteps<unknown>(process.program, `${process.pointer}/program`)) {
      const step = visit.step;
      if (!isRecord(step) || step.op !== 'signal.send') continue;
      const target = isRecord(step.to) ? step.to.group : step.to;
      if (!isId(target)) continue;
      const from = hosts.get(process.id);
      const to = hosts.get(target);
      if (from !== undefined && to !== undefined && from !== to) {
        problems.push(error(`${visit.pointer}/to`, `"${target}" runs on host "${to}", "${process.id}" on host "${from}": kill() cannot reach another machine.`,
          'Signals stay on one machine; send a message over a socket instead.'));
      }
    }
  }
}
