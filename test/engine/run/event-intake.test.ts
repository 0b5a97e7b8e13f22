// The engine's turns stay short under load it makes itself (issue 13): a log flood and the busy
// race preset, run for real, while every turn of the event loop counts the run's events handled
// in it. A turn's work is bounded by what the intake reads at a time (4 KiB batches of records,
// 16 batches a round, 4 for an ended process's last events), never by how much a process wrote:
// before, the last events of a process that had ended were all read in one go (a full 1 MiB
// ring, ~26 000 events of a log flood in one turn: 1.5-3 s here) and a pump handled everything
// it had decoded in its 25 ms. Counted, never timed: the machine's load changes the time of a
// turn, not its count. The event-loop delay is printed for information.
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { describe, expect, it } from 'vitest';
import { presets } from '../../../main/presets';
import type { RunStatus } from '../../../main/scenario/events';
import { fileEngine } from '../../helpers/file-engine';
import { scenario } from '../helpers';

const engine = fileEngine();

/**
 * Events one turn may handle. Per turn the engine's timers run at most once each: the pump
 * (16 batches, one more per process), the tick (its own pump, then 4 batches of each process
 * seen ended, and at the run's end a last pump). A batch is 4 KiB of records (one more record at
 * most); a log step's record is 120 bytes and makes 3 events (step.begin, its line, step.end):
 * (17 + 17 + 4 + 17) batches x 35 records x 3 events = 5 775 for one process.
 */
const MAX_EVENTS_PER_TURN = 6000;

/** Runs `doc` while counting the run's events handled in each turn of the event loop. */
async function countTurns(doc: unknown): Promise<{ status: RunStatus; events: number; turns: number; most: number; delayMaxMs: number }> {
  let current = 0;
  let most = 0;
  let turns = 0;
  let running = true;
  const turn = () => {
    most = Math.max(most, current);
    current = 0;
    turns++;
    if (running) setImmediate(turn);
  };
  setImmediate(turn);
  const delay = monitorEventLoopDelay({ resolution: 10 });
  delay.enable();
  const run = engine.manager.start(doc);
  let events = run.eventExtent().total;
  current = events; // emitted by start(), in this turn
  run.onEvent(() => {
    current++;
    events++;
  });
  const status = await run.finished;
  running = false;
  delay.disable();
  turn();
  return { status, events, turns, most, delayMaxMs: delay.max / 1e6 };
}

describe('the engine under load of its own making', () => {
  it('handles a log flood a bounded batch at a time, up to the last events of the process that wrote it', async () => {
    const line = 'x'.repeat(100);
    // 20 000 lines: the process ends with its 1 MiB ring full, ~8 700 steps still to read.
    const flood = await countTurns(scenario([{ id: 'a', program: [{ op: 'repeat', times: 20_000, steps: [{ op: 'log', message: line }] }] }], [], { limits: { timeoutMs: 120_000 } }));
    console.log(`log flood: ${flood.events} events over ${flood.turns} turns, at most ${flood.most} in one (bound ${MAX_EVENTS_PER_TURN}); event-loop delay max ${flood.delayMaxMs.toFixed(0)} ms (the machine's load included)`);
    expect(flood.status).toBe('completed');
    expect(flood.events).toBeGreaterThan(60_000);
    expect(flood.most).toBeLessThanOrEqual(MAX_EVENTS_PER_TURN);
  }, 180_000);

  it('handles the busy race preset a bounded batch at a time', async () => {
    const race = presets().find((p) => p.id === 'shared-counter-race')!;
    const run = await countTurns(race.scenario);
    console.log(`race: ${run.events} events over ${run.turns} turns, at most ${run.most} in one (bound ${MAX_EVENTS_PER_TURN}); event-loop delay max ${run.delayMaxMs.toFixed(0)} ms (the machine's load included)`);
    expect(run.status).toBe('completed');
    expect(run.events).toBeGreaterThan(80_000);
    expect(run.most).toBeLessThanOrEqual(MAX_EVENTS_PER_TURN);
  }, 180_000);
});
