// Browser mode's WebSocket messages: a request names a contract method; the reply carries the
// same id and an envelope; pushes carry an event name and its payload.
import { z } from 'zod';
import { PUSH_NAMES } from './channels';
import { labErrorSchema } from './envelope';

export const wireRequestSchema = z.object({
  id: z.number().int().nonnegative(),
  method: z.string().max(100),
  args: z.unknown(),
});
export type WireRequest = z.infer<typeof wireRequestSchema>;

export const wireReplySchema = z.object({
  id: z.number().int().nonnegative().nullable(),
  result: z.union([
    z.object({ ok: z.literal(true), value: z.unknown() }),
    z.object({ ok: z.literal(false), error: labErrorSchema }),
  ]),
});
export type WireReply = z.infer<typeof wireReplySchema>;

/** A push's frame; its payload is checked against the push's own schema (pushes.ts: parsePush). */
export const wirePushSchema = z.object({ event: z.enum(PUSH_NAMES), payload: z.unknown() });
export type WirePush = z.infer<typeof wirePushSchema>;

/** The largest message either side accepts: a scenario is at most 4 MiB, plus framing. */
export const WIRE_MAX_BYTES = 8 * 1024 * 1024;
