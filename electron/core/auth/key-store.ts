/**
 * Protecting the data key (the AES-256-GCM key of util/field-crypto.ts) at rest (issue 5).
 * - Electron with an OS keychain: the key is sealed with `safeStorage` (keys/data.key.safe).
 * - Electron on Linux whose safeStorage backend is the plaintext fallback (`basic_text`): an
 *   administrator's passphrase, stretched with scrypt, is the key-encryption key
 *   (keys/data.key.pass).
 * - Headless: the key file readable only by its owner (FieldCipher.forDataDir, mode 0600).
 * A plain key file left from before is sealed and then removed, so only the sealed copy stays.
 * Pure Node: main.ts passes the safeStorage functions in.
 */
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { refuseSecondKey } from '../util/field-crypto';

export interface KeyProtector {
  /** File suffix: data.key.<kind>. */
  readonly kind: 'safe' | 'pass';
  seal(key: Buffer): Buffer;
  open(sealed: Buffer): Buffer;
}

/** safeStorage (Keychain, DPAPI, kwallet/libsecret) seals and opens the key. */
export function safeStorageProtector(safeStorage: { encryptString(plain: string): Buffer; decryptString(sealed: Buffer): string }): KeyProtector {
  return {
    kind: 'safe',
    seal: (key) => safeStorage.encryptString(key.toString('base64')),
    open: (sealed) => Buffer.from(safeStorage.decryptString(sealed), 'base64'),
  };
}

const KDF = { N: 1 << 15, r: 8, p: 1, maxmem: 64 * 1024 * 1024 };
export const MIN_PASSPHRASE_LENGTH = 12;

export class WrongPassphraseError extends Error {
  constructor() {
    super('the passphrase does not open the data key');
    this.name = 'WrongPassphraseError';
  }
}

/** An administrator's passphrase: scrypt-derived key-encryption key, AES-256-GCM wrap. */
export function passphraseProtector(passphrase: string): KeyProtector {
  if (passphrase.length < MIN_PASSPHRASE_LENGTH) throw new Error(`the key passphrase needs at least ${MIN_PASSPHRASE_LENGTH} characters`);
  const kek = (salt: Buffer) => crypto.scryptSync(passphrase.normalize('NFC'), salt, 32, KDF);
  return {
    kind: 'pass',
    seal(key) {
      const salt = crypto.randomBytes(16);
      const iv = crypto.randomBytes(12);
      const c = crypto.createCipheriv('aes-256-gcm', kek(salt), iv);
      const data = Buffer.concat([c.update(key), c.final()]);
      const file = { v: 1, kdf: 'scrypt', ...KDF, maxmem: undefined, salt: salt.toString('base64'), iv: iv.toString('base64'), tag: c.getAuthTag().toString('base64'), data: data.toString('base64') };
      return Buffer.from(JSON.stringify(file));
    },
    open(sealed) {
      const f = JSON.parse(sealed.toString('utf8')) as { salt: string; iv: string; tag: string; data: string };
      const d = crypto.createDecipheriv('aes-256-gcm', kek(Buffer.from(f.salt, 'base64')), Buffer.from(f.iv, 'base64'));
      d.setAuthTag(Buffer.from(f.tag, 'base64'));
      try {
        return Buffer.concat([d.update(Buffer.from(f.data, 'base64')), d.final()]);
      } catch {
        throw new WrongPassphraseError();
      }
    },
  };
}

export function sealedKeyFile(dataDir: string, kind: KeyProtector['kind']): string {
  return path.join(dataDir, 'keys', `data.key.${kind}`);
}

/** Whether this data folder already has a key sealed that way (to ask for the passphrase or set one). */
export function hasSealedKey(dataDir: string, kind: KeyProtector['kind']): boolean {
  return fs.existsSync(sealedKeyFile(dataDir, kind));
}

/** The data key, opened with the protector; created (or moved from a plain key file) on first use. */
export function loadProtectedKey(dataDir: string, protector: KeyProtector): Buffer {
  const dir = path.join(dataDir, 'keys');
  const sealedFile = sealedKeyFile(dataDir, protector.kind);
  if (fs.existsSync(sealedFile)) {
    const key = protector.open(fs.readFileSync(sealedFile));
    if (key.length !== 32) throw new Error('the sealed data key is damaged');
    return key;
  }
  fs.mkdirSync(dir, { recursive: true, mode: 0o700 });
  const plainFile = path.join(dir, 'data.key');
  const moving = fs.existsSync(plainFile);
  if (!moving) refuseSecondKey(dataDir, `data.key.${protector.kind}`);
  const key = moving ? fs.readFileSync(plainFile) : crypto.randomBytes(32);
  if (key.length !== 32) throw new Error(`${plainFile} is not a 32-byte key`);
  const tmp = `${sealedFile}.tmp`;
  fs.writeFileSync(tmp, protector.seal(key), { mode: 0o600 });
  fs.renameSync(tmp, sealedFile);
  if (fs.existsSync(plainFile)) {
    fs.writeFileSync(plainFile, crypto.randomBytes(32));
    fs.unlinkSync(plainFile);
  }
  return key;
}
