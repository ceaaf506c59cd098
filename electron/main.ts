/**
 * The Electron shell: single instance, one secure window, the core built by boot.ts and handed
 * to the IPC transport. No product logic lives here.
 */
import { app, BrowserWindow, safeStorage, session } from 'electron';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { bootConsole, type Booted } from './boot';
import { attachIpc, type IpcTransport } from './transport/ipc';
import { rendererDir } from './renderer-build';
import { nodeNotifierSink } from './core/notify/notifier';
import {
  cancelRemoteRequest,
  denyPermission,
  denyPermissionCheck,
  hardenContents,
  REMOTE_URL_FILTER,
  windowOptions,
} from './shell/security';
import { askPassphrase } from './shell/passphrase-prompt';
import {
  hasSealedKey,
  loadProtectedKey,
  MIN_PASSPHRASE_LENGTH,
  passphraseProtector,
  safeStorageProtector,
  WrongPassphraseError,
} from './core/auth/key-store';

/**
 * The data key, sealed with safeStorage; where safeStorage would keep it in plain text
 * (Linux basic_text), sealed with an administrator's passphrase instead (asked in a window,
 * or ALPR_CONSOLE_KEY_PASSPHRASE for scripted starts).
 */
async function unsealDataKey(dataDir: string): Promise<Buffer> {
  const backend = process.platform === 'linux' ? safeStorage.getSelectedStorageBackend() : 'os';
  if (safeStorage.isEncryptionAvailable() && backend !== 'basic_text' && backend !== 'unknown') {
    return loadProtectedKey(dataDir, safeStorageProtector(safeStorage));
  }
  log(`safeStorage cannot protect the data key here (backend: ${backend}); using an administrator's passphrase`);
  const creating = !hasSealedKey(dataDir, 'pass');
  const scripted = process.env.ALPR_CONSOLE_KEY_PASSPHRASE;
  if (scripted) return loadProtectedKey(dataDir, passphraseProtector(scripted));
  let error: string | null = null;
  for (;;) {
    const passphrase = await askPassphrase(creating, error, log);
    if (passphrase.length < MIN_PASSPHRASE_LENGTH) {
      error = `At least ${MIN_PASSPHRASE_LENGTH} characters.`;
      continue;
    }
    try {
      return loadProtectedKey(dataDir, passphraseProtector(passphrase));
    } catch (err) {
      if (!(err instanceof WrongPassphraseError)) throw err;
      error = 'That passphrase does not open the data key.';
    }
  }
}

const log = (line: string) => console.error(`[console] ${line}`);

// Every renderer sandboxed, whatever a window's options say (checklist 4).
app.enableSandbox();

if (!app.requestSingleInstanceLock()) {
  app.quit();
} else {
  let win: BrowserWindow | null = null;
  let booted: Booted | null = null;
  let ipc: IpcTransport | null = null;

  app.on('second-instance', () => {
    if (!win) return;
    if (win.isMinimized()) win.restore();
    win.focus();
  });

  const appUrl = pathToFileURL(path.join(rendererDir(), 'index.html')).href;

  // No new windows, no navigation away from the app's page, no <webview> (shell/security.ts).
  app.on('web-contents-created', (_e, contents) => hardenContents(contents, appUrl, log));

  app.whenReady().then(async () => {
    // No remote content, ever, and no permission granted to the page.
    session.defaultSession.setPermissionRequestHandler(denyPermission);
    session.defaultSession.setPermissionCheckHandler(denyPermissionCheck);
    session.defaultSession.webRequest.onBeforeRequest(REMOTE_URL_FILTER, cancelRemoteRequest);
    const dataDir = process.env.ALPR_CONSOLE_DATA ?? app.getPath('userData');
    const dataKey = await unsealDataKey(dataDir);
    booted = await bootConsole({ dataDir, mode: 'electron', notify: nodeNotifierSink(log), log, dataKey });
    win = new BrowserWindow(windowOptions(path.join(__dirname, 'preload.js'), booted.training));
    const window = win;
    ipc = attachIpc(booted.core, window, appUrl, log, (name) => {
      if (name === 'hits:new' && !window.isFocused()) window.flashFrame(true);
    });
    window.on('focus', () => window.flashFrame(false));
    window.once('ready-to-show', () => window.show());
    await window.loadURL(appUrl);
  }).catch((err: Error) => {
    log(`could not start: ${err.stack ?? err.message}`);
    app.exit(1);
  });

  app.on('window-all-closed', () => app.quit());
  app.on('will-quit', (event) => {
    if (!booted) return;
    event.preventDefault();
    const b = booted;
    booted = null;
    ipc?.dispose();
    void b.close().finally(() => app.exit(0));
  });
}
