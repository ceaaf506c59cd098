import type { Migration } from '../open';

/**
 * Hits released here (their user signed out) that the hub has not yet been told of: sent when
 * the link is up, after the hit's own steps still waiting, and kept across a restart, so a
 * sign-out while the hub was unreachable does not leave the hit claimed at the hub in the
 * name of someone who left.
 */
export const migration0014: Migration = {
  version: 14,
  name: 'hub-releases',
  up(db) {
    db.exec(`
      CREATE TABLE hub_releases (
        hit_id TEXT PRIMARY KEY REFERENCES hits(id),
        username TEXT NOT NULL,
        display_name TEXT NOT NULL,
        released_at TEXT NOT NULL
      )
    `);
  },
};
