/**
 * Checking the chain fast, from the file as it is on disk. The columns are read in the order
 * of the canonical serialization (see log.ts), so a raw row minus its last column IS the
 * hashed array: no per-row objects.
 */
import crypto from 'node:crypto';
import type { DB } from '../db/open';

export const GENESIS_HASH = '0'.repeat(64);

/**
 * The record hash: SHA-256 over the previous record's hash, a newline, and the JSON array of
 * the record's fields in CANONICAL_COLUMNS order without `hash` (numbers as JSON numbers,
 * absent values as null, `data` as its stored JSON text).
 */
export function chainHash(prevHash: string, canonicalFields: readonly unknown[]): string {
  return crypto.hash('sha256', `${prevHash}\n${JSON.stringify(canonicalFields)}`, 'hex');
}

export const CANONICAL_COLUMNS =
  'seq, id, at, user_id, username, display_name, badge, agency, workstation_id, ip, action, data, purpose, case_number, outcome, prev_hash, hash';

export type RangeCheck =
  | { ok: true; count: number; firstSeq: number; lastSeq: number; lastHash: string }
  | { ok: false; badSeq: number; badId: string | null; reason: string };

/**
 * Checks records with `fromSeq <= seq <= toSeq`: each hash, each link to the previous record,
 * and no gap. The record before `fromSeq` (if any) anchors the first link.
 */
export function checkRange(db: DB, fromSeq: number, toSeq: number): RangeCheck {
  let prevHash: string;
  if (fromSeq <= 1) prevHash = GENESIS_HASH;
  else {
    const anchor = db.prepare('SELECT hash FROM audit_log WHERE seq = ?').pluck().get(fromSeq - 1) as string | undefined;
    if (anchor === undefined) return { ok: false, badSeq: fromSeq - 1, badId: null, reason: `record ${fromSeq - 1} is missing` };
    prevHash = anchor;
  }
  let expected = Math.max(1, fromSeq);
  let count = 0;
  const rows = db
    .prepare(`SELECT ${CANONICAL_COLUMNS} FROM audit_log WHERE seq BETWEEN ? AND ? ORDER BY seq`)
    .raw()
    .iterate(fromSeq, toSeq) as IterableIterator<unknown[]>;
  for (const row of rows) {
    const seq = row[0] as number;
    const id = row[1] as string;
    if (seq !== expected) return { ok: false, badSeq: expected, badId: null, reason: `record ${expected} is missing (next is ${seq})` };
    if (row[15] !== prevHash) return { ok: false, badSeq: seq, badId: id, reason: `record ${seq} does not follow record ${seq - 1}` };
    const hash = row[16] as string;
    row.length = 16;
    if (chainHash(prevHash, row) !== hash) {
      return { ok: false, badSeq: seq, badId: id, reason: `record ${seq} was changed after it was written` };
    }
    prevHash = hash;
    expected += 1;
    count += 1;
  }
  return { ok: true, count, firstSeq: fromSeq, lastSeq: expected - 1, lastHash: prevHash };
}
