// Tampering done directly in the SQLite file, behind the console's back, and what finds it.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import Database from 'better-sqlite3';
import { openDatabase } from '../../electron/core/db/open';
import { consoleMigrations } from '../../electron/core/db/migrations';
import { AuditLog } from '../../electron/core/audit/log';
import { Checkpointer, loadSigningKey } from '../../electron/core/audit/checkpoints';
import { verifyAudit } from '../../electron/core/audit/verify';
import { tempDir } from '../helpers/tmp';

const root = path.resolve(__dirname, '..', '..');
const actor = { userId: 1, username: 'kim', displayName: 'Kim Lee', badge: '4411', agency: 'CA0390100' };

function makeLog(records: number, checkpointAt: number[] = [records]): string {
  const dataDir = tempDir();
  const db = openDatabase(path.join(dataDir, 'console.sqlite'), { migrations: consoleMigrations });
  const log = new AuditLog(db, 'ws-01');
  const cp = new Checkpointer(db, loadSigningKey(dataDir), 'ws-01', null, () => {});
  db.transaction(() => {
    for (let i = 1; i <= records; i++) {
      log.append({ action: 'hits:open', outcome: 'granted', actor, ip: '10.0.0.5', data: { plate: `7ABC${i}` }, purpose: 'Hit confirmation' });
      if (checkpointAt.includes(i)) cp.take();
    }
  })();
  db.close();
  return dataDir;
}

function tamper(dataDir: string, sql: string): void {
  const raw = new Database(path.join(dataDir, 'console.sqlite'));
  raw.exec('DROP TRIGGER IF EXISTS audit_log_no_update; DROP TRIGGER IF EXISTS audit_log_no_delete; PRAGMA foreign_keys = OFF;');
  raw.exec(sql);
  raw.close();
}

test('an untouched log verifies, on one core and split across two', async () => {
  const dir = makeLog(3000);
  for (const workers of [1, 2]) {
    const r = await verifyAudit({ dataDir: dir, workers });
    assert.equal(r.ok, true, r.problems.join('; '));
    assert.equal(r.records, 3000);
    assert.equal(r.checkpoints, 1);
  }
});

const cases: [string, string, number, RegExp][] = [
  ['one byte of one record edited', "UPDATE audit_log SET data = replace(data, '7ABC1234', '7ABC1235') WHERE seq = 1234", 1234, /changed/],
  ['a record deleted', 'DELETE FROM audit_outbox WHERE audit_seq = 2000; DELETE FROM audit_log WHERE seq = 2000', 2000, /missing/],
  [
    'two records swapped',
    `UPDATE audit_log SET seq = -1 WHERE seq = 1700; UPDATE audit_log SET seq = 1700 WHERE seq = 1701; UPDATE audit_log SET seq = 1701 WHERE seq = -1;`,
    1700,
    /does not follow/,
  ],
  ['the tail cut off', 'DELETE FROM audit_outbox WHERE audit_seq > 2990; DELETE FROM audit_log WHERE seq > 2990', 2991, /cut from the end/],
];

for (const [what, sql, badSeq, reason] of cases) {
  test(`tamper: ${what} is found, with the first bad record`, async () => {
    const dir = makeLog(3000);
    tamper(dir, sql);
    for (const workers of [1, 2]) {
      const r = await verifyAudit({ dataDir: dir, workers });
      assert.equal(r.ok, false);
      assert.equal(r.firstBad?.seq, badSeq, `workers=${workers}: ${JSON.stringify(r.firstBad)}`);
      assert.match(r.firstBad!.reason, reason);
    }
  });
}

test('a whole re-chained log (consistent, but rewritten) fails against its checkpoints', async () => {
  const dir = makeLog(500, [250, 500]);
  // Rewrite record 100 and re-chain everything after it: the chain itself is consistent again.
  const db = openDatabase(path.join(dir, 'console.sqlite'), { migrations: consoleMigrations });
  const rows = db.prepare('SELECT * FROM audit_log WHERE seq >= 100 ORDER BY seq').all() as Record<string, unknown>[];
  db.close();
  tamper(dir, 'DELETE FROM audit_outbox; DELETE FROM audit_log WHERE seq >= 100');
  const db2 = openDatabase(path.join(dir, 'console.sqlite'), { migrations: consoleMigrations });
  const log = new AuditLog(db2, 'ws-01');
  for (const r of rows) {
    log.append({ action: String(r.action), outcome: 'granted', actor, ip: String(r.ip), data: r.seq === 100 ? { plate: 'NOTHING' } : JSON.parse(String(r.data)), purpose: 'Hit confirmation' });
  }
  db2.close();
  const r = await verifyAudit({ dataDir: dir });
  assert.equal(r.ok, false);
  assert.equal(r.firstBad, null, 'the chain alone looks fine');
  assert.ok(r.problems.some((p) => /checkpoint .* does not match record 250: the log was rewritten/.test(p)), r.problems.join('; '));
});

test('npm run audit:verify exits 0 with a summary, and 1 naming the first bad record', () => {
  const dir = makeLog(200);
  const good = spawnSync(process.execPath, ['--import', 'tsx', 'electron/cli/audit-verify.ts', '--data', dir], { cwd: root, encoding: 'utf8' });
  assert.equal(good.status, 0, good.stderr);
  assert.match(good.stdout, /audit OK: 200 records/);
  tamper(dir, "UPDATE audit_log SET purpose = 'curiosity' WHERE seq = 42");
  const bad = spawnSync(process.execPath, ['--import', 'tsx', 'electron/cli/audit-verify.ts', '--data', dir], { cwd: root, encoding: 'utf8' });
  assert.equal(bad.status, 1);
  assert.match(bad.stdout, /audit FAILED at record 42/);
  const none = spawnSync(process.execPath, ['--import', 'tsx', 'electron/cli/audit-verify.ts', '--data', path.join(dir, 'nope')], { cwd: root, encoding: 'utf8' });
  assert.equal(none.status, 2);
  assert.match(none.stderr, /no console database/);
});
