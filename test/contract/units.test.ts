// The one way sizes and durations are written, in the views, the CLI and the lessons.
import { describe, expect, it } from 'vitest';
import { countOf, formatFileSize, formatNs, formatSize } from '../../main/contract/units';

describe('formatSize', () => {
  it('writes exact binary multiples in KiB and MiB, other sizes in bytes, 0 as no data', () => {
    expect(formatSize(64)).toBe('64 B');
    expect(formatSize(4096)).toBe('4 KiB');
    expect(formatSize(65_536)).toBe('64 KiB');
    expect(formatSize(1_048_576)).toBe('1 MiB');
    expect(formatSize(1500)).toBe('1500 B');
    expect(formatSize(0)).toBe('no data');
  });
});

describe('formatFileSize', () => {
  it('gives bytes below 1 MiB, whole MiB, and exact bytes beside MiB otherwise', () => {
    expect(formatFileSize(1)).toBe('1 byte');
    expect(formatFileSize(812)).toBe('812 bytes');
    expect(formatFileSize(4 * 1024 * 1024)).toBe('4 MiB');
    expect(formatFileSize(6_201_774)).toBe('6201774 bytes (5.9 MiB)');
    expect(formatFileSize(4 * 1024 * 1024 + 1)).toBe('4194305 bytes (4.0 MiB)');
  });
});

describe('formatNs', () => {
  it('keeps three significant digits and picks the unit', () => {
    expect(formatNs(850)).toBe('850 ns');
    expect(formatNs(1500)).toBe('1.50 µs');
    expect(formatNs(12_340)).toBe('12.3 µs');
    expect(formatNs(123_400)).toBe('123 µs');
    expect(formatNs(12_340_000)).toBe('12.3 ms');
    expect(formatNs(2_000_000_000)).toBe('2.00 s');
  });
});

describe('countOf', () => {
  it('puts the noun in the number of its count (issue 17: "1 lines", "Program (1 steps)")', () => {
    expect(countOf(1, 'line')).toBe('1 line');
    expect(countOf(0, 'line')).toBe('0 lines');
    expect(countOf(2, 'step')).toBe('2 steps');
    expect(countOf(1, 'process', 'processes')).toBe('1 process');
    expect(countOf(3, 'process', 'processes')).toBe('3 processes');
  });
});
