import type { Migration } from '../open';

/**
 * Evidence packages exported for booking (issue 6 item 9, Lodi 431.4): one row per package that
 * left the console, with the SHA-256 of the package as it was handed over, so the copy booked
 * into evidence can be checked against this file and against the audit record of the export.
 *
 * The hit's id sits in `exported_hit_id`, not `hit_id`: the retention purge removes every row
 * with a `hit_id` column together with its hit, and this log of what left the console stays
 * (like sharing_exports and the audit trail) after the hit itself is gone.
 */
export const migration0012: Migration = {
  version: 12,
  name: 'evidence',
  up(db) {
    db.exec(`
      CREATE TABLE evidence_exports (
        id INTEGER PRIMARY KEY,
        exported_hit_id TEXT NOT NULL,
        case_number TEXT NOT NULL,
        purpose TEXT NOT NULL,
        reason TEXT NOT NULL,
        file_name TEXT NOT NULL,
        bytes INTEGER NOT NULL,
        package_sha256 TEXT NOT NULL CHECK (length(package_sha256) = 64),
        files INTEGER NOT NULL,
        hold_id INTEGER NOT NULL REFERENCES legal_holds(id),
        exported_by TEXT NOT NULL,
        exported_at TEXT NOT NULL,
        workstation_id TEXT NOT NULL,
        audit_id TEXT NOT NULL
      );
      CREATE INDEX evidence_exports_by_hit ON evidence_exports (exported_hit_id);
      CREATE TRIGGER evidence_exports_no_update BEFORE UPDATE ON evidence_exports
        BEGIN SELECT RAISE(ABORT, 'an evidence export is on file as it was made'); END;
      CREATE TRIGGER evidence_exports_no_delete BEFORE DELETE ON evidence_exports
        BEGIN SELECT RAISE(ABORT, 'an evidence export is on file as it was made'); END;
    `);
  },
};
