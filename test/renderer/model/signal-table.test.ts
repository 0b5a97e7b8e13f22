import { describe, expect, it } from 'vitest';
import { SIGNAL_NAMES } from '@scenario/signals';
import { SIGNAL_TABLE } from '../../../renderer/src/model/signalTable';

describe('the GUI signal table', () => {
  it('offers exactly the scenario list, in its order', () => {
    expect(SIGNAL_TABLE.map((s) => s.name)).toEqual(SIGNAL_NAMES);
    expect(SIGNAL_TABLE.filter((s) => s.realtime)).toHaveLength(31);
  });
});
