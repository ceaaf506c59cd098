import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { openDatabase, DBVersionFromFutureError, DBCorruptError, integrityProblems, migrate, type Migration } from '../../electron/core/db/open';
import { consoleMigrations } from '../../electron/core/db/migrations';
import { tempDir } from '../helpers/tmp';

test('a new console database is migrated, in WAL with synchronous=FULL and foreign keys', () => {
  const file = path.join(tempDir(), 'c.sqlite');
  const db = openDatabase(file, { migrations: consoleMigrations });
  assert.equal(db.pragma('user_version', { simple: true }), consoleMigrations.length);
  assert.equal(db.pragma('journal_mode', { simple: true }), 'wal');
  assert.equal(db.pragma('synchronous', { simple: true }), 2);
  assert.equal(db.pragma('foreign_keys', { simple: true }), 1);
  assert.deepEqual(integrityProblems(db), []);
  db.close();
});

test('a database from a newer version is refused and left untouched', () => {
  const file = path.join(tempDir(), 'c.sqlite');
  const raw = new Database(file);
  raw.pragma('user_version = 999');
  raw.close();
  const before = fs.readFileSync(file);
  assert.throws(() => openDatabase(file, { migrations: consoleMigrations }), (err: unknown) => {
    assert.ok(err instanceof DBVersionFromFutureError);
    assert.match(err.message, /newer version/);
    return true;
  });
  assert.deepEqual(fs.readFileSync(file), before);
});

test('a damaged file is reported as damaged and kept', () => {
  const file = path.join(tempDir(), 'c.sqlite');
  fs.writeFileSync(file, Buffer.alloc(8192, 0x5a));
  assert.throws(() => openDatabase(file, { migrations: consoleMigrations }), DBCorruptError);
  assert.equal(fs.statSync(file).size, 8192);
});

test('migrations run in order, each in a transaction; a failing one leaves the version where it was', () => {
  const db = new Database(':memory:');
  const ok: Migration = { version: 1, name: 'one', up: (d) => d.exec('CREATE TABLE a (x)') };
  const bad: Migration = { version: 2, name: 'two', up: (d) => { d.exec('CREATE TABLE b (x)'); throw new Error('boom'); } };
  assert.throws(() => migrate(db, [ok, bad]), /boom/);
  assert.equal(db.pragma('user_version', { simple: true }), 1);
  assert.deepEqual(db.prepare("SELECT name FROM sqlite_master WHERE name = 'b'").all(), []);
  assert.throws(() => migrate(db, [{ ...ok, version: 2 }]), /expected 1/);
});

test('the hit queue query uses its index', () => {
  const db = openDatabase(':memory:', { migrations: consoleMigrations });
  const plan = db
    .prepare("EXPLAIN QUERY PLAN SELECT id FROM hits WHERE status IN ('new', 'opened') ORDER BY priority_rank, captured_at")
    .all()
    .map((r) => (r as { detail: string }).detail)
    .join('\n');
  assert.match(plan, /hits_queue/);
});
