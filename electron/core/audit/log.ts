/**
 * The append-only, hash-chained audit log (Civil Code 1798.90.52, CJIS AU-2/AU-3/AU-9).
 * Each record carries the SHA-256 of the previous record's hash and its own canonical fields,
 * so an edit, a deletion or a reordering anywhere breaks the chain from that record on.
 * Records are written in the caller's transaction: the lookup is durable before the data
 * it guards leaves the core. Each new record also enters the outbox for the hub.
 */
import crypto from 'node:crypto';
import type { Statement } from 'better-sqlite3';
import type { DB } from '../db/open';
import { CANONICAL_COLUMNS, chainHash, checkRange, GENESIS_HASH } from './chain-check';

export { GENESIS_HASH };

export type AuditOutcome = 'granted' | 'refused' | 'ok' | 'failed';

export interface Actor {
  userId: number;
  username: string;
  displayName: string;
  badge: string | null;
  agency: string | null;
}

export interface AuditEntry {
  action: string;
  outcome: AuditOutcome;
  actor: Actor | null;
  ip: string | null;
  /** The data elements used: plate, state, hit id, search pattern ... */
  data: Record<string, unknown>;
  purpose?: string | null;
  caseNumber?: string | null;
}

export interface AuditRecord {
  id: string;
  seq: number;
  at: string;
  userId: number | null;
  username: string | null;
  displayName: string | null;
  badge: string | null;
  agency: string | null;
  workstationId: string;
  ip: string | null;
  action: string;
  data: Record<string, unknown>;
  purpose: string | null;
  caseNumber: string | null;
  outcome: AuditOutcome;
  prevHash: string;
  hash: string;
}

/** An audit_log row exactly as stored (the fields its hash covers, then the hash). */
export interface AuditRow {
  seq: number;
  id: string;
  at: string;
  user_id: number | null;
  username: string | null;
  display_name: string | null;
  badge: string | null;
  agency: string | null;
  workstation_id: string;
  ip: string | null;
  action: string;
  data: string;
  purpose: string | null;
  case_number: string | null;
  outcome: AuditOutcome;
  prev_hash: string;
  hash: string;
}

/** The hashed form: the fields in CANONICAL_COLUMNS order (chain-check.ts), without `hash`. */
export function recordHash(r: Omit<AuditRow, 'hash'>): string {
  return chainHash(r.prev_hash, [
    r.seq, r.id, r.at, r.user_id, r.username, r.display_name, r.badge, r.agency,
    r.workstation_id, r.ip, r.action, r.data, r.purpose, r.case_number, r.outcome, r.prev_hash,
  ]);
}

export function rowToRecord(r: AuditRow): AuditRecord {
  return {
    id: r.id,
    seq: r.seq,
    at: r.at,
    userId: r.user_id,
    username: r.username,
    displayName: r.display_name,
    badge: r.badge,
    agency: r.agency,
    workstationId: r.workstation_id,
    ip: r.ip,
    action: r.action,
    data: JSON.parse(r.data) as Record<string, unknown>,
    purpose: r.purpose,
    caseNumber: r.case_number,
    outcome: r.outcome,
    prevHash: r.prev_hash,
    hash: r.hash,
  };
}

/** Columns in the order of the canonical serialization, then `hash`. */
const INSERT_SQL = `INSERT INTO audit_log (${CANONICAL_COLUMNS}) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`;

/**
 * What SQLite will store for a string. Text is stored as UTF-8, where a lone UTF-16 surrogate
 * (possible in a JS string typed or pasted by a user) becomes U+FFFD; the record is hashed
 * over what is stored, or it could never verify again.
 */
function stored(s: string | null): string | null {
  return s !== null && !(s as WellFormed).isWellFormed() ? (s as WellFormed).toWellFormed() : s;
}

/** ES2024 string methods (Node 20+), not yet in this project's TypeScript lib. */
type WellFormed = string & { isWellFormed(): boolean; toWellFormed(): string };

export class AuditLog {
  private readonly head;
  private readonly insert;
  private readonly enqueue;
  /** The last timestamp written, its text and its id prefix: appends in the same millisecond reuse them. */
  private lastMs = NaN;
  private lastAt = '';
  private lastIdPrefix = '';

