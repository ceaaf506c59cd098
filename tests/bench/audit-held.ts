/**
 * `audit:held` at the hub over a long chain (a console asks on every connection which of the
 * records the hub acknowledged it still holds):
 * - `audit_held_first_ms`: the first question about a 1,000,000-record chain with one record
 *   missing in its middle; baseline: `count(*)` of the same numbers over the same index, the
 *   least any full read of them costs.
 * - `audit_held_longest_slice_ms`: the longest the hub's event loop was held during that
 *   question (it reads in windows and lets hits through between them); baseline: the same
 *   `count(*)` done in one go.
 * - `audit_held_again_ms`: the same question again; the hub reads on only from the numbers it
 *   saw whole before (here, from the gap); baseline: the same `count(*)`.
 * The records are written with SQL; the hub's store opens the file as after an upgrade.
 */
import path from 'node:path';
import Database from 'better-sqlite3';
import { openHubStore } from '../../electron/hub/store';
import { tempDir } from '../helpers/tmp';
import { line, watchEventLoop, type BenchLine } from './stats';

export async function benchAuditHeld(opts: { records?: number } = {}): Promise<BenchLine[]> {
  const n = opts.records ?? 1_000_000;
  const dir = tempDir();
  await openHubStore(dir).close();
  const file = path.join(dir, 'hub.sqlite');
  const db = new Database(file);
  db.prepare(
    `WITH RECURSIVE s(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM s WHERE i < ?)
     INSERT INTO audit_records (id, ord, workstation, received_at, record)
     SELECT printf('0195%09d-7abc', i), i, 'ws-01', '2026-11-27T00:00:00Z',
            json_object('id', printf('0195%09d-7abc', i), 'seq', i, 'workstationId', 'ws-01', 'action', 'hits:open',
                        'prevHash', hex(randomblob(32)), 'hash', hex(randomblob(32)), 'data', json_object('hitId', 'h1', 'plate', 'ABC123'))
     FROM s WHERE i <> ?`,
  ).run(n, Math.floor(n / 2));
  const count = db.prepare(
    `SELECT count(*) FROM audit_records WHERE workstation = 'ws-01' AND json_extract(record, '$.seq') BETWEEN 1 AND ? AND id >= '0195'`,
  ).pluck();
  const countMs: number[] = [];
  for (let i = 0; i < 3; i++) {
    const t = performance.now();
    count.get(n);
    countMs.push(performance.now() - t);
  }
  db.close();
  const baseline = Math.min(...countMs);

  const store = openHubStore(dir);
  try {
    const loop = watchEventLoop();
    let t = performance.now();
    const first = await store.auditHeld('ws-01', '0195', 1, n, 1000);
    const firstMs = performance.now() - t;
    const longest = loop.stop();
    const gap = Math.floor(n / 2);
    if (first.missing.length !== 1 || first.missing[0]![0] !== gap || first.missing[0]![1] !== gap) {
      throw new Error(`audit:held found ${JSON.stringify(first.missing)}, not [[${gap}, ${gap}]]`);
    }
    t = performance.now();
    await store.auditHeld('ws-01', '0195', 1, n, 1000);
    const againMs = performance.now() - t;
    return [
      line('audit_held_first_ms', firstMs, 'ms', baseline),
      line('audit_held_longest_slice_ms', longest, 'ms', baseline),
      line('audit_held_again_ms', againMs, 'ms', baseline),
    ];
  } finally {
    await store.close();
  }
}
