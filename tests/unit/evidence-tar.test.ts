// The evidence package's tar writer (records/evidence.ts): long paths go into ustar's prefix
// field, so the system's tar unpacks them whole.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { writeTar } from '../../electron/core/records/evidence';
import { tempDir } from '../helpers/tmp';

test('a package folder named after a long case number and an officer hit id unpacks with every file at its full path', () => {
  // evidence-<case, 40>-<hit id, 40>: 90 bytes, so its files' paths pass tar's 100-byte name field.
  const folder = 'evidence-SJPD-2026-HOMICIDE-000123-SUP1-ON-RETRO-LOC-5b0f7c1e-9a2d-4e1b-8c3f-2a6d5e4f-r-12';
  assert.equal(folder.length, 90);
  const names = ['README.txt', 'hotlist-matches.json', 'images/overview.jpg'];
  const tar = writeTar(
    [{ name: `${folder}/` }, { name: `${folder}/images/` }, ...names.map((n, i) => ({ name: `${folder}/${n}`, data: new TextEncoder().encode(`file ${i}`) }))],
    new Date('2026-11-27T12:00:00Z'),
  );
  const dir = tempDir();
  fs.writeFileSync(path.join(dir, 'p.tar'), tar);
  execFileSync('tar', ['-xf', 'p.tar'], { cwd: dir });
  names.forEach((n, i) => assert.equal(fs.readFileSync(path.join(dir, folder, n), 'utf8'), `file ${i}`, n));
  const listed = execFileSync('tar', ['-tf', 'p.tar'], { cwd: dir, encoding: 'utf8' }).trim().split('\n');
  assert.deepEqual(listed, [`${folder}/`, `${folder}/images/`, ...names.map((n) => `${folder}/${n}`)]);
});

test('a path no ustar header can hold is refused by name, not cut short', () => {
  assert.throws(() => writeTar([{ name: `${'a'.repeat(160)}/${'b'.repeat(20)}`, data: new Uint8Array(1) }], new Date()), /unusable entry name/);
  assert.throws(() => writeTar([{ name: `x/${'b'.repeat(101)}`, data: new Uint8Array(1) }], new Date()), /unusable entry name/);
  assert.throws(() => writeTar([{ name: 'caf\u00e9.txt', data: new Uint8Array(1) }], new Date()), /unusable entry name/);
});
