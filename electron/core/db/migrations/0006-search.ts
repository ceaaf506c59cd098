import type { Migration } from '../open';

/**
 * Plate search and officer hotlist entries (issue 6 items 5, 6).
 * - `hits.retroactive`: the hub raised the hit for a read it already held when an officer's
 *   entry was added (the read is old; `captured_at` is its own time).
 * - `hits_by_plate`: plate search over local hits reads a range of this index for a pattern
 *   with a literal head (`7AB*`, `7A?C*`), and scans only the index (not the table) otherwise.
 * - `officer_hotlist`: officers' entries this console has seen (its own and others', from the
 *   hub's `hotlist:updated`), for listing while the hub is down; notes encrypted (FieldCipher).
 * - `search_settings`: the agency's expiry limit for officers' entries (admin-set).
 */
export const migration0006: Migration = {
  version: 6,
  name: 'search',
  up(db) {
    db.exec(`
      ALTER TABLE hits ADD COLUMN retroactive INTEGER NOT NULL DEFAULT 0;
      CREATE INDEX hits_by_plate ON hits (read_plate, captured_at, read_state, camera_id);

      CREATE TABLE officer_hotlist (
        id              TEXT PRIMARY KEY,
        plate           TEXT NOT NULL,
        state           TEXT,
        list            TEXT NOT NULL,
        reason          TEXT NOT NULL,
        priority        TEXT NOT NULL,
        expires_at      TEXT,
        vehicle         TEXT,
        notes_enc       BLOB,
        case_number     TEXT,
        list_updated_at TEXT NOT NULL,
        entered_by      TEXT,
        removed         TEXT,
        seen_at         TEXT NOT NULL
      );

      CREATE TABLE search_settings (
        key   TEXT PRIMARY KEY,
        value TEXT NOT NULL
      );
    `);
  },
};
