// Browser mode's server, real sockets on loopback: the token, the Origin and Host checks, the
// contract over WebSocket, and the static files it serves (the built renderer).
import { request } from 'node:http';
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

  it('serves the page with the token and sets the cookie for its assets', async () => {
    const page = await get(`/?token=${server.token}`);
    expect(page.status).toBe(200);
    expect(page.body).toContain('<div id="app">');
    expect(String(page.headers['set-cookie'])).toContain('HttpOnly');
    expect(String(page.headers['content-security-policy'])).toContain("default-src 'self'");
    const asset = page.body.match(/src="\.?(\/assets\/[^"]+\.js)"/)![1];
    expect((await get(asset, { cookie: `process_lab_token=${server.token}` })).status).toBe(200);
  });

  it('refuses a missing token with 401 and a wrong one with 403', async () => {
    expect((await get('/')).status).toBe(401);
    expect((await get('/assets/whatever.js')).status).toBe(401);
    expect((await get('/?token=wrong')).status).toBe(403);
    expect((await get('/', { cookie: 'process_lab_token=wrong' })).status).toBe(403);
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
