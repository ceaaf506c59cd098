/**
 * Asking an administrator for the passphrase that protects the data key, where safeStorage
 * would only store it in plain text (Linux `basic_text` backend; issue 5). A small sandboxed
 * window with a static page (no script of its own), its form read by passphrase-preload.ts.
 * ALPR_CONSOLE_KEY_PASSPHRASE supplies it for scripted starts.
 */
import { BrowserWindow, ipcMain, type IpcMainEvent } from 'electron';
import path from 'node:path';
import { MIN_PASSPHRASE_LENGTH } from '../core/auth/key-store';
import { hardenContents, secureWebPreferences } from './security';

const escape = (s: string) => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

function page(creating: boolean, error: string | null): string {
  const title = creating ? 'Set the data key passphrase' : 'Data key passphrase';
  const text = creating
    ? `This computer cannot protect the console's data key with an operating-system keychain. An administrator sets a passphrase (at least ${MIN_PASSPHRASE_LENGTH} characters) that will be asked at every start.`
    : "An administrator enters the passphrase that protects this console's data key.";
  return `<!doctype html><html lang="en"><head><meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'">
<title>${title}</title><style>body{font:16px system-ui;background:#0b1220;color:#e6edf7;padding:1.5rem}label{display:block;margin-top:1rem}input{width:100%;font:inherit;padding:.4rem}button{margin-top:1rem;font:inherit;padding:.4rem 1rem}[role=alert]{color:#ff8a8a}</style></head>
<body><main><h1>${title}</h1><p>${escape(text)}</p><form>
<label for="passphrase">Passphrase</label><input id="passphrase" type="password" autocomplete="off" required>
${creating ? '<label for="confirm">Passphrase again</label><input id="confirm" type="password" autocomplete="off" required>' : ''}
<p id="error" role="alert">${error ? escape(error) : ''}</p><button type="submit">Continue</button></form></main></body></html>`;
}

/** Resolves with what the administrator typed; rejects if the window is closed. */
export function askPassphrase(creating: boolean, error: string | null, log: (line: string) => void): Promise<string> {
  const win = new BrowserWindow({
    width: 560,
    height: creating ? 420 : 340,
    resizable: false,
    title: 'ALPR Hit Console',
    backgroundColor: '#0b1220',
    webPreferences: secureWebPreferences(path.join(__dirname, 'passphrase-preload.js')),
  });
  const url = `data:text/html;charset=utf-8,${encodeURIComponent(page(creating, error))}`;
  hardenContents(win.webContents, url, log);
  return new Promise((resolve, reject) => {
    const onValue = (event: IpcMainEvent, value: unknown) => {
      if (event.sender.id !== win.webContents.id || event.senderFrame !== event.sender.mainFrame) return;
      ipcMain.removeListener('alpr:key-passphrase', onValue);
      win.removeAllListeners('closed');
      win.close();
      resolve(typeof value === 'string' ? value : '');
    };
    ipcMain.on('alpr:key-passphrase', onValue);
    win.on('closed', () => {
      ipcMain.removeListener('alpr:key-passphrase', onValue);
      reject(new Error('the data key passphrase was not given'));
    });
    void win.loadURL(url);
  });
}
