import type { Envelope, MethodName } from '@contract';
import { LabCallError, type LabClient } from './client';

/** What preload/index.ts exposes as window.processLab. */
export interface PreloadBridge {
  invoke: Record<MethodName, (args: unknown) => Promise<Envelope<unknown>>>;
  onEvent(listener: (event: string, payload: unknown) => void): () => void;
}

export function connectElectron(bridge: PreloadBridge): LabClient {
  return {
    kind: 'electron',
    async call(method, args) {
      const envelope = await bridge.invoke[method](args);
      if (!envelope.ok) throw new LabCallError(envelope.error);
      return envelope.value as never;
    },
    onEvent: (listener) => bridge.onEvent(listener),
  };
}
