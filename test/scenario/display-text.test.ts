import { describe, expect, it } from 'vitest';
import { escapeControls, hasControls } from '../../main/scenario/display-text';

describe('escapeControls / hasControls', () => {
  it('escapes C0/C1 controls, DEL and every bidi control; keeps tab, newline and ordinary text', () => {
    const bidi = '\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069';
    expect(escapeControls(`a\u001b[31m${bidi}\u0085`)).toBe('a\\x1b[31m\\u200e\\u200f\\u202a\\u202b\\u202c\\u202d\\u202e\\u2066\\u2067\\u2068\\u2069\\x85');
    expect(escapeControls('a\tb\nc é 日本')).toBe('a\tb\nc é 日本');
    for (const c of bidi) expect(hasControls(`x${c}`)).toBe(true);
    expect(hasControls('\u001b')).toBe(true);
    expect(hasControls('plain\ttext\n')).toBe(false);
    expect(hasControls(escapeControls('\u202eevil'))).toBe(false);
  });
});
