// For contrast with the native loops: what one interpreted lab step costs (a real run of the
// worker runtime repeating shm.read, timed from its step.begin events) and what the bare addon
// call costs from JavaScript (memLoad in a loop). Both dwarf nothing and explain why the timed
// loops live in C.
import type { LabStepCost } from '../../contract/bench';
import { addon } from '../../native/addon';
import type { RunManager } from '../runs';

export async function measureLabStep(runs: RunManager, steps = 2000): Promise<LabStepCost> {
  const run = runs.start({
    format: 'process-lab/scenario@1',
    title: 'benchmark: cost of an interpreted step',
    objects: [{ id: 'M', kind: 'shm', size: 64 }],
    processes: [{
      id: 'bench',
      program: [
        { op: 'shm.create', object: 'M' },
        { op: 'shm.attach', object: 'M' },
        { op: 'repeat', times: steps, steps: [{ op: 'shm.read', object: 'M', offset: 0 }] },
        { op: 'shm.detach', object: 'M' },
        { op: 'shm.destroy', object: 'M' },
      ],
    }],
  }, 120_000, undefined, undefined, { internal: true });
  await run.finished;
  const begins = run.events.filter((e) => e.type === 'step.begin' && 'op' in e && e.op === 'shm.read');
  const interpretedStepNs = begins.length > 1 ? (begins[begins.length - 1].t - begins[0].t) / (begins.length - 1) : NaN;

  const native = addon();
  const shmid = native.shmGet(0, 64, { create: true, mode: 0o600 }); // key 0 is IPC_PRIVATE
  const handle = native.shmAttach(shmid);
  try {
    const calls = 200_000;
    const t0 = process.hrtime.bigint();
    for (let i = 0; i < calls; i++) native.memLoad(handle, 0);
    const addonCallNs = Number(process.hrtime.bigint() - t0) / calls;
    return { op: 'shm.read', interpretedStepNs, addonCallNs };
  } finally {
    native.shmDetach(handle);
    native.shmRemove(shmid);
  }
}
