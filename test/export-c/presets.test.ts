// Every preset, exported as C, compiled with -Wall -Wextra -Werror and run, ends the way the
// lab's run of the same preset does: run status (a lab "deadlock" or "timeout" is the C
// program's "#timeout": it cannot detect deadlocks and is killed at limits.timeoutMs), each
// process's exit code or signal, the objects reported leaked, the distinct lines each process
// logged, and the step results the preset's `expect` names (errno, data, value), which the C
// program reports on stderr.
import { execFile, spawn } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { exportScenarioAsC } from '../../main/export-c/generator';
import { presets } from '../../main/presets';
import type { RunEvent } from '../../main/scenario/events';
import { ScenarioSchema, type Scenario } from '../../main/scenario/schema';
import { assertNoLeaks, snapshot, type SystemSnapshot } from '../helpers/leaks';

const bin = fileURLToPath(new URL('../../main/bin/process-lab.js', import.meta.url));
const cli = fileURLToPath(new URL('../../out/main/cli.js', import.meta.url));

interface Outcome {
  status: string;
  exits: Record<string, string>;
  leaked: string[];
  logs: Record<string, string[]>;
  stderr: string[];
}

let root: string;
let before: SystemSnapshot;
const lab = new Map<string, Outcome>();
const exported = new Map<string, Outcome>();
const compileErrors = new Map<string, string>();

function run(command: string, args: string[], options: { env?: NodeJS.ProcessEnv; timeoutMs: number }): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(command, args, { env: options.env ?? process.env, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk) => (stdout += chunk));
    child.stderr.on('data', (chunk) => (stderr += chunk));
    const timer = setTimeout(() => child.kill('SIGKILL'), options.timeoutMs);
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr });
    });
  });
}

function distinctLines(text: string): string[] {
  return [...new Set(text.split('\n').filter(Boolean))].sort();
}

async function runLab(id: string, scenario: Scenario): Promise<Outcome> {
  const env = { ...process.env, PROCESS_LAB_DATA_DIR: join(root, 'lab', id, 'data'), PROCESS_LAB_RUNTIME_DIR: join(root, 'lab', id, 'rt'), NO_COLOR: '1' };
  const result = await run(process.execPath, [bin, 'run', id, '--json'], { env, timeoutMs: scenario.limits.timeoutMs + 30_000 });
  const events = result.stdout.split('\n').filter(Boolean).map((line) => JSON.parse(line) as RunEvent);
  const outcome: Outcome = { status: 'none', exits: {}, leaked: [], logs: {}, stderr: result.stderr.split('\n').filter(Boolean) };
  const text: Record<string, string> = {};
  for (const event of events) {
    if (event.type === 'process.exit') outcome.exits[event.process!] = event.signal !== undefined ? `signal ${event.signal}` : `code ${event.code}`;
    if (event.type === 'run.end') {
      outcome.status = event.status;
      outcome.leaked = event.leaked.map((o) => o.object).sort();
    }
    if (event.type === 'process.output' && event.stream === 'stdout') text[event.process!] = (text[event.process!] ?? '') + event.text;
  }
  for (const [process, output] of Object.entries(text)) outcome.logs[process] = distinctLines(output);
  return outcome;
}

async function compileExport(id: string, scenario: Scenario): Promise<string | undefined> {
  const dir = join(root, 'c', id);
  mkdirSync(join(dir, 'console'), { recursive: true });
  const source = join(dir, `${id}.c`);
  writeFileSync(source, exportScenarioAsC(scenario).code);
  const program = join(dir, 'demo');
  const error = await new Promise<string | undefined>((resolve) => {
    execFile('cc', ['-Wall', '-Wextra', '-Werror', '-o', program, source, '-lrt', '-pthread'], (failure, _stdout, stderr) => resolve(failure ? stderr || String(failure) : undefined));
  });
  if (error !== undefined) {
    compileErrors.set(id, error);
    return undefined;
  }
  return program;
}

async function runExport(id: string, scenario: Scenario, program: string): Promise<Outcome> {
  const dir = join(root, 'c', id);
  const env = { ...process.env, PLAB_CONSOLE_DIR: join(dir, 'console'), TMPDIR: dir };
  const result = await run(program, [], { env, timeoutMs: scenario.limits.timeoutMs + 10_000 });
  const outcome: Outcome = { status: 'none', exits: {}, leaked: [], logs: {}, stderr: result.stderr.split('\n').filter(Boolean) };
  for (const line of result.stdout.split('\n')) {
    const [tag, ...rest] = line.split(' ');
    if (tag === '#end') outcome.status = rest[0];
    if (tag === '#exit') outcome.exits[rest[0]] = rest.slice(1, 3).join(' ');
    if (tag === '#leaked') outcome.leaked.push(rest[0]);
  }
  outcome.leaked.sort();
  for (const process of scenario.processes) {
    const file = join(dir, 'console', `${process.id}.out`);
    if (existsSync(file)) {
      const lines = distinctLines(readFileSync(file, 'utf8'));
      if (lines.length > 0) outcome.logs[process.id] = lines;
    }
  }
  return outcome;
}

