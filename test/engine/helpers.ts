// Runs scenarios through a real engine (real processes, real kernel objects) for tests, with
// its recorded runs and run directories in a temporary directory of the test's own. Its pushes
// are checked when it is disposed: each one in the contract, and the run.events batches of
// every run it started, joined, exactly the run's events (nothing dropped, doubled or reordered).
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect } from 'vitest';
import { parsePush, type RunEventsPush } from '../../main/contract';
import { RunManager } from '../../main/engine/runs';
import { trackRun } from '../helpers/leaks';
import type { Run } from '../../main/engine/run/supervisor';
import type { RunEvent, RunStatus } from '../../main/scenario/events';

export interface TestEngine {
  manager: RunManager;
  root: string;
  pushes: Array<{ event: string; payload: unknown }>;
  dispose(): Promise<void>;
}

export function testEngine(): TestEngine {
  const root = mkdtempSync(join(tmpdir(), 'plab-test-'));
  const pushes: TestEngine['pushes'] = [];
  const manager = new RunManager({ runsDir: join(root, 'runs'), runtimeDir: join(root, 'runtime') }, (event, payload) => pushes.push({ event, payload }));
  const started: Run[] = [];
  const start = manager.start.bind(manager);
  manager.start = (...args) => {
    const run = start(...args);
    trackRun(run.names); // its objects are this test's: the leak checks look at them
    started.push(run);
    return run;
  };
  return {
    manager,
    root,
    pushes,
    async dispose() {
      await manager.close(); // sends what is still batched
      rmSync(root, { recursive: true, force: true });
      for (const { event, payload } of pushes) {
        const checked = parsePush(event, payload);
        expect(checked.ok, checked.ok ? event : checked.reason).toBe(true);
      }
      for (const run of started) {
        const pushed = pushes.filter((p) => p.event === 'run.events' && (p.payload as RunEventsPush).runId === run.runId);
        // Batches are contiguous once the events they say they missed are counted, and each holds
        // the run's events at its place (the run keeps its latest events in memory: compare there).
        const { firstInMemory } = run.eventExtent();
        let expected = 0;
        for (const p of pushed) {
          const batch = p.payload as RunEventsPush;
          expect(batch.from, `the pushes of run ${run.runId}`).toBe(expected + (batch.missed ?? 0));
          if (batch.from! >= firstInMemory) expect(batch.events).toEqual(run.events.slice(batch.from! - firstInMemory, batch.from! - firstInMemory + batch.events.length));
          expected = batch.from! + batch.events.length;
        }
        expect(expected, `the pushes of run ${run.runId} account for every event`).toBe(run.eventExtent().total);
      }
    },
  };
}

export interface RunOutcome {
  status: RunStatus;
  events: RunEvent[];
  runId: string;
}

/**
 * Runs `scenario` to its end and gives every event of the run, in order, from the run's listener:
 * not `run.events`, the run's memory window, which keeps only the latest events (the counter
 * races' 80 000 adds push their parent's labelled read out of it).
 */
export async function runToEnd(engine: TestEngine, scenario: unknown, timeoutMs?: number): Promise<RunOutcome> {
  const events: RunEvent[] = [];
  const run = engine.manager.start(scenario, timeoutMs, (event) => events.push(event));
  const status = await run.finished;
  return { status, events, runId: run.runId };
}

export const ofType = <T extends RunEvent['type']>(events: RunEvent[], type: T) =>
  events.filter((e): e is Extract<RunEvent, { type: T }> => e.type === type);

/** A minimal valid scenario from processes and objects. */
export function scenario(processes: unknown[], objects: unknown[] = [], extra: Record<string, unknown> = {}) {
  return { format: 'process-lab/scenario@1', title: 'test', objects, processes, ...extra };
}
