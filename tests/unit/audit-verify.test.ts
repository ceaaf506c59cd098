// Tampering done directly in the SQLite file, behind the console's back, and what finds it.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import crypto from 'node:crypto';
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

// Small chunks, so that ranges end and begin (and threads hand over) all through the log.
const boundaryCases: [string, string, number, RegExp][] = [
  ['the last records of a chunk deleted', 'DELETE FROM audit_outbox WHERE audit_seq BETWEEN 60 AND 64; DELETE FROM audit_log WHERE seq BETWEEN 60 AND 64', 60, /record 60 is missing/],
  ['the first record of a chunk edited', "UPDATE audit_log SET ip = '10.0.0.6' WHERE seq = 65", 65, /record 65 was changed/],
  ['two records swapped across chunks', 'UPDATE audit_log SET seq = -1 WHERE seq = 128; UPDATE audit_log SET seq = 128 WHERE seq = 129; UPDATE audit_log SET seq = 129 WHERE seq = -1;', 128, /record 128 does not follow/],
  ['a stored hash rewritten', "UPDATE audit_log SET hash = replace(hash, substr(hash, 1, 1), 'x') WHERE seq = 192", 192, /record 192 was changed/],
  ['text turned into a blob of the same bytes', 'UPDATE audit_log SET username = CAST(username AS BLOB) WHERE seq = 200', 200, /record 200 was changed/],
  ['a field emptied to NULL', 'UPDATE audit_log SET purpose = NULL WHERE seq = 250', 250, /record 250 was changed/],
];

for (const [what, sql, badSeq, reason] of boundaryCases) {
  test(`tamper at chunk boundaries: ${what} is found, with the first bad record`, async () => {
    const dir = makeLog(300);
    tamper(dir, sql);
    for (const workers of [1, 2, 3]) {
      const r = await verifyAudit({ dataDir: dir, workers, chunk: 64 });
      assert.equal(r.ok, false);
      assert.equal(r.firstBad?.seq, badSeq, `workers=${workers}: ${JSON.stringify(r.firstBad)}`);
      assert.match(r.firstBad!.reason, reason);
    }
  });
}

test('a record added outside the chain (sequence 0) is reported', async () => {
  const dir = makeLog(100);
  tamper(dir, "INSERT INTO audit_log SELECT 0, 'extra', at, user_id, username, display_name, badge, agency, workstation_id, ip, action, data, purpose, case_number, outcome, prev_hash, hash FROM audit_log WHERE seq = 5");
  const r = await verifyAudit({ dataDir: dir, workers: 2, chunk: 16 });
  assert.equal(r.ok, false);
  assert.equal(r.records, 101);
  assert.ok(r.problems.some((p) => /holds 101 records but its last is number 100/.test(p)), r.problems.join('; '));
});

test('records with awkward text hash as the documented serialization, verify, and an edit among them is found', async () => {
  const dataDir = tempDir();
  const db = openDatabase(path.join(dataDir, 'console.sqlite'), { migrations: consoleMigrations });
  const log = new AuditLog(db, 'ws-01');
  const odd = ['quote " and \\ backslash', 'tab\tnew\nline\r\u0001\u001f\u007f', 'été 🚓 \u2028 中文', '', 'lone \ud800 surrogate', '{"not":"json data"}'];
  for (let i = 0; i < 40; i++) {
    const s = odd[i % odd.length]!;
    log.append({
      action: i % 2 ? 'search:plates' : 'hits:open',
      outcome: i % 3 ? 'granted' : 'refused',
      actor: i % 5 ? { userId: i, username: s, displayName: `${s} ${i}`, badge: i % 4 ? s : null, agency: 'CA0390100' } : null,
      ip: i % 7 ? '::1' : null,
      data: { pattern: s, n: i, nested: { list: [s, null, 1.5] } },
      purpose: s,
      caseNumber: i % 2 ? s : null,
    });
  }
  // The serialization of electron/core/audit/README.md, computed here from the stored columns.
  const rows = db.prepare('SELECT * FROM audit_log ORDER BY seq').all() as Record<string, unknown>[];
  let prev = '0'.repeat(64);
  for (const r of rows) {
    const fields = ['seq', 'id', 'at', 'user_id', 'username', 'display_name', 'badge', 'agency', 'workstation_id', 'ip', 'action', 'data', 'purpose', 'case_number', 'outcome', 'prev_hash'].map((k) => r[k]);
    assert.equal(r.prev_hash, prev);
    assert.equal(r.hash, crypto.createHash('sha256').update(`${prev}\n${JSON.stringify(fields)}`).digest('hex'), `record ${String(r.seq)}`);
    prev = String(r.hash);
  }
  db.close();
  for (const workers of [1, 2]) {
    const r = await verifyAudit({ dataDir, workers, chunk: 8 });
    assert.equal(r.ok, true, r.problems.join('; '));
    assert.equal(r.records, 40);
  }
  tamper(dataDir, "UPDATE audit_log SET username = replace(username, '🚓', '🚑') WHERE seq = 27");
  const r = await verifyAudit({ dataDir, workers: 2, chunk: 8 });
  assert.equal(r.firstBad?.seq, 27, JSON.stringify(r.firstBad));
  assert.match(r.firstBad!.reason, /changed/);
});

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
