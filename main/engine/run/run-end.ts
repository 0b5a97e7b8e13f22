// The end of a run, once every process is gone: whatever of the run's objects is left is a leak
// (inboxes excepted: the lab made them), removed now and reported in run.end; the event sources
// are closed and the run directory removed. A scenario with `expect` gets one verdict per entry
// just before run.end, and run.end says whether every one held (asExpected).
import type { RunEvent, RunStatus } from '../../scenario/events';
import type { Expect } from '../../scenario/expect';
import { judgeExpectations } from '../../scenario/verdicts';
import { removeIfPresent } from './cleanup';
import type { RunNames } from './names';
import type { ProcessTable } from './process-table';
import { removeRunDirectory } from './run-dir';
import type { RunLog } from './run-log';

/** Removes the run's leftovers, reports them and run.end, and closes the log. */
export function endRun(status: RunStatus, names: RunNames, runDir: string, table: ProcessTable, log: RunLog, expect?: Expect, expectEvents?: readonly RunEvent[]): void {
  const leaked: Array<Record<string, unknown>> = [];
  for (const name of Object.values(names)) {
    const removed = removeIfPresent(name, runDir);
    if (!removed) continue;
    log.emit({ type: 'object.removed', object: name.object, kind: name.kind, ...(name.inboxOf ? { inbox: true } : {}), ...removed.identifiers });
    if (!name.inboxOf) leaked.push({ object: name.object, kind: name.kind, ...removed.identifiers });
  }
  table.deliveries.resolve(true); // every process has ended: what each send did is known
  table.close();
  removeRunDirectory(runDir);
  const end = { type: 'run.end', status, leaked, durationNs: log.now() } as const;
  let asExpected: boolean | undefined;
  if (expect) {
    // Judged on the events it names, kept whole (expect-events.ts): the log's window may have dropped them.
    const verdicts = judgeExpectations(expect, [...(expectEvents ?? log.events), { t: end.durationNs, ...end } as RunEvent]);
    for (const verdict of verdicts) log.emit({ type: 'verdict', ...verdict });
    asExpected = verdicts.every((v) => v.held);
  }
  log.emit({ ...end, ...(asExpected !== undefined ? { asExpected } : {}) });
  log.close();
}
