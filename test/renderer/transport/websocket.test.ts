// Browser mode's client against a real WebSocket server on loopback (the ws package on both
// ends): the frames it sends, the replies and pushes it accepts, and what it does when the
// connection fails or drops.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import WebSocket, { WebSocketServer } from 'ws';
import { TOKEN_PARAM, WS_PATH, contract, wireRequestSchema, type MethodName } from '../../../main/contract';
import { connectWebSocket, type SocketLike } from '../../../renderer/src/transport/websocket';
import { LabCallError } from '../../../renderer/src/transport/errors';

interface Server {
  port: number;
  /** Every frame the client sent, parsed. */
  received: unknown[];
  /** The URLs clients connected with. */
  urls: string[];
  /** Answers each request; the default is a valid app.info. */
  answer: (request: { id: number; method: string; args: unknown }, socket: WebSocket) => void;
  sockets: Set<WebSocket>;
  close(): Promise<void>;
}

async function startServer(port = 0): Promise<Server> {
  const wss = new WebSocketServer({ port, host: '127.0.0.1' });
  await new Promise<void>((resolve) => wss.once('listening', () => resolve()));
  const server: Server = {
    port: (wss.address() as { port: number }).port,
    received: [],
    urls: [],
    sockets: new Set(),
    answer: (request, socket) => socket.send(JSON.stringify({ id: request.id, result: { ok: true, value: appInfo } })),
    close: () =>
      new Promise<void>((resolve) => {
        for (const socket of wss.clients) socket.terminate();
        wss.close(() => resolve());
      }),
  };
  wss.on('connection', (socket, request) => {
    server.urls.push(request.url ?? '');
    server.sockets.add(socket);
    socket.on('close', () => server.sockets.delete(socket));
    socket.on('message', (raw) => {
      const frame = JSON.parse(raw.toString()) as { id: number; method: string; args: unknown };
      server.received.push(frame);
      server.answer(frame, socket);
    });
  });
  return server;
}

const appInfo = { name: 'Process Lab', version: '0', platform: 'linux', frontDoor: 'browser', capabilities: { posixMessageQueues: true, procfs: true } };
const location = (port: number) => ({ protocol: 'http:', host: `127.0.0.1:${port}`, search: `?${TOKEN_PARAM}=s3cr%2Bt` });
const open = (url: string) => new WebSocket(url) as unknown as SocketLike;
const until = async (check: () => boolean) => {
  while (!check()) await new Promise((resolve) => setTimeout(resolve, 5));
};

let server: Server;
let refused: string[];
beforeEach(async () => {
  server = await startServer();
  refused = [];
});
afterEach(() => server.close());

const client = (retryMs = 10) => connectWebSocket(location(server.port), { open, report: (r) => refused.push(r), retryMs, maxRetryMs: 40 });

describe('requests', () => {
  it('connects to the contract path with the page token, and sends only contract requests', async () => {
    const lab = client();
    expect(await lab.call('app.info', {})).toEqual(appInfo);
    await expect(lab.call('process.exit' as MethodName, {} as never)).rejects.toMatchObject({ code: 'UNKNOWN_METHOD' });
    expect(server.urls).toEqual([`${WS_PATH}?${TOKEN_PARAM}=s3cr%2Bt`]);
    expect(server.received).toHaveLength(1);
    for (const frame of server.received) {
      const request = wireRequestSchema.parse(frame);
      expect(contract[request.method as MethodName].args.safeParse(request.args).success).toBe(true);
    }
  });

  it('matches replies to requests by id, whatever their order', async () => {
    const held: Array<() => void> = [];
    server.answer = (request, socket) => {
      const value = request.method === 'presets.list' ? [{ id: `p${request.id}`, title: 't', description: 'd' }] : appInfo;
      held.push(() => socket.send(JSON.stringify({ id: request.id, result: { ok: true, value } })));
      if (held.length === 2) for (const send of held.reverse()) send();
    };
    const lab = client();
    const [info, list] = await Promise.all([lab.call('app.info', {}), lab.call('presets.list', {})]);
    expect(info).toEqual(appInfo);
    expect(list).toEqual([{ id: 'p2', title: 't', description: 'd' }]);
  });

  it('rejects with the engine error, keeping its code and system call', async () => {
    server.answer = (request, socket) =>
      socket.send(JSON.stringify({ id: request.id, result: { ok: false, error: { code: 'EACCES', syscall: 'shmctl', message: 'Permission denied' } } }));
    const failure = await client().call('system.remove', { kind: 'sysv-shm', id: '1', confirm: '1' }).catch((e: unknown) => e);
    expect(failure).toBeInstanceOf(LabCallError);
    expect(failure).toMatchObject({ code: 'EACCES', syscall: 'shmctl', message: 'Permission denied' });
  });

  it('refuses a reply that breaks the contract, and an error code the contract lacks', async () => {
    server.answer = (request, socket) => socket.send(JSON.stringify({ id: request.id, result: { ok: true, value: { name: 'Process Lab' } } }));
    const lab = client();
    await expect(lab.call('app.info', {})).rejects.toMatchObject({ code: 'BAD_MESSAGE', message: expect.stringContaining('app.info') });
    server.answer = (request, socket) => socket.send(JSON.stringify({ id: request.id, result: { ok: false, error: { code: 'OOPS', message: 'x' } } }));
    await expect(lab.call('app.info', {})).rejects.toMatchObject({ code: 'BAD_MESSAGE' });
  });

  it('reports frames that are neither replies nor pushes, and replies nobody waits for', async () => {
    server.answer = (request, socket) => {
      socket.send('not json');
      socket.send(JSON.stringify({ hello: 1 }));
      socket.send(JSON.stringify({ id: 999, result: { ok: true, value: {} } }));
      socket.send(JSON.stringify({ id: null, result: { ok: false, error: { code: 'BAD_MESSAGE', message: 'A request is ...' } } }));
      socket.send(JSON.stringify({ id: request.id, result: { ok: true, value: appInfo } }));
    };
    expect(await client().call('app.info', {})).toEqual(appInfo);
    expect(refused).toEqual([
      'a frame that is not JSON',
      'a frame that is neither a reply nor a push',
      'a reply to request 999, which is not waiting',
      'the engine could not read a request (BAD_MESSAGE: A request is ...)',
    ]);
  });
});

