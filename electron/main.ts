/**
 * The Electron shell: single instance, one secure window (position and size restored), the
 * core built by boot.ts and handed to the IPC transport, settings on electron-store, the tray
 * with the count of unhandled hits, notification clicks focusing the window, the application
 * log and its menu item. No product logic lives here: each piece is a tested pure module.
 */
import { app, BrowserWindow, dialog, Menu, nativeImage, safeStorage, screen, session, shell, Tray } from 'electron';
import ElectronStore from 'electron-store';
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
import { openAppLog } from './shell/app-log';
import { loadWindowState, restoreBounds, saveWindowState, MIN_SIZE } from './shell/window-state';
import { storeBackend, useSettingsBackend } from './core/settings/settings';
import { appRoot } from './core/util/paths';
import { refuseSecondKey } from './core/util/field-crypto';
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
  const keychain = safeStorage.isEncryptionAvailable() && backend !== 'basic_text' && backend !== 'unknown';
  // A key sealed with a passphrase stays so, even where a keychain has since become available.
  if (keychain && !hasSealedKey(dataDir, 'pass')) return loadProtectedKey(dataDir, safeStorageProtector(safeStorage));
  if (!keychain) log(`safeStorage cannot protect the data key here (backend: ${backend}); using an administrator's passphrase`);
  const creating = !hasSealedKey(dataDir, 'pass');
  // Before asking for a new passphrase: a key the keychain sealed must not be replaced.
  if (creating) refuseSecondKey(dataDir, 'data.key.pass');
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

let appLog: ReturnType<typeof openAppLog> | null = null;
const log = (line: string) => {
  appLog?.write(line);
  console.error(`[console] ${line}`);
};

// Settings on electron-store (the same conf file format the headless console reads).
useSettingsBackend((dir) => storeBackend(new ElectronStore<Record<string, unknown>>({ cwd: dir, name: 'settings', configFileMode: 0o600 }) as unknown as { store: Record<string, unknown>; path: string }));

/** The tray's tooltip and, where the platform shows one (macOS, some Linux trays), its title. */
function showCount(tray: Tray, count: number): void {
  const text = count === 0 ? 'ALPR Hit Console: no unhandled hits' : `ALPR Hit Console: ${count} unhandled hit${count === 1 ? '' : 's'}`;
  tray.setToolTip(text);
  if (process.platform === 'darwin' || process.platform === 'linux') tray.setTitle(count === 0 ? '' : String(count));
}

// Every renderer sandboxed, whatever a window's options say (checklist 4).
app.enableSandbox();

if (!app.requestSingleInstanceLock()) {
  app.quit();
} else {
  let win: BrowserWindow | null = null;
  let booted: Booted | null = null;
  let ipc: IpcTransport | null = null;
  let tray: Tray | null = null;

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
    appLog = openAppLog(dataDir);
    log(`starting ${app.getName()} ${app.getVersion()} (Electron ${process.versions.electron})`);
    const dataKey = await unsealDataKey(dataDir);
    booted = await bootConsole({ dataDir, mode: 'electron', notify: nodeNotifierSink(log), log, dataKey, appLog });
    const logDir = booted.logDir;
    const restored = restoreBounds(loadWindowState(dataDir), screen.getAllDisplays().map((d) => ({ workArea: d.workArea, primary: d.id === screen.getPrimaryDisplay().id })));
    win = new BrowserWindow({
      ...windowOptions(path.join(__dirname, 'preload.js'), booted.training),
      ...restored.bounds,
      minWidth: MIN_SIZE.width,
      minHeight: MIN_SIZE.height,
    });
    const window = win;
    if (restored.maximized) window.maximize();
    const remember = () => {
      if (window.isDestroyed() || window.isMinimized() || window.isFullScreen()) return;
      try {
        saveWindowState(dataDir, { bounds: window.getNormalBounds(), maximized: window.isMaximized() });
      } catch (err) {
        log(`could not save the window position: ${(err as Error).message}`);
      }
    };
    let saveTimer: NodeJS.Timeout | null = null;
    const rememberSoon = () => {
      if (saveTimer) clearTimeout(saveTimer);
      saveTimer = setTimeout(remember, 500);
    };
    window.on('resize', rememberSoon);
    window.on('move', rememberSoon);
    window.on('close', remember);

    const focusWindow = () => {
      if (window.isDestroyed()) return;
      if (window.isMinimized()) window.restore();
      window.show();
      window.focus();
    };
    // A clicked notification: the core already told the page (hits:focus) to open the hit.
    booted.core.desktop.onFocus(() => focusWindow());

    Menu.setApplicationMenu(
      Menu.buildFromTemplate([
        ...(process.platform === 'darwin' ? [{ role: 'appMenu' as const }] : []),
        { role: 'fileMenu' },
        { role: 'editMenu' },
        { role: 'viewMenu' },
        { role: 'windowMenu' },
        {
          role: 'help',
          submenu: [
            {
              label: 'Open log folder',
              click: () => {
                void shell.openPath(logDir).then((error) => {
                  if (error) log(`could not open the log folder ${logDir}: ${error}`);
                });
              },
            },
          ],
        },
      ]),
    );

    // Two icons from assets/icons: the plain one, and one with the alert mark while hits wait.
    const trayIcon = (alert: boolean) => nativeImage.createFromPath(path.join(appRoot(), 'assets', 'icons', alert ? 'tray-alert.png' : 'tray.png'));
    tray = new Tray(trayIcon(false));
    tray.on('click', focusWindow);
    tray.setContextMenu(Menu.buildFromTemplate([{ label: 'Show the console', click: focusWindow }, { label: 'Open log folder', click: () => void shell.openPath(logDir) }]));
    const t = tray;
    booted.core.desktop.onCount((count) => {
      showCount(t, count);
      t.setImage(trayIcon(count > 0));
      if (process.platform === 'darwin') app.dock?.setBadge(count === 0 ? '' : String(count));
      else app.setBadgeCount(count);
    });

    ipc = attachIpc(booted.core, window, appUrl, log, (name) => {
      // A new hit, or (on a locked console, which gets no hit data) the signal that one waits.
      if ((name === 'hits:new' || name === 'session:hit-waiting') && !window.isFocused()) window.flashFrame(true);
    });
    window.on('focus', () => window.flashFrame(false));
    window.once('ready-to-show', () => window.show());
    await window.loadURL(appUrl);
  }).catch((err: Error) => {
    log(`could not start: ${err.stack ?? err.message}`);
    // Said on screen too: a console that only logs and vanishes leaves the dispatcher guessing.
    dialog.showErrorBox('ALPR Hit Console could not start', `${err.message}\n\nThe application log has the details.`);
    app.exit(1);
  });

  app.on('window-all-closed', () => app.quit());
  app.on('will-quit', (event) => {
    if (!booted) return;
    event.preventDefault();
    const b = booted;
    booted = null;
    ipc?.dispose();
    tray?.destroy();
    void b.close().finally(() => app.exit(0));
  });
}
