// The worker runtime's event source: a control FIFO of JSON lines and a console FIFO per
// process, in the run directory (RUN_FILES.controlDir, RUN_FILES.consoleDir).
import { join } from 'node:path';
import { RUN_FILES } from '../../worker/env';
import { FifoReader } from './fifo-reader';
import type { ProcessEventSource } from './runtime';

const CONTROL_FIFO_BYTES = 256 * 1024;

/** The FIFOs of one process; they exist once this returns. Throws fifoCreate's errno. */
export function openFifoEvents(runDir: string, processId: string): ProcessEventSource {
  const control = new FifoReader(join(runDir, RUN_FILES.controlDir, processId), CONTROL_FIFO_BYTES);
  const console = new FifoReader(join(runDir, RUN_FILES.consoleDir, processId));
  return {
    drainEvents() {
      const events: Array<Record<string, unknown>> = [];
      for (const line of control.drainLines()) {
        try {
          events.push(JSON.parse(line) as Record<string, unknown>);
        } catch {
          // not ours to interpret: a worker only ever writes JSON lines here
        }
      }
      return events;
    },
    drainConsole: () => console.drainText(),
    close() {
      control.close();
      console.close();
    },
  };
}
