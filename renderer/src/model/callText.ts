/**
 * The C call a step makes, as the editor shows it before a run (a run reports the real call
 * with real identifiers in step.begin). It comes from the op catalogue's one generator
 * (main/ops/call-text.ts). A step still being written (fields missing or mistyped) is shown
 * with each missing field by its name, from the catalogue's field list.
 */
import { describeCall } from '@ops/call-text';
import { opInfo } from '@ops/catalogue';
import type { LabObject, StepInput } from '@scenario/schema';
import type { ScenarioDoc, StepDoc } from './doc';

export function callText(step: StepDoc, doc: ScenarioDoc): string {
  const context = { objects: doc.objects as unknown as LabObject[] };
  const tried = attempt(step, context);
  if (tried !== undefined) return tried;
  const info = opInfo(step.op);
  if (!info) return String(step.op ?? '');
  // Fill what is missing: names stand in for ids and text, defaults (or minimums) for numbers.
  const filled: Record<string, unknown> = { ...step };
  for (const field of info.fields) {
    if (filled[field.name] !== undefined) continue;
    if (field.default !== undefined) filled[field.name] = field.default;
    else if (!field.required) continue; // an optional field changes the call (sigqueue for a value): left out
    else if (['object', 'process', 'text', 'data', 'value'].includes(field.kind)) filled[field.name] = field.name;
    else if (field.kind === 'signal') filled[field.name] = 'SIG…';
    else if (field.kind === 'integer' || field.kind === 'number') filled[field.name] = field.min ?? 0;
  }
  return attempt(filled as StepDoc, context) ?? `${info.op}(…)`;
}

function attempt(step: StepDoc, context: { objects: LabObject[] }): string | undefined {
  try {
    const text = describeCall(step as unknown as StepInput, context);
    return text && !text.includes('undefined') ? text : undefined;
  } catch {
    return undefined; // an incomplete step
  }
}
