// One op catalogue, read by everyone: every op of the schema (zod union, JSON Schema, the
// compiler's opcode list) has exactly one catalogue entry; the deadlock check's waiting ops come
// from it; and the call text of every step of every preset is the same text in the validator's
// layer (describeCall) and the C exporter's step headers (the editor's: test/renderer/model/
// call-text.test.ts).
import { describe, expect, it } from 'vitest';
import { OPCODES } from '../../main/engine/compile/format';
import { exportScenarioAsC } from '../../main/export-c/generator';
import { commentText } from '../../main/export-c/writer';
import { describeCall } from '../../main/ops/call-text';
import { STEP_CATALOGUE, restartRule } from '../../main/ops/catalogue';
import { WAITING_OPS } from '../../main/ops/waiting';
import { presets } from '../../main/presets';
import jsonSchema from '../../main/scenario/scenario-v1.schema.json';
import { StepSchema, type LabObject, type Step } from '../../main/scenario/schema';
import { walkSteps } from '../../main/scenario/walk';

const catalogueOps = Object.keys(STEP_CATALOGUE).sort();

/** Every `op` constant the JSON Schema names, wherever it is. */
function jsonSchemaOps(node: unknown, out = new Set<string>()): Set<string> {
  if (Array.isArray(node)) for (const item of node) jsonSchemaOps(item, out);
  else if (node && typeof node === 'object') {
    const record = node as Record<string, unknown>;
    const op = (record.properties as Record<string, { const?: unknown }> | undefined)?.op;
    if (op && typeof op.const === 'string') out.add(op.const);
    for (const value of Object.values(record)) jsonSchemaOps(value, out);
  }
  return out;
}

describe('the op catalogue', () => {
  it('has exactly one entry per op of the zod schema, the JSON Schema and the compiler', () => {
    const union = StepSchema.options.map((option) => option.shape.op.value);
    expect(new Set(union).size).toBe(union.length);
    expect([...union].sort()).toEqual(catalogueOps);
    expect([...jsonSchemaOps(jsonSchema)].sort()).toEqual(catalogueOps);
    expect([...OPCODES].sort()).toEqual(catalogueOps);
  });

  it('is where the deadlock check learns which ops wait for another process', () => {
    expect([...WAITING_OPS].sort()).toEqual(Object.values(STEP_CATALOGUE).filter((i) => i.waitsFor === 'process').map((i) => i.op).sort());
    for (const info of Object.values(STEP_CATALOGUE)) expect(info.mayBlock).toBe(info.waitsFor === 'process' || info.waitsFor === 'time');
  });

  it('says what SA_RESTART does to each waiting call, as signal(7) lists them', () => {
    const rule = (op: string) => STEP_CATALOGUE[op as Step['op']].restart;
    for (const op of ['read', 'write', 'fifo.open', 'wait', 'sem.wait']) expect(rule(op)).toBe('restarted');
    for (const op of ['sleep', 'signal.pause']) expect(rule(op)).toBe('never');
    const flavors = { q: 'posix', m: 'sysv' } as const;
    const flavorOf = (id: string | undefined) => (id ? flavors[id as 'q' | 'm'] : 'sysv');
    expect(restartRule({ op: 'receive', from: { mailbox: 'q' } }, flavorOf)).toBe('restarted'); // mq_receive
    expect(restartRule({ op: 'receive', from: { mailbox: 'm' } }, flavorOf)).toBe('never'); // msgrcv
    expect(restartRule({ op: 'send', to: { process: 'b' } }, flavorOf)).toBe('never'); // inbox: msgsnd
  });

  it('gives one call text per step: validator layer and C exporter agree on every preset', () => {
    let compared = 0;
    for (const preset of presets()) {
      const scenario = preset.scenario;
      const code = exportScenarioAsC(scenario).code;
      for (const process of scenario.processes) {
        for (const visit of walkSteps<Step>(process.program)) {
          const { step, path } = visit;
          const text = describeCall(step, { objects: scenario.objects as LabObject[], self: process.id });
          expect(text.length).toBeGreaterThan(0);
          const header = `/* ${process.id} [${path.join(', ')}]`;
          const line = code.split('\n').find((l) => l.trim().startsWith(header) && l.includes(`: ${step.op}: `));
          expect(line, `${preset.id}: ${header}`).toBeDefined();
          expect(line!).toContain(`: ${step.op}: ${commentText(text.replace(/\/\*/g, '/ *'))} */`);
          compared++;
        }
      }
    }
    expect(compared).toBeGreaterThan(100);
  });
});
