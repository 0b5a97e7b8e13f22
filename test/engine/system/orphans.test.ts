// The orphan verdicts' rule for objects a Process Lab run names: a live run's are in use; a run
// whose engine stopped (kill -9, crash) leaves only orphans, whatever their figures say, since
// ipcrm --orphans and the next engine start remove all of them; an ended run's keep the verdict
// of their figures. Figures are given here; test/cli/ipcrm-dead-run.test.ts checks a real run.
import { describe, expect, it } from 'vitest';
import { msgVerdict, posixVerdict, semSetVerdict, shmVerdict } from '../../../main/engine/system/orphans';

const dead = { role: 'creator', pid: 4242, alive: false };
const alive = { role: 'creator', pid: 4243, alive: true, command: 'A' };
const live = { runId: 'r-live', live: true, engineStopped: false };
const stopped = { runId: 'r-stopped', live: false, engineStopped: true };
const ended = { runId: 'r-ended', live: false, engineStopped: false };

describe('orphan verdicts of objects a run names', () => {
  it('a live run: in use, whatever the figures', () => {
    expect(shmVerdict(0, dead, live).status).toBe('in-use');
    expect(msgVerdict([], 5, live).status).toBe('in-use');
  });

  it('a run whose engine stopped: orphan, with what the figures alone would say', () => {
    const attached = shmVerdict(1, alive, stopped);
    expect(attached.status).toBe('orphan');
    expect(attached.why).toContain('run r-stopped lost its engine (engine stopped)');
    expect(attached.why).toContain('By its figures alone: 1 attachment (nattch 1).');
    const unused = msgVerdict([], 5, stopped); // a young unused queue: "unknown" by its figures
    expect(unused.status).toBe('orphan');
    expect(unused.why).toMatch(/By its figures alone: created 5 s ago and not used yet\. .*may still be about to use it\.$/);
    expect(semSetVerdict(stopped).status).toBe('orphan');
    expect(posixVerdict([{ pid: 4243, command: 'A', how: 'mapped' }], 0, stopped).status).toBe('orphan');
    const orphanAnyway = shmVerdict(0, dead, stopped);
    expect(orphanAnyway.why).toMatch(/^its creator PID 4242 has exited and nothing is attached \(nattch 0\)\. Its Process Lab run r-stopped lost its engine/);
  });

  it('an ended run, or none: the figures decide', () => {
    expect(shmVerdict(1, alive, ended).status).toBe('in-use');
    expect(msgVerdict([], 5, ended).status).toBe('unknown');
    expect(shmVerdict(0, dead, ended).why).toBe('its creator PID 4242 has exited and nothing is attached (nattch 0). Its Process Lab run r-ended has ended.');
    expect(shmVerdict(0, dead, undefined).why).toBe('its creator PID 4242 has exited and nothing is attached (nattch 0).');
    expect(semSetVerdict(undefined).status).toBe('unknown');
  });
});
