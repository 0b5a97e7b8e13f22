// The page's Content Security Policy, which Electronegativity cannot check inside .vue files:
// the meta tag of renderer/index.html is strict, and the desktop app's app:// handler and
// browser mode's server send the same policy as a header.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { CONTENT_SECURITY_POLICY } from '../../main/page/policy';

type Policy = Map<string, string[]>;
const parse = (policy: string): Policy =>
  new Map(policy.split(';').map((d) => d.trim()).filter(Boolean).map((d) => { const [name, ...values] = d.split(/\s+/); return [name, values]; }));

const html = readFileSync(new URL('../../renderer/index.html', import.meta.url), 'utf8');
const meta = /<meta\s+http-equiv="Content-Security-Policy"\s+content="([^"]+)"/i.exec(html)?.[1];

// A meta tag cannot carry frame-ancestors (CSP3 ignores it there); only the header can.
const HEADER_ONLY = new Set(['frame-ancestors']);

describe('the Content Security Policy', () => {
  it('is in renderer/index.html', () => {
    expect(meta).toBeDefined();
  });

  it.each([
    ['the meta tag', () => parse(meta!)],
    ['the header', () => parse(CONTENT_SECURITY_POLICY)],
  ])('%s allows no eval, no foreign script, no plugin', (_name, policy) => {
    const p = policy();
    expect(p.get('default-src')).toEqual(["'self'"]);
    expect(p.get('script-src')).toEqual(["'self'"]);
    expect(p.get('object-src')).toEqual(["'none'"]);
    expect(p.get('base-uri')).toEqual(["'none'"]);
    expect(p.get('form-action')).toEqual(["'none'"]);
    expect(p.get('connect-src')).toEqual(["'self'"]);
    for (const [directive, values] of p) {
      expect(values, directive).not.toContain("'unsafe-eval'");
      expect(values, directive).not.toContain('*');
      expect(values.filter((v) => /^(https?|ws|wss):/.test(v)), directive).toEqual([]);
    }
    // Inline styles only (Vue Flow positions nodes with style attributes), never inline scripts.
    expect(p.get('script-src')).not.toContain("'unsafe-inline'");
  });

  it('is the same in the page, the app:// protocol and browser mode', () => {
    const header = parse(CONTENT_SECURITY_POLICY);
    const page = parse(meta!);
    for (const name of HEADER_ONLY) header.delete(name);
    expect(page).toEqual(header);
    expect(parse(CONTENT_SECURITY_POLICY).get('frame-ancestors')).toEqual(["'none'"]);
    // The desktop protocol handler sends the one constant (main/page/policy.ts), not a copy of it.
    const protocol = readFileSync(new URL('../../main/electron/protocol.ts', import.meta.url), 'utf8');
    expect(protocol).toMatch(/import \{ CONTENT_SECURITY_POLICY \} from '\.\.\/page\/policy'/);
    const server = readFileSync(new URL('../../main/server/server.ts', import.meta.url), 'utf8');
    expect(server).toMatch(/import \{ CONTENT_SECURITY_POLICY \} from '\.\.\/page\/policy'/);
    expect(protocol).toMatch(/headers\.set\('Content-Security-Policy', CONTENT_SECURITY_POLICY\)/);
  });
});
