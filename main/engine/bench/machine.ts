// The machine a result set was measured on: figures mean little without it (measuring-ipc.md).
import { existsSync, readFileSync } from 'node:fs';
import { cpus, loadavg, platform, release, totalmem } from 'node:os';
import type { MachineDescription } from '../../contract/bench';
import { addon } from '../../native/addon';

function readNumber(path: string): number | undefined {
  try {
    const value = Number(readFileSync(path, 'utf8').trim());
    return Number.isFinite(value) ? value : undefined;
  } catch {
    return undefined;
  }
}

/** Queue limits from /proc (fs.mqueue.*, kernel.msg*): a bigger message cannot be sent. */
function ipcLimits(): Record<string, number> {
  const limits: Record<string, number> = {};
  const sources: Record<string, string> = {
    mqMsgsizeMax: '/proc/sys/fs/mqueue/msgsize_max',
    mqMsgMax: '/proc/sys/fs/mqueue/msg_max',
    msgmax: '/proc/sys/kernel/msgmax',
    msgmnb: '/proc/sys/kernel/msgmnb',
  };
  for (const [key, path] of Object.entries(sources)) {
    const value = existsSync(path) ? readNumber(path) : undefined;
    if (value !== undefined) limits[key] = value;
  }
  return limits;
}

function allowedCpus(): number[] {
  const native = addon();
  return native.benchAllowedCpus ? native.benchAllowedCpus() : cpus().map((_, i) => i);
}

export function describeMachine(): MachineDescription {
  const list = cpus();
  return {
    cpuModel: list[0]?.model.trim() || 'unknown',
    logicalCpus: list.length,
    allowedCpus: allowedCpus(),
    kernel: release(),
    platform: platform(),
    node: process.versions.node,
    memoryBytes: totalmem(),
    limits: ipcLimits(),
    loadAverage: loadavg()[0],
  };
}

export function formatMachine(m: MachineDescription): string {
  return `${m.cpuModel}, ${m.logicalCpus} logical CPUs (allowed: ${m.allowedCpus.join(',')}), ${m.platform} ${m.kernel}, ` +
    `${(m.memoryBytes / 2 ** 30).toFixed(1)} GiB, Node ${m.node}, load ${m.loadAverage.toFixed(2)}`;
}
