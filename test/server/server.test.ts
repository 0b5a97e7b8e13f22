// Browser mode's server, real sockets on loopback: the token, the Origin and Host checks, the
// contract over WebSocket, and the static files it serves (the built renderer).
import { createHmac } from 'node:crypto';
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { request } from 'node:http';
import { connect as tcpConnect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { createLab } from '../../main/engine/lab';
import { serve, type RunningServer } from '../../main/server/server';

const staticDir = fileURLToPath(new URL('../../out/renderer', import.meta.url));
let server: RunningServer;
let base: string;

beforeAll(async () => {
  server = await serve({ lab: createLab({ frontDoor: 'browser' }), staticDir, port: 0 });
  base = `http://127.0.0.1:${server.port}`;
});
afterAll(() => server.close());

function get(path: string, headers: Record<string, string> = {}): Promise<{ status: number; body: string; headers: Record<string, unknown> }> {
  return new Promise((resolve, reject) => {
    const req = request(`${base}${path}`, { headers }, (res) => {
      let body = '';
      res.on('data', (chunk) => (body += chunk));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body, headers: res.headers }));
    });
    req.on('error', reject);
    req.end();
  });
}

function connect(path: string, headers: Record<string, string> = {}): Promise<WebSocket> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(`ws://127.0.0.1:${server.port}${path}`, { headers });
    ws.once('open', () => resolve(ws));
    ws.once('unexpected-response', (_req, res) => reject(new Error(`HTTP ${res.statusCode}`)));
    ws.once('error', reject);
  });
}

function ask(ws: WebSocket, message: string): Promise<unknown> {
  return new Promise((resolve) => {
    ws.once('message', (data) => resolve(JSON.parse(data.toString())));
    ws.send(message);
  });
}

describe('browser-mode HTTP', () => {
  it('prints a loopback URL carrying the token', () => {
    expect(server.url).toBe(`http://127.0.0.1:${server.port}/?token=${server.token}`);
    expect(server.token.length).toBeGreaterThanOrEqual(32);
  });

  it('serves the page with the token and sets a per-port cookie for its assets that is not the token', async () => {
    const page = await get(`/?token=${server.token}`);
    expect(page.status).toBe(200);
    expect(page.body).toContain('<div id="app">');
    const cookie = String(page.headers['set-cookie']);
    expect(cookie).toContain('HttpOnly');
    expect(cookie).toContain('SameSite=Strict');
    expect(cookie).not.toContain(server.token);
    const [nameValue] = cookie.split(';');
    expect(nameValue.split('=')[0]).toBe(`process_lab_token_${server.port}`);
    expect(String(page.headers['content-security-policy'])).toContain("default-src 'self'");
    const asset = page.body.match(/src="\.?(\/assets\/[^"]+\.js)"/)![1];
    expect((await get(asset, { cookie: nameValue })).status).toBe(200);
    // The token itself as a cookie, or another port's cookie, opens nothing.
    expect((await get(asset, { cookie: `process_lab_token=${server.token}` })).status).toBe(401);
    expect((await get(asset, { cookie: `process_lab_token_${server.port + 1}=${nameValue.split('=')[1]}` })).status).toBe(401);
  });

  it('refuses a missing token with 401 and a wrong one with 403', async () => {
    expect((await get('/')).status).toBe(401);
    expect((await get('/assets/whatever.js')).status).toBe(401);
    expect((await get('/?token=wrong')).status).toBe(403);
    expect((await get('/', { cookie: `process_lab_token_${server.port}=wrong` })).status).toBe(403);
  });

  it('tells a person who opened the page without its token where the full address is', async () => {
    const page = await get('/', { accept: 'text/html,application/xhtml+xml' });
    expect(page.status).toBe(401);
    expect(String(page.headers['content-type'])).toContain('text/html');
    expect(page.body).toContain('printed where Process Lab was started');
    expect(page.body).not.toContain(server.token);
    expect(page.body).not.toMatch(/<script|style=/);
    expect((await get('/')).body).toMatch(/^Unauthorized: /); // not a browser: one line of text
  });

  it('serves the favicon to the page it loaded', async () => {
    const page = await get(`/?token=${server.token}`);
    const [cookie] = String(page.headers['set-cookie']).split(';');
    expect(page.body).toContain('rel="icon" href="./favicon.ico"');
    const icon = await get('/favicon.ico', { cookie });
    expect(icon.status).toBe(200);
  });

  it('refuses another Origin and another Host even with the token', async () => {
    expect((await get(`/?token=${server.token}`, { origin: 'http://evil.example' })).status).toBe(403);
    expect((await get(`/?token=${server.token}`, { host: `evil.example:${server.port}` })).status).toBe(403);
  });

  it('serves nothing outside the built renderer', async () => {
    expect((await get(`/..%2f..%2fpackage.json?token=${server.token}`)).status).toBe(404);
    expect((await get(`/%2e%2e/%2e%2e/package.json?token=${server.token}`)).status).toBe(404);
  });
});

