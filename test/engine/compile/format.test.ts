// The compiler and the lab process agree on the program format: the executable prints its
// opcode list (native/src/lab/program.h, the one definition) and the compiler's mirror matches.
import { execFileSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { compileProgram } from '../../../main/engine/compile/compiler';
import { INSTR_BYTES, OPCODES } from '../../../main/engine/compile/format';
import { labProcessPath } from '../../../main/engine/run/native-runtime';
import { addon } from '../../../main/native/addon';
import { validateScenario } from '../../../main/scenario';
import type { Scenario } from '../../../main/scenario/schema';

function parseScenario(value: unknown): Scenario {
  const result = validateScenario(value);
  if (!result.ok) throw new Error(JSON.stringify(result.problems));
  return result.scenario;
}

describe('the lab program format', () => {
  it('numbers every op as native/src/lab/program.h does', () => {
    const printed = execFileSync(labProcessPath(), ['--opcodes'], { encoding: 'utf8' }).trim().split('\n');
    expect(printed).toEqual([...OPCODES]);
  });

  it('inlines repeat and handler bodies after their instruction', () => {
    const scenario = parseScenario({
      format: 'process-lab/scenario@1', title: 't',
      processes: [{ id: 'a', program: [
        { op: 'signal.handle', signal: 'SIGUSR1', action: 'handler', steps: [{ op: 'log', message: 'h' }] },
        { op: 'repeat', times: 3, steps: [{ op: 'compute', ms: 0 }, { op: 'repeat', times: 2, steps: [{ op: 'sleep', ms: 1 }] }] },
        { op: 'log', message: 'end' },
      ] }],
    });
    const compiled = compileProgram(scenario, {}, 'a', (name) => addon().signalNumber(name as never));
    expect(compiled.steps.map((s) => s.index)).toEqual([[0], [0, 0], [1], [1, 0], [1, 1], [1, 1, 0], [2]]);
    const view = new DataView(compiled.bytes.buffer);
    const code = 32 + 1 * 40 + 8; // header, one inbox object, one process
    const body = (i: number) => view.getUint32(code + i * INSTR_BYTES + 12, true);
    expect([body(0), body(2), body(4)]).toEqual([1, 3, 1]);
  });
});
