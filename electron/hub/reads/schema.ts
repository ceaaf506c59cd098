/**
 * The `reads` table of a separate read-history file (training mode's synthetic history). The
 * hub database's own `reads` table (migration 0002) has the same columns and indexes, so one
 * set of search statements runs against either.
 *
 * - `plate_rev` is the plate written backwards: a pattern with a leading wildcard (`*123`)
 *   becomes a prefix (`321*`) on it, which its index answers with a range.
 * - `captured_at` is epoch milliseconds (8 bytes, not a 24-byte ISO string, in an index of a
 *   million rows); the API speaks ISO.
 * - `hit_id` is set when the read is a hit's read: the hit's images exist. A plain read has
 *   none.
 * - Both indexes cover every column a search returns, so a search reads index entries only:
 *   no table row is fetched to filter, order or answer (500 random row lookups were the
 *   largest part of a search's time before). They cost the history file about half again
 *   its size.
 */
export const READS_TABLE_SQL = `
  CREATE TABLE reads (
    id          INTEGER PRIMARY KEY,
    plate       TEXT NOT NULL,
    plate_rev   TEXT NOT NULL,
    state       TEXT NOT NULL,
    camera_id   TEXT NOT NULL,
    captured_at BIGINT NOT NULL,
    confidence  REAL NOT NULL,
    hit_id      TEXT
  );
`;

export const READS_INDEXES_SQL = `
  CREATE INDEX reads_by_plate ON reads (plate, captured_at, state, camera_id, confidence, hit_id);
  CREATE INDEX reads_by_plate_rev ON reads (plate_rev, captured_at, plate, state, camera_id, confidence, hit_id);
`;