describe('browser-mode WebSocket', () => {
  it('answers contract calls with the token', async () => {
    const ws = await connect(`/lab?token=${server.token}`);
    const reply = await ask(ws, JSON.stringify({ id: 1, method: 'app.info', args: {} }));
    expect(reply).toMatchObject({ id: 1, result: { ok: true, value: { frontDoor: 'browser' } } });
    ws.close();
  });

  it('needs the token on the socket itself: the static-files cookie alone is refused; a subprotocol works', async () => {
    const cookieValue = createHmac('sha256', server.token).update('process-lab static files').digest('base64url');
    await expect(connect('/lab', { cookie: `process_lab_token_${server.port}=${cookieValue}` })).rejects.toThrow('HTTP 401');
    await expect(connect('/lab', { cookie: `process_lab_token=${server.token}` })).rejects.toThrow('HTTP 401');
    const ws = await new Promise<WebSocket>((resolve, reject) => {
      const socket = new WebSocket(`ws://127.0.0.1:${server.port}/lab`, ['process-lab', `process-lab.token.${server.token}`]);
      socket.once('open', () => resolve(socket));
      socket.once('error', reject);
    });
    expect(ws.protocol).toBe('process-lab');
    expect(await ask(ws, JSON.stringify({ id: 7, method: 'app.info', args: {} }))).toMatchObject({ id: 7, result: { ok: true } });
    ws.close();
  });

  it('refuses a socket without a token (401), with a wrong one (403), from another Origin (403)', async () => {
    await expect(connect('/lab')).rejects.toThrow('HTTP 401');
    await expect(connect('/lab?token=nope')).rejects.toThrow('HTTP 403');
    await expect(connect(`/lab?token=${server.token}`, { origin: 'http://evil.example' })).rejects.toThrow('HTTP 403');
  });

  it('answers malformed messages with BAD_MESSAGE and stays usable', async () => {
    const ws = await connect(`/lab?token=${server.token}`);
    expect(await ask(ws, '{not json')).toMatchObject({ id: null, result: { ok: false, error: { code: 'BAD_MESSAGE' } } });
    expect(await ask(ws, JSON.stringify({ method: 'app.info' }))).toMatchObject({ result: { error: { code: 'BAD_MESSAGE' } } });
    expect(await ask(ws, JSON.stringify({ id: 2, method: 'presets.get', args: { id: 3 } }))).toMatchObject({
      id: 2,
      result: { ok: false, error: { code: 'INVALID_ARGUMENT' } },
    });
    expect(await ask(ws, JSON.stringify({ id: 3, method: 'presets.list', args: {} }))).toMatchObject({ id: 3, result: { ok: true } });
    ws.close();
  });
});

/** Opens a raw TCP connection, does the WebSocket handshake with the token, and returns it. */
function rawSocket(): Promise<import('node:net').Socket> {
  return new Promise((resolve, reject) => {
    const socket = tcpConnect(server.port, '127.0.0.1');
    socket.once('error', reject);
    socket.once('connect', () => {
      socket.write(`GET /lab?token=${server.token} HTTP/1.1\r\nHost: 127.0.0.1:${server.port}\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n` +
        'Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n\r\n');
    });
    socket.once('data', (chunk) => (chunk.toString().startsWith('HTTP/1.1 101') ? resolve(socket) : reject(new Error(chunk.toString()))));
  });
}

