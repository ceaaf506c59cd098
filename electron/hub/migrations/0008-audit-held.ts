import type { Migration } from '../../core/db/open';

/**
 * A workstation's audit records by their number in its chain, with the id (a covering index):
 * `audit:held` finds the numbers a hub lacks, for instance after it was restored from an older
 * backup, without reading the records themselves.
 */
export const migration0008: Migration = {
  version: 8,
  name: '0008-audit-held',
  up(db) {
    db.exec(`CREATE INDEX audit_by_workstation_seq ON audit_records (workstation, json_extract(record, '$.seq'), id)`);
  },
};
