// Files that are not scenarios at all: refused with one clear sentence, with no stack overflow
// (how fast is the validator's benchmark's business, not a test's).
import { describe, expect, it } from 'vitest';
import { validateScenario, validateScenarioBytes, validateScenarioText } from '../../main/scenario/validate';
import { baseDoc } from './helpers';

function refusal(result: ReturnType<typeof validateScenarioText>): string {
  expect(result.ok).toBe(false);
  expect(result.problems).toHaveLength(1);
  expect(result.problems[0].pointer).toBe('');
  return result.problems[0].message;
}

describe('validateScenarioText', () => {
  it('accepts a valid document, with a byte-order mark too', () => {
    const text = JSON.stringify(baseDoc());
    expect(validateScenarioText(text).ok).toBe(true);
    expect(validateScenarioText(`\ufeff${text}`).ok).toBe(true);
  });

  it('refuses a truncated file', () => {
    const text = JSON.stringify(baseDoc(), null, 2);
    const message = refusal(validateScenarioText(text.slice(0, text.length / 2)));
    expect(message).toBe('The file is not valid JSON: it ends in the middle of the document.');
  });

  it('refuses broken JSON, saying where', () => {
    const message = refusal(validateScenarioText('{\n  "format": "process-lab/scenario@1",\n  "title": "x",,\n}'));
    expect(message).toMatch(/^The file is not valid JSON at line 3, column \d+/);
  });

  it('refuses an empty file', () => {
    expect(refusal(validateScenarioText('  \n'))).toBe('The document is empty.');
  });

  it('refuses binary content (NUL bytes, replacement characters)', () => {
    expect(refusal(validateScenarioText('{"format":\u0000}'))).toContain('NUL bytes');
    expect(refusal(validateScenarioText('{"title":"\ufffd\ufffd"}'))).toContain('not UTF-8');
  });

  it('refuses a document over 4 MiB before parsing it', () => {
    const doc = baseDoc();
    doc.description = 'x'.repeat(5 * 1024 * 1024);
    const message = refusal(validateScenarioText(JSON.stringify(doc)));
    expect(message).toMatch(/^The document is \d+ bytes \(5\.0 MiB\); a scenario is at most 4 MiB\.$/);
  });

  it('counts bytes, not characters, against the 4 MiB limit', () => {
    const doc = baseDoc();
    doc.description = 'é'.repeat(2.5 * 1024 * 1024); // 2.5 Mi characters, 5 MiB of UTF-8
    expect(refusal(validateScenarioText(JSON.stringify(doc)))).toContain('5.0 MiB');
  });

  it('refuses a 100 000-deep nested array without overflowing the stack', () => {
    const text = `${'['.repeat(100_000)}${']'.repeat(100_000)}`;
    expect(refusal(validateScenarioText(text))).toBe('The document is nested more than 64 levels deep (line 1, column 65).');
  });

  it('refuses a 10 000-deep nested repeat without overflowing the stack', () => {
    let step = '{"op":"log","message":"deep"}';
    for (let i = 0; i < 10_000; i++) step = `{"op":"repeat","times":1,"steps":[${step}]}`;
    const doc = JSON.stringify({ ...baseDoc(), processes: [{ id: 'a', program: ['STEP'] }] }).replace('"STEP"', step);
    expect(refusal(validateScenarioText(doc))).toMatch(/^The document is nested more than 64 levels deep/);
  });

  it('ignores brackets inside strings when measuring depth', () => {
    const doc = baseDoc();
    doc.description = '['.repeat(1000);
    expect(validateScenarioText(JSON.stringify(doc)).ok).toBe(true);
  });

  it('refuses a document that is not an object', () => {
    expect(refusal(validateScenarioText('[1, 2]'))).toBe('The document must be a JSON object { ... }, not a list.');
  });
});

describe('validateScenarioBytes', () => {
  it('refuses bytes that are not UTF-8, and NUL bytes', () => {
    expect(refusal(validateScenarioBytes(new Uint8Array([0x7b, 0xff, 0xfe, 0x7d])))).toContain('not UTF-8');
    expect(refusal(validateScenarioBytes(new Uint8Array([0x7b, 0x00, 0x7d])))).toContain('NUL bytes');
  });

  it('accepts a UTF-8 file', () => {
    expect(validateScenarioBytes(new TextEncoder().encode(JSON.stringify(baseDoc()))).ok).toBe(true);
  });
});

describe('validateScenario on in-memory values', () => {
  it('refuses a 10 000-deep nested repeat built in memory', () => {
    let step: Record<string, unknown> = { op: 'log', message: 'deep' };
    for (let i = 0; i < 10_000; i++) step = { op: 'repeat', times: 1, steps: [step] };
    const doc = { ...baseDoc(), processes: [{ id: 'a', program: [step] }] };
    expect(refusal(validateScenario(doc))).toBe('The document is nested more than 64 levels deep.');
  });

  it('refuses a cycle', () => {
    const doc = baseDoc();
    const step: Record<string, unknown> = { op: 'repeat', times: 1 };
    step.steps = [step];
    doc.processes[1].program.push(step);
    expect(refusal(validateScenario(doc))).toContain('cycle');
  });

  it('accepts a step object shared by two programs (no cycle)', () => {
    const doc = baseDoc();
    const shared = { op: 'log', message: 'same object' };
    doc.processes[0].program.push(shared);
    doc.processes[1].program.push(shared);
    expect(validateScenario(doc).ok).toBe(true);
  });

  it('refuses an enormous value', () => {
    const doc = baseDoc();
    doc.description = 'x'.repeat(5 * 1024 * 1024);
    expect(refusal(validateScenario(doc))).toContain('at most 4 MiB');
  });

  it.each([null, 42, 'text', undefined])('refuses %s', (value) => {
    expect(validateScenario(value).ok).toBe(false);
  });
});
