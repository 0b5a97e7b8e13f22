/**
 * A new step with every required field filled with something sensible, so a step dropped
 * from the palette is valid at once when the scenario allows it (the first object of a kind
 * the op accepts, another process, "hello" as data, SIGUSR1).
 */
import { STEP_CATALOGUE, type FieldInfo } from '@ops/catalogue';
import type { Op } from '@scenario/schema';
import type { ScenarioDoc, StepDoc } from './doc';

function firstObjectOf(doc: ScenarioDoc, kinds: readonly string[]): string | undefined {
  return doc.objects.find((o) => kinds.includes(o.kind))?.id;
}

function otherProcess(doc: ScenarioDoc, self: string | undefined, op: string): string | undefined {
  if (op === 'spawn') return doc.processes.find((p) => p.parent === self)?.id ?? doc.processes.find((p) => p.id !== self && !p.parent)?.id;
  if (op === 'wait') return doc.processes.find((p) => p.parent === self)?.id;
  return doc.processes.find((p) => p.id !== self)?.id;
}

function fieldDefault(field: FieldInfo, op: Op, doc: ScenarioDoc, self: string | undefined): unknown {
  switch (field.kind) {
    case 'object': return firstObjectOf(doc, STEP_CATALOGUE[op].objectKinds) ?? '';
    case 'process': return otherProcess(doc, self, op) ?? '';
    case 'integer': return field.name === 'times' ? 3 : field.name === 'code' ? 0 : field.name === 'ms' ? 100 : (field.min ?? 0);
    case 'number': return field.name === 'equals' ? 1 : 1;
    case 'value': return 1;
    case 'data': return 'hello';
    case 'text': return 'hello from this process';
    case 'signal': return 'SIGUSR1';
    case 'choice': return field.options?.[op === 'signal.handle' ? 2 : 0] ?? '';
    case 'steps': return [];
    case 'target': {
      const mailbox = firstObjectOf(doc, ['mailbox']);
      return mailbox ? { mailbox } : { process: otherProcess(doc, self, op) ?? '' };
    }
    case 'source': {
      const mailbox = firstObjectOf(doc, ['mailbox']);
      return mailbox ? { mailbox } : 'any';
    }
    default: return undefined;
  }
}

export function defaultStep(op: Op, doc: ScenarioDoc, self?: string): StepDoc {
  const step: StepDoc = { op };
  for (const field of STEP_CATALOGUE[op].fields) {
    if (!field.required && field.kind !== 'steps') continue;
    if (field.kind === 'steps' && op === 'signal.handle') {
      step.steps = [{ op: 'log', message: 'caught the signal' }];
      continue;
    }
    const value = fieldDefault(field, op, doc, self);
    if (value !== undefined) step[field.name] = value;
  }
  if (op === 'repeat') step.steps = [{ op: 'log', message: 'again' }];
  return step;
}
