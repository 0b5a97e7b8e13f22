// Browser mode: the built renderer over HTTP and the contract over one WebSocket, on loopback
// unless the user asks otherwise. Every HTTP request and every socket needs the token.
import { randomBytes } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { Duplex } from 'node:stream';
import { WebSocketServer, type WebSocket } from 'ws';
import {
  RUN_EVENTS_PUSH,
  WS_SUBPROTOCOL,
  type RunEventsPush,
  TOKEN_PARAM,
  WIRE_MAX_BYTES,
  WS_PATH,
  wireRequestSchema,
  type PushSink,
  type WirePush,
  type WireReply,
} from '../contract';
import type { Lab } from '../engine/lab';
import { checkAccess, checkSocketAccess, hostNames, staticCookie, type AccessPolicy } from './access';
import { SlowClients } from './slow-clients';
import { CONTENT_SECURITY_POLICY } from '../page/policy';
import { resolveStatic, sendFile } from '../page/static-files';

export interface ServeOptions {
  lab: Lab;
  /** The built renderer (out/renderer). */
  staticDir: string;
  host?: string;
  port?: number;
  /** Fixed token for tests; a random one otherwise. */
  token?: string;
}

export interface RunningServer {
  url: string;
  token: string;
  port: number;
  /** Sends a push to every connected page. */
  push: PushSink;
  close(): Promise<void>;
}

const SECURITY_HEADERS = {
  'Content-Security-Policy': CONTENT_SECURITY_POLICY,
  'X-Content-Type-Options': 'nosniff',
  'Referrer-Policy': 'no-referrer', // the token is in the URL: never send it elsewhere
  'Cache-Control': 'no-store',
  'Cross-Origin-Opener-Policy': 'same-origin',
  'Cross-Origin-Resource-Policy': 'same-origin',
};

/**
 * A page for a person who opened the address without its token (a bookmark, a typed URL): what
 * is missing and where the full address is. No script, no style: the policy allows neither inline.
 */
const NO_TOKEN_PAGE = `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Process Lab: open the address with its token</title></head>
<body>
<h1>Process Lab needs the address with its token</h1>
<p>This page was opened without the access token that keeps other programs on this machine out of the lab.</p>
<p>Open the full address instead: it was printed where Process Lab was started (the terminal that ran
<code>npm run web</code> or <code>process-lab serve</code>), and ends in <code>?${TOKEN_PARAM}=…</code>.</p>
<p>Restarting Process Lab prints a new address with a new token.</p>
</body></html>
`;

function refuse(request: IncomingMessage, response: ServerResponse, status: number, reason: string): void {
  // A browser asking for a page gets a page that says what to do; anything else a line of text.
  if (status === 401 && request.method === 'GET' && /text\/html/.test(request.headers.accept ?? '')) {
    response.writeHead(status, { ...SECURITY_HEADERS, 'Content-Type': 'text/html; charset=utf-8' });
    response.end(NO_TOKEN_PAGE);
    return;
  }
  response.writeHead(status, { ...SECURITY_HEADERS, 'Content-Type': 'text/plain; charset=utf-8' });
  response.end(`${status === 401 ? 'Unauthorized' : 'Forbidden'}: ${reason}.\n`);
}

function refuseUpgrade(socket: Duplex, status: number, reason: string): void {
  const text = status === 401 ? 'Unauthorized' : status === 404 ? 'Not Found' : 'Forbidden';
  socket.end(`HTTP/1.1 ${status} ${text}\r\nConnection: close\r\nContent-Type: text/plain\r\n\r\n${reason}\n`);
  socket.destroy();
}

function reply(socket: WebSocket, message: WireReply): void {
  socket.send(JSON.stringify(message));
}

async function answer(lab: Lab, socket: WebSocket, raw: string): Promise<void> {
  let data: unknown;
  try {
    data = JSON.parse(raw);
  } catch {
    reply(socket, { id: null, result: { ok: false, error: { code: 'BAD_MESSAGE', message: 'The message is not JSON.' } } });
    return;
  }
  const request = wireRequestSchema.safeParse(data);
  if (!request.success) {
    reply(socket, {
      id: null,
      result: { ok: false, error: { code: 'BAD_MESSAGE', message: 'A request is { id: number, method: string, args: object }.' } },
    });
    return;
  }
  const result = await lab.call(request.data.method, request.data.args);
  if (socket.readyState === socket.OPEN) reply(socket, { id: request.data.id, result });
}

