import type { Migration } from '../../core/db/open';

/**
 * The hub's first schema. The SQL sticks to what PostgreSQL also accepts (apart from BLOB,
 * which is BYTEA there) so a multi-node hub can reuse the statements: sequences come from a
 * counter row instead of AUTOINCREMENT, which is the portable way to get gap-free numbers
 * (a PostgreSQL SEQUENCE leaves gaps when a transaction rolls back).
 */
export const migration0001: Migration = {
  version: 1,
  name: '0001-initial',
  up(db) {
    db.exec(`
      CREATE TABLE counters (
        name  TEXT PRIMARY KEY,
        value BIGINT NOT NULL
      );
      INSERT INTO counters (name, value) VALUES ('hit_seq', 0), ('audit_ord', 0);

      CREATE TABLE hits (
        seq         BIGINT PRIMARY KEY,
        id          TEXT NOT NULL UNIQUE,
        received_at TEXT NOT NULL,
        hit         TEXT NOT NULL
      );

      CREATE TABLE hit_images (
        seq  BIGINT NOT NULL REFERENCES hits (seq) ON DELETE CASCADE,
        role TEXT NOT NULL CHECK (role IN ('plate', 'overview')),
        mime TEXT NOT NULL,
        data BLOB NOT NULL,
        PRIMARY KEY (seq, role)
      );

      CREATE TABLE deliveries (
        workstation TEXT NOT NULL,
        hit_id      TEXT NOT NULL,
        seq         BIGINT NOT NULL,
        acked_at    TEXT NOT NULL,
        PRIMARY KEY (workstation, hit_id)
      );
      CREATE INDEX deliveries_by_seq ON deliveries (workstation, seq);

      CREATE TABLE audit_records (
        id          TEXT PRIMARY KEY,
        ord         BIGINT NOT NULL UNIQUE,
        workstation TEXT NOT NULL,
        received_at TEXT NOT NULL,
        record      TEXT NOT NULL
      );
      CREATE INDEX audit_by_workstation ON audit_records (workstation, ord);

      CREATE TABLE hotlist_entries (
        id                TEXT PRIMARY KEY,
        source            TEXT NOT NULL,
        list              TEXT NOT NULL,
        reason            TEXT NOT NULL,
        priority          TEXT NOT NULL CHECK (priority IN ('high', 'medium', 'low')),
        plate             TEXT NOT NULL,
        state             TEXT NOT NULL,
        vehicle           TEXT,
        notes             TEXT,
        list_updated_at   TEXT NOT NULL,
        cleared           INTEGER NOT NULL DEFAULT 0
      );
      CREATE INDEX hotlist_by_plate ON hotlist_entries (plate, state);
    `);
  },
};
