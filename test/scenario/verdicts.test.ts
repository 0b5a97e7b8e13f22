// One verdict per expect entry, in words, from hand-written run events.
import { describe, expect, it } from 'vitest';
import type { RunEvent } from '../../main/scenario/events';
import { groupDigits, judgeExpectations, verdictSentence } from '../../main/scenario/verdicts';

const P = { process: 'main', pid: 10 };
const events: RunEvent[] = [
  { t: 1, type: 'step.end', ...P, index: [8], op: 'shm.read', label: 'total', result: { value: 21_816 }, durationNs: 10 },
  { t: 2, type: 'process.output', ...P, stream: 'stdout', text: 'caught SIGSEGV\n' },
  { t: 3, type: 'process.exit', ...P, code: 3 },
  { t: 4, type: 'run.end', status: 'failed', leaked: [], durationNs: 5 },
];

describe('judgeExpectations', () => {
  it('says what held, with the key value, in plain words', () => {
    const verdicts = judgeExpectations({ status: 'failed', processes: { main: { exit: 3 } }, logs: { main: ['caught SIGSEGV'] }, results: [{ process: 'main', label: 'total', value: { below: 40_000 } }] }, events);
    expect(verdicts.map((v) => v.entry)).toEqual(['/expect/status', '/expect/processes/main', '/expect/logs/main', '/expect/results/0']);
    expect(verdicts.every((v) => v.held)).toBe(true);
    const total = verdicts[3];
    expect(total.value).toBe(21_816);
    expect(verdictSentence(total)).toBe('main\'s "total" read 21 816, as expected (main\'s "total" gives a value below 40 000).');
  });

  it('says why an entry did not hold', () => {
    const [status, exit, total] = judgeExpectations({ status: 'completed', processes: { main: { signal: 'SIGSEGV' } }, results: [{ process: 'main', label: 'total', value: { min: 40_000, max: 40_000 } }] }, events);
    expect(status).toMatchObject({ held: false, happened: 'it ended failed: not completed.' });
    expect(exit.held).toBe(false);
    expect(exit.happened).toContain('main exited with code 3');
    expect(total.held).toBe(false);
    expect(total.expected).toContain('exactly 40 000');
  });

  it('groups digits the way the lecture writes them', () => {
    expect(groupDigits(21816)).toBe('21 816');
    expect(groupDigits(4096)).toBe('4096');
    expect(groupDigits(1234567)).toBe('1 234 567');
  });
});
