// Browser mode: the contract over one WebSocket to the local server that served this page.
// The token comes from the page's URL; replies are matched to requests by id; every frame is
// checked against the contract (main/contract/wire.ts, pushes.ts) before anything reads it.
// A lost connection fails the calls in flight (UNAVAILABLE) and, while anyone listens to
// pushes, is opened again after a delay that doubles up to a ceiling; once open again, the
// onReconnect listeners are told, so they read what was pushed while the connection was down.
import { TOKEN_PARAM, WS_PATH, isMethodName, wireReplySchema, type WireRequest } from '@contract';
import { PushHub, acceptReply, consoleReporter, type RefusalReporter } from './accept';
import type { LabClient } from './client';
import { LabCallError } from './errors';

/** The part of the WebSocket API this client uses (the browser's; tests pass the ws package's). */
export interface SocketLike {
  readonly readyState: number;
  send(data: string): void;
  close(): void;
  onopen: ((event: unknown) => void) | null;
  onclose: ((event: unknown) => void) | null;
  onerror: ((event: unknown) => void) | null;
  onmessage: ((event: { data: unknown }) => void) | null;
}

export interface WebSocketClientOptions {
  /** Makes a socket for a URL; the browser's WebSocket by default. */
  open?: (url: string) => SocketLike;
  /** Where frames that break the contract are reported. */
  report?: RefusalReporter;
  /** First reconnection delay in ms (250), doubled after each failure up to maxRetryMs (5000). */
  retryMs?: number;
  maxRetryMs?: number;
}

const OPEN = 1; // WebSocket.OPEN

/** The engine's URL for a page served by browser mode: same host, WS_PATH, the page's token. */
function engineUrl(location: Pick<Location, 'protocol' | 'host' | 'search'>): string {
  const token = new URLSearchParams(location.search).get(TOKEN_PARAM) ?? '';
  const protocol = location.protocol === 'https:' ? 'wss:' : 'ws:';
  return `${protocol}//${location.host}${WS_PATH}?${TOKEN_PARAM}=${encodeURIComponent(token)}`;
}

const unavailable = (message: string) => new LabCallError({ code: 'UNAVAILABLE', message });

export function connectWebSocket(
  location: Pick<Location, 'protocol' | 'host' | 'search'>,
  options: WebSocketClientOptions = {},
): LabClient {
  const url = engineUrl(location);
  const makeSocket = options.open ?? ((target: string) => new WebSocket(target) as unknown as SocketLike);
  const report = options.report ?? consoleReporter;
  const firstDelay = options.retryMs ?? 250;
  const maxDelay = options.maxRetryMs ?? 5000;
  const hub = new PushHub(report);
  const pending = new Map<number, { settle: (reply: unknown) => void; fail: (error: Error) => void }>();
  let nextId = 1;
  let socket: SocketLike | undefined;
  let opening: Promise<SocketLike> | undefined;
  let delay = firstDelay;
  let retryTimer: ReturnType<typeof setTimeout> | undefined;
  /** A socket was open before: the next one to open is a reconnection. */
  let wasOpen = false;
  const reconnectListeners = new Set<() => void>();
  const connectionListeners = new Set<(connected: boolean) => void>();
  /** The last state told to connectionListeners: a socket that was open and closed is 'lost'. */
  let lost = false;
  function tell(connected: boolean): void {
    if (lost === !connected) return;
    lost = !connected;
    for (const listener of [...connectionListeners]) listener(connected);
  }

  function scheduleReconnect(): void {
    if (retryTimer !== undefined || hub.size === 0) return;
    retryTimer = setTimeout(() => {
      retryTimer = undefined;
      open().catch(() => {}); // a failed attempt closes, and that schedules the next one
    }, delay);
    delay = Math.min(delay * 2, maxDelay);
  }

  function receive(data: unknown): void {
    let frame: unknown;
    try {
      frame = JSON.parse(String(data));
    } catch {
      return report('a frame that is not JSON');
    }
    if (frame !== null && typeof frame === 'object' && 'event' in frame) {
      const { event, payload } = frame as { event: unknown; payload: unknown };
      return hub.deliver(event, payload);
    }
    // Only the id is read here: the reply's result goes to the waiting call, which checks it
    // against its method's schema (a broken result fails that call, not the connection).
    const id = (frame as { id?: unknown } | null)?.id;
    if (typeof id === 'number' && pending.has(id)) {
      const waiting = pending.get(id)!;
      pending.delete(id);
      return waiting.settle((frame as { result?: unknown }).result);
    }
    const reply = wireReplySchema.safeParse(frame);
    if (!reply.success) return report('a frame that is neither a reply nor a push');
    if (reply.data.id !== null) return report(`a reply to request ${reply.data.id}, which is not waiting`);
    const error = reply.data.result.ok ? 'no error' : `${reply.data.result.error.code}: ${reply.data.result.error.message}`;
    report(`the engine could not read a request (${error})`);
  }

  function open(): Promise<SocketLike> {
    if (opening) return opening;
    opening = new Promise<SocketLike>((resolve, reject) => {
      const ws = makeSocket(url);
      let opened = false;
      ws.onopen = () => {
        opened = true;
        socket = ws;
        delay = firstDelay;
        resolve(ws);
        tell(true);
        if (wasOpen) for (const listener of [...reconnectListeners]) listener();
        wasOpen = true;
      };
      ws.onerror = () => {
        if (!opened) reject(unavailable('Cannot reach the Process Lab engine.'));
      };
      ws.onclose = () => {
        if (!opened) reject(unavailable('Cannot reach the Process Lab engine.'));
        if (socket === ws) socket = undefined;
        opening = undefined;
        for (const waiting of pending.values()) waiting.fail(unavailable('The connection to the Process Lab engine closed.'));
        pending.clear();
        if (wasOpen) tell(false);
        scheduleReconnect();
      };
      ws.onmessage = (message) => receive(message.data);
    });
    return opening;
  }

  return {
    kind: 'browser',
    async call(method, args) {
      // The types already forbid it; this stops a cast from sending what the contract lacks.
      if (!isMethodName(method)) {
        throw new LabCallError({ code: 'UNKNOWN_METHOD', message: `${String(method)} is not a contract method.` });
      }
      const ws = socket?.readyState === OPEN ? socket : await open();
      const id = nextId++;
      const reply = await new Promise<unknown>((settle, fail) => {
        pending.set(id, { settle, fail });
        ws.send(JSON.stringify({ id, method, args } satisfies WireRequest));
      });
      return acceptReply(method, reply);
    },
    on(event, listener) {
      const off = hub.on(event, listener);
      if (!socket) open().catch(() => {});
      return off;
    },
    onReconnect(listener) {
      reconnectListeners.add(listener);
      return () => void reconnectListeners.delete(listener);
    },
    onConnection(listener) {
      connectionListeners.add(listener);
      return () => void connectionListeners.delete(listener);
    },
  };
}
