// The CLI's run output at the reader's pace (main/cli/run-output.ts): a real run of many steps
// written to a stream that does not drain until the run has ended holds at most the bound in
// the stream, then every event, in order, once the reader reads; a reader that goes away
// (EPIPE) stops the run and ends the CLI without a crash.
import { spawn } from 'node:child_process';
import { Writable } from 'node:stream';
import { afterAll, describe, expect, it } from 'vitest';
import { writeRunOutput } from '../../main/cli/run-output';
import { RunEventSchema, type RunEvent } from '../../main/scenario/events';
import { scenario, testEngine } from '../engine/helpers';
import { bin, useCliSandbox } from './cli-sandbox';

const sandbox = useCliSandbox('plab-cli-output-');
const engine = testEngine();
afterAll(() => engine.dispose());

/** The writer's bound on bytes waiting in the stream (run-output.ts), plus one event line. */
const QUEUE_CEILING = 4 * 1024 * 1024 + 64 * 1024;

/** A stream whose reader takes nothing until `open()`; it records the largest backlog it held. */
function heldStream() {
  const chunks: string[] = [];
  let release: (() => void) | undefined;
  let opened = false;
  let largest = 0;
  const stream = new Writable({
    highWaterMark: 16 * 1024,
    write(chunk: Buffer, _encoding, callback) {
      chunks.push(chunk.toString());
      largest = Math.max(largest, stream.writableLength);
      if (opened) callback();
      else release = callback;
    },
  });
  return {
    stream,
    chunks,
    largest: () => Math.max(largest, stream.writableLength),
    open() {
      opened = true;
      release?.();
    },
  };
}

const manySteps = (times: number, text: string) =>
  scenario([{ id: 'a', program: [{ op: 'repeat', times, steps: [{ op: 'log', message: text }] }] }]);

describe('run output at the reader\'s pace', () => {
  it('holds at most the bound while nobody reads, then writes every event in order', async () => {
    const held = heldStream();
    // About 15 000 events, 16 MB of text: several times the bound, well under the recording's cap.
    const run = engine.manager.start(manySteps(5000, 'z'.repeat(3000)));
    const output = writeRunOutput(engine.manager, run, held.stream, (event) => JSON.stringify(event), () => undefined);
    let largestDuringRun = 0;
    const sample = run.onEvent(() => (largestDuringRun = Math.max(largestDuringRun, held.largest())));
    expect(await run.finished).toBe('completed');
    sample();
    const total = run.eventExtent().total;
    expect(total).toBeGreaterThan(15_000);
    expect(largestDuringRun).toBeGreaterThan(0);
    expect(largestDuringRun).toBeLessThanOrEqual(QUEUE_CEILING);
    held.open();
    await output.done;
    expect(held.largest()).toBeLessThanOrEqual(QUEUE_CEILING);
    const text = held.chunks.join('');
    // Written as they came, the events would have queued several times the bound.
    expect(Buffer.byteLength(text)).toBeGreaterThan(2 * QUEUE_CEILING);
    const written = text.trimEnd().split('\n').map((line) => RunEventSchema.parse(JSON.parse(line)) as RunEvent);
    const recorded: RunEvent[] = [];
    for (let from = 0, done = false; !done; ) {
      const page = await engine.manager.events(run.runId, from, 10_000);
      recorded.push(...page.events);
      ({ next: from, done } = page);
    }
    expect(written.length).toBe(total);
    expect(written).toEqual(recorded);
    expect(written[0].type).toBe('run.start');
    expect(written.at(-1)!.type).toBe('run.end');
  }, 60_000);

  it('writes the events a run emitted before the writer listened, then the rest live', async () => {
    const held = heldStream();
    held.open();
    const run = engine.manager.start(manySteps(3, 'hi'));
    const output = writeRunOutput(engine.manager, run, held.stream, (event) => (event.type === 'step.begin' ? undefined : event.type), () => undefined);
    await run.finished;
    await output.done;
    const types = held.chunks.join('').trimEnd().split('\n');
    expect(types[0]).toBe('run.start');
    expect(types.at(-1)).toBe('run.end');
    expect(types).not.toContain('step.begin');
    expect(types.filter((t) => t === 'step.end')).toHaveLength(4); // the repeat and its three logs
  });
});

/**
 * Runs `process-lab ARGS` into a pipe whose reader takes the first chunk of output, then closes
 * its end (later writes get EPIPE). Resolves with the CLI's exit code and what it wrote to stderr.
 */
async function runThenCloseReader(args: string[]): Promise<{ code: number | null; stderr: string }> {
  const child = spawn(process.execPath, [bin, ...args], { env: sandbox.env, stdio: ['ignore', 'pipe', 'pipe'] });
  let stderr = '';
  child.stderr.on('data', (chunk) => (stderr += chunk));
  const exited = new Promise<number | null>((resolve) => child.once('exit', resolve));
  await new Promise<void>((resolve) => child.stdout.once('data', () => resolve()));
  child.stdout.destroy();
  return { code: await exited, stderr };
}

describe('process-lab run into a pipe whose reader goes away', () => {
  it('--json: stops the run (exit 1), prints no crash, and leaves nothing behind', async () => {
    const { code, stderr } = await runThenCloseReader(['run', 'pipe-no-eof', '--json']); // read: the run.start line
    expect(stderr).not.toMatch(/EPIPE|Unhandled|throw er/);
    expect(code).toBe(1); // stopped: the run ended early, its processes and objects cleaned up
  }, 60_000);

  it('--repeat: stops the run under way (exit 1), prints no crash, and starts no other', async () => {
    const { code, stderr } = await runThenCloseReader(['run', 'shared-counter-race', '--repeat', '5']); // read: 'run 1/5: ...'
    expect(stderr).not.toMatch(/EPIPE|Unhandled|throw er/);
    expect(code).toBe(1); // the file's leak check (cli-sandbox) finds nothing of its runs left
  }, 120_000);
});
