/**
 * The hub's receipt key for audit checkpoints: 32 random bytes kept in the data folder
 * (`receipt.key`, hex, readable by the hub's user only), made on first start. A receipt is
 * HMAC-SHA256 under it over `checkpointReceiptText()`, so whoever holds the key (the agency,
 * `npm run audit:verify --hub`) can check that the hub really acknowledged a checkpoint, and
 * a workstation cannot make up receipts for a rewritten log.
 */
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';

export const RECEIPT_KEY_FILE = 'receipt.key';

export interface ReceiptSigner {
  /** First 16 hex digits of the key's SHA-256: names the key without revealing it. */
  keyId: string;
  mac(text: string): string;
}

export function loadReceiptKey(dataDir: string): ReceiptSigner {
  const file = path.join(dataDir, RECEIPT_KEY_FILE);
  try {
    // 'wx' fails when the file exists: two hubs starting at once cannot both write a key.
    fs.writeFileSync(file, crypto.randomBytes(32).toString('hex') + '\n', { flag: 'wx', mode: 0o600 });
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
  }
  const text = fs.readFileSync(file, 'utf8').trim();
  if (!/^[0-9a-f]{64}$/.test(text)) throw new Error(`${file} does not hold a 64-digit hex key`);
  const key = Buffer.from(text, 'hex');
  return {
    keyId: crypto.createHash('sha256').update(key).digest('hex').slice(0, 16),
    mac: (message) => crypto.createHmac('sha256', key).update(message).digest('hex'),
  };
}
