// `process-lab export-c FILE-or-PRESET [-o OUT.c]`: the scenario as one C program that does the
// same (main/export-c). Prints it, or writes OUT.c. Exit 0, or 2 for an invalid scenario.
import { writeFileSync } from 'node:fs';
import { exportScenarioAsC } from '../export-c/generator';
import { formatProblem } from '../scenario/validate';
import { loadScenario } from './run';
import { parseOptions, UsageError } from './usage';

export async function exportCCommand(argv: string[]): Promise<number> {
  const { values, positionals } = parseOptions(argv, { output: { type: 'string', short: 'o' } }, true);
  if (positionals.length !== 1) throw new UsageError('give one scenario file or preset name');
  const loaded = loadScenario(positionals[0]);
  if (!loaded.ok) {
    for (const problem of loaded.problems) console.error(formatProblem(problem));
    return 2;
  }
  const { code, hostsScript } = exportScenarioAsC(loaded.scenario);
  if (values.output === undefined) process.stdout.write(code);
  else {
    writeFileSync(values.output, code);
    console.error(`process-lab: wrote ${values.output}; compile with: cc -Wall -Wextra -o demo ${values.output} -lrt -pthread`);
    if (hostsScript) {
      // The scenario's hosts: the script that makes them and runs the program on each.
      const script = values.output.replace(/(\.c)?$/, '.hosts.sh');
      writeFileSync(script, hostsScript, { mode: 0o755 });
      console.error(`process-lab: wrote ${script}; run the program on its hosts with: sh ${script} ./demo`);
    }
  }
  return 0;
}
