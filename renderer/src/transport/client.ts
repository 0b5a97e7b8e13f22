// The renderer's one way to reach the engine: the contract's methods and pushes, whatever carries
// them (Electron's preload, or browser mode's WebSocket). Failures arrive as LabCallError.
import type { MethodArgs, MethodName, MethodResult, PushName, PushPayload } from '@contract';
import { connectElectron, type PreloadBridge } from './electron';
import { connectWebSocket } from './websocket';

export { LabCallError, errorText } from './errors';

export interface LabClient {
  /** Calls one contract method; rejects with LabCallError (the engine's code, or UNAVAILABLE). */
  call<M extends MethodName>(method: M, args: MethodArgs<M>): Promise<MethodResult<M>>;
  /** Listens to one push; only payloads that match the contract's schema reach the listener. */
  on<P extends PushName>(event: P, listener: (payload: PushPayload<P>) => void): () => void;
  /**
   * Called each time the connection opens again after it was lost: the pushes sent meanwhile
   * never arrived, so a listener reads what it missed (run.events). Electron's bridge never drops.
   */
  onReconnect(listener: () => void): () => void;
  /**
   * Called at once whenever the connection to the engine is lost (false) or open again (true),
   * so a page shows that the engine stopped without waiting for a click. Electron's never drops.
   */
  onConnection(listener: (connected: boolean) => void): () => void;
  readonly kind: 'electron' | 'browser';
}

let client: LabClient | undefined;

/** The client for this page: Electron's bridge when the preload is there, else WebSocket. */
export function labClient(): LabClient {
  if (!client) {
    const bridge = (window as unknown as { processLab?: PreloadBridge }).processLab;
    client = bridge ? connectElectron(bridge) : connectWebSocket(window.location);
  }
  return client;
}
