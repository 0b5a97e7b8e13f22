// A key given twice in one object is refused at its JSON pointer, never "last one wins".
import { describe, expect, it } from 'vitest';
import { findDuplicateKey } from '../../main/scenario/json-duplicates';
import { validateScenarioText } from '../../main/scenario/validate';

describe('duplicate keys', () => {
  it('are found at their pointer, nested in arrays and objects, escapes decoded', () => {
    expect(findDuplicateKey('{"a": 1, "b": {"c": [1, {"d": 2, "d": 3}]}}')).toEqual({ pointer: '/b/c/1/d', key: 'd' });
    expect(findDuplicateKey('{"a/b": 1, "a\\/b": 2}')).toEqual({ pointer: '/a~1b', key: 'a/b' });
    expect(findDuplicateKey('{"x": "{\\"y\\": 1, \\"y\\": 2}", "z": [{"x": 1}, {"x": 1}]}')).toBeUndefined();
    expect(findDuplicateKey('[{"a": 1}, {"a": 2}, {"b": [], "a": {"a": 0}}]')).toBeUndefined();
  });

  it('make a scenario invalid with the pointer and a sentence', () => {
    const text = '{"format": "process-lab/scenario@1", "title": "t", "processes": [{"id": "a", "program": [{"op": "log", "message": "hi", "op": "sleep", "ms": 1}]}]}';
    const result = validateScenarioText(text);
    expect(result.ok).toBe(false);
    expect(result.problems).toEqual([expect.objectContaining({ pointer: '/processes/0/program/0/op', message: 'The key "op" appears twice in the same object.', severity: 'error' })]);
  });
});
