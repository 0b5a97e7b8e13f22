// The preload: exposes exactly the contract (one function per method) and an event
// subscription, nothing of Electron itself. Bundled as one CommonJS file for sandbox: true.
import { contextBridge, ipcRenderer, type IpcRendererEvent } from 'electron';
import { IPC_EVENT_CHANNEL, IPC_INVOKE_CHANNEL, METHOD_NAMES } from '../main/contract/channels';

const invoke = Object.fromEntries(
  METHOD_NAMES.map((method) => [method, (args: unknown) => ipcRenderer.invoke(IPC_INVOKE_CHANNEL, method, args ?? {})]),
);

contextBridge.exposeInMainWorld('processLab', {
  invoke,
  onEvent(listener: (event: string, payload: unknown) => void): () => void {
    const wrapped = (_event: IpcRendererEvent, name: string, payload: unknown) => listener(name, payload);
    ipcRenderer.on(IPC_EVENT_CHANNEL, wrapped);
    return () => ipcRenderer.removeListener(IPC_EVENT_CHANNEL, wrapped);
  },
});
