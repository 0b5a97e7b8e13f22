// The hosts of a run (scenario `hosts`): each a network, IPC, mount and UTS namespace made by
// the host keeper (native/src/linux/hosts/keeper.cc) inside a user namespace, so no root is
// needed; two hosts are linked by a veth pair (eth0, 10.0.0.1 and 10.0.0.2, inside the
// namespaces only). Lab processes placed on a host are spawned into its namespaces
// (spawn's joinNamespacesOf). The keeper reads a pipe the engine holds: closing it, or the
// engine's death (a kill -9 closes it too), makes the keeper kill whatever still runs on the
// hosts and exit, and the namespaces with everything in them (veth, sockets, System V
// objects, queues, tmpfs files) go with their last process. The keeper's PID is journalled,
// so an engine that finds a crashed run's journal kills it too.
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { addon, addonPath } from '../../native/addon';
import type { Scenario } from '../../scenario/schema';
import { journalHost, journalPid, journalSpawn } from './journal';
import { inboxKey, OBJECTS_DIR, type RunNames } from './names';
import { readStat } from './proc';
import { readUid } from './proc-identity';
import { LAB_ENV } from './run-files';
import type { RunLog } from './run-log';

/** How the journal and the leftovers report name the keeper. */
const KEEPER_PROCESS = 'host keeper';

/** The keeper's file name, beside the addon (native/build/Release). */
const KEEPER_FILE = 'plab-hosts';

/** One host as the keeper made it. */
export interface HostInfo {
  id: string;
  /** The process holding the host's namespaces: lab processes join them through it. */
  pid: number;
  /** Its address on the link between the hosts (eth0), or undefined with a single host. */
  address?: string;
  /** The inboxes made inside the host's IPC namespace: process id -> msqid. */
  inboxes: Map<string, number>;
}

/** A failure to make the hosts: nothing of the run has started, and nothing is left. */
export class HostsUnavailable extends Error {
  constructor(
    message: string,
    readonly code: string,
    readonly syscall: string,
  ) {
    super(message);
  }
}

/** $PROCESS_LAB_HOSTS, else plab-hosts next to the addon. */
function keeperPath(): string {
  const override = process.env.PROCESS_LAB_HOSTS;
  if (override) return override;
  return join(dirname(addonPath()), KEEPER_FILE);
}

/** Why hosts cannot be made on this platform, or undefined where they can be tried. */
function hostsUnsupported(): string | undefined {
  if (process.platform !== 'linux') return `Hosts need Linux namespaces; this is ${process.platform}.`;
  if (!existsSync(keeperPath())) return `The host keeper (${keeperPath()}) is not built: run \`npm run build:native\`.`;
  return undefined;
}

export interface HostsRequest {
  /**
   * The run directory: its journal gets the keeper (journal.ts: a spawn line before, a pid line
   * after), its objects/ directory (FIFO and socket paths) is mounted over on each host, and
   * the keeper carries it in its environment, so cleanup finds it as it finds every process.
   */
  runDir: string;
  /** In the scenario's order: the first gets 10.0.0.1. */
  hosts: string[];
  /** The System V inbox of each process, made inside the IPC namespace of its host. */
  inboxes: Array<{ process: string; host: string; key: number }>;
}

/**
 * Makes the hosts, synchronously (a few milliseconds): returns them once the keeper says
 * "ready". @throws HostsUnavailable with the kernel's errno name (EPERM, ENOSPC, ENOSYS) when
 * it cannot, having left nothing behind.
 */
export class RunHosts {
  readonly hosts = new Map<string, HostInfo>();
  readonly keeperPid: number;
  private controlFd: number | undefined;

