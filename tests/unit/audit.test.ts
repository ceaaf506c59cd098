import { test } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import Database from 'better-sqlite3';
import { openDatabase } from '../../electron/core/db/open';
import { consoleMigrations } from '../../electron/core/db/migrations';
import { AuditLog, verifyChain, outboxBatch, markForwarded, outboxSize, GENESIS_HASH, noteAcknowledged, acknowledgedRuns } from '../../electron/core/audit/log';
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

test('what each hub acknowledged is kept as runs of numbers, joined as they meet', () => {
  const { db } = seeded(1);
  noteAcknowledged(db, 'hub-a', [1, 2, 3, 7]);
  noteAcknowledged(db, 'hub-a', [5]);
  assert.deepEqual(acknowledgedRuns(db, 'hub-a'), [[1, 3], [5, 5], [7, 7]]);
  noteAcknowledged(db, 'hub-a', [6, 4]);
  assert.deepEqual(acknowledgedRuns(db, 'hub-a'), [[1, 7]]);
  noteAcknowledged(db, 'hub-a', [2, 3, 9]); // again, and one more
  assert.deepEqual(acknowledgedRuns(db, 'hub-a'), [[1, 7], [9, 9]]);
  noteAcknowledged(db, 'hub-b', [8]);
  assert.deepEqual(acknowledgedRuns(db, 'hub-b'), [[8, 8]]);
  assert.deepEqual(acknowledgedRuns(db, 'hub-a'), [[1, 7], [9, 9]], 'another hub\'s are its own');
});

test('record ids are distinct UUIDv7s carrying the record time, in the order written', () => {
  const db = openDatabase(path.join(tempDir(), 'c.sqlite'), { migrations: consoleMigrations });
  const at = new Date('2026-03-04T05:06:07.089Z');
  const log = new AuditLog(db, 'ws-01', () => at);
  const ids = Array.from({ length: 200 }, () => log.append({ action: 'hits:open', outcome: 'granted', actor, ip: null, data: {} }).id);
  assert.equal(new Set(ids).size, 200);
  for (const id of ids) {
    assert.match(id, /^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    assert.equal(parseInt(id.replace('-', '').slice(0, 12), 16), at.getTime());
  }
  assert.equal(verifyChain(db).ok, true);
});

test('text with a broken UTF-16 surrogate (as a user may paste) is hashed as stored and verifies', () => {
  const { db, log } = seeded(2);
  const r = log.append({ action: 'search:plates', outcome: 'granted', actor: { ...actor, displayName: 'Kim \ud83d' }, ip: null, data: { pattern: '7AB\udc00*' }, purpose: 'Hit confirmation', caseNumber: '24-\ud800' });
  const row = db.prepare('SELECT display_name, case_number, data FROM audit_log WHERE seq = ?').get(r.seq) as { display_name: string; case_number: string; data: string };
  assert.equal(row.case_number, '24-\ufffd');
  assert.equal(r.caseNumber, row.case_number, 'the record returned is the record stored');
  assert.equal(r.displayName, row.display_name);
  assert.deepEqual(JSON.parse(row.data), { pattern: '7AB\udc00*' });
  const check = verifyChain(db);
  assert.equal(check.ok, true, JSON.stringify(check));
  assert.equal(check.count, 3);
});
