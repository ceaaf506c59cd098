/**
 * Random audits on file (migration 0011): the drawn audits, their sampled audit records and
 * the findings. Notes and summaries are sealed with the console's data key (FieldCipher).
 * The population of a draw is read through the audit review's index (`audit_index`, brought
 * up to date first), joined to `audit_log` for who made each record.
 */
import type { Finding, RandomAudit, RandomAuditSummary, SampledLookup } from '../../contract';
import type { DB } from '../db/open';
import type { FieldCipher } from '../util/field-crypto';
import { AuditIndex } from '../reports/audit-index';

export interface Criteria {
  from: string;
  to: string;
  actions: string[] | null;
  username: string | null;
  outcomes: string[];
}

interface AuditRow {
  id: number;
  created_at: string;
  auditor_id: number;
  auditor_username: string;
  auditor: string;
  period_from: string;
  period_to: string;
  criteria: string;
  requested: number;
  population: number;
  seed: string;
  upto_seq: number;
  status: 'open' | 'closed';
  closed_at: string | null;
  closed_by: string | null;
  summary_enc: Buffer | null;
}

interface ItemRow {
  id: number;
  seq: number;
  finding: Finding | null;
  note_enc: Buffer | null;
  finding_by: string | null;
  finding_at: string | null;
  record_id: string;
  at: string;
  username: string | null;
  display_name: string | null;
  workstation_id: string;
  action: string;
  outcome: string;
  data: string;
  purpose: string | null;
  case_number: string | null;
}

function parseData(text: string): Record<string, unknown> {
  try {
    const v: unknown = JSON.parse(text);
    return v && typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, unknown>) : { value: v };
  } catch {
    return { unparsed: text };
  }
}

export class RandomAuditStore {
  private readonly index: AuditIndex;

  constructor(
    private readonly db: DB,
    private readonly cipher: FieldCipher,
  ) {
    this.index = new AuditIndex(db);
  }

  /** The last audit record now on file. */
  headSeq(): number {
    return (this.db.prepare('SELECT coalesce(max(seq), 0) FROM audit_log').pluck().get() as number) ?? 0;
  }

  /**
   * The candidates of a draw, in seq order: records in [from, to) up to `uptoSeq`, with one of
   * the outcomes (and actions, user, when given), made by a person other than `excludeUserId`.
   */
  population(c: Criteria, excludeUserId: number, uptoSeq: number): number[] {
    this.index.catchUp();
    const terms = ['i.at >= ?', 'i.at < ?', 'i.seq <= ?', `i.outcome IN (${c.outcomes.map(() => '?').join(', ')})`, 'l.user_id IS NOT NULL', 'l.user_id <> ?'];
    const params: unknown[] = [new Date(c.from).toISOString(), new Date(c.to).toISOString(), uptoSeq, ...c.outcomes, excludeUserId];
    if (c.actions?.length) {
      terms.push(`i.action IN (${c.actions.map(() => '?').join(', ')})`);
      params.push(...c.actions);
    }
    if (c.username) {
      terms.push('i.username = ?');
      params.push(c.username);
    }
    return this.db
      .prepare(`SELECT i.seq FROM audit_index i JOIN audit_log l ON l.seq = i.seq WHERE ${terms.join(' AND ')} ORDER BY i.seq`)
      .pluck()
      .all(...params) as number[];
  }

  create(a: { at: string; auditorId: number; auditorUsername: string; auditor: string; criteria: Criteria; requested: number; population: number; seed: string; uptoSeq: number; seqs: number[] }): number {
    const { criteria: c } = a;
    const id = Number(
      this.db
        .prepare(
          `INSERT INTO random_audits (created_at, auditor_id, auditor_username, auditor, period_from, period_to, criteria, requested, population, seed, upto_seq, status)
           VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 'open')`,
        )
        .run(a.at, a.auditorId, a.auditorUsername, a.auditor, c.from, c.to, JSON.stringify({ actions: c.actions, username: c.username, outcomes: c.outcomes }), a.requested, a.population, a.seed, a.uptoSeq).lastInsertRowid,
    );
    const insert = this.db.prepare('INSERT INTO random_audit_items (audit_id, ord, seq) VALUES (?, ?, ?)');
    a.seqs.forEach((seq, ord) => insert.run(id, ord, seq));
    return id;
  }

  row(id: number): AuditRow | undefined {
    return this.db.prepare('SELECT * FROM random_audits WHERE id = ?').get(id) as AuditRow | undefined;
  }

