import type { Migration } from '../open';

/**
 * Which shift a hit belongs to: `filed_ms`, the read's time for a live hit and, for a
 * retroactive one (an officer's new entry matching a read the hub already held), the time the
 * hub raised it. A hit worked today on last week's read is in today's log, where it was
 * worked, and last week's reviewed log does not change after the fact. The shift log selects,
 * orders and charts by it; step times stay measured from the read. Kept by a trigger on
 * shift_hits, like migration 0015's people, so migration 0005's triggers stay as they are.
 */
const FILED = (id: string) => `
  UPDATE shift_hits SET filed_ms = CASE
      WHEN (SELECT h.retroactive FROM hits h WHERE h.id = ${id}) = 1 THEN max(received_ms, read_ms) ELSE read_ms END
  WHERE hit_id = ${id};`;

export const migration0018: Migration = {
  version: 18,
  name: 'shift-filing',
  up(db) {
    db.exec(`
      ALTER TABLE shift_hits ADD COLUMN filed_ms INTEGER;
      CREATE TRIGGER shift_hits_filed AFTER INSERT ON shift_hits BEGIN
        ${FILED('NEW.hit_id')}
      END;
      ${FILED('shift_hits.hit_id')}
      DROP INDEX shift_hits_by_read;
      DROP INDEX shift_hits_by_camera;
      DROP INDEX shift_hits_by_dispatcher;
      DROP INDEX shift_hits_by_broadcaster;
      DROP INDEX shift_hits_by_taker;
      CREATE INDEX shift_hits_by_filed ON shift_hits (filed_ms, hit_id);
      CREATE INDEX shift_hits_by_camera ON shift_hits (camera_id, filed_ms);
      CREATE INDEX shift_hits_by_dispatcher ON shift_hits (dispatcher, filed_ms);
      CREATE INDEX shift_hits_by_broadcaster ON shift_hits (broadcaster, filed_ms) WHERE broadcaster IS NOT NULL;
      CREATE INDEX shift_hits_by_taker ON shift_hits (taken_over_by, filed_ms) WHERE taken_over_by IS NOT NULL;
    `);
  },
};
