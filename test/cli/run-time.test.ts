// `process-lab run --slow MS` and `--break PROC:STEP` as a user runs them (the package's bin).
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { RunEvent } from '../../main/scenario/events';
import { useCliSandbox } from './cli-sandbox';

const sandbox = useCliSandbox('plab-cli-time-');
const run = (input: string, ...args: string[]) => sandbox.cli(['run', ...args], { input });
const events = (stdout: string) => stdout.trim().split('\n').map((line) => JSON.parse(line) as RunEvent);

describe('process-lab run --slow', () => {
  it('holds every step at its gate for MS (read from the events\' timestamps)', () => {
    const result = run('', 'sigsegv-handler', '--slow', '150', '--json');
    expect(result.status).toBe(1);
    const list = events(result.stdout);
    const waits = list.filter((e) => e.type === 'gate.wait');
    const passes = list.filter((e) => e.type === 'gate.pass');
    expect(waits.length).toBe(5); // signal.handle, log, fault, and the handler's log and exit
    waits.forEach((wait, i) => expect(passes[i].t - wait.t).toBeGreaterThanOrEqual(150e6));
    expect(list[list.length - 1]).toMatchObject({ type: 'run.end', status: 'failed', asExpected: true });
  });

  it('never turns a preset into a timeout: master/slave slowed past its timeout ends as expected, leaving nothing', () => {
    const result = run('', 'master-slave', '--slow', '500', '--timeout', '1500');
    expect(result.stderr + result.stdout).not.toMatch(/timed out|killed by SIGKILL|✗/);
    expect(result.stdout).toContain('leaked: nothing, as expected');
    expect(result.stdout).toContain('run completed, as expected');
    expect(result.status).toBe(0);
  });

  it('refuses a speed it cannot understand', () => {
    const result = run('', 'master-slave', '--slow', 'fast');
    expect(result.status).toBe(2);
    expect(result.stderr).toContain('--slow must be 0..60000');
  });
});

describe('process-lab run --break', () => {
  it('stops the slave before its write until Enter', () => {
    const result = run('\n', 'master-slave', '--break', 'slave:4');
    expect(result.status).toBe(0);
    const lines = result.stdout.split('\n');
    const stopped = lines.findIndex((l) => l.includes('slave stopped before its step 4 (shm.write "write reply")'));
    const read = lines.findIndex((l) => l.includes('"read message"'));
    const write = lines.findIndex((l) => l.includes('"write reply"') && l.includes('->'));
    expect(stopped).toBeGreaterThan(read);
    expect(write).toBeGreaterThan(stopped);
  });

  it('records the stop, and the step is not made before it (--json: the prompt on stderr, stdout stays NDJSON)', () => {
    const result = run('\n', 'master-slave', '--break', 'slave:4', '--json');
    expect(result.stderr).toMatch(/^process-lab: slave stopped before its step 4 \(shm\.write "write reply"\): (press Enter|stdin has ended)/m);
    const list = events(result.stdout);
    const hit = list.findIndex((e) => e.type === 'breakpoint.hit');
    expect(list[hit]).toMatchObject({ process: 'slave', index: [3] });
    const write = list.findIndex((e) => e.type === 'step.begin' && e.process === 'slave' && e.index[0] === 3);
    expect(write).toBeGreaterThan(hit);
  });

  it('stops every run of --repeat there too (one prompt per run, on stderr)', () => {
    const result = run('\n', 'master-slave', '--break', 'slave:4', '--repeat', '2', '--json');
    expect(result.status).toBe(0);
    const stops = result.stderr.split('\n').filter((l) => l.includes('slave stopped before its step 4'));
    expect(stops.map((l) => l.slice(0, 'process-lab: run 1:'.length))).toEqual(['process-lab: run 1:', 'process-lab: run 2:']);
    const lines = result.stdout.trim().split('\n').map((line) => JSON.parse(line));
    expect(lines.slice(0, 2).map((l) => l.status)).toEqual(['completed', 'completed']);
  });

  it('says once a run, not at every turn of a loop, that stdin has ended and the stops go on', () => {
    const dir = mkdtempSync(join(tmpdir(), 'plab-loop-'));
    const file = join(dir, 'loop.lab.json');
    writeFileSync(file, JSON.stringify({
      format: 'process-lab/scenario@1', title: 'a loop', objects: [],
      processes: [{ id: 'A', program: [{ op: 'repeat', times: 6, steps: [{ op: 'log', message: 'turn' }] }] }],
    }));
    const result = run('', file, '--break', 'A:1.1', '--json');
    rmSync(dir, { recursive: true, force: true });
    expect(result.status).toBe(0);
    const stops = result.stderr.split('\n').filter((l) => l.includes('A stopped before its step 1.1'));
    expect(stops).toHaveLength(1);
    expect(stops[0]).toContain('stdin has ended, so it goes on');
    const hits = events(result.stdout).filter((e) => e.type === 'breakpoint.hit');
    expect(hits).toHaveLength(6); // the loop did stop there at every turn
  });

  it('refuses a step that does not exist', () => {
    const result = run('', 'master-slave', '--break', 'slave:9');
    expect(result.status).toBe(2);
    expect(result.stderr).toContain('slave has no step 9');
  });
});
