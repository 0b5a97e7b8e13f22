/**
 * The first bytes of what travelled on an arrow (a pipe's data, a message), short enough to
 * sit on the arrow: text in quotes with C escapes ("hello\n"), anything that is not printable
 * text as hex bytes (de ad be ef), like `od -c` and `od -x` would show them.
 */
import { escapeText } from './escapes';

/** How many bytes an arrow shows before "…". */
const PAYLOAD_BYTES = 12;

const encoder = new TextEncoder();
const decoder = new TextDecoder('utf-8', { fatal: true });

/**
 * Data as events and scenarios carry it (a UTF-8 string, or byte values 0-255) as bytes.
 * Anything else (absent, a number) is no bytes.
 */
export function dataBytes(data: unknown): Uint8Array {
  if (typeof data === 'string') return encoder.encode(data);
  if (Array.isArray(data)) return Uint8Array.from(data.filter((b): b is number => typeof b === 'number'));
  return new Uint8Array();
}

/** True when the bytes decode as UTF-8 text without control characters other than \n \t \r \0. */
function asText(bytes: Uint8Array): string | undefined {
  try {
    const text = decoder.decode(bytes);
    return /[\x01-\x08\x0b\x0c\x0e-\x1f\x7f]/.test(text) ? undefined : text;
  } catch {
    return undefined;
  }
}

/**
 * The first `max` bytes of `bytes` as the arrow shows them: `"hello\n"` or `de ad be ef`, with
 * "…" when there were more (`total`: the real length when `bytes` is itself only a prefix, as
 * bounded events carry). Empty data is "" (an empty read is end-of-file, labelled elsewhere).
 */
export function payloadPreview(bytes: Uint8Array, max = PAYLOAD_BYTES, total = bytes.length): string {
  if (bytes.length === 0) return '""';
  let head = bytes.subarray(0, max);
  let text = asText(head);
  // A cut in the middle of a UTF-8 character: drop its first bytes rather than show hex.
  for (let cut = 1; text === undefined && cut < 4 && head.length > cut && bytes.length > max; cut++) text = asText(bytes.subarray(0, max - cut));
  if (text !== undefined) head = encoder.encode(text);
  const more = total > head.length ? '…' : '';
  if (text !== undefined) return `"${escapeText(text)}${more}"`;
  return [...head].map((b) => b.toString(16).padStart(2, '0')).join(' ') + (more ? ' …' : '');
}
