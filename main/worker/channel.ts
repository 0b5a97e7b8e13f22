// The worker's control channel: one JSON event a line, written synchronously to a FIFO the
// engine reads, so an event is out before the call it announces can block.
import { closeSync, openSync, writeSync } from 'node:fs';

export interface Channel {
  emit(event: Record<string, unknown>): void;
  /** A line prepared now and written later (by a C handler): no `t`, the engine stamps it. */
  prepare(event: Record<string, unknown>): string;
  readonly fd: number;
  close(): void;
}

export function openChannel(path: string, t0: bigint, now: () => bigint, base: { process: string; pid: number }): Channel {
  // O_WRONLY | O_CLOEXEC (Node adds O_CLOEXEC): children never inherit the lab's channel.
  const fd = openSync(path, 'w');
  return {
    emit(event) {
      const line = JSON.stringify({ t: Number(now() - t0), ...event, process: base.process, pid: base.pid }) + '\n';
      writeSync(fd, line);
    },
    prepare: (event) => JSON.stringify({ ...event, process: base.process, pid: base.pid }) + '\n',
    fd,
    close: () => closeSync(fd),
  };
}
