import type { Migration } from '../open';

/**
 * Who else worked a hit, for the shift log: `broadcaster` (whoever read the first hit
 * broadcast) and `taken_over_by` (the last supervisor who took the hit over). The hit's
 * dispatcher stays whoever made the plate check; the broadcast and its time count for whoever
 * broadcast, so a supervisor's work after a takeover is no longer credited to the dispatcher
 * it was taken from. Kept by triggers on hit_events, like the step columns of migration 0005;
 * a hit stored after its steps gets them when its row is made.
 */
const MS = (iso: string) => `(julianday(${iso}) - 2440587.5) * 86400000`;
const people = (id: string) => `
  UPDATE shift_hits SET
    broadcaster = (SELECT e.username FROM hit_events e WHERE e.hit_id = ${id} AND e.step = 'broadcast' ORDER BY ${MS('e.at')}, e.id LIMIT 1),
    broadcaster_name = (SELECT e.display_name FROM hit_events e WHERE e.hit_id = ${id} AND e.step = 'broadcast' ORDER BY ${MS('e.at')}, e.id LIMIT 1),
    taken_over_by = (SELECT e.username FROM hit_events e WHERE e.hit_id = ${id} AND e.step = 'taken-over' ORDER BY ${MS('e.at')} DESC, e.id DESC LIMIT 1),
    taken_over_by_name = (SELECT e.display_name FROM hit_events e WHERE e.hit_id = ${id} AND e.step = 'taken-over' ORDER BY ${MS('e.at')} DESC, e.id DESC LIMIT 1)
  WHERE hit_id = ${id};`;

export const migration0015: Migration = {
  version: 15,
  name: 'shift-people',
  up(db) {
    db.exec(`
      ALTER TABLE shift_hits ADD COLUMN broadcaster TEXT;
      ALTER TABLE shift_hits ADD COLUMN broadcaster_name TEXT;
      ALTER TABLE shift_hits ADD COLUMN taken_over_by TEXT;
      ALTER TABLE shift_hits ADD COLUMN taken_over_by_name TEXT;
      CREATE INDEX shift_hits_by_broadcaster ON shift_hits (broadcaster, read_ms) WHERE broadcaster IS NOT NULL;
      CREATE INDEX shift_hits_by_taker ON shift_hits (taken_over_by, read_ms) WHERE taken_over_by IS NOT NULL;
      CREATE TRIGGER shift_hits_people_step AFTER INSERT ON hit_events WHEN NEW.step IN ('broadcast', 'taken-over') BEGIN
        ${people('NEW.hit_id')}
      END;
      CREATE TRIGGER shift_hits_people_row AFTER INSERT ON shift_hits BEGIN
        ${people('NEW.hit_id')}
      END;
    `);
    db.exec(people('shift_hits.hit_id').replace('WHERE hit_id = shift_hits.hit_id;', 'WHERE EXISTS (SELECT 1 FROM hit_events e WHERE e.hit_id = shift_hits.hit_id);'));
  },
};
