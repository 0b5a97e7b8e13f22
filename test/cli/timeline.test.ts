// A shared .lab.json must not drive the terminal: the timeline shows control characters escaped.
import { describe, expect, it } from 'vitest';
import { formatEvent, makePainter } from '../../main/cli/timeline';
import { escapeControls } from '../../main/scenario/display-text';

const plain = makePainter(false);
// ESC, BEL, CSI (C1), a carriage return, DEL and a right-to-left override.
const hostile = 'x\u001b]0;owned\u0007\u001b[2J\u009b31m\rhidden\u007f\u202e';

describe('the text timeline', () => {
  it('escapes C0, C1, DEL and bidirectional controls, keeping tabs and newlines', () => {
    expect(escapeControls(hostile)).toBe('x\\x1b]0;owned\\x07\\x1b[2J\\x9b31m\\x0dhidden\\x7f\\u202e');
    expect(escapeControls('a\tb\nc')).toBe('a\tb\nc');
  });

  it('prints titles, log lines, labels and results with no raw control character', () => {
    const lines = [
      formatEvent({ t: 0, type: 'run.start', title: hostile, runId: 'r' }, plain),
      formatEvent({ t: 1, type: 'process.output', process: 'a', pid: 10, stream: 'stdout', text: `${hostile}\nsecond ${hostile}\n` }, plain),
      formatEvent({ t: 2, type: 'step.end', process: 'a', pid: 10, index: [0], op: 'log', label: hostile, result: { data: hostile }, durationNs: 5 }, plain),
      formatEvent({ t: 3, type: 'deadlock', processes: [{ process: 'a', why: hostile }] }, plain),
    ].join('\n');
    // eslint-disable-next-line no-control-regex
    expect(lines).not.toMatch(/[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u202e]/);
    expect(lines).toContain('x\\x1b]0;owned\\x07');
    expect(lines.split('\n').filter((l) => l.includes('| '))).toHaveLength(2);
  });

  it('says when a signal went to a process group or carried a sigqueue value', () => {
    const sent = { t: 5, type: 'signal.sent', process: 'a', pid: 10, from: 'a', to: 'b', toPid: 11, signal: 'SIGRTMIN+1' } as const;
    expect(formatEvent({ ...sent, value: -3 }, plain)).toMatch(/a {2}sent SIGRTMIN\+1 to b \(sigqueue value -3\)$/);
    expect(formatEvent({ ...sent, signal: 'SIGTERM', group: true }, plain)).toMatch(/a {2}sent SIGTERM to the process group of b$/);
    expect(formatEvent(sent, plain)).toMatch(/a {2}sent SIGRTMIN\+1 to b$/);
  });
});
