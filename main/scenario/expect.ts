/**
 * `expect`, a top-level extension field: what a run of the scenario should report, written
 * declaratively so a preset states its lesson ("the total stays below 40 000") and a test
 * can check a real run against it with checkExpectations (check-expect.ts).
 */
import { z } from 'zod';
import { RUN_EVENT_TYPES, DISPOSITIONS, PROCESS_STATES } from './events';
import { IdSchema, SignalNameSchema } from './primitives';

/** Bounds on a number; each given bound must hold. */
export const NumberRangeSchema = z.strictObject({
  /** >= */
  min: z.number().optional(),
  /** <= */
  max: z.number().optional(),
  /** < */
  below: z.number().optional(),
  /** > */
  above: z.number().optional(),
});
export type NumberRange = z.infer<typeof NumberRangeSchema>;

const ErrnoSchema = z.string().regex(/^E[A-Z0-9]+$/);

export const ExpectedProcessSchema = z.strictObject({
  /** Exit status of a normal exit. */
  exit: z.int().min(0).max(255).optional(),
  /** Name of the signal that ended it. */
  signal: SignalNameSchema.optional(),
});

export const ExpectedResultSchema = z.strictObject({
  process: IdSchema,
  /** The step's `label`; inside a repeat one label has many step.end events. */
  label: z.string().min(1),
  /** Partial match on step.end `result`: every given key must equal, recursively. */
  result: z.record(z.string(), z.unknown()).optional(),
  /** Bounds on `result.value` (a load). */
  value: NumberRangeSchema.optional(),
  /** The errno name the step failed with; null: the step must succeed. */
  errno: ErrnoSchema.nullable().optional(),
  /** Bounds on how long the step took (milliseconds), e.g. a send that waits for its receiver. */
  durationMs: NumberRangeSchema.optional(),
  /** Which step.end events of that label must match: one of them (default), all, first, last. */
  match: z.enum(['any', 'every', 'first', 'last']).default('any'),
});
export type ExpectedResult = z.infer<typeof ExpectedResultSchema>;

/** How many events of a kind the run reports, e.g. handler runs for two SIGUSR1 sent (1 or 2). */
export const ExpectedCountSchema = z.strictObject({
  event: z.enum(RUN_EVENT_TYPES),
  process: IdSchema.optional(),
  signal: SignalNameSchema.optional(),
  label: z.string().optional(),
  op: z.string().optional(),
  disposition: z.enum(DISPOSITIONS).optional(),
  errno: ErrnoSchema.optional(),
  count: NumberRangeSchema,
});
export type ExpectedCount = z.infer<typeof ExpectedCountSchema>;

export const ExpectSchema = z.strictObject({
  status: z.enum(['completed', 'failed', 'deadlock', 'timeout', 'stopped']),
  /** How processes end. */
  processes: z.record(IdSchema, ExpectedProcessSchema).optional(),
  /** Exactly these object ids are reported leaked by run.end (order ignored; [] = none). */
  leaked: z.array(IdSchema).optional(),
  /** Substrings each process's console output must contain. */
  logs: z.record(IdSchema, z.array(z.string().min(1))).optional(),
  results: z.array(ExpectedResultSchema).optional(),
  counts: z.array(ExpectedCountSchema).optional(),
  /** Process states (from /proc) each process must be seen in at least once, e.g. Z or T. */
  states: z.record(IdSchema, z.array(z.enum(PROCESS_STATES)).min(1)).optional(),
  /** Processes the deadlock event must name. */
  deadlocked: z.array(IdSchema).optional(),
});
export type Expect = z.infer<typeof ExpectSchema>;
