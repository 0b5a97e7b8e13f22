// Who may talk to browser mode: a request must carry the run's token (in the URL or in the
// cookie set on the first visit), name one of our hosts (no DNS rebinding), and, when a
// browser says where it comes from (Origin), come from our own page.
import { timingSafeEqual } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import { TOKEN_COOKIE, TOKEN_PARAM } from '../contract';

export type AccessVerdict =
  | { ok: true; tokenFromQuery: boolean }
  | { ok: false; status: 401 | 403; reason: string };

function sameSecret(given: string, expected: string): boolean {
  const a = Buffer.from(given);
  const b = Buffer.from(expected);
  return a.length === b.length && timingSafeEqual(a, b);
}

function cookieToken(header: string | undefined): string | undefined {
  if (!header) return undefined;
  for (const part of header.split(';')) {
    const [name, ...rest] = part.trim().split('=');
    if (name === TOKEN_COOKIE) return rest.join('=');
  }
  return undefined;
}

export interface AccessPolicy {
  token: string;
  /** host:port forms this server answers to, e.g. 127.0.0.1:5173 and localhost:5173. */
  hosts: string[];
}

export function checkAccess(request: IncomingMessage, policy: AccessPolicy): AccessVerdict {
  const host = request.headers.host ?? '';
  if (!policy.hosts.includes(host)) return { ok: false, status: 403, reason: `unknown Host "${host}"` };
  const origin = request.headers.origin;
  if (origin !== undefined && !policy.hosts.some((h) => origin === `http://${h}`)) {
    return { ok: false, status: 403, reason: `requests from Origin "${origin}" are refused` };
  }
  const url = new URL(request.url ?? '/', 'http://placeholder');
  const fromQuery = url.searchParams.get(TOKEN_PARAM);
  const given = fromQuery ?? cookieToken(request.headers.cookie);
  if (given === undefined || given === '') return { ok: false, status: 401, reason: 'the access token is missing' };
  if (!sameSecret(given, policy.token)) return { ok: false, status: 403, reason: 'the access token is wrong' };
  return { ok: true, tokenFromQuery: fromQuery !== null };
}

/** The host:port names a server bound to `host` answers to. */
export function hostNames(host: string, port: number): string[] {
  const names = new Set([`${host}:${port}`]);
  if (host === '127.0.0.1' || host === 'localhost' || host === '::1') {
    names.add(`127.0.0.1:${port}`).add(`localhost:${port}`).add(`[::1]:${port}`);
  }
  if (host.includes(':') && !host.startsWith('[')) names.add(`[${host}]:${port}`);
  return [...names];
}
