import type { Migration } from '../../core/db/open';

/**
 * A workstation's audit records by the record each follows (`prevHash`), so that the hub can
 * refuse a second, different successor of one record: two consoles writing as one workstation
 * from a copied data folder fork its chain, and every later check of either against the hub
 * would fail (IT review). A reinstalled workstation starts a new chain from the genesis hash,
 * which is not a fork.
 */
export const migration0007: Migration = {
  version: 7,
  name: '0007-audit-forks',
  up(db) {
    db.exec(`CREATE INDEX audit_by_workstation_prev ON audit_records (workstation, json_extract(record, '$.prevHash'))`);
  },
};
