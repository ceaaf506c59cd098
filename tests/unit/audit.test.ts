import { test } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import Database from 'better-sqlite3';
import { openDatabase } from '../../electron/core/db/open';
import { consoleMigrations } from '../../electron/core/db/migrations';
import { AuditLog, verifyChain, outboxBatch, markForwarded, outboxSize, GENESIS_HASH } from '../../electron/core/audit/log';
import { tempDir } from '../helpers/tmp';

const actor = { userId: 1, username: 'kim', displayName: 'Kim Lee', badge: '4411', agency: 'CA0390100' };

function seeded(n: number) {
  const file = path.join(tempDir(), 'c.sqlite');
  const db = openDatabase(file, { migrations: consoleMigrations });
  const log = new AuditLog(db, 'ws-01');
  for (let i = 0; i < n; i++) {
    log.append({ action: 'hits:open', outcome: 'granted', actor, ip: '10.0.0.5', data: { plate: `7ABC${100 + i}` }, purpose: 'Hit confirmation' });
  }
  return { file, db, log };
}

test('records chain from the genesis hash and verify', () => {
  const { db } = seeded(50);
  const rows = db.prepare('SELECT seq, prev_hash, hash FROM audit_log ORDER BY seq').all() as { seq: number; prev_hash: string; hash: string }[];
  assert.equal(rows[0]!.prev_hash, GENESIS_HASH);
  for (let i = 1; i < rows.length; i++) assert.equal(rows[i]!.prev_hash, rows[i - 1]!.hash);
  const check = verifyChain(db);
  assert.equal(check.ok, true);
  assert.equal(check.count, 50);
});

test('the log refuses updates and deletes', () => {
  const { db } = seeded(3);
  assert.throws(() => db.prepare("UPDATE audit_log SET purpose = 'x' WHERE seq = 2").run(), /append-only/);
  assert.throws(() => db.prepare('DELETE FROM audit_log WHERE seq = 2').run(), /append-only/);
});

test('an edit made to the file behind the console is found, naming the record', () => {
  const { file, db } = seeded(20);
  db.close();
  const raw = new Database(file);
  raw.exec('DROP TRIGGER audit_log_no_update');
  raw.prepare("UPDATE audit_log SET data = '{\"plate\":\"NOTHING\"}' WHERE seq = 7").run();
  raw.close();
  const reopened = openDatabase(file, { migrations: consoleMigrations });
  const check = verifyChain(reopened);
  assert.equal(check.ok, false);
  if (!check.ok) {
    assert.equal(check.badSeq, 7);
    assert.match(check.reason, /changed/);
  }
});

test('a deleted record is found', () => {
  const { file, db } = seeded(10);
  db.close();
  const raw = new Database(file);
  raw.exec('DROP TRIGGER audit_log_no_delete; PRAGMA foreign_keys = OFF;');
  raw.prepare('DELETE FROM audit_log WHERE seq = 4').run();
  raw.close();
  const check = verifyChain(openDatabase(file, { migrations: consoleMigrations }));
  assert.equal(check.ok, false);
  if (!check.ok) assert.match(check.reason, /record 4 is missing/);
});

test('a record rolls back with the action that failed', () => {
  const { db, log } = seeded(2);
  assert.throws(() =>
    db.transaction(() => {
      log.append({ action: 'hits:open', outcome: 'granted', actor, ip: null, data: {} });
      throw new Error('the action failed');
    })(),
  );
  assert.equal(verifyChain(db).count, 2);
});

test('every record waits in the outbox until the hub acknowledges it', () => {
  const { db } = seeded(12);
  assert.equal(outboxSize(db), 12);
  const batch = outboxBatch(db, 5);
  assert.deepEqual(batch.map((r) => r.seq), [1, 2, 3, 4, 5]);
  assert.equal(batch[0]!.purpose, 'Hit confirmation');
  assert.equal(batch[0]!.username, 'kim');
  assert.equal(markForwarded(db, batch.slice(0, 3).map((r) => r.id)), 3);
  assert.equal(outboxSize(db), 9);
  assert.equal(outboxBatch(db, 1)[0]!.seq, 4);
});
