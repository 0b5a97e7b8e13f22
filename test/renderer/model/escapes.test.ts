// Issue 17, item 7: data fields show every byte and accept escapes.
import { describe, expect, it } from 'vitest';
import { escapeText, unescapeText } from '../../../renderer/src/model/escapes';

describe('escapes', () => {
  it('shows the newline of "hello\\n" and control bytes', () => {
    expect(escapeText('hello\n')).toBe('hello\\n');
    expect(escapeText('a\tb\0c\x01\\')).toBe('a\\tb\\0c\\x01\\\\');
  });

  it('reads \\n, \\t, \\x00 and \\\\ as the bytes they name', () => {
    expect(unescapeText('hi\\nthere')).toBe('hi\nthere');
    expect(new TextEncoder().encode(unescapeText('hi\\nthere') as string)).toHaveLength(8);
    expect(unescapeText('a\\tb\\x00\\\\')).toBe('a\tb\0\\');
    expect(unescapeText('odd \\q stays')).toBe('odd \\q stays');
  });

  it('turns a raw byte of 0x80 or more into byte values', () => {
    expect(unescapeText('A\\xff')).toEqual([65, 255]);
    expect(unescapeText('é')).toBe('é');
  });

  it('round-trips every string the field shows', () => {
    for (const text of ['hello\n', 'tab\there', '\0\x7f', 'back\\slash', 'üñí\r\n']) expect(unescapeText(escapeText(text))).toBe(text);
  });
});
