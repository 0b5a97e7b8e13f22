// The editor's call text is the op catalogue's (main/ops/call-text.ts): for every step of every
// preset it is exactly describeCall's text; a step still being written gets its missing fields
// by name instead of a second, hand-kept wording.
import { describe, expect, it } from 'vitest';
import { describeCall } from '@ops/call-text';
import { callText } from '../../../renderer/src/model/callText';
import { toEditable, type StepDoc } from '../../../renderer/src/model/doc';
import { presets } from '../../../main/presets';
import { walkSteps } from '../../../main/scenario/walk';
import type { LabObject, Step } from '@scenario/schema';

describe('callText', () => {
  it('is describeCall for every step of every preset', () => {
    let compared = 0;
    for (const preset of presets()) {
      const scenario = preset.scenario;
      const doc = toEditable(scenario)!;
      for (const process of scenario.processes) {
        const docProgram = doc.processes.find((p) => p.id === process.id)!.program;
        for (const { step, path } of walkSteps<Step>(process.program)) {
          const docStep = path.slice(1).reduce<StepDoc>((at, i) => (at.steps as StepDoc[])[i], docProgram[path[0]]);
          expect(callText(docStep, doc), `${preset.id} ${process.id} [${path}]`).toBe(describeCall(step, { objects: scenario.objects as LabObject[] }));
          compared++;
        }
      }
    }
    expect(compared).toBeGreaterThan(100);
  });

  it('names the missing fields of a step still being written', () => {
    const doc = toEditable({ format: 'process-lab/scenario@1', title: 't', objects: [], processes: [{ id: 'a', program: [] }] })!;
    expect(callText({ op: 'sem.wait' } as StepDoc, doc)).toBe('sem_wait(object)');
    expect(callText({ op: 'signal.send' } as StepDoc, doc)).toMatch(/^kill\(pid, SIG/);
    expect(callText({ op: 'nonsense' } as StepDoc, doc)).toBe('nonsense');
  });
});
