// A failed call as the renderer sees it: the contract's error (code, message, syscall), and the
// one sentence every view shows for it.
import type { LabError } from '@contract';

export class LabCallError extends Error {
  readonly code: string;
  readonly syscall?: string;
  readonly details?: unknown;
  constructor(error: LabError) {
    super(error.message);
    this.name = 'LabCallError';
    this.code = error.code;
    this.syscall = error.syscall;
    this.details = error.details;
  }
}

/** "EACCES: shmctl: Permission denied" for a failed call, the message for anything else. */
export function errorText(caught: unknown): string {
  if (caught instanceof LabCallError) {
    return caught.syscall ? `${caught.code}: ${caught.syscall}: ${caught.message}` : `${caught.code}: ${caught.message}`;
  }
  return caught instanceof Error ? caught.message : String(caught);
}
