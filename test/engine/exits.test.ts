// The end of each process as the engine itself learns it (subreaper, pidfds), whatever the
// process reported: an exit during its parent's restarted wait, a run whose processes ignore
// every signal they can (it still ends at its timeout), and nothing of either left behind.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { processIds, remainingObjects, survivors } from '../helpers/run-objects';
import { ofType, scenario, testEngine, type TestEngine } from './helpers';

let engine: TestEngine;
beforeAll(() => {
  engine = testEngine();
});
afterAll(() => engine.dispose());

const CATCHABLE = ['SIGHUP', 'SIGINT', 'SIGQUIT', 'SIGUSR1', 'SIGUSR2', 'SIGPIPE', 'SIGALRM', 'SIGTERM', 'SIGTSTP', 'SIGTTIN', 'SIGTTOU'];
const ignoreAll = CATCHABLE.map((signal) => ({ op: 'signal.handle', signal, action: 'ignore' }));

describe('exits the engine records itself', () => {
  it('records a child that exits while its parent is in a wait restarted by SA_RESTART', async () => {
    const run = engine.manager.start(scenario([
      {
        id: 'parent',
        program: [
          { op: 'signal.handle', signal: 'SIGUSR1', action: 'handler', restart: true, steps: [{ op: 'log', message: 'handler ran' }] },
          { op: 'spawn', process: 'child' },
          { op: 'wait', process: 'child', label: 'restarted wait' },
        ],
      },
      { id: 'child', parent: 'parent', program: [{ op: 'sleep', ms: 200 }, { op: 'signal.send', to: 'parent', signal: 'SIGUSR1' }] },
    ], [], { limits: { timeoutMs: 30_000 } }));
    expect(await run.finished).toBe('completed');
    const exits = ofType(run.events, 'process.exit');
    expect(exits.map((e) => [e.process, e.code])).toEqual([['child', 0], ['parent', 0]]);
    expect(ofType(run.events, 'handler.begin')).toHaveLength(1);
    // The wait really was interrupted by the handler and restarted, and returned the child.
    const waitEnd = ofType(run.events, 'step.end').find((e) => e.process === 'parent' && e.op === 'wait')!;
    expect(waitEnd.result).toMatchObject({ process: 'child', code: 0 });
    expect(ofType(run.events, 'handler.begin')[0].t).toBeLessThan(waitEnd.t);
  });

  it('ends a run at its timeout whatever its processes do, and leaves nothing', async () => {
    const run = engine.manager.start(scenario([
      {
        id: 'a',
        program: [
          ...ignoreAll,
          { op: 'signal.handle', signal: 'SIGCHLD', action: 'handler', restart: true, steps: [{ op: 'log', message: 'SIGCHLD' }] },
          { op: 'shm.create', object: 'M' }, { op: 'sem.create', object: 'S' },
          { op: 'spawn', process: 'quick' },
          { op: 'spawn', process: 'stubborn' },
          { op: 'wait', process: 'stubborn' },
        ],
      },
      { id: 'quick', parent: 'a', program: [{ op: 'signal.send', to: 'a', signal: 'SIGUSR1' }] },
      { id: 'stubborn', parent: 'a', program: [...ignoreAll, { op: 'sem.wait', object: 'S' }] },
    ], [{ id: 'M', kind: 'shm', size: 64 }, { id: 'S', kind: 'semaphore', initial: 0 }], { limits: { timeoutMs: 1500 } }));
    const seen: ReturnType<typeof processIds> = [];
    const unsubscribe = run.onEvent((event) => {
      if (event.type === 'process.start') seen.push(...processIds([event]));
    });
    expect(await run.finished).toBe('timeout');
    unsubscribe();
    expect(seen.length).toBeGreaterThanOrEqual(2);
    expect(survivors(seen)).toEqual([]);
    expect(remainingObjects(run.events)).toEqual([]);
    const exits = Object.fromEntries(ofType(run.events, 'process.exit').map((e) => [e.process, e.signal ?? e.code]));
    expect(exits).toEqual({ a: 'SIGKILL', quick: 0, stubborn: 'SIGKILL' });
    expect(ofType(run.events, 'run.end')[0]).toMatchObject({ status: 'timeout' });
  });
});
