/**
 * The Electron shell: single instance, one secure window, the core built by boot.ts and handed
 * to the IPC transport. No product logic lives here.
 */
import { app, BrowserWindow, session, shell } from 'electron';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { bootConsole, type Booted } from './boot';
import { attachIpc, type IpcTransport } from './transport/ipc';
import { rendererDir } from './renderer-build';
import { nodeNotifierSink } from './core/notify/notifier';

const log = (line: string) => console.error(`[console] ${line}`);

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

  // No remote content, ever: every web request that is not the app's own file is cancelled.
  app.on('web-contents-created', (_e, contents) => {
    contents.setWindowOpenHandler(({ url }) => {
      if (url.startsWith('https://')) void shell.openExternal(url);
      return { action: 'deny' };
    });
    contents.on('will-navigate', (event) => event.preventDefault());
    contents.on('will-attach-webview', (event) => event.preventDefault());
  });

  app.whenReady().then(async () => {
    session.defaultSession.setPermissionRequestHandler((_wc, _permission, cb) => cb(false));
    session.defaultSession.webRequest.onBeforeRequest({ urls: ['http://*/*', 'https://*/*', 'ws://*/*', 'wss://*/*'] }, (_d, cb) =>
      cb({ cancel: true }),
    );
    const dataDir = process.env.ALPR_CONSOLE_DATA ?? app.getPath('userData');
    booted = await bootConsole({ dataDir, mode: 'electron', notify: nodeNotifierSink(log), log });
    const index = path.join(rendererDir(), 'index.html');
    const appUrl = pathToFileURL(index).href;
    win = new BrowserWindow({
      width: 1600,
      height: 1000,
      minWidth: 1100,
      minHeight: 700,
      title: booted.training ? 'ALPR Hit Console - TRAINING' : 'ALPR Hit Console',
      backgroundColor: '#0b1220',
      show: false,
      webPreferences: {
        preload: path.join(__dirname, 'preload.js'),
        contextIsolation: true,
        sandbox: true,
        nodeIntegration: false,
        webSecurity: true,
        spellcheck: false,
      },
    });
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
