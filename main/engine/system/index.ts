// The system IPC inspector's handlers: every IPC object of the machine, not only a run's.
// main/engine/lab.ts registers them; the dispatcher validates their arguments and results.
import type { Handlers } from '../dispatch';
import { listSystemObjects } from './list';
import { listUserProcesses, pipesOf } from './pipes';
import { removeSystemObject } from './remove';
import { readSegment } from './segment';
import { orphanPlan, removeOrphans } from './sweep-calls';

type SystemHandlers = Pick<Handlers, 'system.list' | 'system.remove' | 'system.orphanPlan' | 'system.removeOrphans' | 'system.processes' | 'system.pipes' | 'system.segment'>;

/** `runtimeDir` holds the user's run journals: objects they name are marked with their run. */
export function systemHandlers(runtimeDir: () => string): SystemHandlers {
  return {
    'system.list': () => listSystemObjects(runtimeDir()),
    'system.remove': ({ kind, id, confirm }) => removeSystemObject(kind, id, confirm),
    'system.orphanPlan': () => orphanPlan(runtimeDir()),
    'system.removeOrphans': ({ runs, objects }) => removeOrphans(runtimeDir(), { runs, objects }),
    'system.processes': () => listUserProcesses(),
    'system.pipes': ({ pid }) => pipesOf(pid),
    'system.segment': ({ shmid, offset, length }) => readSegment(shmid, offset, length),
  };
}
