// Issue 5: Electron's security checklist, each item asserted on the real window options and
// handlers main.ts and transport/ipc.ts use (electron/shell/security.ts), without an Electron binary.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import {
  cancelRemoteRequest,
  contentSecurityPolicy,
  denyPermission,
  denyPermissionCheck,
  hardenContents,
  isAppUrl,
  isTrustedSender,
  navigationGuard,
  REMOTE_URL_FILTER,
  windowOpenHandler,
  windowOptions,
} from '../../electron/shell/security';

const root = path.resolve(__dirname, '..', '..');
const APP = 'file:///opt/alpr/resources/app.asar/dist/renderer/index.html';
const read = (p: string) => fs.readFileSync(path.join(root, p), 'utf8');

test('window: contextIsolation and sandbox on, nodeIntegration off, webSecurity on, no webview or insecure content', () => {
  const o = windowOptions('/x/preload.js', false);
  assert.deepEqual(
    { ...o.webPreferences },
    {
      preload: '/x/preload.js',
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
    },
  );
  assert.equal('enableBlinkFeatures' in o.webPreferences, false);
  // main.ts builds its window from exactly these options, and sandboxes every renderer.
  const main = read('electron/main.ts');
  // The secure options come first; what follows may only place the window (bounds, minimum size).
  const created = /new BrowserWindow\(\{\s*\.\.\.windowOptions\([^)]*\),([^}]*)\}\)/.exec(main);
  assert.ok(created, 'main.ts creates its window from windowOptions');
  for (const key of created[1]!.match(/\b(\w+)\s*:/g) ?? []) assert.match(key, /^(minWidth|minHeight|width|height|x|y)\s*:$/, `main.ts overrides ${key} after windowOptions`);
  assert.doesNotMatch(main, /webPreferences\s*:/);
  assert.match(main, /app\.enableSandbox\(\)/);
});

test('navigation: only the app page, compared with a URL parser, never by prefix', () => {
  assert.equal(isAppUrl(APP, APP), true);
  assert.equal(isAppUrl(`${APP}?x=1#top`, APP), true);
  for (const bad of [
    'file:///opt/alpr/resources/app.asar/dist/renderer/index.html.evil',
    'file:///opt/alpr/resources/app.asar/dist/renderer/index.html/../../../../etc/passwd',
    'file:///opt/alpr/resources/app.asar/dist/renderer/other.html',
    'file://evil.example/opt/alpr/resources/app.asar/dist/renderer/index.html',
    'https://evil.example/',
    'http://127.0.0.1/index.html',
    'javascript:alert(1)',
    'data:text/html,<script>alert(1)</script>',
    'not a url',
  ]) {
    assert.equal(isAppUrl(bad, APP), false, bad);
    let prevented = false;
    navigationGuard(APP)({ preventDefault: () => (prevented = true) }, bad);
    assert.equal(prevented, true, `will-navigate to ${bad}`);
  }
  let prevented = false;
  navigationGuard(APP)({ preventDefault: () => (prevented = true) }, APP);
  assert.equal(prevented, false);
});

test('new windows denied, nothing opened externally; permissions denied; remote requests cancelled', () => {
  for (const url of ['https://example.com', 'mailto:x@y', 'file:///etc/passwd']) assert.deepEqual(windowOpenHandler()({ url }), { action: 'deny' });
  const granted: boolean[] = [];
  for (const p of ['media', 'geolocation', 'notifications', 'clipboard-read', 'openExternal']) denyPermission(null, p, (g) => granted.push(g));
  assert.deepEqual(granted, [false, false, false, false, false]);
  assert.equal(denyPermissionCheck(), false);
  let cancel: boolean | null = null;
  cancelRemoteRequest({}, (r) => (cancel = r.cancel));
  assert.equal(cancel, true);
  assert.deepEqual(REMOTE_URL_FILTER.urls, ['http://*/*', 'https://*/*', 'ws://*/*', 'wss://*/*']);
  // shell.openExternal is never called anywhere in the shell.
  for (const f of ['electron/main.ts', 'electron/preload.ts', 'electron/transport/ipc.ts', 'electron/shell/security.ts']) {
    assert.doesNotMatch(read(f).replace(/^\s*(\*|\/\/).*$/gm, ''), /openExternal\(/, f);
  }
  const main = read('electron/main.ts');
  assert.match(main, /setPermissionRequestHandler\(denyPermission\)/);
  assert.match(main, /setPermissionCheckHandler\(denyPermissionCheck\)/);
  assert.match(main, /onBeforeRequest\(REMOTE_URL_FILTER, cancelRemoteRequest\)/);
  assert.match(main, /hardenContents\(contents, appUrl/);
});

test('every web contents gets the handlers: window open, will-navigate, will-redirect, will-attach-webview', () => {
  const handlers: Record<string, (...a: unknown[]) => unknown> = {};
  let openHandler: ((d: { url: string }) => unknown) | null = null;
  hardenContents(
    {
      setWindowOpenHandler: (h: (d: { url: string }) => unknown) => (openHandler = h),
      on: (name: string, fn: (...a: unknown[]) => unknown) => (handlers[name] = fn),
    } as never,
    APP,
  );
  assert.deepEqual(Object.keys(handlers).sort(), ['will-attach-webview', 'will-navigate', 'will-redirect']);
  assert.deepEqual(openHandler!({ url: 'https://x' }), { action: 'deny' });
  let prevented = 0;
  handlers['will-attach-webview']!({ preventDefault: () => prevented++ });
  handlers['will-redirect']!({ preventDefault: () => prevented++ }, 'https://evil.example');
  assert.equal(prevented, 2);
});

test('IPC: only the app window, its top frame, showing the app page', () => {
  const main = { url: APP };
  const ok = { sender: { id: 7, mainFrame: main }, senderFrame: main };
  assert.equal(isTrustedSender(ok, 7, APP), true);
  assert.equal(isTrustedSender({ ...ok, sender: { id: 8, mainFrame: main } }, 7, APP), false, 'another window');
  const sub = { url: APP };
  assert.equal(isTrustedSender({ sender: { id: 7, mainFrame: main }, senderFrame: sub }, 7, APP), false, 'a subframe');
  assert.equal(isTrustedSender({ sender: { id: 7, mainFrame: main }, senderFrame: null }, 7, APP), false, 'a gone frame');
  const evil = { url: 'https://evil.example/' };
  assert.equal(isTrustedSender({ sender: { id: 7, mainFrame: evil }, senderFrame: evil }, 7, APP), false, 'navigated away');
  assert.match(read('electron/transport/ipc.ts'), /isTrustedSender\(event, win\.webContents\.id, appUrl\)/);
});

test("CSP: default-src 'none' plus what the app needs, the same in index.html and the headless header", () => {
  const header = contentSecurityPolicy('ws://127.0.0.1:1234');
  assert.match(header, /^default-src 'none'; /);
  assert.match(header, /frame-ancestors 'none'/);
  assert.doesNotMatch(header, /unsafe-inline|unsafe-eval|\*/);
  const meta = /http-equiv="Content-Security-Policy"\s+content="([^"]+)"/.exec(read('renderer/index.html'))![1]!;
  assert.equal(meta, contentSecurityPolicy('ws: wss:', { frameAncestors: false }), 'index.html meta CSP (frame-ancestors is ignored in a meta tag)');
  assert.match(read('electron/transport/headless.ts'), /contentSecurityPolicy\(`ws:\/\/127\.0\.0\.1:\$\{port\}`\)/);
});
