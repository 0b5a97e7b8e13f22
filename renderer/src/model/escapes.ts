/**
 * Text fields that hold bytes (pipe and message data, segment values) show and accept C-style
 * escapes, so every byte is visible and typeable in a one-line field: `\n`, `\t`, `\r`, `\0`,
 * `\\` and `\xHH`. A `\xHH` of 0x80 or more is a raw byte, not a character: the value then
 * becomes a byte array (the scenario format's other form of data), since a JSON string holds
 * only valid UTF-8.
 */

const NAMED: Record<string, string> = { '\n': '\\n', '\t': '\\t', '\r': '\\r', '\0': '\\0', '\\': '\\\\' };

/** A string as the field shows it: control characters and backslashes escaped. */
export function escapeText(text: string): string {
  return text.replace(/[\\\n\t\r\0\x01-\x08\x0b\x0c\x0e-\x1f\x7f]/g, (c) => NAMED[c] ?? `\\x${c.charCodeAt(0).toString(16).padStart(2, '0')}`);
}

/**
 * What the user typed, escapes resolved: a string, or byte values when a `\xHH` is 0x80 or
 * above. An unknown escape (`\q`) is kept as typed, backslash and all.
 */
export function unescapeText(typed: string): string | number[] {
  const encoder = new TextEncoder();
  const bytes: number[] = [];
  let raw = false;
  let text = '';
  const flush = () => {
    bytes.push(...encoder.encode(text));
    text = '';
  };
  for (let i = 0; i < typed.length; i++) {
    const c = typed[i];
    if (c !== '\\' || i + 1 >= typed.length) {
      text += c;
      continue;
    }
    const next = typed[i + 1];
    const simple: Record<string, string> = { n: '\n', t: '\t', r: '\r', '0': '\0', '\\': '\\' };
    if (next in simple) {
      text += simple[next];
      i++;
    } else if (next === 'x' && /^[0-9a-fA-F]{2}$/.test(typed.slice(i + 2, i + 4))) {
      const value = parseInt(typed.slice(i + 2, i + 4), 16);
      if (value < 0x80) text += String.fromCharCode(value);
      else {
        flush();
        bytes.push(value);
        raw = true;
      }
      i += 3;
    } else text += c;
  }
  flush();
  return raw ? bytes : new TextDecoder().decode(new Uint8Array(bytes));
}
