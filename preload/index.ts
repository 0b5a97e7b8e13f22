// The preload: exposes exactly the contract (one function per method) and its pushes, nothing
// of Electron itself. Bundled as one CommonJS file for sandbox: true, so it reads only the
// contract's names (channels.ts, no zod); the renderer checks each payload against its schema.
import { contextBridge, ipcRenderer, type IpcRendererEvent } from 'electron';
import { IPC_EVENT_CHANNEL, IPC_INVOKE_CHANNEL, METHOD_NAMES, isPushName } from '../main/contract/channels';

const invoke = Object.fromEntries(
  METHOD_NAMES.map((method) => [method, (args: unknown) => ipcRenderer.invoke(IPC_INVOKE_CHANNEL, method, args ?? {})]),
);

contextBridge.exposeInMainWorld('processLab', {
  invoke,
  onEvent(listener: (event: string, payload: unknown) => void): () => void {
    const wrapped = (_event: IpcRendererEvent, name: unknown, payload: unknown) => {
      if (isPushName(name)) listener(name, payload); // a name outside the contract never reaches the page
    };
    ipcRenderer.on(IPC_EVENT_CHANNEL, wrapped);
    return () => ipcRenderer.removeListener(IPC_EVENT_CHANNEL, wrapped);
  },
});
