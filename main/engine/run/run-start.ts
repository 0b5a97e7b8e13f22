// The start of a run: the inboxes (the one kind of object the lab makes itself), then every
// root process through the runtime's launcher; children are started by their parents. With
// hosts, the host keeper has made each inbox inside its host, and each root starts on its host.
import { addon } from '../../native/addon';
import type { Scenario } from '../../scenario/schema';
import type { RunHosts } from './hosts';
import { journalSpawn } from './journal';
import { inboxKey, type RunNames } from './names';
import type { ProcessTable } from './process-table';
import type { RunLog } from './run-log';
import type { LabRuntime } from './runtime';

/** Creates the inboxes and spawns the roots. Throws the errno of msgget or of the launch. */
export function startProcesses(scenario: Scenario, names: RunNames, runDir: string, table: ProcessTable, log: RunLog, runtime: LabRuntime, hosts?: RunHosts): void {
  const native = addon();
  for (const process of hosts ? [] : scenario.processes) {
    const name = names[inboxKey(process.id)];
    const msqid = native.msgGet(name.key!, { create: true, exclusive: true, mode: 0o600 });
    log.emit({ type: 'object.created', object: process.id, kind: 'mailbox', inbox: true, msqid, key: name.key });
  }
  for (const process of table.all()) {
    if (!process.isRoot) continue;
    const host = hosts && process.spec.host ? { joinNamespacesOf: hosts.pidOf(process.spec.host) } : {};
    journalSpawn(runDir, process.id, globalThis.process.pid); // before it exists: a kill -9 right after leaves nothing
    process.readUpTo = log.now(); // all it reports comes after this
    table.noteStarted(process, runtime.spawnRoot({ runDir, processId: process.id, t0: log.t0, ...host }), true);
  }
}