export async function serve(options: ServeOptions): Promise<RunningServer> {
  const host = options.host ?? '127.0.0.1';
  const token = options.token ?? randomBytes(24).toString('base64url');
  const policy: AccessPolicy = { token, hosts: [], port: 0 };
  // maxPayload: a frame announcing more is refused (close 1009) before its bytes are buffered.
  // The token's subprotocol is never echoed back: the plain name is, when the client offers it.
  const sockets = new WebSocketServer({
    noServer: true,
    maxPayload: WIRE_MAX_BYTES,
    handleProtocols: (protocols) => (protocols.has(WS_SUBPROTOCOL) ? WS_SUBPROTOCOL : false),
  });
  // Pages connected now: while there is none, nobody can step a held run, and its timeout counts
  // again (Lab.setWatched): a page that comes back adopts the run, one that never does lets it end.
  let pages = 0;
  options.lab.setWatched(false);
  const slow = new SlowClients((batch) => JSON.stringify({ event: RUN_EVENTS_PUSH, payload: batch } satisfies WirePush));

  const http: Server = createServer((request: IncomingMessage, response: ServerResponse) => {
    const verdict = checkAccess(request, policy);
    if (!verdict.ok) return refuse(request, response, verdict.status, verdict.reason);
    if (request.method !== 'GET' && request.method !== 'HEAD') return refuse(request, response, 403, 'only GET is served');
    const url = new URL(request.url ?? '/', 'http://placeholder');
    const file = resolveStatic(options.staticDir, url.pathname);
    if (!file) {
      response.writeHead(404, { ...SECURITY_HEADERS, 'Content-Type': 'text/plain' });
      response.end('Not found.\n');
      return;
    }
    const headers: Record<string, string> = { ...SECURITY_HEADERS };
    // The page's own assets are fetched without the query: a cookie for static files only
    // (access.ts says why it is not the token).
    if (verdict.tokenFromQuery) {
      const cookie = staticCookie(policy);
      headers['Set-Cookie'] = `${cookie.name}=${cookie.value}; HttpOnly; SameSite=Strict; Path=/`;
    }
    sendFile(response, file, headers);
  });

  // A bad frame (too large, invalid UTF-8, reserved bits, unmasked, unknown opcode) makes ws
  // emit 'error' and close that connection with the RFC 6455 code; without a listener the error
  // would end the whole engine, live runs included. So every socket has one, before and after
  // the handshake.
  http.on('upgrade', (request: IncomingMessage, socket: Duplex, head: Buffer) => {
    socket.on('error', () => socket.destroy());
    const url = new URL(request.url ?? '/', 'http://placeholder');
    if (url.pathname !== WS_PATH) return refuseUpgrade(socket, 404, 'no such endpoint');
    const verdict = checkSocketAccess(request, policy);
    if (!verdict.ok) return refuseUpgrade(socket, verdict.status, verdict.reason);
    sockets.handleUpgrade(request, socket, head, (ws) => {
      if (pages++ === 0) options.lab.setWatched(true);
      ws.on('error', () => ws.terminate());
      ws.on('close', () => {
        slow.forget(ws);
        if (--pages === 0) options.lab.setWatched(false);
      });
      ws.on('message', (raw, isBinary) => {
        if (isBinary) {
          reply(ws, { id: null, result: { ok: false, error: { code: 'BAD_MESSAGE', message: 'Send JSON text, not binary.' } } });
          return;
        }
        void answer(options.lab, ws, raw.toString());
      });
    });
  });

  await new Promise<void>((resolveListen, reject) => {
    http.once('error', reject);
    http.listen(options.port ?? 0, host, () => resolveListen());
  });
  const address = http.address();
  const port = typeof address === 'object' && address ? address.port : options.port ?? 0;
  policy.hosts = hostNames(host, port);
  policy.port = port;
  const urlHost = host.includes(':') ? `[${host}]` : host;
  const broadcast: PushSink = (event, payload) => {
    const message = JSON.stringify({ event, payload } satisfies WirePush);
    for (const client of sockets.clients) {
      if (client.readyState !== client.OPEN) continue;
      if (event !== RUN_EVENTS_PUSH) client.send(message);
      else slow.send(client, payload as RunEventsPush, message);
    }
  };
  const unsubscribe = options.lab.onEvent(broadcast);

  return {
    url: `http://${urlHost}:${port}/?${TOKEN_PARAM}=${token}`,
    token,
    port,
    push: broadcast,
    close: () =>
      new Promise<void>((done) => {
        unsubscribe();
        slow.close();
        for (const client of sockets.clients) client.terminate();
        sockets.close();
        http.closeAllConnections();
        http.close(() => done());
      }),
  };
}
