/**
 * The Electron shell's security settings and handlers (Electron's security checklist,
 * docs/tutorial/security.md), as plain functions over the objects Electron passes, with no
 * `electron` import: main.ts and transport/ipc.ts use exactly these, and
 * tests/unit/shell-security.test.ts checks them without an Electron binary.
 *
 * Checklist items and where they are met:
 *  1 only local content          - `cancelRemoteRequest` on every http(s)/ws(s) request; the page is a file:// URL
 *  2 no Node in remote content   - no remote content at all (1)
 *  3 context isolation           - `webPreferences.contextIsolation`
 *  4 sandbox                     - `webPreferences.sandbox` (and app.enableSandbox() in main.ts)
 *  5 permission requests         - `denyPermission`, `denyPermissionCheck`: everything denied
 *  6 webSecurity                 - `webPreferences.webSecurity`
 *  7 CSP                         - `contentSecurityPolicy` (renderer/index.html meta; headless header)
 *  8 allowRunningInsecureContent - false; 9 experimental features off; 10 enableBlinkFeatures unset
 * 11 <webview>                   - `webviewTag: false`, and `will-attach-webview` prevented
 * 12 navigation                  - `will-navigate` / `will-redirect` blocked unless the app's own page (URL parser)
 * 13 new windows                 - `windowOpenHandler` denies every one
 * 14 shell.openExternal          - never called: links to the outside are not opened at all
 * 15 current Electron            - package.json; 16 file:// protocol with the renderer in the app bundle
 * 17 IPC senders                 - `isTrustedSender`: the app's own window, its top frame, the app's page
 * 18 fuses                       - set at packaging (issue: packaging): RunAsNode off, EnableNodeOptionsEnvironmentVariable
 *                                  off, EnableNodeCliInspectArguments off, EnableEmbeddedAsarIntegrityValidation on,
 *                                  OnlyLoadAppFromAsar on. Not done here: there is no packaging step yet.
 */

/** The window's webPreferences; nothing here may be loosened. */
export function secureWebPreferences(preload: string) {
  return {
    preload,
    contextIsolation: true,
    sandbox: true,
    nodeIntegration: false,
    nodeIntegrationInWorker: false,
    nodeIntegrationInSubFrames: false,
    webSecurity: true,
    allowRunningInsecureContent: false,
    experimentalFeatures: false,
    webviewTag: false,
    navigateOnDragDrop: false,
    safeDialogs: true,
    spellcheck: false,
  } as const;
}

export function windowOptions(preload: string, training: boolean) {
  return {
    width: 1600,
    height: 1000,
    minWidth: 1100,
    minHeight: 700,
    title: training ? 'ALPR Hit Console - TRAINING' : 'ALPR Hit Console',
    backgroundColor: '#0b1220',
    show: false,
    webPreferences: secureWebPreferences(preload),
  };
}

/**
 * The app's own page: same protocol, host and path as `appUrl` (query and fragment ignored),
 * compared with the URL parser, never by string prefix (file:///app/index.html.evil/ or
 * file:///app/index.html/../x must not pass).
 */
export function isAppUrl(url: string, appUrl: string): boolean {
  let u: URL;
  let app: URL;
  try {
    u = new URL(url);
    app = new URL(appUrl);
  } catch {
    return false;
  }
  return u.protocol === app.protocol && u.host === app.host && u.username === '' && u.password === '' && u.pathname === app.pathname;
}

interface PreventableEvent {
  preventDefault(): void;
}

/** `will-navigate` / `will-redirect`: only to the app's own page (a reload); everything else stays put. */
export function navigationGuard(appUrl: string, log: (line: string) => void = () => {}) {
  return (event: PreventableEvent, url: string): void => {
    if (isAppUrl(url, appUrl)) return;
    event.preventDefault();
    log(`blocked navigation to ${String(url).slice(0, 200)}`);
  };
}

/** `setWindowOpenHandler`: no new windows, and nothing handed to shell.openExternal. */
export function windowOpenHandler(log: (line: string) => void = () => {}) {
  return (details: { url: string }): { action: 'deny' } => {
    log(`refused to open a window for ${String(details.url).slice(0, 200)}`);
    return { action: 'deny' };
  };
}

/** Permission requests (camera, notifications, geolocation ...): denied, every one. */
export function denyPermission(_webContents: unknown, _permission: string, callback: (granted: boolean) => void): void {
  callback(false);
}

export function denyPermissionCheck(): boolean {
  return false;
}

/** webRequest.onBeforeRequest for every http(s) and ws(s) URL: cancelled (no remote content). */
export function cancelRemoteRequest(_details: unknown, callback: (response: { cancel: boolean }) => void): void {
  callback({ cancel: true });
}

export const REMOTE_URL_FILTER = { urls: ['http://*/*', 'https://*/*', 'ws://*/*', 'wss://*/*'] };

/** What web-contents-created wires on every web contents. */
export interface ContentsLike {
  setWindowOpenHandler(handler: (details: { url: string }) => { action: 'deny' }): void;
  on(event: 'will-navigate' | 'will-redirect', listener: (event: PreventableEvent, url: string) => void): unknown;
  on(event: 'will-attach-webview', listener: (event: PreventableEvent) => void): unknown;
}

export function hardenContents(contents: ContentsLike, appUrl: string, log: (line: string) => void = () => {}): void {
  contents.setWindowOpenHandler(windowOpenHandler(log));
  const guard = navigationGuard(appUrl, log);
  contents.on('will-navigate', guard);
  contents.on('will-redirect', guard);
  contents.on('will-attach-webview', (event) => event.preventDefault());
}

/** The parts of an IPC event the sender check reads. */
export interface IpcEventLike {
  sender: { id: number; mainFrame: unknown };
  senderFrame: { url: string } | null;
}

/** An IPC call is served only from the app's window, its top-level frame, showing the app's page. */
export function isTrustedSender(event: IpcEventLike, windowContentsId: number, appUrl: string): boolean {
  const frame = event.senderFrame;
  return event.sender.id === windowContentsId && frame !== null && frame === event.sender.mainFrame && isAppUrl(frame.url, appUrl);
}

/**
 * The Content-Security-Policy: `default-src 'none'` plus what the console needs (its own
 * scripts, styles, fonts, images and sounds, blob:/data: images of hits, and its socket to the
 * core in headless mode). `connect` is the socket source.
 */
export function contentSecurityPolicy(connect: string, opts: { frameAncestors?: boolean } = {}): string {
  return [
    "default-src 'none'",
    "script-src 'self'",
    "style-src 'self'",
    "img-src 'self' blob: data:",
    "media-src 'self' blob: data:",
    "font-src 'self'",
    `connect-src 'self' ${connect}`,
    "object-src 'none'",
    "base-uri 'none'",
    "form-action 'none'",
    ...(opts.frameAncestors === false ? [] : ["frame-ancestors 'none'"]),
  ].join('; ');
}
