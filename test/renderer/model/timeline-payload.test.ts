import { describe, expect, it } from 'vitest';
import { dataBytes, payloadPreview } from '../../../renderer/src/model/timelinePayload';

describe('payload preview', () => {
  it('shows text quoted with C escapes, cut with … after 12 bytes', () => {
    expect(payloadPreview(dataBytes('hello\n'))).toBe('"hello\\n"');
    expect(payloadPreview(dataBytes('a longer message than that'))).toBe('"a longer mes…"');
    expect(payloadPreview(dataBytes('tab\there\0'))).toBe('"tab\\there\\0"');
  });

  it('shows bytes that are not text as hex', () => {
    expect(payloadPreview(dataBytes([0xde, 0xad, 0xbe, 0xef]))).toBe('de ad be ef');
    expect(payloadPreview(dataBytes([1, 2, 3]))).toBe('01 02 03');
    expect(payloadPreview(dataBytes(Array.from({ length: 20 }, () => 0xff)))).toBe(`${Array(12).fill('ff').join(' ')} …`);
  });

  it('never cuts a UTF-8 character in two', () => {
    // 11 ASCII bytes then "é" (2 bytes): the 12-byte cut would split it.
    expect(payloadPreview(dataBytes('hello worldé!'))).toBe('"hello world…"');
    expect(payloadPreview(dataBytes('é'))).toBe('"é"');
  });

  it('says when the bytes shown are a prefix of more (bounded events)', () => {
    expect(payloadPreview(dataBytes('abc'), 12, 4096)).toBe('"abc…"');
    expect(payloadPreview(dataBytes(''))).toBe('""');
    expect(dataBytes(42).length).toBe(0);
  });
});
