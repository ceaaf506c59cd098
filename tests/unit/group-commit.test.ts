import { test } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import { openDatabase } from '../../electron/core/db/open';
import { consoleMigrations } from '../../electron/core/db/migrations';
import { GroupCommitter } from '../../electron/core/db/group-commit';
import { AuditLog, verifyChain } from '../../electron/core/audit/log';
import { tempDir } from '../helpers/tmp';

test('concurrent units share a commit, each settles after it, and a failing one rolls back alone', async () => {
  const db = openDatabase(path.join(tempDir(), 'g.sqlite'), { migrations: consoleMigrations });
  const log = new AuditLog(db, 'ws');
  const gc = new GroupCommitter(db);
  const units = Array.from({ length: 50 }, (_, i) =>
    gc.run(() => {
      const r = log.append({ action: 'hits:open', outcome: 'granted', actor: null, ip: null, data: { i } });
      if (i === 7) throw new Error('unit 7 failed');
      return r.seq;
    }),
  );
  const results = await Promise.allSettled(units);
  assert.equal(results.filter((r) => r.status === 'rejected').length, 1);
  assert.match(String((results[7] as PromiseRejectedResult).reason), /unit 7 failed/);
  const check = verifyChain(db);
  assert.equal(check.ok, true);
  assert.equal(check.count, 49, 'the failed unit left no record and no gap in the chain');
  const seqs = results.filter((r): r is PromiseFulfilledResult<number> => r.status === 'fulfilled').map((r) => r.value);
  assert.deepEqual(seqs, Array.from({ length: 49 }, (_, i) => i + 1));
});

test('a commit that fails rejects every unit in it and keeps nothing', async () => {
  const db = openDatabase(path.join(tempDir(), 'g.sqlite'), { migrations: consoleMigrations });
  const log = new AuditLog(db, 'ws');
  const gc = new GroupCommitter(db);
  db.exec(`CREATE TRIGGER fail_commit BEFORE INSERT ON audit_outbox WHEN NEW.audit_seq = 3 BEGIN SELECT RAISE(ROLLBACK, 'disk full (simulated by trigger)'); END;`);
  const units = Array.from({ length: 5 }, () => gc.run(() => log.append({ action: 'a', outcome: 'ok', actor: null, ip: null, data: {} })));
  const results = await Promise.allSettled(units);
  assert.ok(results.every((r) => r.status === 'rejected'));
  assert.equal(verifyChain(db).count, 0);
});