  constructor(
    private readonly db: DB,
    private readonly workstationId: string,
    private readonly now: () => Date = () => new Date(),
  ) {
    // Read each time, never cached: a unit that rolls back takes its record with it, and the
    // next record must chain onto what is really in the file.
    this.head = db.prepare<[], [number, string]>('SELECT seq, hash FROM audit_log ORDER BY seq DESC LIMIT 1').raw();
    this.insert = db.prepare<unknown[]>(INSERT_SQL);
    this.enqueue = db.prepare<[number]>('INSERT INTO audit_outbox (audit_seq) VALUES (?)');
  }

  /**
   * Appends one record. Runs inside the caller's transaction when there is one (better-sqlite3
   * nests it as a savepoint), so the record commits or rolls back with the action it describes.
   */
  append(entry: AuditEntry): AuditRecord {
    // Inside a caller's transaction (the usual case) its savepoint already covers this.
    if (this.db.inTransaction) return this.write(entry);
    return this.db.transaction(() => this.write(entry))();
  }

  /** Sets lastAt and lastIdPrefix for the time now. */
  private tick(): void {
    const ms = this.now().getTime();
    if (ms === this.lastMs) return;
    this.lastAt = new Date(ms).toISOString();
    this.lastMs = ms;
    const hex = (ms >= 0 && ms < 2 ** 48 ? ms : 0).toString(16).padStart(12, '0');
    this.lastIdPrefix = `${hex.slice(0, 8)}-${hex.slice(8)}-7`;
  }

  /**
   * A UUIDv7 (RFC 9562): the record's millisecond, then 74 random bits (those of a v4 UUID
   * past its version digit). Time-ordered, so the index on `id` grows at its end instead of
   * taking every insert at a random place: about twice the append rate of random ids.
   */
  private newId(): string {
    return this.lastIdPrefix + crypto.randomUUID().slice(15);
  }

  private write(entry: AuditEntry): AuditRecord {
    const prev = this.head.get();
    const seq = (prev?.[0] ?? 0) + 1;
    const prevHash = prev?.[1] ?? GENESIS_HASH;
    const actor = entry.actor;
    const dataText = JSON.stringify(entry.data);
    // The canonical fields (CANONICAL_COLUMNS order); `hash` is appended to make the row.
    this.tick();
    const row: unknown[] = [
      seq,
      this.newId(),
      this.lastAt,
      actor?.userId ?? null,
      stored(actor?.username ?? null),
      stored(actor?.displayName ?? null),
      stored(actor?.badge ?? null),
      stored(actor?.agency ?? null),
      this.workstationId,
      stored(entry.ip),
      stored(entry.action),
      dataText,
      stored(entry.purpose ?? null),
      stored(entry.caseNumber ?? null),
      entry.outcome,
      prevHash,
    ];
    const hash = chainHash(prevHash, row);
    row.push(hash);
    this.insert.run(row);
    this.enqueue.run(seq);
    return {
      id: row[1] as string,
      seq,
      at: row[2] as string,
      userId: row[3] as number | null,
      username: row[4] as string | null,
      displayName: row[5] as string | null,
      badge: row[6] as string | null,
      agency: row[7] as string | null,
      workstationId: this.workstationId,
      ip: row[9] as string | null,
      action: row[10] as string,
      data: JSON.parse(dataText) as Record<string, unknown>,
      purpose: row[12] as string | null,
      caseNumber: row[13] as string | null,
      outcome: entry.outcome,
      prevHash,
      hash,
    };
  }
}

export type ChainCheck =
  | { ok: true; count: number; headHash: string }
  | { ok: false; count: number; badSeq: number; badId: string | null; reason: string };

/** Walks the whole chain as it is in the file (single thread; see verify.ts for both cores). */
export function verifyChain(db: DB): ChainCheck {
  const maxSeq = (db.prepare('SELECT max(seq) FROM audit_log').pluck().get() as number | null) ?? 0;
  const r = checkRange(db, 1, maxSeq);
  return r.ok
    ? { ok: true, count: r.count, headHash: r.lastHash }
    : { ok: false, count: r.badSeq - 1, badSeq: r.badSeq, badId: r.badId, reason: r.reason };
}

