// Browser mode: the contract over one WebSocket to the local server that served this page.
// The token comes from the page's URL; replies are matched to requests by id.
import type { Envelope, WireReply } from '@contract';
import { LabCallError, type LabClient } from './client';

const WS_PATH = '/lab';

export function connectWebSocket(location: Location): LabClient {
  const token = new URLSearchParams(location.search).get('token') ?? '';
  const protocol = location.protocol === 'https:' ? 'wss:' : 'ws:';
  const url = `${protocol}//${location.host}${WS_PATH}?token=${encodeURIComponent(token)}`;
  const pending = new Map<number, (envelope: Envelope<unknown>) => void>();
  const listeners = new Set<(event: string, payload: unknown) => void>();
  let nextId = 1;
  let socket: WebSocket | undefined;
  let opened: Promise<WebSocket> | undefined;

  function open(): Promise<WebSocket> {
    if (opened) return opened;
    opened = new Promise((resolve, reject) => {
      const ws = new WebSocket(url);
      ws.onopen = () => {
        socket = ws;
        resolve(ws);
      };
      ws.onerror = () => reject(new LabCallError({ code: 'UNAVAILABLE', message: 'Cannot reach the Process Lab engine.' }));
      ws.onclose = () => {
        socket = undefined;
        opened = undefined;
        for (const settle of pending.values()) {
          settle({ ok: false, error: { code: 'UNAVAILABLE', message: 'The connection to the Process Lab engine closed.' } });
        }
        pending.clear();
      };
      ws.onmessage = (message) => {
        const data = JSON.parse(String(message.data)) as WireReply | { event: string; payload: unknown };
        if ('event' in data) {
          for (const listener of listeners) listener(data.event, data.payload);
        } else if (data.id !== null) {
          pending.get(data.id)?.(data.result as Envelope<unknown>);
          pending.delete(data.id);
        }
      };
    });
    return opened;
  }

  return {
    kind: 'browser',
    async call(method, args) {
      const ws = socket ?? (await open());
      const id = nextId++;
      const envelope = await new Promise<Envelope<unknown>>((resolve) => {
        pending.set(id, resolve);
        ws.send(JSON.stringify({ id, method, args }));
      });
      if (!envelope.ok) throw new LabCallError(envelope.error);
      return envelope.value as never;
    },
    onEvent(listener) {
      listeners.add(listener);
      void open().catch(() => {});
      return () => listeners.delete(listener);
    },
  };
}
