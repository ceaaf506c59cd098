/**
 * A hub with a long audit history, upgraded (IT's question: how long is the hub down, and how
 * long does the first console wait for the agency's legal holds):
 * - `hub_upgrade_0008_ms`: opening a hub file of 1,000,000 audit records made before hub
 *   migration 0008, which builds the index `audit:held` reads (each record's number in its
 *   chain); the hub answers nothing meanwhile.
 * - `holds_list_first_ms`: the first `holds:list` after a start: the hub reads every hold
 *   record from the audit table, in windows (1 in 10,000 records here is a hold placement).
 * - `holds_list_longest_slice_ms`: the longest the hub's event loop waited during that read.
 * Baseline for all three: one pass over the same records reading each one's number
 * (`count(json_extract(record, '$.seq'))`, the best of three), the least any pass over them
 * that looks inside the records costs.
 */
import path from 'node:path';
import Database from 'better-sqlite3';
import { AgencyHolds } from '../../electron/hub/holds';
import { openHubStore } from '../../electron/hub/store';
import { tempDir } from '../helpers/tmp';
import { line, watchEventLoop, type BenchLine } from './stats';

const HOLD_EVERY = 10_000;

export async function benchHubUpgrade(opts: { records?: number } = {}): Promise<BenchLine[]> {
  const n = opts.records ?? 1_000_000;
  const dir = tempDir();
  await openHubStore(dir).close();
  const db = new Database(path.join(dir, 'hub.sqlite'));
  // The file as a hub before migration 0008 left it.
  db.exec('DROP INDEX audit_by_workstation_seq');
  db.pragma('user_version = 7');
  db.prepare(
    `WITH RECURSIVE s(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM s WHERE i < ?)
     INSERT INTO audit_records (id, ord, workstation, received_at, record)
     SELECT printf('0195%09d-7abc', i), i, 'ws-01', '2026-11-27T00:00:00Z',
            CASE WHEN i % ${HOLD_EVERY} = 0
            THEN json_object('id', printf('0195%09d-7abc', i), 'seq', i, 'workstationId', 'ws-01', 'action', 'records.hold-place',
                             'outcome', 'ok', 'at', '2026-11-27T00:00:00.000Z', 'username', 'sup', 'displayName', 'Sgt. Sup',
                             'caseNumber', printf('C-%d', i), 'prevHash', hex(randomblob(32)), 'hash', hex(randomblob(32)),
                             'data', json_object('holdId', i / ${HOLD_EVERY}, 'kind', 'hit', 'hitId', printf('h-%d', i), 'reason', 'Evidence'))
            ELSE json_object('id', printf('0195%09d-7abc', i), 'seq', i, 'workstationId', 'ws-01', 'action', 'hits:open', 'outcome', 'ok',
                             'prevHash', hex(randomblob(32)), 'hash', hex(randomblob(32)), 'data', json_object('hitId', 'h1', 'plate', 'ABC123'))
            END
     FROM s`,
  ).run(n);
  const pass = db.prepare("SELECT count(json_extract(record, '$.seq')) FROM audit_records").pluck();
  const passMs: number[] = [];
  for (let i = 0; i < 3; i++) {
    const t = performance.now();
    pass.get();
    passMs.push(performance.now() - t);
  }
  db.close();
  const baseline = Math.min(...passMs);

  let t = performance.now();
  const store = openHubStore(dir);
  const upgradeMs = performance.now() - t;
  try {
    const loop = watchEventLoop();
    t = performance.now();
    const holds = await new AgencyHolds(store).list();
    const listMs = performance.now() - t;
    const longest = loop.stop();
    const expected = Math.floor(n / HOLD_EVERY);
    if (holds.length !== expected) throw new Error(`holds:list found ${holds.length} holds, not ${expected}`);
    return [
      line('hub_upgrade_0008_ms', upgradeMs, 'ms', baseline),
      line('holds_list_first_ms', listMs, 'ms', baseline),
      line('holds_list_longest_slice_ms', longest, 'ms', baseline),
    ];
  } finally {
    await store.close();
  }
}
