// Every lab process loads out/worker/worker.cjs: one CommonJS file (no ES module loader), free
// of zod (about 130 ms of module loading here) and node:crypto, so a worker starts fast.
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const worker = fileURLToPath(new URL('../../out/worker/worker.cjs', import.meta.url));

describe('the worker bundle', () => {
  it('is one CommonJS file that requires only Node built-ins, and neither zod nor node:crypto', () => {
    const text = readFileSync(worker, 'utf8');
    const required = [...text.matchAll(/require\("([^"]+)"\)/g)].map((m) => m[1]);
    expect(required.filter((spec) => !(spec.startsWith('node:') || spec === 'url') || spec === 'node:crypto')).toEqual([]);
    expect(text).not.toMatch(/^import /m);
  });
});
