/**
 * Electron IPC transport. One core session per window. A call is served only when it comes
 * from the app's own window, its top-level frame, showing the app's own page; anything else
 * is refused and logged (compare VS Code's validatedIpcMain, Electron Fiddle's ipc.ts).
 */
import { ipcMain, type BrowserWindow, type IpcMainInvokeEvent } from 'electron';
import type { Core, SessionHandle } from '../core/core';
import { IPC_CALL, IPC_EVENT } from './ipc-names';
import { isTrustedSender } from '../shell/security';
import { currentWorkstationAddress } from '../core/util/workstation-ip';

export interface IpcTransport {
  session: SessionHandle;
  dispose(): void;
}

export function attachIpc(
  core: Core,
  win: BrowserWindow,
  appUrl: string,
  log: (line: string) => void,
  onEvent?: (name: string) => void,
): IpcTransport {
  // The renderer is local: the address on the record is the workstation's own, as it is now.
  const session = core.openSession({ ip: currentWorkstationAddress() });
  session.subscribe((name, payload) => {
    if (!win.isDestroyed()) win.webContents.send(IPC_EVENT, { name, payload });
    onEvent?.(name);
  });

  const trusted = (event: IpcMainInvokeEvent): boolean => isTrustedSender(event, win.webContents.id, appUrl);

  ipcMain.handle(IPC_CALL, async (event, msg: unknown) => {
    if (!trusted(event)) {
      log(`refused IPC from an untrusted sender: ${event.senderFrame?.url ?? 'unknown frame'}`);
      return { ok: false, error: { code: 'forbidden', message: 'untrusted sender' } };
    }
    const { channel, input } = (msg ?? {}) as { channel?: unknown; input?: unknown };
    session.setAddress(currentWorkstationAddress());
    return core.dispatch(session.id, channel, input);
  });

  return {
    session,
    dispose() {
      ipcMain.removeHandler(IPC_CALL);
      session.close();
    },
  };
}
