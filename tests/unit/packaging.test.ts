// The packaging configuration as electron-builder reads it: fuses, ASAR, native modules.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import config from '../../build/electron-builder.config';
import { MODEL_FILES } from '../../electron/core/ocr/spec';

const root = path.resolve(__dirname, '..', '..');

test('Electron fuses close the doors the security checklist names', () => {
  assert.deepEqual(
    {
      runAsNode: config.electronFuses?.runAsNode,
      nodeOptions: config.electronFuses?.enableNodeOptionsEnvironmentVariable,
      inspect: config.electronFuses?.enableNodeCliInspectArguments,
      asarIntegrity: config.electronFuses?.enableEmbeddedAsarIntegrityValidation,
      onlyAsar: config.electronFuses?.onlyLoadAppFromAsar,
    },
    { runAsNode: false, nodeOptions: false, inspect: false, asarIntegrity: true, onlyAsar: true },
  );
  assert.equal(config.asar, true);
});

test('native modules and the model are unpacked; the built app, assets and icons are included', () => {
  const unpack = ([] as string[]).concat(config.asarUnpack as string[]);
  for (const mod of ['better-sqlite3', 'onnxruntime-node', 'assets/models']) {
    assert.ok(unpack.some((p) => p.includes(mod)), mod);
  }
  const files = config.files as string[];
  assert.ok(files.includes('dist/**/*') && files.includes('assets/**/*'));
  for (const icon of ['build/icon.png', 'build/icons']) assert.ok(fs.existsSync(path.join(root, icon)), icon);
  for (const model of MODEL_FILES) assert.ok(fs.existsSync(path.join(root, 'assets/models', model)), model);
  assert.ok(fs.existsSync(path.join(root, 'assets/sounds/alert.wav')));
});

test('targets: AppImage and deb with a desktop entry, NSIS with a per-machine install, dmg', () => {
  const targets = (t: unknown) => ([] as unknown[]).concat(t).map((x) => (typeof x === 'string' ? x : (x as { target: string }).target));
  assert.deepEqual(targets(config.linux?.target).sort(), ['AppImage', 'deb']);
  assert.deepEqual(targets(config.win?.target), ['nsis']);
  assert.deepEqual(targets(config.mac?.target), ['dmg']);
  assert.equal(config.nsis?.perMachine, true, 'IT installs for all users of the console');
  assert.equal(config.nsis?.oneClick, false);
  const entry = (config.linux?.desktop as { entry?: Record<string, string> } | undefined)?.entry;
  assert.equal(entry?.Name, 'ALPR Hit Console');
  assert.ok(config.appId && config.productName);
  for (const size of ['16x16', '32x32', '48x48', '64x64', '128x128', '256x256']) {
    assert.ok(fs.existsSync(path.join(root, 'build/icons', `${size}.png`)), size);
  }
});

test('npm run dist runs tools/dist.mjs: build, install-app-deps, package, back to Node ABI', () => {
  const pkg = JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8')) as { scripts: Record<string, string> };
  assert.equal(pkg.scripts.dist, 'node tools/dist.mjs');
  const script = fs.readFileSync(path.join(root, 'tools/dist.mjs'), 'utf8');
  const order = ["'run', 'build'", "'install-app-deps'", "'build/electron-builder.config.ts'", "'rebuild', 'better-sqlite3'"].map((s) => script.indexOf(s));
  assert.ok(order.every((i) => i > 0), 'every step is there');
  assert.deepEqual([...order].sort((a, b) => a - b), order, 'in this order');
  assert.equal(config.npmRebuild, false, 'native modules are rebuilt once, by install-app-deps');
});

test('a download failure of npm run dist becomes one clear paragraph; other failures are left to their output', async () => {
  const { explainDistFailure } = await import('../../tools/dist.mjs');
  const electronZip = [
    '  • downloading     url=https://github.com/electron/electron/releases/download/v45.5.0/electron-v45.5.0-linux-x64.zip size=105 MB parts=8',
    '  ⨯ Get "https://github.com/electron/electron/releases/download/v45.5.0/electron-v45.5.0-linux-x64.zip": dial tcp: lookup github.com on 127.0.0.53:53: no such host',
    'github.com/develar/app-builder/pkg/download.(*Downloader).follow',
    '    /Volumes/data/Documents/app-builder/pkg/download/downloader.go:206',
  ].join('\n');
  const text = explainDistFailure(electronZip);
  assert.ok(text);
  assert.match(text, /^npm run dist could not download electron-v45\.5\.0-linux-x64\.zip from github\.com \(dial tcp\)\./);
  assert.match(text, /Nothing was packaged\./);
  assert.match(text, /ELECTRON_MIRROR/);
  assert.doesNotMatch(text, /\n|downloader\.go/, 'one paragraph, no stack trace');
  const appImageTool = 'Error: getaddrinfo ENOTFOUND github.com\n    at GetAddrInfoReqWrap.onlookup [as oncomplete] (node:dns:107:26)\n  ⨯ cannot download appimage-12.0.1';
  assert.match(explainDistFailure(appImageTool) ?? '', /could not download Electron's binaries or electron-builder's packaging tools from github\.com \(ENOTFOUND\)/);
  assert.equal(explainDistFailure('src/x.ts(3,1): error TS2304: Cannot find name "y".'), null);
  assert.equal(explainDistFailure('  ⨯ Application entry file "dist/electron/main.js" does not exist'), null);
});
