/**
 * Checking the chain fast, from the file as it is on disk.
 *
 * Two paths compute the same thing. The fast one lets SQLite build each record's canonical
 * text (`json_array(...)` renders exactly what `JSON.stringify` does for the values the log
 * holds), so JavaScript only sees three short values per record and hashes one string. The
 * exact one reads every column and serializes it in JavaScript, as `AuditLog.append()` did
 * when it wrote the record. A chunk of records that the fast path cannot vouch for (a
 * mismatch, a missing record, a value SQLite renders differently, an error) is checked again
 * by the exact path, which alone decides what is wrong and where. The fast path only ever
 * accepts a record whose stored hash is the SHA-256 of its exact canonical bytes: a match
 * there is as strong as a match on the exact path.
 */
import crypto from 'node:crypto';
import Database from 'better-sqlite3';
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

/** SQLite's rendering of the JSON array that is hashed (the fields without `hash`). */
const CANONICAL_JSON_SQL =
  'json_array(seq, id, at, user_id, username, display_name, badge, agency, workstation_id, ip, action, data, purpose, case_number, outcome, prev_hash)';

/**
 * True when `json` (a JSON array as json_array() writes it) ends with the string `prevHash`
 * as its own last element: `,"<prevHash>"]`. Inside a JSON string every `"` is escaped, so a
 * `,"` can only open the last element, which then holds exactly prevHash.
 */
function endsWithPrev(json: string, prevHash: string): boolean {
  const at = json.length - prevHash.length - 2;
  return (
    at > 2 &&
    json.charCodeAt(at - 2) === 44 && // ,
    json.charCodeAt(at - 1) === 34 && // "
    json.startsWith(prevHash, at) &&
    json.charCodeAt(at + prevHash.length) === 34 &&
    json.charCodeAt(at + prevHash.length + 1) === 93 // ]
  );
}

/** Records checked per query and per claim of work; small enough that a yield comes often. */
export const CHUNK = 4096;

export type RangeCheck =
  | { ok: true; count: number; firstSeq: number; lastSeq: number; lastHash: string }
  | { ok: false; badSeq: number; badId: string | null; reason: string };

export type RangeFailure = Extract<RangeCheck, { ok: false }>;

/**
 * Checks ranges of one database. Every record `from..to` must be there: a range ends where
 * it was asked to, so a record missing at a range's end is found as missing, not skipped.
 */
export class ChainChecker {
  private readonly anchorStmt;
  private readonly fastStmt;
  private readonly exactStmt;

  constructor(
    db: DB,
    /** Records per query (the fast path's unit, and what the exact path re-checks). */
    private readonly chunk = CHUNK,
  ) {
    this.anchorStmt = db.prepare<[number], string>('SELECT hash FROM audit_log WHERE seq = ?').pluck();
    this.fastStmt = db
      .prepare<[number, number], [number, string | null, string | null]>(
        `SELECT seq, ${CANONICAL_JSON_SQL}, hash FROM audit_log WHERE seq BETWEEN ? AND ? ORDER BY seq`,
      )
      .raw();
    this.exactStmt = db
      .prepare<[number, number], unknown[]>(`SELECT ${CANONICAL_COLUMNS} FROM audit_log WHERE seq BETWEEN ? AND ? ORDER BY seq`)
      .raw();
  }

  /** Checks `fromSeq..toSeq`, anchored on the stored hash of the record before `fromSeq`. */
  check(fromSeq: number, toSeq: number): RangeCheck {
    const from = Math.max(1, fromSeq);
    let prevHash: string;
    if (from === 1) prevHash = GENESIS_HASH;
    else {
      const anchor = this.anchorStmt.get(from - 1);
      if (typeof anchor !== 'string') return { ok: false, badSeq: from - 1, badId: null, reason: `record ${from - 1} is missing` };
      prevHash = anchor;
    }
    for (let start = from; start <= toSeq; start += this.chunk) {
      const end = Math.min(toSeq, start + this.chunk - 1);
      const fast = this.fast(start, end, prevHash);
      if (fast !== null) {
        prevHash = fast;
        continue;
      }
      const exact = this.exact(start, end, prevHash);
      if (!exact.ok) return exact;
      prevHash = exact.lastHash;
    }
    return { ok: true, count: Math.max(0, toSeq - from + 1), firstSeq: from, lastSeq: toSeq, lastHash: prevHash };
  }

  /** The last hash when every record of the chunk is there and matches, else null. */
  private fast(from: number, to: number, prevHash: string): string | null {
    let rows: [number, string | null, string | null][];
    try {
      rows = this.fastStmt.all(from, to);
    } catch {
      return null; // e.g. a BLOB where text belongs (SQLite's JSON functions refuse it)
    }
    if (rows.length !== to - from + 1) return null;
    let expected = from;
    for (const row of rows) {
      const json = row[1];
      const hash = row[2];
      // The stored prev_hash is the last element of the array: it must be the hash before.
      if (
        row[0] !== expected ||
        json === null ||
        hash === null ||
        !endsWithPrev(json, prevHash) ||
        crypto.hash('sha256', `${prevHash}\n${json}`, 'hex') !== hash
      ) {
        return null;
      }
      prevHash = hash;
      expected += 1;
    }
    return prevHash;
  }

  /** The reference check: each column read and serialized in JavaScript, as when written. */
  private exact(from: number, to: number, prevHash: string): RangeCheck {
    let expected = from;
    for (const row of this.exactStmt.iterate(from, to)) {
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
    }
    if (expected <= to) return { ok: false, badSeq: expected, badId: null, reason: `record ${expected} is missing` };
    return { ok: true, count: to - from + 1, firstSeq: from, lastSeq: to, lastHash: prevHash };
  }
}

/** Checks records `fromSeq..toSeq` (each must exist) on this thread. */
export function checkRange(db: DB, fromSeq: number, toSeq: number): RangeCheck {
  return new ChainChecker(db).check(fromSeq, toSeq);
}

/** Opens the file to check it: read-only, never migrated or otherwise written. */
export function openForCheck(file: string): DB {
  const db = new Database(file, { readonly: true, fileMustExist: true });
  db.pragma('busy_timeout = 5000');
  return db;
}

/**
 * Shared work for several threads: chunk i covers records i*chunk+1 .. (i+1)*chunk. Each
 * thread claims the next unclaimed chunk from a counter in shared memory, so a thread that
 * started late (a worker still loading) simply takes fewer chunks.
 */
export function claimChunk(counter: Int32Array, maxSeq: number, chunk = CHUNK): [number, number] | null {
  const i = Atomics.add(counter, 0, 1);
  const from = i * chunk + 1;
  if (from > maxSeq) return null;
  return [from, Math.min(maxSeq, from + chunk - 1)];
}

/** The failures among the chunks this thread claimed and checked (none when all were sound). */
export function checkClaimedChunks(db: DB, counter: Int32Array, maxSeq: number, chunk = CHUNK): RangeFailure[] {
  const checker = new ChainChecker(db, chunk);
  const failures: RangeFailure[] = [];
  for (let range = claimChunk(counter, maxSeq, chunk); range; range = claimChunk(counter, maxSeq, chunk)) {
    const r = checker.check(range[0], range[1]);
    if (!r.ok) failures.push(r);
  }
  return failures;
}
