/**
 * Where an Internet socket of a scenario lives (extension, issue 20): the IPv4 address of the
 * host its first binder runs on. The host keeper gives the scenario's first host 10.0.0.1 and
 * the second 10.0.0.2 on the link between them; without hosts, or with a single host (whose only
 * link is lo), it is 127.0.0.1. Read by the engine (the run's names) and the C exporter alike.
 */
import type { Scenario } from './schema';
import { walkSteps } from './walk';

/** The host a process runs on: its own, else its nearest ancestor's; undefined without hosts. */
export function hostOfProcess(scenario: Scenario, id: string): string | undefined {
  for (let at = scenario.processes.find((p) => p.id === id); at; at = scenario.processes.find((p) => p.id === at!.parent)) {
    if (at.host !== undefined) return at.host;
    if (at.parent === undefined) return undefined;
  }
  return undefined;
}

/** The link address of a host (10.0.0.N), or 127.0.0.1 when there is no link. */
function hostAddress(scenario: Scenario, host: string | undefined): string {
  const hosts = scenario.hosts ?? [];
  const index = host === undefined ? -1 : hosts.findIndex((h) => h.id === host);
  return hosts.length < 2 || index < 0 ? '127.0.0.1' : `10.0.0.${index + 1}`;
}

/** The dotted IPv4 address of the inet socket object `id`. */
export function inetAddressOf(scenario: Scenario, id: string): string {
  for (const process of scenario.processes) {
    for (const visit of walkSteps(process.program)) {
      if (visit.step.op === 'socket.bind' && visit.step.object === id) return hostAddress(scenario, hostOfProcess(scenario, process.id));
    }
  }
  return hostAddress(scenario, undefined);
}
