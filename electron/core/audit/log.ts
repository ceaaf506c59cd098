/**
 * The append-only, hash-chained audit log (Civil Code 1798.90.52, CJIS AU-2/AU-3/AU-9).
 * Each record carries the SHA-256 of the previous record's hash and its own canonical fields,
 * so an edit, a deletion or a reordering anywhere breaks the chain from that record on.
 * Records are written in the caller's transaction: the lookup is durable before the data
 * it guards leaves the core. Each new record also enters the outbox for the hub.
 */
import crypto from 'node:crypto';
import type { DB } from '../db/open';
import { chainHash, checkRange, GENESIS_HASH } from './chain-check';

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

interface AuditRow {
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

export class AuditLog {
  private readonly head;
  private readonly insert;
  private readonly enqueue;

  constructor(
    private readonly db: DB,
    private readonly workstationId: string,
    private readonly now: () => Date = () => new Date(),
  ) {
    this.head = db.prepare<[], { seq: number; hash: string }>(
      'SELECT seq, hash FROM audit_log ORDER BY seq DESC LIMIT 1',
    );
    this.insert = db.prepare(
      `INSERT INTO audit_log (seq, id, at, user_id, username, display_name, badge, agency,
         workstation_id, ip, action, data, purpose, case_number, outcome, prev_hash, hash)
       VALUES (@seq, @id, @at, @user_id, @username, @display_name, @badge, @agency,
         @workstation_id, @ip, @action, @data, @purpose, @case_number, @outcome, @prev_hash, @hash)`,
    );
    this.enqueue = db.prepare('INSERT INTO audit_outbox (audit_seq) VALUES (?)');
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

  private write(entry: AuditEntry): AuditRecord {
    const prev = this.head.get();
    const row: Omit<AuditRow, 'hash'> = {
      seq: (prev?.seq ?? 0) + 1,
      id: crypto.randomUUID(),
      at: this.now().toISOString(),
      user_id: entry.actor?.userId ?? null,
      username: entry.actor?.username ?? null,
      display_name: entry.actor?.displayName ?? null,
      badge: entry.actor?.badge ?? null,
      agency: entry.actor?.agency ?? null,
      workstation_id: this.workstationId,
      ip: entry.ip,
      action: entry.action,
      data: JSON.stringify(entry.data),
      purpose: entry.purpose ?? null,
      case_number: entry.caseNumber ?? null,
      outcome: entry.outcome,
      prev_hash: prev?.hash ?? GENESIS_HASH,
    };
    const full: AuditRow = { ...row, hash: recordHash(row) };
    this.insert.run(full);
    this.enqueue.run(full.seq);
    return rowToRecord(full);
  }
}

export type ChainCheck =
  | { ok: true; count: number; headHash: string }
  | { ok: false; count: number; badSeq: number; badId: string | null; reason: string };

/** Walks the whole chain as it is in the file (single thread; see verify.ts for both cores). */
export function verifyChain(db: DB): ChainCheck {
  const r = checkRange(db, 1, Number.MAX_SAFE_INTEGER);
  return r.ok
    ? { ok: true, count: r.count, headHash: r.lastHash }
    : { ok: false, count: r.badSeq - 1, badSeq: r.badSeq, badId: r.badId, reason: r.reason };
}

export function outboxBatch(db: DB, limit: number): AuditRecord[] {
  return db
    .prepare<[number], AuditRow>(
      `SELECT a.* FROM audit_outbox o JOIN audit_log a ON a.seq = o.audit_seq
       ORDER BY o.audit_seq LIMIT ?`,
    )
    .all(limit)
    .map(rowToRecord);
}

export function markForwarded(db: DB, ids: readonly string[]): number {
  const del = db.prepare(
    'DELETE FROM audit_outbox WHERE audit_seq = (SELECT seq FROM audit_log WHERE id = ?)',
  );
  return db.transaction(() => ids.reduce((n, id) => n + del.run(id).changes, 0))();
}

export function outboxSize(db: DB): number {
  return (db.prepare('SELECT count(*) AS n FROM audit_outbox').get() as { n: number }).n;
}
