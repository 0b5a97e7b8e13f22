// A scenario as the C program the exporter writes (main/export-c), compiled with the system's C
// compiler and run: the C reference a lab run is compared with. The program reports each
// labelled step that fails on stderr ("[proc] label: call failed: ... (ERRNO)") and each
// labelled read or load ("[proc] label: value 42"), each process's end on stdout ("#exit ...").
import { execFileSync, spawnSync } from 'node:child_process';
import { chmodSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { exportScenarioAsC } from '../../main/export-c/generator';
import { ScenarioSchema } from '../../main/scenario/schema';

export interface COutcome {
  /** '#end' status: completed, failed, timeout. */
  status: string;
  /** Process id -> 'code 0' or 'signal SIGPIPE'. */
  exits: Record<string, string>;
  /** Objects the program found left over and removed. */
  leaked: string[];
  /** `[proc] label: ...` lines of stderr, by `proc/label`, in order. */
  reports: Record<string, string[]>;
  /** What each process printed (its console file). */
  console: Record<string, string>;
}

/** The errno name at the end of a report line, if it is a failure. */
export function errnoOf(line: string | undefined): string | undefined {
  return line ? /\((E[A-Z0-9]+)\)$/.exec(line)?.[1] : undefined;
}

/**
 * Exports `scenario`, compiles it (-Wall -Wextra -Werror), runs it (as `asUser` when given: a
 * uid run through setpriv, the directory made readable to it) and parses what it reports.
 * Throws with the compiler's message when it does not compile.
 */
export function runAsC(scenario: unknown, options: { asUser?: number; timeoutMs?: number } = {}): COutcome {
  const parsed = ScenarioSchema.parse(scenario);
  const dir = mkdtempSync(join(tmpdir(), 'plab-cref-'));
  try {
    chmodSync(dir, 0o755);
    const source = join(dir, 'scenario.c');
    const program = join(dir, 'scenario');
    writeFileSync(source, exportScenarioAsC(parsed).code);
    execFileSync('cc', ['-Wall', '-Wextra', '-Werror', '-o', program, source, '-lrt', '-pthread'], { stdio: ['ignore', 'ignore', 'pipe'] });
    const consoleDir = join(dir, 'console');
    mkdirSync(consoleDir, { mode: 0o777 });
    chmodSync(consoleDir, 0o777);
    const env = { ...process.env, PLAB_CONSOLE_DIR: consoleDir, TMPDIR: dir };
    const timeout = (options.timeoutMs ?? parsed.limits.timeoutMs) + 10_000;
    const result = options.asUser === undefined
      ? spawnSync(program, [], { env, encoding: 'utf8', timeout })
      : spawnSync('setpriv', [`--reuid=${options.asUser}`, `--regid=${options.asUser}`, '--clear-groups', program], { env, encoding: 'utf8', timeout });
    const outcome: COutcome = { status: 'none', exits: {}, leaked: [], reports: {}, console: {} };
    for (const line of result.stdout.split('\n')) {
      const [tag, ...rest] = line.split(' ');
      if (tag === '#end') outcome.status = rest[0];
      if (tag === '#exit') outcome.exits[rest[0]] = rest.slice(1, 3).join(' ');
      if (tag === '#leaked') outcome.leaked.push(rest[0]);
    }
    for (const line of result.stderr.split('\n')) {
      const m = /^\[([^\]]+)\] ([^:]+): /.exec(line);
      if (m) (outcome.reports[`${m[1]}/${m[2]}`] ??= []).push(line);
    }
    for (const p of parsed.processes) {
      const file = join(consoleDir, `${p.id}.out`);
      if (existsSync(file)) outcome.console[p.id] = readFileSync(file, 'utf8');
    }
    return outcome;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
