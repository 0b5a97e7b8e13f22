// The shipped JSON Schema is generated from the zod schemas. When they change, regenerate it:
//   UPDATE_SCHEMA=1 npx vitest run -c test/vitest.config.ts test/scenario/json-schema.test.ts
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { scenarioJsonSchema, scenarioJsonSchemaText } from '../../main/scenario/json-schema';

const file = fileURLToPath(new URL('../../main/scenario/scenario-v1.schema.json', import.meta.url));

describe('scenario-v1.schema.json', () => {
  it('is up to date with the zod schemas', () => {
    const fresh = scenarioJsonSchemaText();
    if (process.env.UPDATE_SCHEMA === '1') writeFileSync(file, fresh);
    expect(existsSync(file), 'missing: run with UPDATE_SCHEMA=1').toBe(true);
    expect(readFileSync(file, 'utf8'), 'stale: run with UPDATE_SCHEMA=1').toBe(fresh);
  });

  it('describes the document as a file author writes it', () => {
    const schema = scenarioJsonSchema() as Record<string, any>;
    expect(schema.$schema).toBe('https://json-schema.org/draft/2020-12/schema');
    expect(schema.required).toEqual(['format', 'title', 'processes']);
    expect(schema.additionalProperties).toBe(false);
    const steps = schema.$defs.Step.oneOf as Array<Record<string, any>>;
    const ops = steps.map((step) => step.properties.op.const);
    expect(ops).toContain('shm.waitUntil');
    expect(ops).toHaveLength(46);
    // Defaulted fields are optional in a file and carry their default.
    const write = steps.find((step) => step.properties.op.const === 'shm.write')!;
    expect(write.required).toEqual(['op', 'object', 'offset', 'value']);
    expect(write.properties.type.default).toBe('i32');
    const repeat = steps.find((step) => step.properties.op.const === 'repeat')!;
    expect(repeat.properties.steps.items.$ref).toBe('#/$defs/Step');
  });
});
