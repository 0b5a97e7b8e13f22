// The run's deadline: time the lab holds processes at their gates is left out of the timeout
// while the run is watched; slow holds only up to their own bound, so a slowed run always ends.
import { describe, expect, it } from 'vitest';
import { HoldClock, SLOW_HOLD_LIMIT_MS, UNWATCHED_GRACE_MS } from '../../../main/engine/run/hold-clock';

describe('HoldClock', () => {
  it('leaves slow holds out of the timeout, as it does step holds, while the run is watched', () => {
    const clock = new HoldClock(1000);
    expect(clock.advance(50, 'slow', true)).toBe(1050);
    expect(clock.advance(50, 'user', true)).toBe(1100);
    expect(clock.advance(50, undefined, true)).toBe(1100); // the scenario's own time counts
  });

  it('leaves holds out for a grace period once nobody watches, then counts them (a held run nobody comes back to ends at its timeout)', () => {
    const clock = new HoldClock(1000, SLOW_HOLD_LIMIT_MS, 80);
    expect(clock.advance(50, 'user', false)).toBe(1050);
    expect(clock.advance(50, 'slow', false)).toBe(1080); // only 30 of the grace was left
    expect(clock.advance(50, 'user', false)).toBe(1080);
    expect(clock.advance(10, undefined, true)).toBe(1080); // watched again: the grace starts over
    expect(clock.advance(100, 'user', false)).toBe(1160);
    expect(UNWATCHED_GRACE_MS).toBe(5 * 60_000);
  });

  it('leaves out at most the slow-hold bound: a slowed scenario that never ends still ends', () => {
    const clock = new HoldClock(1000, 120);
    expect(clock.advance(100, 'slow', true)).toBe(1100);
    expect(clock.advance(100, 'slow', true)).toBe(1120);
    expect(clock.advance(100, 'slow', true)).toBe(1120);
    expect(clock.advance(100, 'user', true)).toBe(1220); // the user's own holds stay theirs
    expect(SLOW_HOLD_LIMIT_MS).toBe(30 * 60_000);
  });
});
