/**
 * Small building blocks shared by the document schema, the expectations and the events:
 * ids, value types and byte counting. No Node imports: the renderer uses this too.
 */
import { z } from 'zod';
import { LIMITS } from './limits';
import { SIGNAL_NAMES } from './signals';
import { ID_PATTERN, VALUE_TYPES } from './values';

export { C_TYPES, dataLength, ID_PATTERN, TYPE_RANGES, TYPE_SIZES, utf8Length, VALUE_TYPES } from './values';
export type { ValueType } from './values';


export const IdSchema = z.string().regex(ID_PATTERN);

export const SignalNameSchema = z.enum(SIGNAL_NAMES);

export const ValueTypeSchema = z.enum(VALUE_TYPES);

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

