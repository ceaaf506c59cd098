import type { Migration } from '../../core/db/open';

/**
 * Officers' hotlist entries as live wants, and notes encrypted at rest.
 * - `hotlist_entries.notes_enc`, `hits.notes_enc`: notes can name people (a suspect, a caution),
 *   so they are kept encrypted with the hub's data key (AES-256-GCM, `keys/data.key`); the clear
 *   `notes` column stays empty. Rows written before this version are encrypted when the store
 *   opens (the key is not available to a migration), with secure_delete on so the clear text
 *   does not linger in free pages.
 * - `hotlist_entries.removed`: who took an officer's entry off the list, when and why (JSON).
 * - `read_images`: the images a camera system posted with a plain read (`POST /reads`).
 */
export const migration0003: Migration = {
  version: 3,
  name: '0003-officer-entries',
  up(db) {
    db.exec(`
      ALTER TABLE hotlist_entries ADD COLUMN notes_enc BLOB;
      ALTER TABLE hotlist_entries ADD COLUMN removed TEXT;
      CREATE INDEX hotlist_officer_entries ON hotlist_entries (source, is_pattern);
      ALTER TABLE hits ADD COLUMN notes_enc BLOB;

      CREATE TABLE read_images (
        read_id BIGINT NOT NULL,
        role    TEXT NOT NULL CHECK (role IN ('plate', 'overview')),
        mime    TEXT NOT NULL,
        data    BLOB NOT NULL,
        PRIMARY KEY (read_id, role)
      );
    `);
  },
};
