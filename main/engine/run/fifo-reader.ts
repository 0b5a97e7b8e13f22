// The engine's side of a process's control channel and console: FIFOs in the run directory
// that the engine holds open for reading AND writing (O_RDWR), so they exist before the process
// opens them, never report end-of-file between writers, and let a worker's open() return at once.
// They are drained with non-blocking reads on a short timer (FIONREAD says how much is there):
// nothing is dropped, and a worker writing faster than the engine reads simply waits.
import { closeSync, constants, openSync } from 'node:fs';
import { addon } from '../../native/addon';

export class FifoReader {
  readonly fd: number;
  private pending = '';
  private readonly decoder = new TextDecoder('utf-8');

  constructor(readonly path: string, capacity?: number) {
    const native = addon();
    native.fifoCreate(path, 0o600);
    this.fd = openSync(path, constants.O_RDWR | constants.O_NONBLOCK);
    if (capacity) {
      try {
        native.pipeSetSize(this.fd, capacity);
      } catch {
        // Over the user's pipe-buffer quota: the default size only slows the channel down.
      }
    }
  }

  /** Everything written since the last call, as text (a partial UTF-8 sequence waits). */
  drainText(): string {
    const native = addon();
    let text = '';
    for (;;) {
      const available = native.fdBytesAvailable(this.fd);
      if (available <= 0) break;
      text += this.decoder.decode(native.fdRead(this.fd, available), { stream: true });
    }
    return text;
  }

  /** Complete lines written since the last call. */
  drainLines(): string[] {
    const text = this.pending + this.drainText();
    const lines = text.split('\n');
    this.pending = lines.pop() ?? '';
    return lines.filter((line) => line.length > 0);
  }

  close(): void {
    closeSync(this.fd);
  }
}
