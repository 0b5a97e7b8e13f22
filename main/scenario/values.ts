/**
 * Value types and byte counting without zod: the worker runtime (every lab process) uses these,
 * and loading zod there would add a tenth of a second to every process start.
 */
export const ID_PATTERN = /^[A-Za-z][A-Za-z0-9_-]{0,31}$/;

export const VALUE_TYPES = ['u8', 'i32', 'u32', 'i64', 'f64'] as const;
export type ValueType = (typeof VALUE_TYPES)[number];

/** Bytes each value type occupies in a segment (little-endian, as the spec says). */
export const TYPE_SIZES: Readonly<Record<ValueType, number>> = { u8: 1, i32: 4, u32: 4, i64: 8, f64: 8 };

/** The C type of each value type, for the call text. */
export const C_TYPES: Readonly<Record<ValueType, string>> = {
  u8: 'uint8_t', i32: 'int32_t', u32: 'uint32_t', i64: 'int64_t', f64: 'double',
};

/** Range of an integer stored with each type. i64 stops at 2^53: JSON numbers beyond it lose digits. */
export const TYPE_RANGES: Readonly<Record<ValueType, readonly [number, number]>> = {
  u8: [0, 255],
  i32: [-2147483648, 2147483647],
  u32: [0, 4294967295],
  i64: [Number.MIN_SAFE_INTEGER, Number.MAX_SAFE_INTEGER],
  f64: [-Number.MAX_VALUE, Number.MAX_VALUE],
};

/** UTF-8 length of a string without allocating (the validator runs on every keystroke). */
export function utf8Length(text: string): number {
  let bytes = 0;
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (code < 0x80) bytes += 1;
    else if (code < 0x800) bytes += 2;
    else if (code >= 0xd800 && code <= 0xdbff && i + 1 < text.length) {
      const next = text.charCodeAt(i + 1);
      if (next >= 0xdc00 && next <= 0xdfff) {
        bytes += 4;
        i++;
      } else bytes += 3;
    } else bytes += 3;
  }
  return bytes;
}

/** Bytes a data item or a non-numeric value occupies. */
export function dataLength(data: string | readonly number[]): number {
  return typeof data === 'string' ? utf8Length(data) : data.length;
}
