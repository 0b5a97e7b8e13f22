import { describe, expect, it } from 'vitest';
import type { RunEvent } from '../../../main/scenario/events';
import { emptyRunModel, foldEvents } from '../../../renderer/src/model/runModel';
import { processTree, stateLetter } from '../../../renderer/src/model/processTree';
import { runResults } from '../../../renderer/src/model/results';

const end = (process: string, index: number[], op: string, result: Record<string, unknown>, durationNs = 1000, label?: string): RunEvent =>
  ({ t: 1, type: 'step.end', process, pid: 10, index, op, result, durationNs, ...(label ? { label } : {}) }) as RunEvent;

describe('results by process', () => {
  it('says what each process read, received and waited for, once per step, and how it ended', () => {
    const events: RunEvent[] = [
      end('main', [8], 'shm.read', { value: 21816 }, 1000, 'total'),
      end('r', [0], 'receive', { bytes: 2, data: 'hi' }, 5e6),
      end('r', [1, 0], 'read', { bytes: 1, data: 'a' }),
      end('r', [1, 0], 'read', { bytes: 0, data: '' }),
      end('main', [6], 'wait', { process: 'r', code: 0 }, 3e6),
      end('main', [5], 'sem.wait', {}, 2e6),
      end('main', [4], 'sem.wait', {}, 10),
      { t: 2, type: 'process.exit', process: 'r', pid: 11, signal: 'SIGSEGV', core: true },
    ];
    const [main, r] = runResults(events, ['main', 'r']);
    expect(main.lines.map((l) => [l.kind, l.step, l.text])).toEqual([
      ['read', '9 shm.read "total"', '21 816'],
      ['waited', '7 wait', 'reaped r (exit code 0) after 3.0 ms'],
      ['waited', '6 sem.wait', '2.0 ms in sem.wait'],
    ]);
    expect(main.ended).toBeUndefined();
    expect(r.lines.map((l) => [l.kind, l.text, l.times])).toEqual([
      ['received', '"hi" (2 B), after waiting 5.0 ms', 1],
      ['read', 'end of file (0 bytes)', 2],
    ]);
    expect(r.ended).toBe('killed by SIGSEGV (core dumped)');
    expect(runResults(events, ['main', 'r'], 1)[1].lines).toEqual([]);
  });
});

describe('the process table as ps shows it', () => {
  it('orders children under their parents and gives each its state letter', () => {
    const model = foldEvents([
      { t: 1, type: 'process.start', process: 'main', pid: 10, ppid: 1 },
      { t: 2, type: 'process.start', process: 'B', pid: 12, ppid: 10 },
      { t: 3, type: 'process.state', process: 'B', pid: 12, state: 'Z' },
    ], ['A', 'main', 'B', 'lone']);
    const rows = processTree(model, new Map([['A', 'main'], ['B', 'main'], ['main', undefined], ['lone', 'nobody']]));
    expect(rows.map((r) => [r.live.id, r.depth, r.prefix])).toEqual([['main', 0, ''], ['A', 1, ' \\_ '], ['B', 1, ' \\_ '], ['lone', 0, '']]);
    expect(rows.map((r) => stateLetter(r.live))).toEqual(['R', '–', 'Z', '–']);
    expect(processTree(emptyRunModel(['x', 'y']), new Map([['x', 'y'], ['y', 'x']])).map((r) => r.live.id)).toEqual(['x', 'y']);
  });
});
