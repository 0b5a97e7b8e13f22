// What a benchmark test may leave behind, and the test process's children.
import { readdirSync, readFileSync } from 'node:fs';
import { leaksSince, type SystemSnapshot } from '../helpers/leaks';

/** Live children of this process (/proc/<pid>/task/<tid>/children), zombies included. */
export function childPids(): number[] {
  const pids: number[] = [];
  for (const tid of readdirSync(`/proc/${process.pid}/task`)) {
    const text = readFileSync(`/proc/${process.pid}/task/${tid}/children`, 'utf8').trim();
    if (text) pids.push(...text.split(/\s+/).map(Number));
  }
  return pids;
}

/**
 * What a benchmark test could have left: any new descriptor, any IPC_PRIVATE System V object (the
 * benchmark's are all private: key 0), any POSIX name of the benchmark's. Other suites running
 * on the same machine at the same time create keyed objects of their own: those are not ours.
 */
export function benchLeaks(since: SystemSnapshot): string[] {
  return leaksSince(since).filter((leak) => leak.startsWith('descriptor') || / key=0$/.test(leak) || /plab-c?bench/.test(leak));
}