/** A pool of `limit` jobs at a time: 2 cores, and most runs sleep or wait. */
async function pool(jobs: Array<() => Promise<void>>, limit: number): Promise<void> {
  let next = 0;
  await Promise.all(Array.from({ length: limit }, async () => {
    while (next < jobs.length) await jobs[next++]();
  }));
}

// A preset with hosts runs through its hosts script: test/export-c/hosts.test.ts.
const all = presets().filter((p) => !p.scenario.hosts).map((p) => ({ id: p.id, scenario: ScenarioSchema.parse(p.scenario) }));

beforeAll(async () => {
  expect(existsSync(cli), 'the CLI is built (npm run build)').toBe(true);
  before = snapshot();
  root = mkdtempSync(join(tmpdir(), 'plab-export-c-'));
  // Longest first, so each pool ends together. The lab's runs go two at a time and before the C
  // programs run: its deadlock detector reads /proc and must not be starved by spinning exports.
  const byLength = [...all].sort((a, b) => b.scenario.limits.timeoutMs - a.scenario.limits.timeoutMs);
  const compiled = new Map<string, string | undefined>();
  await Promise.all([
    pool(byLength.map(({ id, scenario }) => async () => void lab.set(id, await runLab(id, scenario))), 2),
    pool(byLength.map(({ id, scenario }) => async () => void compiled.set(id, await compileExport(id, scenario))), 1),
  ]);
  await pool(byLength.map(({ id, scenario }) => async () => {
    const program = compiled.get(id);
    if (program !== undefined) exported.set(id, await runExport(id, scenario, program));
  }), 4);
}, 180_000);

afterAll(() => {
  rmSync(root, { recursive: true, force: true });
  assertNoLeaks(before);
});

/** The stderr report of a step, by process and label: errno, bytes and data, value, wait status. */
function reportsOf(lines: string[], process: string, label: string): Array<Record<string, unknown>> {
  const prefix = `[${process}] ${label}: `;
  return lines.filter((line) => line.startsWith(prefix)).map((line) => {
    const rest = line.slice(prefix.length);
    let m = /^(\d+) bytes "(.*)"$/.exec(rest);
    if (m) {
      const data = Buffer.from(m[2].replace(/\\x([0-9a-f]{2})/g, (_, h: string) => String.fromCharCode(parseInt(h, 16))).replace(/\\(.)/g, '$1'), 'latin1').toString('utf8');
      return { bytes: Number(m[1]), data };
    }
    if ((m = /^value (\S+)$/.exec(rest))) return { value: Number(m[1]) };
    if ((m = /^(\S+) exited (\d+)$/.exec(rest))) return { process: m[1], code: Number(m[2]) };
    if ((m = /^(\S+) killed by (\S+)$/.exec(rest))) return { process: m[1], signal: m[2] };
    if ((m = /\((E[A-Z0-9]+)\)$/.exec(rest))) return { errno: m[1] };
    return { unparsed: rest };
  });
}

describe('exported C programs end like the lab runs', () => {
  it.each(all.map((p) => p.id))('%s', (id) => {
    const scenario = all.find((p) => p.id === id)!.scenario;
    expect(compileErrors.get(id), 'compiles without warnings').toBeUndefined();
    const c = exported.get(id)!;
    const l = lab.get(id)!;
    const labStatus = l.status === 'deadlock' ? 'timeout' : l.status;
    expect(c.status, `run status (lab deadlock = C timeout); lab: ${JSON.stringify(l)}`).toBe(labStatus);
    expect(c.exits, 'exit status of each process').toEqual(l.exits);
    expect(c.leaked, 'leaked objects').toEqual(l.leaked);
    expect(c.logs, 'distinct log lines per process').toEqual(l.logs);
    for (const want of scenario.expect?.results ?? []) {
      const reports = reportsOf(c.stderr, want.process, want.label);
      const ok = (r: Record<string, unknown>) =>
        (want.errno === undefined || (want.errno === null ? r.errno === undefined : r.errno === want.errno))
        && (want.result === undefined || Object.entries(want.result).every(([k, v]) => r[k] === v))
        && (want.value === undefined || (typeof r.value === 'number'
          && (want.value.below === undefined || r.value < want.value.below) && (want.value.above === undefined || r.value > want.value.above)
          && (want.value.min === undefined || r.value >= want.value.min) && (want.value.max === undefined || r.value <= want.value.max)));
      // Steps that report nothing on success (a write, a send) can only be checked for errno.
      const checkable = want.errno !== undefined || want.result !== undefined || want.value !== undefined;
      if (!checkable) continue;
      if (reports.length === 0 && want.errno === null) continue;
      const selected = want.match === 'first' ? reports.slice(0, 1) : want.match === 'last' ? reports.slice(-1) : reports;
      const matched = want.match === 'every' ? selected.every(ok) : selected.some(ok);
      expect(matched, `${want.process} "${want.label}" ${JSON.stringify(want)} vs ${JSON.stringify(reports)}`).toBe(true);
    }
  });
});
