/**
 * The audit review's search (issue 6 item 3) over `audit_index` (migration 0008): the
 * searchable fields of every audit record, derived from `audit_log` after the fact so the
 * lookup's own audit write stays as fast as it was. `catchUp()` indexes what is new (the
 * module runs it in the background, and every search runs it first, so results are current).
 * Results are always read from `audit_log`, the hash-chained original.
 *
 * A *flagged* lookup: data granted with no related hit (no `hitId` among its data elements)
 * and no case number, other than audit administration (reading this log).
 */
import { PURPOSE_ADMINISTRATION } from '../../contract';
import type { AuditFilters, AuditRecordView } from '../../contract';
import type { AuditRow } from '../audit/log';
import type { DB } from '../db/open';


/** What the review's filters can choose from: read from the indexes, a step per distinct value. */
export interface AuditFacets {
  usernames: string[];
  actions: string[];
  purposes: string[];
  workstations: string[];
}

export interface AuditPage {
  records: AuditRecordView[];
  /** Where the next (older) page starts; null on the last page. */
  next: { at: string; seq: number } | null;
  total: number;
  /** More records match than were counted (`total` is then the cap). */
  totalCapped: boolean;
}

/** A row of `audit_log` as the log itself reads it, with the index's flag joined on. */
type LogRow = AuditRow & { flagged: number };

/** Counting stops here: a count of millions would cost a scan of millions. */
export const COUNT_CAP = 100_000;

function parseData(text: string): Record<string, unknown> {
  try {
    const v: unknown = JSON.parse(text);
    return v && typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, unknown>) : { value: v };
  } catch {
    return { unparsed: text };
  }
}

export function toView(r: LogRow): AuditRecordView {
  return {
    seq: r.seq,
    id: r.id,
    at: r.at,
    userId: r.user_id,
    username: r.username,
    displayName: r.display_name,
    badge: r.badge,
    agency: r.agency,
    workstationId: r.workstation_id,
    ip: r.ip,
    action: r.action,
    data: parseData(r.data),
    purpose: r.purpose,
    caseNumber: r.case_number,
    outcome: r.outcome,
    prevHash: r.prev_hash,
    hash: r.hash,
    flagged: r.flagged === 1,
  };
}

/** The filters as SQL over `audit_index i`; each a term an index serves. */
function where(f: AuditFilters): { sql: string; params: unknown[] } {
  const terms: string[] = [];
  const params: unknown[] = [];
  const add = (sql: string, ...p: unknown[]) => {
    terms.push(sql);
    params.push(...p);
  };
  if (f.username) add('i.username = ?', f.username);
  if (f.plate) {
    // A record naming several plates (a sharing export) is found by any of them.
    if (/[*?]/.test(f.plate)) {
      add('((i.plate IS NOT NULL AND i.plate GLOB ?) OR i.seq IN (SELECT seq FROM audit_index_plates WHERE plate GLOB ?))', f.plate, f.plate);
    } else add('(i.plate = ? OR i.seq IN (SELECT seq FROM audit_index_plates WHERE plate = ?))', f.plate, f.plate);
  }
  if (f.purpose) add('i.purpose = ?', f.purpose);
  // The start of an action, in any case: "shiftlog" finds shiftlog.view and shiftlog.export.
  if (f.action) add('i.action GLOB ?', `${f.action.trim().toLowerCase().replace(/[*?[\]]/g, '')}*`);
  if (f.workstationId) add('i.workstation_id = ?', f.workstationId);
  if (f.outcome) add('i.outcome = ?', f.outcome);
  if (f.from) add('i.at >= ?', new Date(f.from).toISOString());
  if (f.to) add('i.at < ?', new Date(f.to).toISOString());
  if (f.onlyFlagged) add('i.flagged = 1');
  return { sql: terms.length ? terms.join(' AND ') : '1', params };
}

export class AuditIndex {
  private readonly insert;
  private readonly insertPlates;
  private readonly last;

