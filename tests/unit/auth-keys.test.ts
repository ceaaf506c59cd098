// Issue 5: the data key sealed with safeStorage or an administrator's passphrase; a plain key
// file left from before is sealed and removed; a wrong passphrase opens nothing.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { loadProtectedKey, passphraseProtector, safeStorageProtector, WrongPassphraseError, hasSealedKey } from '../../electron/core/auth/key-store';
import { FieldCipher } from '../../electron/core/util/field-crypto';
import { tempDir } from '../helpers/tmp';

/** A stand-in for Electron's safeStorage: XOR with a secret the "OS" keeps. */
function fakeSafeStorage() {
  const secret = crypto.randomBytes(64);
  const xor = (b: Buffer) => Buffer.from(b.map((x, i) => x ^ secret[i % secret.length]!));
  return { encryptString: (s: string) => xor(Buffer.from(s)), decryptString: (b: Buffer) => xor(b).toString() };
}

test('safeStorage: the key is sealed on disk, and the same key comes back', () => {
  const dir = tempDir();
  const ss = fakeSafeStorage();
  const key = loadProtectedKey(dir, safeStorageProtector(ss));
  assert.equal(key.length, 32);
  assert.deepEqual(loadProtectedKey(dir, safeStorageProtector(ss)), key);
  const sealed = fs.readFileSync(path.join(dir, 'keys', 'data.key.safe'));
  assert.equal(sealed.includes(key), false);
  assert.equal(sealed.includes(Buffer.from(key.toString('base64'))), false);
  assert.equal(fs.existsSync(path.join(dir, 'keys', 'data.key')), false, 'no plain key file');
});

test('passphrase (basic_text backend): scrypt-derived key-encryption key; a wrong passphrase fails; a plain key file is moved in', () => {
  const dir = tempDir();
  const plain = FieldCipher.forDataDir(dir); // the headless key file, 0600
  const sealedNote = plain.encrypt('Owner: Jane Roe');
  const plainFile = path.join(dir, 'keys', 'data.key');
  if (process.platform !== 'win32') assert.equal(fs.statSync(plainFile).mode & 0o777, 0o600);
  const original = fs.readFileSync(plainFile);
  const key = loadProtectedKey(dir, passphraseProtector('correct horse battery staple'));
  assert.deepEqual(key, original);
  assert.equal(fs.existsSync(plainFile), false, 'the plain key file is gone');
  assert.ok(hasSealedKey(dir, 'pass'));
  assert.equal(FieldCipher.fromKey(key).decrypt(sealedNote), 'Owner: Jane Roe');
  assert.throws(() => loadProtectedKey(dir, passphraseProtector('not the right passphrase')), WrongPassphraseError);
  assert.throws(() => passphraseProtector('short'), /at least 12/);
  const file = fs.readFileSync(path.join(dir, 'keys', 'data.key.pass'), 'utf8');
  assert.match(file, /"kdf":"scrypt"/);
  assert.equal(file.includes(key.toString('base64')), false);
});

test('a data folder never gets a second key: a key sealed one way is not replaced when that way is unavailable at a later start', () => {
  // Keychain first, then a start where only a passphrase is possible (keyring locked).
  const dir = tempDir();
  const key = loadProtectedKey(dir, safeStorageProtector(fakeSafeStorage()));
  assert.throws(() => loadProtectedKey(dir, passphraseProtector('correct horse battery staple')), (err: Error) => {
    assert.equal(err.name, 'KeyUnavailableError');
    assert.match(err.message, /keychain \(safeStorage\).*keys\/data\.key\.safe.*No new key was made/);
    return true;
  });
  assert.deepEqual(fs.readdirSync(path.join(dir, 'keys')).sort(), ['data.key.safe']);
  // The headless console on the same folder.
  assert.throws(() => FieldCipher.forDataDir(dir), /keys\/data\.key\.safe.*headless/);
  assert.equal(fs.existsSync(path.join(dir, 'keys', 'data.key')), false);

  // Passphrase first, then a start where the keychain works.
  const other = tempDir();
  loadProtectedKey(other, passphraseProtector('correct horse battery staple'));
  assert.throws(() => loadProtectedKey(other, safeStorageProtector(fakeSafeStorage())), /administrator's key passphrase/);
  // The folder's own way still opens its key.
  assert.equal(key.length, 32);
  assert.equal(loadProtectedKey(other, passphraseProtector('correct horse battery staple')).length, 32);
});
