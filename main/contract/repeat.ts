// "Run 20 times" (issue 15, item 4): the engine runs one scenario N times, one after another, as
// `process-lab run --repeat N` does (main/engine/repeat.ts, one code path for both), and tells
// the page each run's outcome through 'repeat.progress' pushes, then the distribution
// (main/scenario/distribution.ts): how often each status came, how often each expectation held,
// and a histogram of each expectation's key value (the race's totals).
import { z } from 'zod';
import type { Distribution, RunOutcomeSummary } from '../scenario/distribution';
import { RunStatusSchema } from '../scenario/events';
import { labErrorSchema } from './envelope';

const repeatId = z.string().regex(/^[A-Za-z0-9-]{1,64}$/);
const runId = z.string().regex(/^[A-Za-z0-9-]{1,64}$/);

/** At most this many runs in one repetition from the UI (the CLI allows 1000). */
export const REPEAT_MAX = 100;

const verdictSummarySchema = z.object({ entry: z.string(), expected: z.string(), held: z.boolean(), value: z.number().optional() });

/** One finished run of a repetition: its status, whether every expectation held, its verdicts. */
export const repeatOutcomeSchema = z.object({
  status: RunStatusSchema,
  asExpected: z.boolean().optional(),
  verdicts: z.array(verdictSummarySchema),
}) satisfies z.ZodType<RunOutcomeSummary>;

const histogramBinSchema = z.object({ from: z.number(), to: z.number(), count: z.number().int().min(0) });

export const distributionSchema = z.object({
  runs: z.number().int().min(0),
  statuses: z.partialRecord(RunStatusSchema, z.number().int().min(0)),
  asExpected: z.number().int().min(0),
  entries: z.array(z.object({
    entry: z.string(),
    expected: z.string(),
    held: z.number().int().min(0),
    runs: z.number().int().min(0),
    values: z.array(z.number()),
    histogram: z.array(histogramBinSchema),
  })),
}) satisfies z.ZodType<Distribution>;

export const repeatMethods = {
  /** Starts `times` runs of `scenario`, one after another; returns at once (progress is pushed). */
  'run.repeat': {
    args: z.object({ scenario: z.unknown(), times: z.number().int().min(1).max(REPEAT_MAX), timeoutMs: z.number().int().min(1).max(600_000).optional() }).strict(),
    result: z.object({ repeatId }),
  },
  /** The run under way finishes; no further run starts; the distribution of those done follows. */
  'run.repeatStop': { args: z.object({ repeatId }).strict(), result: z.object({}) },
} as const;

/**
 * Pushed as REPEAT_PROGRESS_PUSH (channels.ts): when a run starts (`runId`, `index`), when it
 * ended (`outcome`, `index`), and at the end the `distribution` of every run done (or `error`).
 * `index` counts from 0.
 */
export const repeatProgressSchema = z.object({
  repeatId,
  times: z.number().int().min(1),
  index: z.number().int().min(0).optional(),
  runId: runId.optional(),
  outcome: repeatOutcomeSchema.optional(),
  distribution: distributionSchema.optional(),
  error: labErrorSchema.pick({ code: true, message: true }).optional(),
});
export type RepeatProgress = z.infer<typeof repeatProgressSchema>;
