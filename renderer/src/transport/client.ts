// The renderer's one way to reach the engine: the contract's methods, whatever carries them
// (Electron's preload, or browser mode's WebSocket). Failures arrive as LabCallError.
import type { LabError, MethodArgs, MethodName, MethodResult } from '@contract';
import { connectElectron, type PreloadBridge } from './electron';
import { connectWebSocket } from './websocket';

export class LabCallError extends Error {
  readonly code: string;
  readonly syscall?: string;
  readonly details?: unknown;
  constructor(error: LabError) {
    super(error.message);
    this.name = 'LabCallError';
    this.code = error.code;
    this.syscall = error.syscall;
    this.details = error.details;
  }
}

export interface LabClient {
  call<M extends MethodName>(method: M, args: MethodArgs<M>): Promise<MethodResult<M>>;
  onEvent(listener: (event: string, payload: unknown) => void): () => void;
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
