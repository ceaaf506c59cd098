// The packaging configuration as electron-builder reads it: fuses, ASAR, native modules.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import config from '../../build/electron-builder.config';

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
  assert.ok(fs.existsSync(path.join(root, 'assets/models/plate-ocr.onnx')));
  assert.ok(fs.existsSync(path.join(root, 'assets/sounds/alert.wav')));
});