describe('pushes', () => {
  it('delivers pushes the contract defines, to the listeners of that push only', async () => {
    const lab = client();
    const runs: unknown[] = [];
    const benches: unknown[] = [];
    lab.on('run.events', (push) => runs.push(push));
    lab.on('bench.progress', (push) => benches.push(push));
    await until(() => server.sockets.size === 1);
    const [socket] = server.sockets;
    const events = [{ t: 0, type: 'run.start', title: 't', runId: 'r1' }];
    socket.send(JSON.stringify({ event: 'run.events', payload: { runId: 'r1', events } }));
    socket.send(JSON.stringify({ event: 'run.events', payload: { runId: 'r1', events: [{ t: 0, type: 'run.begin' }] } }));
    socket.send(JSON.stringify({ event: 'run.stdout', payload: {} }));
    socket.send(JSON.stringify({ event: 'bench.progress', payload: { benchId: 'b1', done: 1, total: 2 } }));
    await until(() => benches.length === 1);
    expect(runs).toEqual([{ runId: 'r1', events }]);
    expect(refused).toHaveLength(2);
    expect(refused[0]).toMatch(/^push run.events breaks the contract: at \/events\/0/);
    expect(refused[1]).toMatch(/^unknown push "run.stdout"/);
  });

  it('stops delivering to a listener that unsubscribed', async () => {
    const lab = client();
    const got: unknown[] = [];
    const off = lab.on('bench.progress', (push) => got.push(push));
    lab.on('run.events', () => {});
    await until(() => server.sockets.size === 1);
    off();
    const [socket] = server.sockets;
    socket.send(JSON.stringify({ event: 'bench.progress', payload: { benchId: 'b1', done: 1, total: 2 } }));
    socket.send(JSON.stringify({ event: 'run.events', payload: { runId: 'r1', events: [] } }));
    await expect(client().call('app.info', {})).resolves.toEqual(appInfo); // a round trip after both frames
    expect(got).toEqual([]);
  });
});

describe('a connection that fails or drops', () => {
  it('rejects calls with UNAVAILABLE when nothing listens on the port', async () => {
    const port = server.port;
    await server.close();
    const lab = connectWebSocket(location(port), { open, report: (r) => refused.push(r) });
    await expect(lab.call('app.info', {})).rejects.toMatchObject({ code: 'UNAVAILABLE', message: 'Cannot reach the Process Lab engine.' });
    server = await startServer();
  });

  it('fails the calls in flight when the connection drops, and the next call connects again', async () => {
    server.answer = (_request, socket) => socket.terminate();
    const lab = client();
    await expect(lab.call('app.info', {})).rejects.toMatchObject({ code: 'UNAVAILABLE', message: 'The connection to the Process Lab engine closed.' });
    server.answer = (request, socket) => socket.send(JSON.stringify({ id: request.id, result: { ok: true, value: appInfo } }));
    expect(await lab.call('app.info', {})).toEqual(appInfo);
    expect(server.urls).toHaveLength(2);
  });

  it('reconnects by itself while someone listens to pushes, also after the server was down for a while, and says so', async () => {
    const lab = client();
    const got: unknown[] = [];
    let reconnections = 0;
    lab.onReconnect(() => reconnections++);
    lab.on('bench.progress', (push) => got.push(push));
    await until(() => server.sockets.size === 1);
    expect(reconnections).toBe(0); // the first connection is no reconnection
    const port = server.port;
    await server.close();
    await new Promise((resolve) => setTimeout(resolve, 100)); // several attempts fail meanwhile
    server = await startServer(port);
    await until(() => server.sockets.size === 1);
    const [socket] = server.sockets;
    socket.send(JSON.stringify({ event: 'bench.progress', payload: { benchId: 'b2', done: 0, total: 1 } }));
    await until(() => got.length === 1);
    expect(got).toEqual([{ benchId: 'b2', done: 0, total: 1 }]);
    expect(reconnections).toBe(1); // once, however many attempts failed before
  });
});
