import type { Migration } from '../../core/db/open';

/**
 * Timeline details encrypted at rest. A step's detail is free text from the console: a misread
 * note, broadcast scripts with the vehicle and hotlist reason, CLETS summaries with cautions,
 * disposition notes, a takeover's reason; it can name people, so it is kept in `detail_enc`
 * with the hub's data key (as hotlist notes, 0003) and `detail` stays empty. Details written in
 * clear before this version are encrypted when the store opens (a migration has no key); the
 * partial index lets that check find them, or none, without reading the whole timeline.
 */
export const migration0004: Migration = {
  version: 4,
  name: '0004-sealed-details',
  up(db) {
    db.exec(`
      ALTER TABLE hit_events ADD COLUMN detail_enc BLOB;
      CREATE INDEX hit_events_clear_detail ON hit_events (ord) WHERE detail IS NOT NULL;
    `);
  },
};
