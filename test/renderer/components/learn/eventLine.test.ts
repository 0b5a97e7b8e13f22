// The lesson's run log line of a signal sent: to whom (a process, or a process group) and the
// value a sigqueue carried.
import { describe, expect, it } from 'vitest';
import { eventLine } from '../../../../renderer/src/components/learn/eventLine';

describe('eventLine', () => {
  const sent = { t: 5, type: 'signal.sent', process: 'a', pid: 10, from: 'a', to: 'b', toPid: 11, signal: 'SIGRTMIN+1' } as const;
  it('says a group send and a sigqueue value', () => {
    expect(eventLine(sent)).toBe('a sent SIGRTMIN+1 to b');
    expect(eventLine({ ...sent, value: 2 })).toBe('a sent SIGRTMIN+1 to b with sigqueue value 2');
    expect(eventLine({ ...sent, signal: 'SIGTERM', group: true })).toBe('a sent SIGTERM to the process group of b');
  });
});
