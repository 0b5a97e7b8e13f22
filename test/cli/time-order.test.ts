// The text timeline in time order (fresh-user finding: `process-lab run <preset>` printed lines of
// several processes out of time order). The ordering stage alone: held until the run has read
// every process up to an event's time, ties in their order of arrival, bounded, flushed by
// run.end, released by its timer when the run goes quiet. Then real runs through the CLI: every
// timed line of busy and quiet presets at or after the one before it (before: 1 to 148 lines
// back by up to 1.1 s in these presets).
import { describe, expect, it } from 'vitest';
import { TimeOrder } from '../../main/cli/time-order';
import type { RunEvent } from '../../main/scenario/events';
import { useCliSandbox } from './cli-sandbox';

const sandbox = useCliSandbox('plab-time-order-');

const line = (t: number, process: string, text = 'x'): RunEvent => ({ t, type: 'process.output', process, pid: 1, stream: 'stdout', text });
const label = (events: RunEvent[]) => events.map((e) => `${e.t}${'process' in e ? e.process : ''}`);

describe('the time order of the text timeline', () => {
  it('holds each event until every process is read up to its time, then gives them in time order, ties as they came', () => {
    let readUpTo = 0;
    const order = new TimeOrder(() => readUpTo, () => {});
    // Process a was read up to 30, b only up to 10: b's 20 may still come.
    expect(order.push(line(10, 'a'))).toEqual([]);
    expect(order.push(line(30, 'a'))).toEqual([]);
    expect(order.push(line(10, 'b'))).toEqual([]);
    readUpTo = 20;
    expect(label(order.push(line(20, 'b')))).toEqual(['10a', '10b', '20b']);
    readUpTo = 25;
    expect(order.push(line(25, 'b'))).toHaveLength(1);
    // run.end is the run's last event: everything goes, in order.
    expect(label(order.push({ t: 40, type: 'run.end', status: 'completed', leaked: [], durationNs: 40 }))).toEqual(['30a', '40']);
  });

  it('holds a bounded amount: the earliest go first when more come', () => {
    const order = new TimeOrder(() => -1, () => {});
    const text = 'y'.repeat(64 * 1024);
    let released = 0;
    let lastT = -1;
    for (let t = 0; t < 200; t++) {
      for (const event of order.push(line(t, 'a', text))) {
        expect(event.t).toBeGreaterThan(lastT);
        lastT = event.t;
        released++;
      }
    }
    // 200 x 64 KiB pushed; at most 4 MiB (64 events) wait.
    expect(released).toBeGreaterThanOrEqual(200 - 65);
    expect(order.flush()).toHaveLength(200 - released);
  });

  it('releases what became due while the run is quiet, without a push', async () => {
    let readUpTo = 0;
    const released = new Promise<RunEvent[]>((resolve) => {
      const order = new TimeOrder(() => readUpTo, resolve);
      expect(order.push(line(5, 'a'))).toEqual([]);
    });
    readUpTo = 5;
    expect(label(await released)).toEqual(['5a']);
  });

  it('prints real runs of busy and quiet presets with every timed line at or after the one before', () => {
    for (const preset of ['shared-counter-race', 'bounded-buffer', 'sigpipe', 'fifo-unrelated', 'master-slave']) {
      const result = sandbox.cli(['run', preset], { timeoutMs: 120_000 });
      expect(result.stderr, preset).not.toMatch(/Error|failed while/);
      const times = result.stdout.split('\n').map((l) => /^\s*(\d+\.\d+) ms /.exec(l)).filter((m) => m !== null).map((m) => Number(m[1]));
      expect(times.length, preset).toBeGreaterThan(10);
      const back = times.flatMap((t, i) => (i > 0 && t < times[i - 1] ? [`${times[i - 1]} then ${t}`] : []));
      expect(back, `${preset}: lines earlier than the line before them`).toEqual([]);
    }
  }, 300_000);
});
