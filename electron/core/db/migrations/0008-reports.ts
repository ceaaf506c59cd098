import type { Migration } from '../open';

/**
 * Audit review, reports and lookup rules (issue 6 items 3, 4; issue 4 item 1).
 * - `lookup_rules`: whether searches and exports need a case number whatever the purpose
 *   (issue 4: by default both do). One row; admins change it, audited.
 * - `audit_index`: the searchable fields of each audit record (time, user, action, purpose,
 *   the plate or search pattern among its data elements, whether it is a flagged lookup),
 *   with an index per filter ending in `at` so a filter and the newest-first order come from
 *   one index. It is derived from `audit_log` by core/reports/audit-index.ts, off the append
 *   path: indexes on `audit_log` itself would slow every lookup's audit write (measured
 *   15-40 % fewer appends per second with six of them). It holds no field the review shows:
 *   records are always read from `audit_log`, the hash-chained original.
 */
export const migration0008: Migration = {
  version: 8,
  name: 'reports',
  up(db) {
    db.exec(`
      CREATE TABLE lookup_rules (
        id INTEGER PRIMARY KEY CHECK (id = 1),
        case_required_for_search INTEGER NOT NULL CHECK (case_required_for_search IN (0, 1)),
        case_required_for_export INTEGER NOT NULL CHECK (case_required_for_export IN (0, 1))
      );
      INSERT INTO lookup_rules (id, case_required_for_search, case_required_for_export) VALUES (1, 1, 1);

      CREATE TABLE audit_index (
        seq INTEGER PRIMARY KEY,
        at TEXT NOT NULL,
        username TEXT COLLATE NOCASE,
        action TEXT NOT NULL,
        purpose TEXT,
        workstation_id TEXT NOT NULL,
        outcome TEXT NOT NULL,
        plate TEXT,
        flagged INTEGER NOT NULL
      );
      CREATE INDEX audit_index_at ON audit_index (at);
      CREATE INDEX audit_index_user ON audit_index (username, at);
      CREATE INDEX audit_index_action ON audit_index (action, at);
      CREATE INDEX audit_index_purpose ON audit_index (purpose, at);
      CREATE INDEX audit_index_plate ON audit_index (plate, at) WHERE plate IS NOT NULL;
      CREATE INDEX audit_index_flagged ON audit_index (at) WHERE flagged = 1;
      CREATE INDEX audit_index_outcome ON audit_index (outcome, at);
      CREATE INDEX audit_index_workstation ON audit_index (workstation_id, at);
    `);
  },
};