  constructor(request: HostsRequest) {
    const unsupported = hostsUnsupported();
    if (unsupported) throw new HostsUnavailable(unsupported, 'ENOSYS', 'unshare');
    const native = addon();
    journalSpawn(request.runDir, KEEPER_PROCESS, process.pid); // before the pipes: a throw here leaks none
    const control = native.pipeCreate({ cloexec: true });
    const reply = native.pipeCreate({ cloexec: true });
    const args = [KEEPER_FILE, join(request.runDir, OBJECTS_DIR)];
    for (const host of request.hosts) {
      const keys = request.inboxes.filter((i) => i.host === host).map((i) => `${i.process}=${i.key}`);
      args.push([host, ...keys].join(','));
    }
    let pid: number;
    try {
      pid = native.spawn(keeperPath(), args, {
        env: [`${LAB_ENV.runDir}=${request.runDir}`],
        fds: [[0, control.readFd], [1, reply.writeFd], [2, reply.writeFd]],
      });
    } catch (error) {
      for (const fd of [control.readFd, control.writeFd, reply.readFd, reply.writeFd]) native.fdClose(fd);
      throw error;
    } finally {
      native.fdClose(control.readFd);
      native.fdClose(reply.writeFd);
    }
    this.keeperPid = pid;
    this.controlFd = control.writeFd;
    journalPid(request.runDir, pid, readStat(pid)?.startTime ?? 0, KEEPER_PROCESS, readUid(pid));
    const lines = readAll(reply.readFd);
    native.fdClose(reply.readFd);
    const failure = lines.find((line) => line.startsWith('error ') || !/^(host|inbox|ready)\b/.test(line));
    if (failure || !lines.includes('ready')) {
      this.close();
      const [, syscall = 'unshare', code = 'EIO', ...what] = (failure ?? 'error fork EIO the host keeper ended without a word').split(' ');
      throw new HostsUnavailable(
        `This machine cannot make the scenario's hosts: ${what.join(' ')} (${syscall}: ${code}). ` +
          'Hosts need unprivileged user namespaces (Linux with user.max_user_namespaces above 0 and no policy, ' +
          "such as AppArmor's restrict_unprivileged_userns, refusing them). Nothing of the run was started.",
        code,
        syscall,
      );
    }
    for (const line of lines) {
      const [kind, a, b, c] = line.split(' ');
      if (kind === 'host') this.hosts.set(a, { id: a, pid: Number(b), ...(c !== '-' ? { address: c } : {}), inboxes: new Map() });
    }
    for (const host of this.hosts.values()) journalHost(request.runDir, host.id, host.pid, readStat(host.pid)?.startTime ?? 0);
    for (const line of lines) {
      const [kind, host, processId, msqid] = line.split(' ');
      if (kind === 'inbox') this.hosts.get(host)?.inboxes.set(processId, Number(msqid));
    }
  }

  /** The PID whose namespaces a process on this host joins. */
  pidOf(hostId: string): number {
    const host = this.hosts.get(hostId);
    if (!host) throw new Error(`No host "${hostId}" in this run.`);
    return host.pid;
  }

  /**
   * Ends the hosts: the keeper kills what still runs on them and exits; this waits for it.
   * Idempotent.
   */
  close(): void {
    if (this.controlFd === undefined) return;
    const native = addon();
    native.fdClose(this.controlFd);
    this.controlFd = undefined;
    for (;;) {
      try {
        native.waitpid(this.keeperPid); // blocking: the keeper exits within milliseconds
        return;
      } catch (error) {
        if ((error as { code?: string }).code !== 'EINTR') return; // ECHILD: reaped already
      }
    }
  }
}

/** Every line the keeper writes until it says "ready" or ends (the read blocks, as in C). */
function readAll(fd: number): string[] {
  const native = addon();
  let text = '';
  for (;;) {
    const chunk = native.fdRead(fd, 4096);
    if (chunk.length === 0) break;
    text += Buffer.from(chunk).toString('utf8');
    if (/(^|\n)(ready|error [^\n]*)\n/.test(text)) break;
  }
  return text.split('\n').filter(Boolean);
}

/**
 * Makes the scenario's hosts for a run, journals the keeper's PID (so an engine that finds the
 * journal of a crashed run kills it) and reports each host and the inboxes made inside it.
 * @throws HostsUnavailable (see RunHosts)
 */
export function openHosts(scenario: Scenario, names: RunNames, runDir: string, log: RunLog): RunHosts {
  const hostOf = (id: string): string => {
    const spec = scenario.processes.find((p) => p.id === id);
    return spec?.host ?? (spec?.parent ? hostOf(spec.parent) : '');
  };
  const hosts = new RunHosts({
    runDir,
    hosts: (scenario.hosts ?? []).map((h) => h.id),
    inboxes: scenario.processes.map((p) => ({ process: p.id, host: hostOf(p.id), key: names[inboxKey(p.id)].key! })),
  });
  for (const host of hosts.hosts.values()) {
    log.emit({ type: 'host.created', host: host.id, pid: host.pid, ...(host.address ? { address: host.address } : {}) });
    for (const [process, msqid] of host.inboxes) {
      log.emit({ type: 'object.created', object: process, kind: 'mailbox', inbox: true, msqid, key: names[inboxKey(process)].key, host: host.id });
    }
  }
  return hosts;
}

/**
 * Ends the hosts once every process of the run is gone, and reports it: their inboxes (the
 * lab's own) and whatever the processes left inside go with them, out of the engine's sight.
 */
export function closeHosts(hosts: RunHosts, log: RunLog): void {
  hosts.close();
  for (const host of hosts.hosts.values()) {
    for (const [process, msqid] of host.inboxes) log.emit({ type: 'object.removed', object: process, kind: 'mailbox', inbox: true, msqid, host: host.id });
    log.emit({ type: 'host.removed', host: host.id });
  }
}
