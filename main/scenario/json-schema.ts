/**
 * The JSON Schema of format v1, generated from the zod schemas (one source of truth). The
 * shipped copy is scenario-v1.schema.json; test/scenario/json-schema.test.ts fails when it
 * is stale and rewrites it when run with UPDATE_SCHEMA=1:
 *   UPDATE_SCHEMA=1 npx vitest run -c test/vitest.config.ts test/scenario/json-schema.test.ts
 * (a script would need tsx, which the project does not install).
 */
import { z } from 'zod';
import { ExpectSchema } from './expect';
import { ObjectSchema, ProcessSchema, SCENARIO_FORMAT, ScenarioSchema, StepSchema } from './schema';

const SCHEMA_ID = 'https://process-lab.dev/schema/scenario-v1.schema.json';

export function scenarioJsonSchema(): Record<string, unknown> {
  // A private registry: naming the recursive Step in $defs without touching zod's global
  // registry, which throws on a second registration (hot reload in the renderer).
  const registry = z.registry<{ id?: string; description?: string }>();
  registry.add(StepSchema, { id: 'Step', description: 'One step of a program: { "op": ..., ...fields }.' });
  registry.add(ObjectSchema, { id: 'Object', description: 'A kernel object that processes create and use.' });
  registry.add(ProcessSchema, { id: 'Process', description: 'A real OS process and its program.' });
  registry.add(ExpectSchema, { id: 'Expect', description: 'Extension: what a run should report (presets and tests).' });
  const schema = z.toJSONSchema(ScenarioSchema, { io: 'input', metadata: registry, target: 'draft-2020-12' }) as Record<string, unknown>;
  return {
    $schema: schema.$schema,
    $id: SCHEMA_ID,
    title: 'Process Lab scenario',
    description: `A Process Lab scenario, format ${SCENARIO_FORMAT} (file extension .lab.json).`,
    ...Object.fromEntries(Object.entries(schema).filter(([key]) => key !== '$schema')),
  };
}

/** The file's text: stable key order, two-space indent, trailing newline. */
export function scenarioJsonSchemaText(): string {
  return `${JSON.stringify(scenarioJsonSchema(), null, 2)}\n`;
}
