// `process-lab run` as a user runs it (the package's bin, a real process): exit codes, --json
// events, and a kill -9 of the engine mid-run, after which a new engine leaves nothing behind.
import { existsSync, mkdtempSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { RunManager } from '../../main/engine/runs';
import { readStat } from '../../main/engine/run/proc';
import { RunEventSchema } from '../../main/scenario/events';
import { useCliSandbox } from './cli-sandbox';
import { engineRunUntil } from '../engine/run/engine-kill';

// Whatever a failed kill -9 test left is removed the way the product does it, by its journal.
const sandbox = useCliSandbox('plab-cli-', ({ root }) => {
  new RunManager({ runsDir: join(root, 'data', 'runs'), runtimeDir: join(root, 'runtime', `process-lab-${process.getuid!()}`) }, () => {});
});
const run = (...args: string[]) => sandbox.cli(['run', ...args]);

describe('process-lab run', () => {
  it('exits 0 for a completed run and prints a readable timeline', () => {
    const result = run('master-slave');
    expect(result.status).toBe(0);
    expect(result.stdout).toContain('hello from master');
    expect(result.stdout).toContain('run completed');
  });

  it('exits 1 when a process dies (SIGPIPE) and 3 on a deadlock', () => {
    expect(run('sigpipe').status).toBe(1);
    const deadlock = run('pipe-no-eof');
    expect(deadlock.status).toBe(3);
    expect(deadlock.stdout).toContain('deadlock');
  });

  it('exits 2 on an invalid scenario, every problem on stderr with its pointer', () => {
    const file = join(sandbox.root, 'broken.lab.json');
    writeFileSync(file, JSON.stringify({ format: 'process-lab/scenario@1', title: 'x', objects: [{ id: 'M', kind: 'shm', size: 16 }], processes: [{ id: 'a', program: [{ op: 'shm.write', object: 'M', offset: 16, value: 1 }, { op: 'sleep' }] }] }));
    const result = run(file);
    expect(result.status).toBe(2);
    expect(result.stderr).toContain('/processes/0/program/0/offset');
    expect(result.stderr).toContain('/processes/0/program/1');
    writeFileSync(file, '{"format": "process-lab/scen');
    expect(run(file).status).toBe(2);
    expect(run('no-such-preset-or-file').status).toBe(2);
  });

  it('runs a preset even when the current directory holds a file or folder of its name (./NAME is the file)', () => {
    const cwd = mkdtempSync(join(sandbox.root, 'cwd-'));
    writeFileSync(join(cwd, 'zombie'), Buffer.from([0x7f, 0x45, 0x4c, 0x46, 0])); // the compiled export
    const inCwd = (...args: string[]) => sandbox.cli(['run', ...args], { cwd });
    expect(inCwd('zombie').status).toBe(0);
    const file = inCwd('./zombie');
    expect(file.status).toBe(2);
    expect(file.stderr).toContain('NUL bytes');
  });

  it('prints the spec events with --json, one per line, run.start first and run.end last', () => {
    const result = run('zombie', '--json');
    expect(result.status).toBe(0);
    const events = result.stdout.trim().split('\n').map((line) => RunEventSchema.parse(JSON.parse(line)));
    expect(events[0].type).toBe('run.start');
    expect(events.at(-1)!.type).toBe('run.end');
  });
});

describe('a kill -9 of the engine mid-run', () => {
  it('leaves nothing behind once an engine starts again', async () => {
    const file = join(sandbox.root, 'long.lab.json');
    writeFileSync(file, JSON.stringify({
      format: 'process-lab/scenario@1',
      title: 'long',
      objects: [{ id: 'M', kind: 'shm', size: 64 }, { id: 'Q', kind: 'mailbox' }, { id: 'S', kind: 'semaphore' }, { id: 'F', kind: 'fifo' }],
      processes: [
        { id: 'a', program: [{ op: 'shm.create', object: 'M' }, { op: 'mailbox.create', object: 'Q' }, { op: 'sem.create', object: 'S' }, { op: 'fifo.create', object: 'F' }, { op: 'spawn', process: 'b' }, { op: 'sleep', ms: 60_000 }] },
        { id: 'b', parent: 'a', program: [{ op: 'log', message: 'b is up' }, { op: 'sleep', ms: 60_000 }] },
      ],
    }));
    // Until b has started (its log line): both processes and all four objects exist.
    const { engine, events } = await engineRunUntil(file, sandbox.env, (seen) => seen.some((e) => e.type === 'process.output' && e.text.includes('b is up')));
    const pids = events.filter((e) => e.type === 'process.start').map((e) => (e as { pid: number }).pid);
    expect(pids).toHaveLength(2);
    engine.kill('SIGKILL');
    await new Promise((resolve) => engine.once('exit', resolve));

    // The same directories the killed CLI used (main/engine/paths.ts: a per-user runtime dir).
    const runtimeDir = join(sandbox.root, 'runtime', `process-lab-${process.getuid!()}`);
    const report = new RunManager({ runsDir: join(sandbox.root, 'data', 'runs'), runtimeDir }, () => {}).leftovers;
    expect(report).toHaveLength(1);
    const removed = report[0].removed.join('\n');
    for (const object of ['M', 'Q', 'S', 'F', 'inbox of a', 'inbox of b']) expect(removed).toContain(object);
    // The root died with the engine (PR_SET_PDEATHSIG); the orphaned child was killed now.
    const deadline = Date.now() + 10_000;
    while (pids.some((pid) => readStat(pid) && readStat(pid)!.state !== 'Z') && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
    for (const pid of pids) expect(readStat(pid)?.state ?? 'gone').toMatch(/gone|Z/);
    expect(readdirSync(runtimeDir).filter((d) => d.startsWith('run-'))).toEqual([]);
    expect(existsSync(join(sandbox.root, 'data', 'runs'))).toBe(true);
  }, 60_000);
});

describe('process-lab validate', () => {
  it('exits 0 for a valid file and 2 listing every problem', () => {
    const validate = (file: string) => sandbox.cli(['validate', file]);
    const good = join(sandbox.root, 'good.lab.json');
    writeFileSync(good, JSON.stringify({ format: 'process-lab/scenario@1', title: 'ok', processes: [{ id: 'a', program: [{ op: 'log', message: 'hi' }] }] }));
    expect(validate(good).status).toBe(0);
    const bad = join(sandbox.root, 'bad.lab.json');
    writeFileSync(bad, JSON.stringify({ format: 'process-lab/scenario@1', title: 'bad', processes: [{ id: 'a', program: [{ op: 'wait', process: 'ghost' }, { op: 'sleep', ms: -1 }, { op: 'signal.send', to: 'nobody', signal: 'SIGUSR1' }] }] }));
    const result = validate(bad);
    expect(result.status).toBe(2);
    expect(result.stderr.split('\n').filter((l) => l.startsWith('error')).length).toBeGreaterThanOrEqual(3);
  });

  it('counts warnings in words: "1 warning", "2 warnings"', () => {
    const file = join(sandbox.root, 'warned.lab.json');
    const withWaits = (n: number) => JSON.stringify({ format: 'process-lab/scenario@1', title: 'w', processes: [{ id: 'a', program: Array.from({ length: n }, () => ({ op: 'wait' })) }] });
    writeFileSync(file, withWaits(1));
    const one = sandbox.cli(['validate', file]);
    expect(one.status).toBe(0);
    expect(one.stdout).toContain(`${file}: valid (1 warning).`);
    writeFileSync(file, withWaits(2));
    expect(sandbox.cli(['validate', file]).stdout).toContain(`${file}: valid (2 warnings).`);
  });
});
