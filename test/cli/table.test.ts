// The CLI's one table layout (ipcs, bench).
import { describe, expect, it } from 'vitest';
import { formatTable } from '../../main/cli/table';

describe('formatTable', () => {
  it('pads each column to its widest cell, left-aligned, the last one unpadded', () => {
    expect(formatTable([['ID', 'OWNER', 'FLAGS'], ['32769', 'root', 'orphan'], ['7', 'nobody', '']])).toEqual([
      'ID     OWNER   FLAGS',
      '32769  root    orphan',
      '7      nobody',
    ]);
  });

  it('right-aligns figures after the label columns, and lets a short row end with a spanning message', () => {
    expect(formatTable([['MECH', 'SIZE', 'P50'], ['pipe', '64 B', '5.10'], ['tcp', '1 MiB', '120.00'], ['mq', 'unsupported: msgsize_max is 8192']], 1)).toEqual([
      'MECH   SIZE     P50',
      'pipe   64 B    5.10',
      'tcp   1 MiB  120.00',
      'mq    unsupported: msgsize_max is 8192',
    ]);
  });
});
