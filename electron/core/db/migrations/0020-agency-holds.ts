import type { Migration } from '../open';

/**
 * The legal holds in force at the agency, as the hub last listed them (`holds:list`): a hold
 * placed on another console keeps this console's copies of the held hits past retention too.
 * Replaced whole at each listing; `agency_holds_heard` says when and from which hub.
 */
export const migration0020: Migration = {
  version: 20,
  name: 'agency-holds',
  up(db) {
    db.exec(`
      CREATE TABLE agency_holds (
        record_id      TEXT PRIMARY KEY,
        workstation_id TEXT NOT NULL,
        hold_id        INTEGER NOT NULL,
        kind           TEXT NOT NULL CHECK (kind IN ('hit', 'plate')),
        hit_id         TEXT,
        plate          TEXT,
        state          TEXT,
        period_from    TEXT,
        period_to      TEXT,
        from_at        TEXT,
        to_at          TEXT,
        case_number    TEXT,
        placed_at      TEXT,
        placed_by      TEXT
      );
      CREATE INDEX agency_holds_by_hit ON agency_holds (hit_id) WHERE kind = 'hit';
      CREATE INDEX agency_holds_by_plate ON agency_holds (plate) WHERE kind = 'plate';
      CREATE TABLE agency_holds_heard (
        id       INTEGER PRIMARY KEY CHECK (id = 1),
        hub_key  TEXT NOT NULL,
        heard_at TEXT NOT NULL
      );
    `);
  },
};
