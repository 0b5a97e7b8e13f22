// How every call's outcome crosses a process boundary: as data, never as a thrown error,
// because Electron's ipcMain keeps only the message of a thrown error.
import { z } from 'zod';

/** Error codes of the lab itself; failed system calls keep their errno name ('EAGAIN'). */
export const LAB_ERROR_CODES = [
  'INVALID_ARGUMENT', // the arguments do not match the contract
  'UNKNOWN_METHOD', // no such method in the contract
  'BAD_MESSAGE', // a browser-mode message that is not JSON or not a request
  'NOT_FOUND', // a preset, run or object that does not exist
  'FORBIDDEN', // a PID or object the lab did not start or does not own
  'INVALID_SCENARIO', // a scenario with problems (listed in details)
  'UNAVAILABLE', // something this platform or build lacks
  'NOT_AT_GATE', // a step asked of a process not waiting at its gate (blocked in the kernel, running, ended)
  'INTERNAL', // a bug: the message says what happened
] as const;
export type LabErrorCode = (typeof LAB_ERROR_CODES)[number];

/** An errno name as errno(3) spells it ('EAGAIN', 'EINTR', 'ENOENT'). */
export const ERRNO_NAME = /^E[A-Z0-9]{1,15}$/;

/** Every code an error may carry: the lab's own, or the errno name of a failed system call. */
export const labErrorCodeSchema = z.union([z.enum(LAB_ERROR_CODES), z.string().regex(ERRNO_NAME)]);

export const labErrorSchema = z.object({
  code: labErrorCodeSchema,
  message: z.string(),
  syscall: z.string().optional(),
  details: z.unknown().optional(),
});
export type LabError = z.infer<typeof labErrorSchema>;

export type Envelope<T> = { ok: true; value: T } | { ok: false; error: LabError };

export function envelopeSchema<T extends z.ZodType>(value: T) {
  return z.discriminatedUnion('ok', [
    z.object({ ok: z.literal(true), value }),
    z.object({ ok: z.literal(false), error: labErrorSchema }),
  ]);
}

/** An error the engine throws on purpose; dispatch turns it into `{ ok: false, error }`. */
export class LabFailure extends Error {
  constructor(
    readonly code: LabErrorCode,
    message: string,
    readonly details?: unknown,
    readonly syscall?: string,
  ) {
    super(message);
    this.name = 'LabFailure';
  }
}
