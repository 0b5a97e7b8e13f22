// Kernel figures in the inspector's and the canvas's words (issue 17, item 6).
import { describe, expect, it } from 'vitest';
import { formatStat, liveFigures } from '../../../renderer/src/components/inspector/objectFigures';

describe('object figures', () => {
  it('shows shmid_ds times as clock times, never raw epoch seconds, and 0 as never', () => {
    const text = formatStat(1795995471, 'atime');
    expect(text).not.toContain('1795995471');
    expect(text).toMatch(/^\d{1,2}:\d{2}:\d{2}/);
    expect(formatStat(0, 'dtime')).toBe('never');
    expect(formatStat(1795995471)).toBe('1795995471'); // no key: a plain number
  });

  it('says a capacity-0 mailbox is a rendezvous instead of "1 / 0"', () => {
    const figures = liveFigures({ object: 'R', kind: 'mailbox', exists: true, identifiers: {}, stat: { messages: 1, capacity: 0, slots: 1, maxMessage: 64 } });
    expect(figures).toEqual([{ label: 'messages', value: '1 (rendezvous)' }]);
    expect(formatStat(0, 'capacity')).toBe('0 (rendezvous: no buffer)');
    expect(liveFigures({ object: 'Q', kind: 'mailbox', exists: true, identifiers: {}, stat: { messages: 2, capacity: 10, slots: 10 } })).toEqual([{ label: 'messages', value: '2 / 10' }]);
  });
});
