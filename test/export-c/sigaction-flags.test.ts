// A handler is installed the way its call text says: the lab process's sigaction (op_signal.cc)
// and the exported C's both use sa_sigaction with SA_SIGINFO, plus SA_RESTART and SA_NODEFER when
// the step asks; the step.begin of a real run, the editor's call text and the exported program's
// line agree on every flag. The exported program is compiled and run (-Wall -Wextra -Werror).
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { exportScenarioAsC } from '../../main/export-c/generator';
import { describeCall } from '../../main/ops/call-text';
import { ScenarioSchema } from '../../main/scenario/schema';
import { runAsC } from '../helpers/c-export';
import { fileEngine } from '../helpers/file-engine';
import { ofType, runToEnd, scenario } from '../engine/helpers';

const engine = fileEngine();

const log = (message: string) => ({ op: 'log', message });
// Four async-signal-safe handlers (run inside the C handler in both) and one whose sleep is not
// (the exporter runs its steps from the main flow; its real handler only notes the signal).
const doc = scenario([{ id: 'a', program: [
  { op: 'signal.handle', signal: 'SIGUSR1', action: 'handler', steps: [log('usr1')], label: 'plain' },
  { op: 'signal.handle', signal: 'SIGUSR2', action: 'handler', restart: true, steps: [log('usr2')], label: 'restart' },
  { op: 'signal.handle', signal: 'SIGHUP', action: 'handler', nodefer: true, steps: [log('hup')], label: 'nodefer' },
  { op: 'signal.handle', signal: 'SIGALRM', action: 'handler', restart: true, nodefer: true, steps: [log('alrm')], label: 'both' },
  { op: 'signal.handle', signal: 'SIGTERM', action: 'handler', steps: [{ op: 'sleep', ms: 1 }], label: 'deferred' },
  { op: 'signal.handle', signal: 'SIGPIPE', action: 'ignore', label: 'ignore' },
  { op: 'signal.raise', signal: 'SIGUSR1' }, { op: 'signal.raise', signal: 'SIGUSR2' },
  { op: 'signal.raise', signal: 'SIGHUP' }, { op: 'signal.raise', signal: 'SIGALRM' },
] }]);

/** `.sa_sigaction = NAME, .sa_flags = A|B` (or `.sa_handler = NAME`) of a sigaction text. */
function installed(text: string): { field: string; flags: string[] } {
  const m = /\.(sa_handler|sa_sigaction) = [\w]+(?:, \.sa_flags = ([A-Z_| ]+))?/.exec(text);
  expect(m, text).not.toBeNull();
  return { field: m![1], flags: (m![2] ?? '').split('|').map((f) => f.trim()).filter(Boolean) };
}

describe('signal.handle installs what its call text says', () => {
  it('the lab process installs its handler with sa_sigaction and SA_SIGINFO (op_signal.cc)', () => {
    const source = readFileSync(fileURLToPath(new URL('../../native/src/lab/op_signal.cc', import.meta.url)), 'utf8');
    expect(source).toContain('sa.sa_sigaction = OnSignal;');
    expect(source).toMatch(/sa\.sa_flags = SA_SIGINFO \| \(\(in\.flags & F_RESTART\) \? SA_RESTART : 0\) \| \(\(in\.flags & F_NODEFER\) \? SA_NODEFER : 0\);/);
  });

  it('a real run, the editor and the exported C show the same sigaction for every handler', async () => {
    const outcome = await runToEnd(engine, doc);
    expect(outcome.status).toBe('completed');
    const begins = ofType(outcome.events, 'step.begin').filter((e) => e.op === 'signal.handle');
    const byLabel = Object.fromEntries(begins.map((e) => [e.label, e.call]));
    const expected: Record<string, string[]> = {
      plain: ['SA_SIGINFO'], restart: ['SA_SIGINFO', 'SA_RESTART'], nodefer: ['SA_SIGINFO', 'SA_NODEFER'],
      both: ['SA_SIGINFO', 'SA_RESTART', 'SA_NODEFER'], deferred: ['SA_SIGINFO'],
    };
    const parsed = ScenarioSchema.parse(doc);
    const { code } = exportScenarioAsC(parsed);
    const lines = code.split('\n');
    for (const [label, flags] of Object.entries(expected)) {
      expect(installed(byLabel[label]), label).toEqual({ field: 'sa_sigaction', flags });
      const step = parsed.processes[0].program.find((s) => s.label === label)!;
      expect(describeCall(step, { objects: parsed.objects })).toBe(byLabel[label]);
      // The exported block of this step: its comment shows the call text, its sigaction the same.
      const at = lines.findIndex((line) => line.includes(`"${label}": signal.handle: `));
      expect(lines[at]).toContain(byLabel[label]);
      const line = lines.slice(at).find((l) => l.includes('struct sigaction sa = '))!;
      // The deferred handler's real handler is note_signal, without SA_RESTART by design (the
      // call must return for its steps to run); its flags otherwise are the lab's.
      expect(installed(line), label).toEqual({ field: 'sa_sigaction', flags });
    }
    expect(installed(byLabel.ignore)).toEqual({ field: 'sa_handler', flags: [] });
    const c = runAsC(doc);
    expect(c.status).toBe('completed');
    expect(c.console.a?.split('\n').filter(Boolean)).toEqual(['usr1', 'usr2', 'hup', 'alrm']);
  });
});
