/**
 * The only bridge between the page and the core: `window.alpr = { call, on }`.
 * It refuses any channel or event the contract does not list, so the page never holds
 * `ipcRenderer` or a send-anything function. Bundled (tools/bundle-preload.mjs) because a
 * sandboxed preload cannot require files.
 */
import { contextBridge, ipcRenderer, type IpcRendererEvent } from 'electron';
import { CHANNEL_NAMES, EVENT_NAMES_LIST } from './contract/names';
import { IPC_CALL, IPC_EVENT } from './transport/ipc-names';

const channels = new Set<string>(CHANNEL_NAMES);
const events = new Set<string>(EVENT_NAMES_LIST);

contextBridge.exposeInMainWorld('alpr', {
  call(channel: unknown, input: unknown): Promise<unknown> {
    if (typeof channel !== 'string' || !channels.has(channel)) {
      return Promise.resolve({ ok: false, error: { code: 'unknown-channel', message: `unknown channel ${String(channel)}` } });
    }
    return ipcRenderer.invoke(IPC_CALL, { channel, input });
  },
  on(name: unknown, fn: unknown): () => void {
    if (typeof name !== 'string' || !events.has(name) || typeof fn !== 'function') {
      throw new Error(`unknown event ${String(name)}`);
    }
    const listener = (_e: IpcRendererEvent, msg: { name: string; payload: unknown }) => {
      if (msg?.name === name) (fn as (p: unknown) => void)(msg.payload);
    };
    ipcRenderer.on(IPC_EVENT, listener);
    return () => ipcRenderer.removeListener(IPC_EVENT, listener);
  },
});
