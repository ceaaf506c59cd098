/**
 * audit_append_per_s: hash-chained appends (each its own durable commit, synchronous=FULL),
 * against the baseline of an autocommit insert of the same row under the same pragmas.
 * audit_verify_per_s: records re-hashed per second by a full chain check; baseline: reading
 * the same rows without hashing.
 */
import path from 'node:path';
import { openDatabase } from '../../electron/core/db/open';
import { consoleMigrations } from '../../electron/core/db/migrations';
import { AuditLog, verifyChain } from '../../electron/core/audit/log';
import { tempDir } from '../helpers/tmp';
import { line, type BenchLine } from './stats';

const actor = { userId: 1, username: 'bench', displayName: 'Bench User', badge: '1', agency: 'CA0000000' };

export async function benchAudit(opts: { records: number }): Promise<BenchLine[]> {
  const db = openDatabase(path.join(tempDir(), 'a.sqlite'), { migrations: consoleMigrations });
  const log = new AuditLog(db, 'ws-bench');
  const entry = (i: number) => ({ action: 'hits:open', outcome: 'granted' as const, actor, ip: '127.0.0.1', data: { plate: `7ABC${i}` }, purpose: 'Hit confirmation' });

  db.exec('CREATE TABLE baseline AS SELECT * FROM audit_log WHERE 0');
  const insert = db.prepare(
    `INSERT INTO baseline (seq, id, at, user_id, username, display_name, badge, agency, workstation_id, ip, action, data, purpose, case_number, outcome, prev_hash, hash)
     VALUES (?, ?, ?, 1, 'bench', 'Bench User', '1', 'CA0000000', 'ws-bench', '127.0.0.1', 'hits:open', ?, 'Hit confirmation', NULL, 'granted', ?, ?)`,
  );
  const n = opts.records;
  let t0 = performance.now();
  for (let i = 0; i < n; i++) insert.run(i + 1, `id-${i}`, new Date().toISOString(), JSON.stringify({ plate: `7ABC${i}` }), '0'.repeat(64), '0'.repeat(64));
  const baseAppend = n / ((performance.now() - t0) / 1000);

  t0 = performance.now();
  for (let i = 0; i < n; i++) log.append(entry(i));
  const append = n / ((performance.now() - t0) / 1000);

  t0 = performance.now();
  let rows = 0;
  for (const _ of db.prepare('SELECT * FROM audit_log ORDER BY seq').iterate()) rows++;
  const baseRead = rows / ((performance.now() - t0) / 1000);
  t0 = performance.now();
  const check = verifyChain(db);
  if (!check.ok) throw new Error('chain did not verify');
  const verify = check.count / ((performance.now() - t0) / 1000);
  db.close();
  return [line('audit_append_per_s', append, 'rec/s', baseAppend), line('audit_verify_per_s', verify, 'rec/s', baseRead)];
}