/** The forwarder's statements, prepared once per database. */
const outboxStatements = new WeakMap<
  DB,
  {
    batch: Statement<[number], AuditRow>;
    forwarded: Statement<[string]>;
    size: Statement<[], number>;
    ackedTouching: Statement<[string, number, number], { first_seq: number; last_seq: number }>;
    ackedRemove: Statement<[string, number]>;
    ackedInsert: Statement<[string, number, number]>;
  }
>();

function outbox(db: DB) {
  let s = outboxStatements.get(db);
  if (!s) {
    s = {
      batch: db.prepare<[number], AuditRow>(
        `SELECT a.* FROM audit_outbox o JOIN audit_log a ON a.seq = o.audit_seq
         ORDER BY o.audit_seq LIMIT ?`,
      ),
      // One statement for the whole acknowledged batch (ids as a JSON array).
      forwarded: db.prepare<[string]>(
        'DELETE FROM audit_outbox WHERE audit_seq IN (SELECT seq FROM audit_log WHERE id IN (SELECT value FROM json_each(?)))',
      ),
      size: db.prepare<[], number>('SELECT count(*) FROM audit_outbox').pluck(),
      // noteAcknowledged: the runs of one hub that a run of numbers overlaps or touches.
      ackedTouching: db.prepare<[string, number, number], { first_seq: number; last_seq: number }>(
        'SELECT first_seq, last_seq FROM audit_acked WHERE hub_key = ? AND last_seq >= ? AND first_seq <= ?',
      ),
      ackedRemove: db.prepare<[string, number]>('DELETE FROM audit_acked WHERE hub_key = ? AND first_seq = ?'),
      ackedInsert: db.prepare<[string, number, number]>('INSERT INTO audit_acked (hub_key, first_seq, last_seq) VALUES (?, ?, ?)'),
    };
    outboxStatements.set(db, s);
  }
  return s;
}

export function outboxBatch(db: DB, limit: number): AuditRecord[] {
  return outbox(db).batch.all(limit).map(rowToRecord);
}

/** Removes the records the hub acknowledged from the outbox; returns how many left it. */
export function markForwarded(db: DB, ids: readonly string[]): number {
  if (ids.length === 0) return 0;
  return outbox(db).forwarded.run(JSON.stringify(ids)).changes;
}

/**
 * Notes that the hub `hubKey` acknowledged the records numbered `seqs` (in the caller's
 * transaction): each run of consecutive numbers joins the runs it touches.
 */
export function noteAcknowledged(db: DB, hubKey: string, seqs: readonly number[]): void {
  if (seqs.length === 0) return;
  const sorted = [...seqs].sort((a, b) => a - b);
  const runs: [number, number][] = [];
  for (const n of sorted) {
    const last = runs.at(-1);
    if (last && n <= last[1] + 1) last[1] = Math.max(last[1], n);
    else runs.push([n, n]);
  }
  const { ackedTouching, ackedRemove, ackedInsert } = outbox(db);
  for (const [a, b] of runs) {
    let first = a;
    let last = b;
    for (const r of ackedTouching.all(hubKey, a - 1, b + 1)) {
      first = Math.min(first, r.first_seq);
      last = Math.max(last, r.last_seq);
      ackedRemove.run(hubKey, r.first_seq);
    }
    ackedInsert.run(hubKey, first, last);
  }
}

/** The runs of record numbers `hubKey` acknowledged, in order. */
export function acknowledgedRuns(db: DB, hubKey: string): [number, number][] {
  return db
    .prepare<[string], { first_seq: number; last_seq: number }>('SELECT first_seq, last_seq FROM audit_acked WHERE hub_key = ? ORDER BY first_seq')
    .all(hubKey)
    .map((r) => [r.first_seq, r.last_seq]);
}

export function outboxSize(db: DB): number {
  return outbox(db).size.get()!;
}
