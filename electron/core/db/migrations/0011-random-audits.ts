import type { Migration } from '../open';

/**
 * Random audits of lookups by an auditor: samples, findings, reports (issue 6 item 10).
 * - `random_audits`: one drawn audit: who drew it, the period and criteria, the seed and the
 *   last audit record (`upto_seq`) the population was taken from (so the draw can be replayed),
 *   and, once closed, the summary (sealed with the console's data key, FieldCipher).
 * - `random_audit_items`: the sampled audit records (by seq) in draw order, each with its
 *   finding, who made it and when, and the note (sealed).
 * Audits are kept: no row of either table may be deleted, and a closed audit's findings and
 * summary cannot change (triggers), whatever code runs against the file.
 */
export const migration0011: Migration = {
  version: 11,
  name: 'random-audits',
  up(db) {
    db.exec(`
      CREATE TABLE random_audits (
        id INTEGER PRIMARY KEY,
        created_at TEXT NOT NULL,
        auditor_id INTEGER NOT NULL,
        auditor_username TEXT NOT NULL,
        auditor TEXT NOT NULL,
        period_from TEXT NOT NULL,
        period_to TEXT NOT NULL,
        criteria TEXT NOT NULL,
        requested INTEGER NOT NULL,
        population INTEGER NOT NULL,
        seed TEXT NOT NULL,
        upto_seq INTEGER NOT NULL,
        status TEXT NOT NULL CHECK (status IN ('open', 'closed')),
        closed_at TEXT,
        closed_by TEXT,
        summary_enc BLOB
      );
      CREATE TABLE random_audit_items (
        id INTEGER PRIMARY KEY,
        audit_id INTEGER NOT NULL REFERENCES random_audits(id),
        ord INTEGER NOT NULL,
        seq INTEGER NOT NULL REFERENCES audit_log(seq),
        finding TEXT CHECK (finding IN ('legitimate', 'needs-follow-up', 'violation')),
        note_enc BLOB,
        finding_by TEXT,
        finding_at TEXT,
        UNIQUE (audit_id, ord),
        UNIQUE (audit_id, seq)
      );
      CREATE TRIGGER random_audits_kept BEFORE DELETE ON random_audits
        BEGIN SELECT RAISE(ABORT, 'random audits are kept'); END;
      CREATE TRIGGER random_audit_items_kept BEFORE DELETE ON random_audit_items
        BEGIN SELECT RAISE(ABORT, 'random audits are kept'); END;
      CREATE TRIGGER random_audits_closed_final BEFORE UPDATE ON random_audits WHEN OLD.status = 'closed'
        BEGIN SELECT RAISE(ABORT, 'a closed random audit cannot change'); END;
      CREATE TRIGGER random_audit_items_closed_final BEFORE UPDATE ON random_audit_items
        WHEN (SELECT status FROM random_audits WHERE id = OLD.audit_id) = 'closed'
        BEGIN SELECT RAISE(ABORT, 'a closed random audit cannot change'); END;
    `);
  },
};
