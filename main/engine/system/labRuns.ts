// Which objects Process Lab runs made, by their names: System V keys with the high byte 0x50
// ('P') and POSIX names /plab.* (run/names.ts), and which run's journal names each one. A run
// is live while its engine is (same PID and start time) and its journal has no 'ended' line.
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { checkRuntimeDir, ownUid } from '../paths';
import { readJournal } from '../run/journal';
import { LAB_KEY_PREFIX } from '../run/names';
import { readStat } from '../run/proc';

export interface JournalledRun {
  runId: string;
  live: boolean;
  /** Its journal has no 'ended' line and its engine is gone (a kill -9, a crash): "engine stopped". */
  engineStopped: boolean;
}

export interface LabNames {
  byKey: Map<number, JournalledRun>;
  byName: Map<string, JournalledRun>;
  /** PIDs the journals of live runs name (their processes, the host keeper): whose sockets are the lab's. */
  livePids: Set<number>;
  /** The hosts of live runs: the process holding each host's namespaces (still the same process). */
  liveHosts: LiveHost[];
}

export interface LiveHost {
  runId: string;
  /** The scenario's host id ("A"). */
  host: string;
  pid: number;
}

export const madeByLabKey = (key: number) => key >>> 24 === LAB_KEY_PREFIX;
export const madeByLabName = (name: string) => name.startsWith('/plab.');

function engineAlive(pid: number, startTime: number): boolean {
  const stat = readStat(pid);
  return stat !== undefined && stat.startTime === startTime && stat.state !== 'Z';
}

/** Every journal under the user's runtime directory (the engine's paths.ts), read now. */
export function readLabNames(runtimeDir: string): LabNames {
  const names: LabNames = { byKey: new Map(), byName: new Map(), livePids: new Set(), liveHosts: [] };
  if (!existsSync(runtimeDir)) return names;
  let dirs: string[];
  try {
    checkRuntimeDir(runtimeDir); // a directory someone else made names nothing of ours
    dirs = readdirSync(runtimeDir).filter((d) => d.startsWith('run-'));
  } catch {
    return names;
  }
  for (const dir of dirs) {
    let entries;
    try {
      entries = readJournal(join(runtimeDir, dir), ownUid());
    } catch {
      continue; // a run being set up: no journal yet
    }
    const run = entries.find((e) => e.type === 'run');
    if (!run || run.type !== 'run') continue;
    const ended = entries.some((e) => e.type === 'ended');
    const alive = !ended && engineAlive(run.enginePid, run.engineStartTime);
    const journalled: JournalledRun = { runId: run.runId, live: alive, engineStopped: !ended && !alive };
    for (const entry of journalled.live ? entries : []) {
      if (entry.type === 'pid') names.livePids.add(entry.pid);
      // Only the very process the journal names: a PID reused since is someone else's namespace.
      if (entry.type === 'host' && readStat(entry.pid)?.startTime === entry.startTime) names.liveHosts.push({ runId: run.runId, host: entry.host, pid: entry.pid });
    }
    for (const name of Object.values(run.names)) {
      if (name.key !== undefined) names.byKey.set(name.key >>> 0, journalled);
      if (name.name) names.byName.set(name.name, journalled);
      if (name.ackName) names.byName.set(name.ackName, journalled);
    }
  }
  return names;
}
