import type { Migration } from '../../core/db/open';

/**
 * Officers' hits still to raise. An officer's new entry raises up to 25 retroactive hits, and a
 * plain read matching an entry raises one; each is raised after the answer, one at a time (its
 * images may be rendered). They are written here before the hub answers and deleted once the hit
 * is stored, so a hub stopped or killed in between raises the rest when it starts again.
 */
export const migration0005: Migration = {
  version: 5,
  name: '0005-officer-hits-pending',
  up(db) {
    db.exec(`
      CREATE TABLE officer_hits_pending (
        ord         INTEGER PRIMARY KEY,
        entry_id    TEXT NOT NULL,
        read_id     TEXT NOT NULL,
        retroactive INTEGER NOT NULL CHECK (retroactive IN (0, 1)),
        queued_at   TEXT NOT NULL,
        UNIQUE (entry_id, read_id, retroactive)
      );
    `);
  },
};
