// The desktop transport: the preload's bridge (preload/index.ts), checked like the WebSocket's.
import type { MethodName } from '@contract';
import { PushHub, acceptReply, consoleReporter, type RefusalReporter } from './accept';
import type { LabClient } from './client';

/** What preload/index.ts exposes as window.processLab. */
export interface PreloadBridge {
  invoke: Record<MethodName, (args: unknown) => Promise<unknown>>;
  onEvent(listener: (event: string, payload: unknown) => void): () => void;
}

export function connectElectron(bridge: PreloadBridge, report: RefusalReporter = consoleReporter): LabClient {
  const hub = new PushHub(report);
  let unsubscribe: (() => void) | undefined;
  return {
    kind: 'electron',
    async call(method, args) {
      return acceptReply(method, await bridge.invoke[method](args));
    },
    on(event, listener) {
      unsubscribe ??= bridge.onEvent((name, payload) => hub.deliver(name, payload));
      return hub.on(event, listener);
    },
    // ipcRenderer's channel lives as long as the page: there is no reconnection to report.
    onReconnect: () => () => undefined,
    onConnection: () => () => undefined,
  };
}
