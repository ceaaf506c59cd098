import type { Migration } from '../open';

/**
 * A live hit that reached this console more than LATE_HIT_MS after its read (the hub, or the
 * link to it, was down) is filed under when it was stored here, like a retroactive hit under
 * when it was raised: the shift that could work it is the one whose log holds it, and its
 * times to open and broadcast are counted from then. Migration 0018's trigger, with that case.
 * 15 minutes is the contract's LATE_HIT_MS as shipped (a shipped migration never changes).
 */
const LATE_HIT_MS = 15 * 60_000;
const FILED = (id: string) => `
  UPDATE shift_hits SET filed_ms = CASE
      WHEN (SELECT h.retroactive FROM hits h WHERE h.id = ${id}) = 1 THEN max(received_ms, read_ms)
      WHEN stored_ms - read_ms > ${LATE_HIT_MS} THEN stored_ms
      ELSE read_ms END
  WHERE hit_id = ${id};`;

export const migration0019: Migration = {
  version: 19,
  name: 'late-hits',
  up(db) {
    db.exec(`
      DROP TRIGGER shift_hits_filed;
      CREATE TRIGGER shift_hits_filed AFTER INSERT ON shift_hits BEGIN
        ${FILED('NEW.hit_id')}
      END;
      ${FILED('shift_hits.hit_id')}
    `);
  },
};
