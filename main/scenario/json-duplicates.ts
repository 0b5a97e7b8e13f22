/**
 * Duplicate keys in a JSON object: JSON.parse keeps the last value silently (ECMA-262
 * JSON.parse; RFC 8259 says names SHOULD be unique), so `{"op": "shm.write", "op": "sleep"}`
 * would run a step the author never saw. One pass over text that JSON.parse already accepted;
 * no recursion, so depth costs nothing.
 */
import { toPointer, type PathSegment } from './pointer';

interface Frame {
  keys?: Set<string>;
  /** Object: the key being read or last read; array: the index of the current element. */
  at: PathSegment;
  expectKey: boolean;
}

/** End (exclusive) of the string literal starting at `start` (a '"'). */
function stringEnd(text: string, start: number): number {
  for (let i = start + 1; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 92 /* \ */) i++;
    else if (c === 34 /* " */) return i + 1;
  }
  return text.length;
}

/** The JSON pointer of the first repeated key (in document order), or undefined. */
export function findDuplicateKey(text: string): { pointer: string; key: string } | undefined {
  const stack: Frame[] = [];
  const path = () => stack.slice(0, -1).map((frame) => frame.at);
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    const top = stack[stack.length - 1];
    if (c === '"') {
      const end = stringEnd(text, i);
      if (top?.keys && top.expectKey) {
        const key = JSON.parse(text.slice(i, end)) as string;
        if (top.keys.has(key)) return { pointer: toPointer([...path(), key]), key };
        top.keys.add(key);
        top.at = key;
        top.expectKey = false;
      }
      i = end - 1;
    } else if (c === '{') stack.push({ keys: new Set(), at: '', expectKey: true });
    else if (c === '[') stack.push({ at: 0, expectKey: false });
    else if (c === '}' || c === ']') stack.pop();
    else if (c === ',' && top) {
      if (top.keys) top.expectKey = true;
      else top.at = (top.at as number) + 1;
    }
  }
  return undefined;
}
