// The step catalogue covers every op of the schema; walkSteps visits nested steps in order.
import { describe, expect, it } from 'vitest';
import type { z } from 'zod';
import { OPS, StepSchema } from '../../main/scenario/schema';
import type { Step, StepInput } from '../../main/scenario/schema';
import { OP_GROUPS, STEP_CATALOGUE, opsInGroup } from '../../main/ops/catalogue';
import { countSteps, walkSteps } from '../../main/scenario/walk';

describe('STEP_CATALOGUE', () => {
  const unionOps = StepSchema.options.map((option) => option.shape.op.value);

  it('has an entry for every op of the discriminated union, and no other', () => {
    expect(unionOps).toHaveLength(46);
    expect(Object.keys(STEP_CATALOGUE).sort()).toEqual([...unionOps].sort());
    expect(OPS).toEqual(unionOps);
    for (const op of unionOps) expect(STEP_CATALOGUE[op].op).toBe(op);
  });

  it('puts every op in one palette group', () => {
    const grouped = OP_GROUPS.flatMap((group) => opsInGroup(group.id).map((info) => info.op));
    expect(grouped.sort()).toEqual([...unionOps].sort());
  });

  it('reads fields, defaults and bounds from the schema', () => {
    const write = STEP_CATALOGUE['shm.write'];
    expect(write.fields.map((field) => field.name)).toEqual(['object', 'offset', 'value', 'type']);
    expect(write.fields.find((field) => field.name === 'type')).toMatchObject({ kind: 'type', required: false, default: 'i32', options: ['u8', 'i32', 'u32', 'i64', 'f64'] });
    expect(STEP_CATALOGUE.repeat.fields.find((field) => field.name === 'times')).toMatchObject({ required: true, min: 1, max: 1_000_000 });
    expect(STEP_CATALOGUE['signal.send'].fields.find((field) => field.name === 'to')?.kind).toBe('process');
    expect(STEP_CATALOGUE.send.fields.find((field) => field.name === 'to')?.kind).toBe('target');
    expect(STEP_CATALOGUE['signal.handle'].fields.find((field) => field.name === 'steps')).toMatchObject({ kind: 'steps', required: false });
  });

  it('knows the object kinds, blocking and async-signal safety of ops', () => {
    expect(STEP_CATALOGUE.read.objectKinds).toEqual(['pipe', 'fifo']);
    expect(STEP_CATALOGUE['sem.wait']).toMatchObject({ objectKinds: ['semaphore'], mayBlock: true, asyncSignalSafe: false });
    expect(STEP_CATALOGUE['sem.post'].asyncSignalSafe).toBe(true);
    expect(STEP_CATALOGUE.receive.mayBlock).toBe(true);
    const crashSafe = Object.values(STEP_CATALOGUE).filter((info) => info.allowedInCrashHandler).map((info) => info.op);
    expect(crashSafe).toEqual(['log', 'exit']);
  });
});

describe('Step types', () => {
  it('the hand-written recursive Step union is exactly what the schema parses', () => {
    // Checked by tsc (npm run typecheck): each type is assignable to the other.
    const parsed = (step: z.infer<typeof StepSchema>): Step => step;
    const written = (step: Step): z.infer<typeof StepSchema> => step;
    const input = (step: z.input<typeof StepSchema>): StepInput => step;
    const inputBack = (step: StepInput): z.input<typeof StepSchema> => step;
    expect([parsed, written, input, inputBack]).toHaveLength(4);
  });
});

describe('walkSteps', () => {
  const program = [
    { op: 'log', message: 'a' },
    { op: 'repeat', times: 2, steps: [{ op: 'log', message: 'b' }, { op: 'signal.handle', signal: 'SIGUSR1', action: 'handler', steps: [{ op: 'log', message: 'c' }] }] },
    { op: 'exit', code: 0 },
  ];

  it('visits in document order with index paths, pointers, depth and handler', () => {
    const visits = [...walkSteps(program as never[], '/processes/0/program')];
    expect(visits.map((visit) => visit.path)).toEqual([[0], [1], [1, 0], [1, 1], [1, 1, 0], [2]]);
    expect(visits[4].pointer).toBe('/processes/0/program/1/steps/1/steps/0');
    expect(visits.map((visit) => visit.depth)).toEqual([0, 0, 1, 1, 2, 0]);
    expect(visits[4].handler).toBe('SIGUSR1');
    expect(visits[2].repeated).toBe(true);
    expect(visits[5].repeated).toBe(false);
    expect(countSteps(program)).toBe(6);
  });

  it('walks 100 000 nested levels without recursion', () => {
    let step: Record<string, unknown> = { op: 'log', message: 'deep' };
    for (let i = 0; i < 100_000; i++) step = { op: 'repeat', times: 1, steps: [step] };
    expect(countSteps([step])).toBe(100_001);
  });
});