  private toSummary(r: AuditRow): RandomAuditSummary {
    const counts = this.db
      .prepare(
        `SELECT count(*) AS drawn,
           coalesce(sum(finding = 'legitimate'), 0) AS legitimate,
           coalesce(sum(finding = 'needs-follow-up'), 0) AS needsFollowUp,
           coalesce(sum(finding = 'violation'), 0) AS violation,
           coalesce(sum(finding IS NULL), 0) AS pending
         FROM random_audit_items WHERE audit_id = ?`,
      )
      .get(r.id) as { drawn: number; legitimate: number; needsFollowUp: number; violation: number; pending: number };
    const crit = JSON.parse(r.criteria) as { actions: string[] | null; username: string | null; outcomes: string[] };
    return {
      id: r.id,
      ref: `RA-${r.id}`,
      status: r.status,
      periodFrom: r.period_from,
      periodTo: r.period_to,
      criteria: { actions: crit.actions, username: crit.username, outcomes: crit.outcomes },
      requested: r.requested,
      drawn: counts.drawn,
      population: r.population,
      auditor: r.auditor,
      auditorUsername: r.auditor_username,
      createdAt: r.created_at,
      closedAt: r.closed_at,
      summary: r.summary_enc ? this.cipher.decrypt(r.summary_enc) : null,
      counts: { legitimate: counts.legitimate, needsFollowUp: counts.needsFollowUp, violation: counts.violation, pending: counts.pending },
    };
  }

  summary(id: number): RandomAuditSummary | null {
    const r = this.row(id);
    return r ? this.toSummary(r) : null;
  }

  list(): RandomAuditSummary[] {
    return (this.db.prepare('SELECT * FROM random_audits ORDER BY id DESC').all() as AuditRow[]).map((r) => this.toSummary(r));
  }

  /** The audit with its sampled records, oldest first. */
  detail(id: number): RandomAudit | null {
    const r = this.row(id);
    if (!r) return null;
    const rows = this.db
      .prepare(
        `SELECT it.id, it.seq, it.finding, it.note_enc, it.finding_by, it.finding_at,
           l.id AS record_id, l.at, l.username, l.display_name, l.workstation_id, l.action, l.outcome, l.data, l.purpose, l.case_number
         FROM random_audit_items it JOIN audit_log l ON l.seq = it.seq
         WHERE it.audit_id = ? ORDER BY l.at, l.seq`,
      )
      .all(id) as ItemRow[];
    const items: SampledLookup[] = rows.map((x) => ({
      itemId: x.id,
      seq: x.seq,
      recordId: x.record_id,
      at: x.at,
      username: x.username,
      displayName: x.display_name,
      workstationId: x.workstation_id,
      action: x.action,
      outcome: x.outcome,
      data: parseData(x.data),
      purpose: x.purpose,
      caseNumber: x.case_number,
      finding: x.finding,
      note: x.note_enc ? this.cipher.decrypt(x.note_enc) : null,
      findingBy: x.finding_by,
      findingAt: x.finding_at,
    }));
    return { audit: this.toSummary(r), seed: r.seed, uptoSeq: r.upto_seq, items };
  }

  item(auditId: number, itemId: number): { id: number; seq: number; finding: Finding | null } | undefined {
    return this.db.prepare('SELECT id, seq, finding FROM random_audit_items WHERE audit_id = ? AND id = ?').get(auditId, itemId) as
      | { id: number; seq: number; finding: Finding | null }
      | undefined;
  }

  /** The sampled records in draw order (for replaying the draw). */
  drawnSeqs(auditId: number): number[] {
    return this.db.prepare('SELECT seq FROM random_audit_items WHERE audit_id = ? ORDER BY ord').pluck().all(auditId) as number[];
  }

  setFinding(itemId: number, finding: Finding, note: string | null, by: string, at: string): void {
    this.db
      .prepare('UPDATE random_audit_items SET finding = ?, note_enc = ?, finding_by = ?, finding_at = ? WHERE id = ?')
      .run(finding, note ? this.cipher.encrypt(note) : null, by, at, itemId);
  }

  close(id: number, summary: string, by: string, at: string): boolean {
    return (
      this.db
        .prepare("UPDATE random_audits SET status = 'closed', closed_at = ?, closed_by = ?, summary_enc = ? WHERE id = ? AND status = 'open'")
        .run(at, by, this.cipher.encrypt(summary), id).changes === 1
    );
  }
}