const mask = [0, 0, 0, 0]; // a zero mask leaves the payload as written
const badFrames: Array<[string, number[]]> = [
  ['a frame announcing more than the maximum payload (2^40 bytes)', [0x81, 0x80 | 127, 0, 0, 0x01, 0, 0, 0, 0, 0, ...mask]],
  ['invalid UTF-8 in a text frame', [0x81, 0x80 | 2, ...mask, 0xc3, 0x28]],
  ['a reserved bit set (RSV1 without an extension)', [0xc1, 0x80 | 2, ...mask, 0x68, 0x69]],
  ['an unmasked client frame', [0x81, 0x02, 0x68, 0x69]],
  ['an unknown opcode (0x3)', [0x83, 0x80, ...mask]],
];

describe('browser-mode WebSocket, raw malformed frames over a real socket', () => {
  for (const [what, bytes] of badFrames) {
    it(`${what}: closes that connection only; the server answers the next one`, async () => {
      const raw = await rawSocket();
      const closed = new Promise<Buffer>((resolve) => {
        let received = Buffer.alloc(0);
        raw.on('data', (chunk: Buffer) => (received = Buffer.concat([received, chunk])));
        raw.on('close', () => resolve(received));
      });
      raw.write(Buffer.from(bytes));
      const received = await closed;
      // A close frame (opcode 0x8) with an RFC 6455 status code: 1002 protocol error, 1007
      // invalid data or 1009 too big.
      expect(received[0]).toBe(0x88);
      expect([1002, 1007, 1009]).toContain(received.readUInt16BE(2));
      const ws = await connect(`/lab?token=${server.token}`);
      expect(await ask(ws, JSON.stringify({ id: 1, method: 'app.info', args: {} }))).toMatchObject({ id: 1, result: { ok: true } });
      ws.close();
    });
  }
});

describe('static files', () => {
  it('are served only when their real path is inside the served folder: a planted symlink is 404', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'plab-static-'));
    try {
      mkdirSync(join(dir, 'www'));
      writeFileSync(join(dir, 'www', 'index.html'), '<p>ok</p>');
      writeFileSync(join(dir, 'secret.txt'), 'outside');
      symlinkSync(join(dir, 'secret.txt'), join(dir, 'www', 'leak.txt'));
      symlinkSync('/etc', join(dir, 'www', 'etc'));
      const other = await serve({ lab: createLab({ frontDoor: 'browser' }), staticDir: join(dir, 'www'), port: 0 });
      try {
        const fetch = (path: string) => new Promise<number>((resolve, reject) => {
          request(`http://127.0.0.1:${other.port}${path}?token=${other.token}`, (res) => { res.resume(); resolve(res.statusCode ?? 0); }).on('error', reject).end();
        });
        expect(await fetch('/index.html')).toBe(200);
        expect(await fetch('/leak.txt')).toBe(404);
        expect(await fetch('/etc/hostname')).toBe(404);
      } finally {
        await other.close();
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('pages connected', () => {
  it('tell the engine whether anyone can step a held run: from the first page in until the last one leaves', async () => {
    const lab = createLab({ frontDoor: 'browser' });
    const told: boolean[] = [];
    const setWatched = lab.setWatched.bind(lab);
    lab.setWatched = (watched) => {
      told.push(watched);
      setWatched(watched);
    };
    const other = await serve({ lab, staticDir, port: 0 });
    try {
      const open = (): Promise<WebSocket> => new Promise((resolve, reject) => {
        const ws = new WebSocket(`ws://127.0.0.1:${other.port}/lab?token=${other.token}`);
        ws.once('open', () => resolve(ws));
        ws.once('error', reject);
      });
      const closed = (ws: WebSocket) => new Promise<void>((resolve) => {
        ws.once('close', () => resolve());
        ws.close();
      });
      expect(told).toEqual([false]); // no page yet
      const first = await open();
      const second = await open();
      await expect.poll(() => told).toEqual([false, true]);
      await closed(first);
      await new Promise((r) => setTimeout(r, 50));
      expect(told).toEqual([false, true]); // one page is still there
      await closed(second);
      await expect.poll(() => told).toEqual([false, true, false]);
    } finally {
      await other.close();
      await lab.close();
    }
  });
});
