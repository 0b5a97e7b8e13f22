// A real-time signal from the one list runs for real: blocked twice, it is queued twice and its
// handler runs twice once unblocked (signal(7): real-time signals queue, standard ones merge).
import { afterAll, describe, expect, it } from 'vitest';
import { ofType, runToEnd, testEngine } from '../helpers';

const engine = testEngine();
afterAll(() => engine.dispose());

describe('real-time signals', () => {
  it('SIGRTMIN+2 raised twice while blocked is delivered twice', async () => {
    const { status, events } = await runToEnd(engine, {
      format: 'process-lab/scenario@1', title: 'rt', objects: [],
      processes: [{ id: 'a', program: [
        { op: 'signal.handle', signal: 'SIGRTMIN+2', action: 'handler', steps: [{ op: 'log', message: 'got rt' }] },
        { op: 'signal.mask', block: ['SIGRTMIN+2'] },
        { op: 'signal.raise', signal: 'SIGRTMIN+2' },
        { op: 'signal.raise', signal: 'SIGRTMIN+2' },
        { op: 'signal.mask', unblock: ['SIGRTMIN+2'] },
      ] }],
    });
    expect(status).toBe('completed');
    expect(ofType(events, 'signal.delivered').filter((e) => e.signal === 'SIGRTMIN+2')).toHaveLength(2);
  });
});
