// Bytes in and out of a step: values written as strings are UTF-8, arrays are byte values;
// data read back is text when it is valid UTF-8, else byte values (the spec's rule).
const decoder = new TextDecoder('utf-8', { fatal: true });
const encoder = new TextEncoder();

export function toBytes(data: string | number[]): Uint8Array {
  return typeof data === 'string' ? encoder.encode(data) : Uint8Array.from(data);
}

export function describeBytes(bytes: Uint8Array): { bytes: number; data: string | number[] } {
  try {
    return { bytes: bytes.length, data: decoder.decode(bytes) };
  } catch {
    return { bytes: bytes.length, data: Array.from(bytes) };
  }
}

/** i64 loads come back as bigint: a number when it is safe, else its decimal text. */
export function plainNumber(value: number | bigint): number | string {
  if (typeof value === 'number') return value;
  return value >= BigInt(Number.MIN_SAFE_INTEGER) && value <= BigInt(Number.MAX_SAFE_INTEGER) ? Number(value) : value.toString();
}
