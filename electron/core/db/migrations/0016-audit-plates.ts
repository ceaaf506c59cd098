import type { Migration } from '../open';

/**
 * Audit records that name several plates (a sharing export: `plates: [...]`) are found by a
 * search for any one of them: `audit_index_plates` holds one row per plate of such a record
 * (the audit index keeps one plate per record). Filled with the index (reports/audit-index.ts)
 * and here for the records already indexed.
 */
export const migration0016: Migration = {
  version: 16,
  name: 'audit-plates',
  up(db) {
    db.exec(`
      CREATE TABLE audit_index_plates (
        seq INTEGER NOT NULL,
        plate TEXT NOT NULL,
        PRIMARY KEY (plate, seq)
      ) WITHOUT ROWID;
      INSERT OR IGNORE INTO audit_index_plates (seq, plate)
        SELECT l.seq, upper(j.value) FROM audit_log l, json_each(l.data, '$.plates') j
        WHERE l.seq <= (SELECT coalesce(max(seq), 0) FROM audit_index)
          AND json_valid(l.data) AND json_type(l.data, '$.plates') = 'array' AND j.type = 'text';
    `);
  },
};
