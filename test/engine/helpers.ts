// Runs scenarios through a real engine (real processes, real kernel objects) for tests, with
// its recorded runs and run directories in a temporary directory of the test's own.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { RunManager } from '../../main/engine/runs';
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
  return {
    manager,
    root,
    pushes,
    async dispose() {
      await manager.close();
      rmSync(root, { recursive: true, force: true });
    },
  };
}

export interface RunOutcome {
  status: RunStatus;
  events: RunEvent[];
  runId: string;
}

export async function runToEnd(engine: TestEngine, scenario: unknown, timeoutMs?: number): Promise<RunOutcome> {
  const run = engine.manager.start(scenario, timeoutMs);
  const status = await run.finished;
  return { status, events: run.events, runId: run.runId };
}

export const ofType = <T extends RunEvent['type']>(events: RunEvent[], type: T) =>
  events.filter((e): e is Extract<RunEvent, { type: T }> => e.type === type);

/** A minimal valid scenario from processes and objects. */
export function scenario(processes: unknown[], objects: unknown[] = [], extra: Record<string, unknown> = {}) {
  return { format: 'process-lab/scenario@1', title: 'test', objects, processes, ...extra };
}
