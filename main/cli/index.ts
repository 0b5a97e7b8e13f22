// `process-lab`: the command-line front door over the same engine as the app.
// Commands follow shared/spec/scenario-v1.md ("Command line"); exit codes are the spec's.
import { asLabDirError, defaultPaths } from '../engine/paths';
import { APP_VERSION } from '../engine/version';
import { exportCCommand } from './export-c';
import { ipcrmCommand } from './ipcrm';
import { ipcsCommand } from './ipcs';
import { benchCommand } from './bench';
import { presetsCommand } from './presets';
import { runCommand } from './run';
import { validateCommand } from './validate';
import { serveCommand } from './serve';
import { UsageError } from './usage';
import type { CliCommand } from './commands';

const COMMANDS: Record<CliCommand, { summary: string; run: (argv: string[]) => Promise<number> }> = {
  run: { summary: 'run FILE-or-PRESET [--json] [--timeout MS] [--slow MS] [--break PROC:STEP]... [--repeat N]   runs a scenario (slowly: time held at the gates does not count towards the timeout; stopping before a step: Enter goes on; N times: the distribution); exit 0 completed, 1 failed, 2 invalid, 3 deadlock or timeout', run: runCommand },
  validate: { summary: 'validate FILE [--json]           exit 0 valid, 2 with every problem listed', run: validateCommand },
  'export-c': { summary: 'export-c FILE-or-PRESET [-o OUT.c]   the scenario as a C program that does the same', run: exportCCommand },
  presets: { summary: 'presets [--json]                 the shipped scenarios', run: presetsCommand },
  ipcs: { summary: 'ipcs [--json]                    every IPC object of the machine: owners, users, orphans, lab objects', run: ipcsCommand },
  ipcrm: { summary: 'ipcrm --orphans | --id KIND:ID [--yes]   removes your orphans or one object of yours, after confirmation', run: ipcrmCommand },
  serve: { summary: 'serve [--port N] [--host H]      browser mode: prints the URL with its token', run: serveCommand },
  bench: { summary: 'bench [--json] [--mechanism LIST] [--size LIST] [--compare-c] [--quick]   IPC latency and throughput on this machine', run: benchCommand },
};

function usage(): string {
  return [
    `process-lab ${APP_VERSION}: learn inter-process communication on the real operating system`,
    '',
    'usage: process-lab <command> [options]',
    ...Object.values(COMMANDS).map((c) => `  process-lab ${c.summary}`),
  ].join('\n');
}

export async function main(argv: string[]): Promise<number> {
  const [name, ...rest] = argv;
  if (name === undefined || name === 'help' || name === '--help' || name === '-h') {
    console.log(usage());
    return 0;
  }
  if (name === '--version' || name === '-v') {
    console.log(APP_VERSION);
    return 0;
  }
  const command = Object.hasOwn(COMMANDS, name) ? COMMANDS[name as CliCommand] : undefined;
  if (!command) {
    console.error(`process-lab: unknown command "${name}"\n\n${usage()}`);
    return 2;
  }
  try {
    return await command.run(rest);
  } catch (error) {
    if (error instanceof UsageError) {
      console.error(`process-lab ${name}: ${error.message}\nusage: process-lab ${command.summary.split('  ')[0]}`);
      return 2;
    }
    if ((error as { code?: unknown }).code === 'UNSAFE_RUNTIME_DIR') {
      console.error((error as Error).message); // an attack or a mistake: say which directory, and the fix
      return 1;
    }
    const notWritable = asLabDirError(error, defaultPaths()); // e.g. uid 65534 with HOME=/root
    if (notWritable) {
      console.error(notWritable.message);
      return 2;
    }
    throw error;
  }
}
