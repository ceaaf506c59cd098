import type { Migration } from '../open';

/**
 * Retention runs, legal holds and sharing requests (issue 6 items 7, 8).
 * - retention_settings: the agency's retention period (changed by admins, audited).
 * - retention_runs: every purge, scheduled or manual, with its counts (never content); the
 *   newest row's started_at is when the purge last ran, which decides the next run.
 * - legal_holds: a hold keeps a hit, or every hit of a plate captured in a period, from the
 *   purge until a supervisor releases it. Released holds stay on file.
 * - sharing_requests / sharing_exports: the file of requests from other bodies and of every
 *   export made for one (the shared-with report). The requester's name and contact are
 *   encrypted like other data about people.
 */
export const migration0007: Migration = {
  version: 7,
  name: 'records',
  up(db) {
    db.exec(`
      CREATE TABLE retention_settings (
        key TEXT PRIMARY KEY,
        value TEXT NOT NULL
      );

      CREATE TABLE retention_runs (
        id INTEGER PRIMARY KEY,
        started_at TEXT NOT NULL,
        finished_at TEXT,
        trigger TEXT NOT NULL CHECK (trigger IN ('schedule', 'start', 'manual')),
        by_username TEXT,
        retention_days INTEGER NOT NULL,
        cutoff TEXT NOT NULL,
        hits INTEGER NOT NULL DEFAULT 0,
        images INTEGER NOT NULL DEFAULT 0,
        related_rows INTEGER NOT NULL DEFAULT 0,
        kept_by_hold INTEGER NOT NULL DEFAULT 0,
        error TEXT
      );

      CREATE TABLE legal_holds (
        id INTEGER PRIMARY KEY,
        kind TEXT NOT NULL CHECK (kind IN ('hit', 'plate')),
        hit_id TEXT,
        plate TEXT,
        state TEXT,
        period_from TEXT,
        period_to TEXT,
        case_number TEXT NOT NULL,
        reason TEXT NOT NULL,
        placed_at TEXT NOT NULL,
        placed_by TEXT NOT NULL,
        released_at TEXT,
        released_by TEXT,
        release_reason TEXT,
        CHECK ((kind = 'hit' AND hit_id IS NOT NULL)
            OR (kind = 'plate' AND plate IS NOT NULL AND period_from IS NOT NULL AND period_to IS NOT NULL)),
        CHECK ((released_at IS NULL) = (released_by IS NULL))
      );
      CREATE INDEX legal_holds_active_hit ON legal_holds (hit_id) WHERE released_at IS NULL;
      CREATE INDEX legal_holds_active_plate ON legal_holds (plate) WHERE released_at IS NULL;

      CREATE TABLE sharing_requests (
        id INTEGER PRIMARY KEY,
        agency_name TEXT NOT NULL,
        agency_type TEXT NOT NULL,
        requester_name_enc BLOB NOT NULL,
        requester_contact_enc BLOB NOT NULL,
        purpose TEXT NOT NULL,
        case_number TEXT,
        requested_on TEXT NOT NULL,
        plates TEXT NOT NULL,
        period_from TEXT NOT NULL,
        period_to TEXT NOT NULL,
        status TEXT NOT NULL CHECK (status IN ('refused', 'referred', 'pending', 'approved', 'denied')),
        status_reason TEXT,
        registered_at TEXT NOT NULL,
        registered_by TEXT NOT NULL,
        decided_at TEXT,
        decided_by TEXT
      );
      -- A rule's refusal or referral is final, and so is a supervisor's decision.
      CREATE TRIGGER sharing_requests_final BEFORE UPDATE OF status ON sharing_requests
        WHEN OLD.status <> 'pending'
        BEGIN SELECT RAISE(ABORT, 'this request was already decided'); END;

      CREATE TABLE sharing_exports (
        id INTEGER PRIMARY KEY,
        request_id INTEGER NOT NULL REFERENCES sharing_requests(id),
        exported_at TEXT NOT NULL,
        exported_by TEXT NOT NULL,
        format TEXT NOT NULL CHECK (format IN ('csv', 'pdf')),
        records INTEGER NOT NULL,
        purpose TEXT NOT NULL,
        case_number TEXT,
        audit_id TEXT NOT NULL
      );
      CREATE INDEX sharing_exports_by_request ON sharing_exports (request_id);
    `);
  },
};
