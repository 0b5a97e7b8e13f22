/**
 * The per-run bounds on events (README "Per-run bounds"), defined once and applied where events
 * enter the engine (RunLog.emit), whatever their source: the engine itself, the worker runtime's
 * FIFOs or the native lab process's ring. A producer may cut earlier (the ring carries only a
 * bounded prefix); this module is what the engine guarantees.
 *
 * Capped data has one shape everywhere: the value is cut to a prefix of at most
 * EVENT_BOUNDS.dataPrefixBytes bytes (UTF-8 text, or byte values), and beside it the field
 * `<name>Length` (the full length in bytes) and `<name>Digest` ("algorithm:hex" of the full bytes:
 * `sha256:` when the engine cut it, `fnv1a64:` when the lab process did, since its ring carries
 * only a prefix) say what was there. For a step's result the fields are result.data,
 * result.dataLength and result.dataDigest; for console text, text, textLength and textDigest. The full bytes of a
 * segment stay inspectable with run.inspect (64 KiB windows at any offset).
 */
import type * as Crypto from 'node:crypto';

export const EVENT_BOUNDS = {
  /** Bytes of data one event carries inline: a read's or receive's data, a log line, console text. */
  dataPrefixBytes: 4096,
  /** Longest call text (step.begin's `call`, which quotes the data written) in UTF-16 units. */
  maxStringLength: 4096,
  /** Longest line a process may write on its control channel; a longer one is dropped unread. */
  maxControlLineBytes: 1024 * 1024,
  /** Bytes of NDJSON recorded per run; the run goes on, its recording stops (run.limit says so). */
  maxRecordingBytes: 64 * 1024 * 1024,
  /** Bytes of events (as JSON) a live run keeps in memory; older ones are read back from the recording. */
  maxMemoryBytes: 4 * 1024 * 1024,
  /** Events queued for one display-rate push per run; beyond, readers are told what they missed. */
  maxPushEvents: 20_000,
  /** JSON bytes of the events in one push per run: a frame stays well under the wire's 8 MiB. */
  maxPushBytes: 2 * 1024 * 1024,
} as const;

// node:crypto is loaded only when something is capped: the worker runtime bundles this module
// and must start without it (test/engine/worker-bundle.test.ts).
const sha256 = (bytes: Uint8Array | string) =>
  (process.getBuiltinModule('node:crypto') as typeof Crypto).createHash('sha256').update(bytes).digest('hex');

/** A string cut to at most `maxBytes` of UTF-8 (never inside a character). */
function utf8Prefix(text: string, maxBytes: number): string {
  const bytes = Buffer.from(text, 'utf8');
  if (bytes.length <= maxBytes) return text;
  let end = maxBytes;
  while (end > 0 && (bytes[end] & 0xc0) === 0x80) end--; // back to a character boundary
  return bytes.subarray(0, end).toString('utf8');
}

/**
 * The capped form of a data value (text or byte values): undefined when it is within bounds,
 * else { value: prefix, length, sha256 } with length and digest of the full bytes.
 */
function capData(data: unknown): { value: string | number[]; length: number; sha256: string } | undefined {
  const max = EVENT_BOUNDS.dataPrefixBytes;
  if (typeof data === 'string') {
    if (data.length <= max / 4) return undefined; // fewer than max bytes whatever the characters
    const bytes = Buffer.from(data, 'utf8');
    if (bytes.length <= max) return undefined;
    return { value: utf8Prefix(data, max), length: bytes.length, sha256: sha256(bytes) };
  }
  if (Array.isArray(data) && data.length > max && data.every((b) => typeof b === 'number')) {
    return { value: data.slice(0, max) as number[], length: data.length, sha256: sha256(Uint8Array.from(data as number[])) };
  }
  return undefined;
}

function capField(target: Record<string, unknown>, key: string): Record<string, unknown> {
  const capped = capData(target[key]);
  if (!capped) return target;
  return { ...target, [key]: capped.value, [`${key}Length`]: capped.length, [`${key}Digest`]: `sha256:${capped.sha256}` };
}

/**
 * An event within bounds: data fields capped (see the module comment), every other string of the
 * event and of its result cut to maxStringLength. Returns the same object when nothing was over.
 */
export function boundEvent(event: Record<string, unknown>): Record<string, unknown> {
  let bounded = event;
  if (typeof event.result === 'object' && event.result !== null && !Array.isArray(event.result)) {
    let result = capField(event.result as Record<string, unknown>, 'data');
    for (const [key, value] of Object.entries(result)) {
      if (typeof value === 'string' && value.length > EVENT_BOUNDS.maxStringLength) result = { ...result, [key]: value.slice(0, EVENT_BOUNDS.maxStringLength) };
      else if (Array.isArray(value) && key !== 'data' && value.length > EVENT_BOUNDS.dataPrefixBytes) result = capField(result, key);
    }
    if (result !== event.result) bounded = { ...bounded, result };
  }
  if (event.type === 'process.output') bounded = capField(bounded, 'text');
  // A call's text quotes the data it writes; other fields are bounded by their producers
  // (object.state's bytes window, the scenario's own limits on labels and titles).
  if (typeof bounded.call === 'string' && bounded.call.length > EVENT_BOUNDS.maxStringLength) {
    bounded = { ...bounded, call: bounded.call.slice(0, EVENT_BOUNDS.maxStringLength) };
  }
  return bounded;
}