  constructor(private readonly db: DB) {
    this.last = db.prepare<[], { n: number }>('SELECT coalesce(max(seq), 0) AS n FROM audit_index');
    this.insert = db.prepare<[number, number]>(
      `INSERT INTO audit_index (seq, at, username, action, purpose, workstation_id, outcome, plate, flagged)
       SELECT seq, at, username, action, purpose, workstation_id, outcome,
         CASE WHEN json_valid(data) THEN upper(coalesce(json_extract(data, '$.plate'), json_extract(data, '$.pattern'))) END,
         outcome = 'granted' AND case_number IS NULL AND coalesce(purpose, '') <> '${PURPOSE_ADMINISTRATION}'
           AND NOT (json_valid(data) AND json_extract(data, '$.hitId') IS NOT NULL)
       FROM audit_log WHERE seq > ? ORDER BY seq LIMIT ?`,
    );
    this.insertPlates = db.prepare<[number, number]>(
      `INSERT OR IGNORE INTO audit_index_plates (seq, plate)
       SELECT l.seq, upper(j.value) FROM audit_log l, json_each(l.data, '$.plates') j
       WHERE l.seq > ? AND l.seq <= ? AND json_valid(l.data) AND json_type(l.data, '$.plates') = 'array' AND j.type = 'text'`,
    );
  }

  /** Records in the log not yet in the index (a cheap check: two index lookups). */
  lag(): number {
    const head = this.db.prepare('SELECT coalesce(max(seq), 0) AS n FROM audit_log').get() as { n: number };
    return head.n - this.last.get()!.n;
  }

  /** Indexes at most `max` new records, `chunk` per transaction; returns how many. */
  catchUp(max = Number.POSITIVE_INFINITY, chunk = 10_000): number {
    let done = 0;
    while (done < max) {
      const n = this.db.transaction(() => {
        const from = this.last.get()!.n;
        const added = this.insert.run(from, Math.min(chunk, max - done)).changes;
        if (added) this.insertPlates.run(from, this.last.get()!.n);
        return added;
      })();
      done += n;
      if (n === 0) break;
    }
    return done;
  }

  /** One page, newest first, after `cursor` (exclusive). */
  search(filters: AuditFilters, limit: number, cursor: { at: string; seq: number } | null): AuditPage {
    const w = where(filters);
    const keyset = cursor ? ' AND (i.at, i.seq) < (?, ?)' : '';
    const params = cursor ? [...w.params, cursor.at, cursor.seq] : w.params;
    const rows = this.db
      .prepare(
        `SELECT a.*, i.flagged FROM audit_index i JOIN audit_log a ON a.seq = i.seq
         WHERE ${w.sql}${keyset} ORDER BY i.at DESC, i.seq DESC LIMIT ?`,
      )
      .all(...params, limit + 1) as LogRow[];
    const more = rows.length > limit;
    const page = rows.slice(0, limit);
    const counted = this.count(filters, COUNT_CAP + 1);
    const lastRow = page[page.length - 1];
    return {
      records: page.map(toView),
      next: more && lastRow ? { at: lastRow.at, seq: lastRow.seq } : null,
      total: Math.min(counted, COUNT_CAP),
      totalCapped: counted > COUNT_CAP,
    };
  }

  /** How many records match, counting no further than `cap`. */
  count(filters: AuditFilters, cap: number): number {
    const w = where(filters);
    return (this.db.prepare(`SELECT count(*) AS n FROM (SELECT 1 FROM audit_index i WHERE ${w.sql} LIMIT ?)`).get(...w.params, cap) as { n: number }).n;
  }

  /** Every match, oldest first (exports); stops after `max` and says whether there were more. */
  all(filters: AuditFilters, max: number): { records: AuditRecordView[]; more: boolean } {
    const w = where(filters);
    const rows = this.db
      .prepare(
        `SELECT a.*, i.flagged FROM audit_index i JOIN audit_log a ON a.seq = i.seq
         WHERE ${w.sql} ORDER BY i.at, i.seq LIMIT ?`,
      )
      .all(...w.params, max + 1) as LogRow[];
    return { records: rows.slice(0, max).map(toView), more: rows.length > max };
  }

  /** Distinct values of an indexed column, one index step per value (fast over millions). */
  private distinct(column: 'username' | 'action' | 'purpose' | 'workstation_id', cap = 500): string[] {
    const rows = this.db
      .prepare(
        `WITH RECURSIVE v(x) AS (
           SELECT min(${column}) FROM audit_index
           UNION ALL
           SELECT (SELECT min(${column}) FROM audit_index WHERE ${column} > v.x) FROM v WHERE v.x IS NOT NULL
         ) SELECT x FROM v WHERE x IS NOT NULL LIMIT ?`,
      )
      .all(cap) as { x: string }[];
    return rows.map((r) => r.x);
  }

  facets(): AuditFacets {
    return {
      usernames: this.distinct('username'),
      actions: this.distinct('action'),
      purposes: this.distinct('purpose'),
      workstations: this.distinct('workstation_id'),
    };
  }
}
