// A scenario with hosts exported as C (issue 20, item 5): the program and its hosts script
// (unshare + ip, no root), compiled with -Werror and run through the script for real, end like
// the lab's run: on host B the segment, the FIFO and the queue of host A are ENOENT, the pipe
// EBADF, and TCP to 10.0.0.1 carries b's bytes to a. The one documented difference: a direct
// message to a process of the other host is EINVAL in C (no queue id) where the lab says ENOENT.
// Nothing is left: the namespaces go with their last process.
import { execFileSync, spawnSync } from 'node:child_process';
import { chmodSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { exportScenarioAsC } from '../../main/export-c/generator';
import { describeCall } from '../../main/ops/call-text';
import { presetById } from '../../main/presets';
import { ScenarioSchema } from '../../main/scenario/schema';
import { assertNoLeaks, snapshot, type SystemSnapshot } from '../helpers/leaks';

let root: string;
let before: SystemSnapshot;
beforeAll(() => {
  before = snapshot();
  root = mkdtempSync(join(tmpdir(), 'plab-export-hosts-'));
  chmodSync(root, 0o755); // uid 65534 runs the program from here
});
afterAll(() => {
  rmSync(root, { recursive: true, force: true });
  assertNoLeaks(before);
});

const scenario = ScenarioSchema.parse(presetById('two-hosts')!.scenario);
const shmFromB = () => scenario.processes.find((p) => p.id === 'b')!.program.find((s) => s.label === 'shm from B')!;

/** Compiles the program and writes its script; each test below runs them through the script. */
function build(): { program: string; script: string } {
  const exported = exportScenarioAsC(scenario);
  expect(exported.hostsScript).toBeDefined();
  expect(exported.code).toContain(exported.hostsScript!.split('\n')[1].trim()); // the script is in the header comment too
  const source = join(root, 'two.c');
  writeFileSync(source, exported.code);
  writeFileSync(join(root, 'two.hosts.sh'), exported.hostsScript!);
  execFileSync('cc', ['-Wall', '-Wextra', '-Werror', '-o', join(root, 'two'), source, '-lrt', '-pthread']);
  chmodSync(join(root, 'two'), 0o755);
  return { program: join(root, 'two'), script: join(root, 'two.hosts.sh') };
}

function runThroughScript(script: string, program: string, asNobody: boolean) {
  const console = mkdtempSync(join(root, 'console-'));
  chmodSync(console, 0o777);
  const command = ['sh', script, program];
  const argv = asNobody ? ['setpriv', '--reuid=65534', '--regid=65534', '--clear-groups', ...command] : command;
  const result = spawnSync(argv[0], argv.slice(1), { env: { ...process.env, PLAB_CONSOLE_DIR: console }, encoding: 'utf8', timeout: 30_000 });
  return { ...result, console };
}

describe('the two-hosts preset exported as C', () => {
  let built: { program: string; script: string };
  beforeAll(() => {
    built = build();
  });

  it.each([false, ...(process.getuid!() === 0 ? [true] : [])])('runs on its two hosts like the lab run (as uid 65534: %s)', (asNobody) => {
    const { status, stdout, stderr } = runThroughScript(built.script, built.program, asNobody);
    expect(status, stderr).toBe(0);
    // One copy per host: each starts only its own processes.
    expect(stdout.split('\n').filter((l) => l.startsWith('#exit')).sort()).toEqual(['#exit a code 0', '#exit b code 0']);
    expect(stdout.split('\n').filter((l) => l.startsWith('#end'))).toEqual(['#end completed', '#end completed']);
    const report = (label: string) => stderr.split('\n').find((l) => l.startsWith(`[b] ${label}: `));
    // The call that failed is named as the lab's call text names it first: shmget, not shmat.
    expect(report('shm from B')).toMatch(/: shmget: .*\(ENOENT\)$/);
    expect(describeCall(shmFromB(), { objects: scenario.objects })).toMatch(/^shmget\(/);
    expect(report('FIFO from B')).toMatch(/\(ENOENT\)$/);
    expect(report('queue from B')).toMatch(/\(ENOENT\)$/);
    expect(report('inbox of a from B')).toMatch(/\(EINVAL\)$/); // the lab: ENOENT (see the program's header)
    expect(report('pipe from B')).toMatch(/\(EBADF\)$/);
    expect(report('TCP from B')).toBeUndefined(); // it worked: a successful connect reports nothing
    expect(stderr).toContain('[a] TCP on A: 14 bytes "hello over TCP"');
  });

  it('says how it differs from the lab, and refuses to start without a host', () => {
    const { differences } = exportScenarioAsC(ScenarioSchema.parse(presetById('two-hosts')!.scenario));
    expect(differences.some((d) => d.startsWith('Direct messages to a process on the other host') && d.includes('EINVAL'))).toBe(true);
    expect(readFileSync(join(root, 'two.c'), 'utf8')).toContain('Direct messages to a process on the other');
    const run = spawnSync(built.program, [], { encoding: 'utf8' });
    expect(run.status).toBe(2);
    expect(run.stderr).toMatch(/usage: .* HOST \(A or B\); run it through its hosts script/);
  });
});
