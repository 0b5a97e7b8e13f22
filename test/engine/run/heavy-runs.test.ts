// Heavy runs stay within the per-run bounds (main/engine/run/event-bounds.ts, README "Per-run
// bounds"): a 64 MiB shm.read and nested repeats that produce events as fast as they can, run by
// the real CLI engine, whose peak RSS (VmHWM) must stay under a stated ceiling while the run's
// recording stops at its bound and says so.
import { spawn } from 'node:child_process';
import { closeSync, createReadStream, mkdtempSync, openSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { EVENT_BOUNDS } from '../../../main/engine/run/event-bounds';

/** The engine's peak resident set, stated: Node itself is about 50 MB; the bounds add at most ~150. */
const RSS_CEILING_BYTES = 400 * 1024 * 1024;
/**
 * A log flood's ceiling (README "Per-run bounds"): 80 MB of console text through the engine,
 * whose live heap stays ~16 MB (4 MiB of events kept, a console tail of about one line, one
 * small batch of records at a time); the rest is garbage V8 lets pile up between collections,
 * more of it the longer each event lives. Measured by this test: 207-237 MiB before the console
 * was read a line at a time, records were handled in small batches and push batches were held
 * for nobody; 154-177 MiB since, on a loaded machine (the ceiling leaves a fifth of margin).
 */
const FLOOD_RSS_CEILING_BYTES = 210 * 1024 * 1024;

const bin = fileURLToPath(new URL('../../../main/bin/process-lab.js', import.meta.url));
const root = mkdtempSync(join(tmpdir(), 'plab-heavy-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

function peakRss(pid: number): number | undefined {
  try {
    const hwm = /^VmHWM:\s+(\d+) kB/m.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return hwm ? Number(hwm[1]) * 1024 : undefined;
  } catch {
    return undefined;
  }
}

/**
 * Runs `scenario` with the real CLI, its events to a file (the engine's memory is what is
 * measured, not a reader's pace), sampling the engine's peak RSS until it exits.
 */
async function runMeasured(name: string, scenario: object, args: string[] = []): Promise<{ code: number | null; peak: number; outputFile: string; dataDir: string }> {
  const file = join(root, `${name}.lab.json`);
  writeFileSync(file, JSON.stringify(scenario));
  const dataDir = join(root, `${name}-data`);
  const outputFile = join(root, `${name}.out`);
  const output = openSync(outputFile, 'w');
  const engine = spawn(process.execPath, [bin, 'run', file, ...args], {
    env: { ...process.env, PROCESS_LAB_DATA_DIR: dataDir, PROCESS_LAB_RUNTIME_DIR: join(root, `${name}-runtime`), NO_COLOR: '1' },
    stdio: ['ignore', output, 'inherit'],
  });
  closeSync(output);
  let peak = 0;
  const poll = setInterval(() => (peak = Math.max(peak, peakRss(engine.pid!) ?? 0)), 100);
  const code = await new Promise<number | null>((resolve) => engine.once('exit', resolve));
  clearInterval(poll);
  return { code, peak, outputFile, dataDir };
}

describe('a heavy run', () => {
  it('keeps the engine under the RSS ceiling, caps event data and the recording, and says so', async () => {
    const scenario = {
      format: 'process-lab/scenario@1', title: 'heavy',
      objects: [{ id: 'M', kind: 'shm', size: 67_108_864 }],
      processes: [{ id: 'a', program: [
        { op: 'shm.create', object: 'M' },
        { op: 'shm.attach', object: 'M' },
        { op: 'shm.read', object: 'M', offset: 0, length: 67_108_864, label: 'all of it' },
        { op: 'repeat', times: 1000, steps: [{ op: 'repeat', times: 1000, steps: [{ op: 'log', message: 'x'.repeat(200) }] }] },
      ] }],
      limits: { timeoutMs: 25_000 },
    };
    const { code, peak, outputFile, dataDir } = await runMeasured('heavy', scenario, ['--json']);
    let allOfIt: Record<string, unknown> | undefined;
    let limit = false;
    // Line by line: on a quiet machine the run writes more than the 512 MiB a string can hold.
    for await (const line of createInterface({ input: createReadStream(outputFile), crlfDelay: Infinity })) {
      if (!allOfIt && line.includes('"label":"all of it"') && line.includes('"step.end"')) allOfIt = JSON.parse(line) as Record<string, unknown>;
      if (line.includes('"type":"run.limit"')) limit = true;
    }

    expect(code).toBe(3); // the repeats outlast the timeout, by design
    expect(peak).toBeGreaterThan(0);
    console.log(`engine peak RSS ${(peak / 1048576).toFixed(0)} MiB (ceiling ${RSS_CEILING_BYTES / 1048576} MiB)`);
    expect(peak).toBeLessThan(RSS_CEILING_BYTES);
    // The 64 MiB read carries its length, a prefix and a digest, not the bytes.
    const result = allOfIt!.result as Record<string, unknown>;
    expect(result.dataLength).toBe(67_108_864);
    expect(result.dataDigest).toMatch(/^(sha256:[0-9a-f]{64}|fnv1a64:[0-9a-f]{16})$/);
    const data = result.data as string | number[];
    expect(typeof data === 'string' ? Buffer.byteLength(data) : data.length).toBeLessThanOrEqual(EVENT_BOUNDS.dataPrefixBytes);
    // The recording stopped at its bound and says so; its end is recorded all the same.
    expect(limit).toBe(true);
    const [recording] = readdirSync(join(dataDir, 'runs')).filter((n) => n.endsWith('.ndjson'));
    const size = statSync(join(dataDir, 'runs', recording)).size;
    expect(size).toBeLessThanOrEqual(EVENT_BOUNDS.maxRecordingBytes + 64 * 1024);
    const lastLines = readFileSync(join(dataDir, 'runs', recording), 'utf8').trimEnd().split('\n').slice(-2).map((l) => JSON.parse(l) as { type: string });
    expect(lastLines.map((e) => e.type)).toEqual(['run.limit', 'run.end']);
  }, 90_000);

  it('keeps the engine under the flood ceiling while a process logs 20 000 lines of 4 000 characters, and shows every line', async () => {
    const line = 'x'.repeat(4000);
    const scenario = {
      format: 'process-lab/scenario@1', title: 'log flood',
      processes: [{ id: 'a', program: [{ op: 'repeat', times: 20_000, steps: [{ op: 'log', message: line }] }] }],
      limits: { timeoutMs: 120_000 },
    };
    const { code, peak, outputFile } = await runMeasured('flood', scenario);
    expect(code).toBe(0);
    console.log(`log flood: engine peak RSS ${(peak / 1048576).toFixed(0)} MiB (ceiling ${FLOOD_RSS_CEILING_BYTES / 1048576} MiB)`);
    expect(peak).toBeGreaterThan(0);
    expect(peak).toBeLessThan(FLOOD_RSS_CEILING_BYTES);
    // Nothing was lost on the way: every line is on the text timeline, once.
    let shown = 0;
    for (const printed of readFileSync(outputFile, 'utf8').split('\n')) if (printed.endsWith(`| ${line}`)) shown++;
    expect(shown).toBe(20_000);
  }, 180_000);
});
