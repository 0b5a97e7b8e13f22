/**
 * Small building blocks shared by the document schema, the expectations and the events:
 * ids, value types and byte counting. No Node imports: the renderer uses this too.
 */
import { z } from 'zod';
import { LIMITS } from './limits';
import { SIGNAL_NAMES } from './signals';

export const ID_PATTERN = /^[A-Za-z][A-Za-z0-9_-]{0,31}$/;

export const IdSchema = z.string().regex(ID_PATTERN);

export const SignalNameSchema = z.enum(SIGNAL_NAMES);

export const VALUE_TYPES = ['u8', 'i32', 'u32', 'i64', 'f64'] as const;
export const ValueTypeSchema = z.enum(VALUE_TYPES);
export type ValueType = z.infer<typeof ValueTypeSchema>;

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

export const ByteArraySchema = z.array(z.int().min(0).max(255)).max(LIMITS.maxTextLength);

/**
 * A value stored into a segment: a number (an integer for every type but f64; the range is
 * checked against the step's type by the validator), a UTF-8 string or byte values.
 */
export const ValueSchema = z.union([z.number(), z.string().max(LIMITS.maxTextLength), ByteArraySchema]);
export type Value = z.infer<typeof ValueSchema>;

/** Bytes for pipes, FIFOs and messages: a UTF-8 string or byte values. */
export const DataSchema = z.union([z.string().max(LIMITS.maxTextLength), ByteArraySchema]);
export type Data = z.infer<typeof DataSchema>;

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
