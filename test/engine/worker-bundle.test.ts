// Every lab process loads out/main/worker.js: it must stay free of zod (about 130 ms of module
// loading here) so a worker starts fast. Follows the bundle's static imports.
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const outMain = fileURLToPath(new URL('../../out/main/', import.meta.url));

function importsOf(file: string): string[] {
  return [...readFileSync(file, 'utf8').matchAll(/^import [^'"]*from "([^"]+)";/gm)].map((m) => m[1]);
}

describe('the worker bundle', () => {
  it('loads no zod and no node:crypto, directly or through its chunks', () => {
    const seen = new Set<string>();
    const bare: string[] = [];
    const visit = (file: string) => {
      if (seen.has(file)) return;
      seen.add(file);
      for (const spec of importsOf(file)) {
        if (spec.startsWith('.')) visit(join(dirname(file), spec));
        else bare.push(spec);
      }
    };
    visit(join(outMain, 'worker.js'));
    expect(bare.filter((spec) => !spec.startsWith('node:') || spec === 'node:crypto')).toEqual([]);
  });
});
