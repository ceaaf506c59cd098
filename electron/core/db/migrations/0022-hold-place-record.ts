import type { Migration } from '../open';

/**
 * The audit record that placed each legal hold. A release names it (`placeRecordId`) so the
 * hub ends exactly that hold, whatever order the two records reach it in; finding it at
 * release time meant a `json_extract` scan over the whole audit log inside the commit (about
 * half a second on a million records). Holds in force when this runs get theirs from one pass
 * over the log's placement records (released ones need none), skipped when there is none.
 */
export const migration0022: Migration = {
  version: 22,
  name: 'hold-place-record',
  up(db) {
    db.exec('ALTER TABLE legal_holds ADD COLUMN place_record_id TEXT');
    const open = db.prepare<[], number>('SELECT id FROM legal_holds WHERE released_at IS NULL').pluck().all();
    if (open.length === 0) return;
    const wanted = new Set(open);
    const latest = new Map<number, string>();
    const placements = db
      .prepare<[], [number | null, string]>(
        "SELECT json_extract(data, '$.holdId'), id FROM audit_log WHERE action = 'records.hold-place' AND outcome = 'ok' ORDER BY seq",
      )
      .raw();
    for (const [holdId, id] of placements.iterate()) if (holdId !== null && wanted.has(holdId)) latest.set(holdId, id);
    const set = db.prepare('UPDATE legal_holds SET place_record_id = ? WHERE id = ?');
    for (const [holdId, id] of latest) set.run(id, holdId);
  },
};
