import type { Migration } from '../open';

/**
 * Which audit records each hub acknowledged, as runs of numbers per hub: on connecting, a
 * console asks the hub about exactly those (`audit:held`), so that a hub restored from an
 * older backup gets back what it lost, while records another hub took (the built-in training
 * hub, an earlier hub) are not taken for losses. Records acknowledged before this migration
 * are in no run: they are not asked about.
 */
export const migration0021: Migration = {
  version: 21,
  name: 'audit-acked',
  up(db) {
    db.exec(`
      CREATE TABLE audit_acked (
        hub_key   TEXT NOT NULL,
        first_seq INTEGER NOT NULL,
        last_seq  INTEGER NOT NULL,
        PRIMARY KEY (hub_key, first_seq)
      );
    `);
  },
};
