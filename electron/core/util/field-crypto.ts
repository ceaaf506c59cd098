/**
 * Encryption at rest for fields that can name people (hotlist notes). AES-256-GCM with a key
 * kept in the data folder (mode 0600). Inside Electron the key file is itself wrapped with the
 * OS keychain (safeStorage) by the shell before it reaches the core; under plain Node the file
 * permissions are the protection, as with any service key.
 */
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';

const VERSION = 1;
/**
 * IVs are drawn from the system CSPRNG in blocks rather than 12 bytes a call: a batch of
 * thousands of hits encrypts thousands of fields, and each small draw costs a system call.
 * Every IV is still fresh random bytes, used once.
 */
const IV_BYTES = 12;
const IV_POOL = IV_BYTES * 1024;
let ivPool = Buffer.alloc(0);
let ivOffset = 0;
function freshIv(): Buffer {
  if (ivOffset + IV_BYTES > ivPool.length) {
    ivPool = crypto.randomBytes(IV_POOL);
    ivOffset = 0;
  }
  const iv = Buffer.from(ivPool.subarray(ivOffset, ivOffset + IV_BYTES));
  ivOffset += IV_BYTES;
  return iv;
}

/** The data key's files: plain (headless), sealed with safeStorage, sealed with a passphrase. */
export const KEY_FILES = ['data.key', 'data.key.safe', 'data.key.pass'] as const;

/**
 * A data folder has one data key for life. Before a new one is made as `wanted`, any other
 * form of the key already there is an error, not a reason for a second key: the records
 * sealed under the first (hotlist notes, CLETS returns ...) would become unreadable, and new
 * ones would be sealed under another key. This happens when the OS keychain is unavailable
 * at a later start, or when the headless console is pointed at an Electron console's folder.
 */
export function refuseSecondKey(dataDir: string, wanted: (typeof KEY_FILES)[number]): void {
  const present = KEY_FILES.filter((f) => f !== wanted && fs.existsSync(path.join(dataDir, 'keys', f)));
  if (present.length === 0) return;
  const how: Record<(typeof KEY_FILES)[number], string> = {
    'data.key': 'a plain key file (headless console)',
    'data.key.safe': "the operating system's keychain (safeStorage)",
    'data.key.pass': "an administrator's key passphrase",
  };
  throw new KeyUnavailableError(
    `this data folder's key is kept in ${present.map((f) => how[f]).join(' and ')} (${present.map((f) => `keys/${f}`).join(', ')}), ` +
      `which this start cannot use (it would need ${how[wanted]}). No new key was made: a new key would leave every sealed record unreadable. ` +
      'Start the console the way this folder was set up (the same user session with its keychain unlocked, or the Electron console rather than the headless one).',
  );
}

export class KeyUnavailableError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'KeyUnavailableError';
  }
}

export class FieldCipher {
  private constructor(private readonly key: Buffer) {}

  static fromKey(key: Buffer): FieldCipher {
    if (key.length !== 32) throw new Error('the data key must be 32 bytes');
    return new FieldCipher(key);
  }

  /** Loads the key file, creating it on first use. */
  static forDataDir(dataDir: string): FieldCipher {
    const file = path.join(dataDir, 'keys', 'data.key');
    if (!fs.existsSync(file)) {
      refuseSecondKey(dataDir, 'data.key');
      fs.mkdirSync(path.dirname(file), { recursive: true, mode: 0o700 });
      fs.writeFileSync(file, crypto.randomBytes(32), { mode: 0o600, flag: 'wx' });
    }
    return FieldCipher.fromKey(fs.readFileSync(file));
  }

  encrypt(plain: string): Buffer {
    const iv = freshIv();
    const cipher = crypto.createCipheriv('aes-256-gcm', this.key, iv);
    const body = Buffer.concat([cipher.update(plain, 'utf8'), cipher.final()]);
    return Buffer.concat([Buffer.from([VERSION]), iv, cipher.getAuthTag(), body]);
  }

  decrypt(sealed: Buffer): string {
    if (sealed.length < 29 || sealed[0] !== VERSION) throw new Error('unreadable encrypted field');
    const decipher = crypto.createDecipheriv('aes-256-gcm', this.key, sealed.subarray(1, 13));
    decipher.setAuthTag(sealed.subarray(13, 29));
    return Buffer.concat([decipher.update(sealed.subarray(29)), decipher.final()]).toString('utf8');
  }
}
