// What `validate` and `run` are given instead of a scenario file: refused with exit 2 before a
// byte is read (/dev/zero would never end, a FIFO would block forever), and the two commands
// agree on every limit: a document at exactly the limit passes both, one byte more fails both.
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { readScenarioFile } from '../../main/cli/scenario-file';
import { LIMITS } from '../../main/scenario/limits';

const bin = fileURLToPath(new URL('../../main/bin/process-lab.js', import.meta.url));
const root = mkdtempSync(join(tmpdir(), 'plab-file-'));
const env = { ...process.env, PROCESS_LAB_DATA_DIR: join(root, 'data'), PROCESS_LAB_RUNTIME_DIR: join(root, 'runtime'), NO_COLOR: '1' };
afterAll(() => rmSync(root, { recursive: true, force: true }));

const cli = (...args: string[]) => spawnSync(process.execPath, [bin, ...args], { encoding: 'utf8', env, timeout: 30_000, maxBuffer: 64 * 1024 * 1024 });

describe('scenario files that are not regular files', () => {
  const fifo = join(root, 'pipe.lab.json');
  spawnSync('mkfifo', [fifo]);
  const dir = join(root, 'dir.lab.json');
  mkdirSync(dir);
  const cases: Array<[string, string, RegExp]> = [
    ['/dev/zero', '/dev/zero', /\/dev\/zero is a device, not a scenario file/],
    ['a FIFO', fifo, /is a FIFO \(named pipe\), not a scenario file/],
    ['a directory', dir, /is a directory, not a scenario file/],
  ];
  for (const [what, path, message] of cases) {
    for (const command of ['validate', 'run'] as const) {
      it(`${what} given to ${command}: exit 2 at once, one sentence`, () => {
        const result = cli(command, path);
        expect(result.status).toBe(2);
        expect(result.stderr).toMatch(message);
      });
    }
  }
});

describe('the size limit', () => {
  const doc = JSON.stringify({ format: 'process-lab/scenario@1', title: 'big', processes: [{ id: 'a', program: [{ op: 'log', message: 'hi' }] }] });
  const exact = join(root, 'exact.lab.json');
  writeFileSync(exact, doc + ' '.repeat(LIMITS.maxDocumentBytes - doc.length));
  const over = join(root, 'over.lab.json');
  writeFileSync(over, doc + ' '.repeat(LIMITS.maxDocumentBytes - doc.length + 1));

  it('a document of exactly the limit passes validate and runs', () => {
    expect(cli('validate', exact).status).toBe(0);
    expect(cli('run', exact).status).toBe(0);
  });

  it('one byte more fails both with exit 2, without reading it', () => {
    for (const command of ['validate', 'run']) {
      const result = cli(command, over);
      expect(result.status).toBe(2);
      expect(result.stderr).toContain(`is ${LIMITS.maxDocumentBytes + 1} bytes (4.0 MiB); a scenario is at most 4 MiB.`);
    }
  });

  it('a near-limit document of 2000 steps that validates also runs (run validates once, as validate does)', () => {
    const steps = Array.from({ length: 1999 }, () => ({ op: 'log', message: 'm'.repeat(2040) }));
    const text = JSON.stringify({ format: 'process-lab/scenario@1', title: 'near', processes: [{ id: 'a', program: [...steps, { op: 'exit', code: 0 }] }] });
    expect(text.length).toBeLessThan(LIMITS.maxDocumentBytes);
    const file = join(root, 'near.lab.json');
    writeFileSync(file, text);
    expect(cli('validate', file).status).toBe(0);
    expect(cli('run', file, '--json').status).toBe(0);
  });
});

/** Bytes this thread has read (read(2) and the like) so far: /proc/thread-self/io's rchar. */
const bytesRead = () => Number(/^rchar: (\d+)$/m.exec(readFileSync('/proc/thread-self/io', 'utf8'))![1]);
/** What reading the counter itself adds (its own text, ~110 bytes), with room to spare. */
const COUNTER_BYTES = 1024;

// Counted, not timed: the bytes the reading thread took, from the kernel's own counter.
// Skips where /proc/thread-self/io is missing (not Linux): the bytes read are counted there.
describe.skipIf(!statSync('/proc/thread-self/io', { throwIfNoEntry: false }))('reading a file that changed after its stat', () => {
  const small = join(root, 'small.lab.json');
  writeFileSync(small, '{}');
  const stale = statSync(small); // what the stat said, before the path became something else

  it('stops at the limit + 1 byte when the path became a bigger file', () => {
    const big = join(root, 'grown.lab.json');
    writeFileSync(big, Buffer.alloc(16 * 1024 * 1024, 0x20));
    const before = bytesRead();
    const read = readScenarioFile(big, stale);
    const taken = bytesRead() - before;
    expect(read.ok).toBe(false);
    expect(read.ok ? '' : read.problem.message).toContain('a scenario is at most 4 MiB.');
    expect(taken).toBeGreaterThanOrEqual(LIMITS.maxDocumentBytes + 1);
    expect(taken).toBeLessThan(LIMITS.maxDocumentBytes + 1 + COUNTER_BYTES); // not the 16 MiB
  });

  it('reads nothing when the path became a device', () => {
    const before = bytesRead();
    const read = readScenarioFile('/dev/zero', stale);
    expect(bytesRead() - before).toBeLessThan(COUNTER_BYTES);
    expect(read.ok ? '' : read.problem.message).toContain('is a device');
  });
});
