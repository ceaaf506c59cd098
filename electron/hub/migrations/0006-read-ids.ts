import type { Migration } from '../../core/db/open';

/**
 * Plain reads posted twice, and read numbers that come back.
 * - `client_id`: the camera system's own id for a read (optional in `POST /reads`). A batch
 *   sent again after a timeout keeps each read once: a read whose id is held is not stored
 *   again and raises no hit again.
 * - Read numbers come from a counter, as hit numbers do, so a purge that removes the newest
 *   reads does not let a new read take an old read's number (and a console's cached image of
 *   the old read show for the new one).
 */
export const migration0006: Migration = {
  version: 6,
  name: '0006-read-ids',
  up(db) {
    db.exec(`
      ALTER TABLE reads ADD COLUMN client_id TEXT;
      CREATE UNIQUE INDEX reads_by_client_id ON reads (client_id) WHERE client_id IS NOT NULL;
      INSERT INTO counters (name, value) SELECT 'read_id', coalesce(max(id), 0) FROM reads;
    `);
  },
};
