import type { Migration } from '../open';

/**
 * A hit raised by an officer's partial-plate entry keeps the entry's pattern ("7BNU*") and
 * whether it named a state beside the match, so the plate check shows what the list holds
 * rather than the read's own plate as the list's (hotlistMatchSchema.pattern, anyState).
 */
export const migration0017: Migration = {
  version: 17,
  name: 'match-pattern',
  up(db) {
    db.exec(`
      ALTER TABLE hit_matches ADD COLUMN pattern TEXT;
      ALTER TABLE hit_matches ADD COLUMN any_state INTEGER NOT NULL DEFAULT 0 CHECK (any_state IN (0, 1));
    `);
  },
};
