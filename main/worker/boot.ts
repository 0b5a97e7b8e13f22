// A lab process starts here: a C program's signal baseline first, then the control channel,
// then its program. The process exits with status 0 when its program ends, as the spec says.
import { join } from 'node:path';
import { createRequire } from 'node:module';
import type { Addon } from '../native/addon';
import { openChannel } from './channel';
import { WorkerContext } from './context';
import { ENV, RUN_FILES, type InheritedEnds } from './env';
import { ProgramInterpreter } from './interpreter';

export function runWorker(): void {
  const addonPath = process.env[ENV.addon];
  const runDir = process.env[ENV.runDir];
  const processId = process.env[ENV.processId];
  if (!addonPath || !runDir || !processId) {
    process.stderr.write('process-lab worker: started without a run (PROCESS_LAB_* variables missing).\n');
    process.exit(70);
  }
  const native = createRequire(import.meta.url)(addonPath) as Addon;
  // Node ignores SIGPIPE and catches SIGINT, SIGTERM, SIGSEGV...: a lab process must behave
  // like a C program, so every catchable signal goes back to SIG_DFL and none is blocked.
  native.resetSignalBaseline();

  const t0 = BigInt(process.env[ENV.t0] ?? '0');
  const inherited = JSON.parse(process.env[ENV.inherited] ?? '{}') as InheritedEnds;
  const pid = process.pid;
  const channel = openChannel(join(runDir, RUN_FILES.controlDir, processId), t0, () => native.monotonicNs(), { process: processId, pid });
  const ctx = new WorkerContext(native, runDir, processId, inherited, channel, t0);
  channel.emit({ type: 'process.start', ppid: native.getppid() });

  const interpreter = new ProgramInterpreter(ctx);
  interpreter.runSteps(ctx.me.program, []);
  process.exit(0);
}
