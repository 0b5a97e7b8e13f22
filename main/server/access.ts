// Who may talk to browser mode: a request must name one of our hosts (no DNS rebinding), and,
// when a browser says where it comes from (Origin), come from our own page. The WebSocket (the
// contract: runs, signals, removals) needs the token itself, in its URL or as a subprotocol.
// Static files (the public build of the renderer) also accept a cookie, set on the first visit
// so the page's assets load without the token in every URL. Cookies cannot be scoped to a port
// (RFC 6265 section 8.5): any server on 127.0.0.1 receives it. So the cookie is named after our
// port and carries not the token but a value derived from it (HMAC-SHA256) that opens only the
// static files: a leaked cookie opens no socket.
import { createHmac, timingSafeEqual } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import { TOKEN_COOKIE, TOKEN_PARAM } from '../contract';

/** The WebSocket subprotocol that carries the token: `process-lab.token.<token>`. */
const TOKEN_SUBPROTOCOL_PREFIX = 'process-lab.token.';

export type AccessVerdict =
  | { ok: true; tokenFromQuery: boolean }
  | { ok: false; status: 401 | 403; reason: string };

function sameSecret(given: string, expected: string): boolean {
  const a = Buffer.from(given);
  const b = Buffer.from(expected);
  return a.length === b.length && timingSafeEqual(a, b);
}

function cookieValue(header: string | undefined, name: string): string | undefined {
  if (!header) return undefined;
  for (const part of header.split(';')) {
    const [key, ...rest] = part.trim().split('=');
    if (key === name) return rest.join('=');
  }
  return undefined;
}

export interface AccessPolicy {
  token: string;
  /** host:port forms this server answers to, e.g. 127.0.0.1:5173 and localhost:5173. */
  hosts: string[];
  /** The port, for the cookie's name. */
  port: number;
}

/** The static-files cookie of a server: its name (per port) and value (derived from the token). */
export function staticCookie(policy: Pick<AccessPolicy, 'token' | 'port'>): { name: string; value: string } {
  return {
    name: `${TOKEN_COOKIE}_${policy.port}`,
    value: createHmac('sha256', policy.token).update('process-lab static files').digest('base64url'),
  };
}

/** The token a WebSocket upgrade offers as a subprotocol, if any. */
function subprotocolToken(request: IncomingMessage): string | undefined {
  const header = request.headers['sec-websocket-protocol'];
  if (typeof header !== 'string') return undefined;
  for (const protocol of header.split(',')) {
    const trimmed = protocol.trim();
    if (trimmed.startsWith(TOKEN_SUBPROTOCOL_PREFIX)) return trimmed.slice(TOKEN_SUBPROTOCOL_PREFIX.length);
  }
  return undefined;
}

function checkOrigin(request: IncomingMessage, policy: AccessPolicy): AccessVerdict | undefined {
  const host = request.headers.host ?? '';
  if (!policy.hosts.includes(host)) return { ok: false, status: 403, reason: `unknown Host "${host}"` };
  const origin = request.headers.origin;
  if (origin !== undefined && !policy.hosts.some((h) => origin === `http://${h}`)) {
    return { ok: false, status: 403, reason: `requests from Origin "${origin}" are refused` };
  }
  return undefined;
}

/**
 * An HTTP request for a static file: our Host and Origin, and the token in the query or the
 * static-files cookie.
 */
export function checkAccess(request: IncomingMessage, policy: AccessPolicy): AccessVerdict {
  const refused = checkOrigin(request, policy);
  if (refused) return refused;
  const fromQuery = new URL(request.url ?? '/', 'http://placeholder').searchParams.get(TOKEN_PARAM);
  if (fromQuery !== null && fromQuery !== '') {
    return sameSecret(fromQuery, policy.token) ? { ok: true, tokenFromQuery: true } : { ok: false, status: 403, reason: 'the access token is wrong' };
  }
  const cookie = staticCookie(policy);
  const given = cookieValue(request.headers.cookie, cookie.name);
  if (given === undefined || given === '') return { ok: false, status: 401, reason: 'the access token is missing' };
  if (!sameSecret(given, cookie.value)) return { ok: false, status: 403, reason: 'the access cookie is wrong' };
  return { ok: true, tokenFromQuery: false };
}

/**
 * A WebSocket upgrade: our Host and Origin, and the token itself, in the URL's token parameter or as
 * the subprotocol `process-lab.token.<token>`. A cookie alone is never enough.
 */
export function checkSocketAccess(request: IncomingMessage, policy: AccessPolicy): AccessVerdict {
  const refused = checkOrigin(request, policy);
  if (refused) return refused;
  const fromQuery = new URL(request.url ?? '/', 'http://placeholder').searchParams.get(TOKEN_PARAM);
  const given = fromQuery || subprotocolToken(request);
  if (given === undefined || given === null || given === '') return { ok: false, status: 401, reason: 'the access token is missing (give it in the URL or as a subprotocol; a cookie is not enough)' };
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
