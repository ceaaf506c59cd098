/**
 * audit_append_per_s: chained appends with their outbox rows, each caller awaiting its own
 * durable commit (group commit, synchronous=FULL), 256 callers at a time; baseline: a bare
 * autocommit insert of the same row under the same pragmas.
 * audit_verify_per_s: records checked per second by the full check (both cores) over a
 * 1,000,000-record log; baseline: reading the same rows without hashing.
 * outbox_drain_s: 100,000 queued records forwarded to a live hub until it acknowledged all;
 * baseline: the same records sent over a bare socket.io emit-with-ack in the same batches.
 */
import http from 'node:http';
import path from 'node:path';
import { Server } from 'socket.io';
import { io as connect } from 'socket.io-client';
import { openDatabase } from '../../electron/core/db/open';
import { consoleMigrations } from '../../electron/core/db/migrations';
import { GroupCommitter } from '../../electron/core/db/group-commit';
import { AuditLog, outboxBatch, outboxSize } from '../../electron/core/audit/log';
import { verifyAudit } from '../../electron/core/audit/verify';
import { HitStore } from '../../electron/core/hits/store';
import { HubClient } from '../../electron/core/hub-client/client';
import { FieldCipher } from '../../electron/core/util/field-crypto';
import { startHub } from '../../electron/hub/server';
import { parseHubTokens } from '../../electron/contract/hub';
import { tempDir } from '../helpers/tmp';
import { line, type BenchLine } from './stats';

const actor = { userId: 1, username: 'bench', displayName: 'Bench User', badge: '1', agency: 'CA0000000' };
const entry = (i: number) => ({ action: 'hits:open', outcome: 'granted' as const, actor, ip: '127.0.0.1', data: { plate: `7ABC${i}` }, purpose: 'Hit confirmation' });

function fill(dataDir: string, n: number): void {
  const db = openDatabase(path.join(dataDir, 'console.sqlite'), { migrations: consoleMigrations });
  const log = new AuditLog(db, 'ws-bench');
  for (let done = 0; done < n; done += 50_000) {
    db.transaction(() => {
      for (let i = done; i < Math.min(n, done + 50_000); i++) log.append(entry(i));
    })();
  }
  db.close();
}

async function appendRate(records: number): Promise<BenchLine> {
  const db = openDatabase(path.join(tempDir(), 'a.sqlite'), { migrations: consoleMigrations });
  const log = new AuditLog(db, 'ws-bench');
  db.exec('CREATE TABLE baseline AS SELECT * FROM audit_log WHERE 0');
  const insert = db.prepare(
    `INSERT INTO baseline (seq, id, at, user_id, username, display_name, badge, agency, workstation_id, ip, action, data, purpose, case_number, outcome, prev_hash, hash)
     VALUES (?, ?, ?, 1, 'bench', 'Bench User', '1', 'CA0000000', 'ws-bench', '127.0.0.1', 'hits:open', ?, 'Hit confirmation', NULL, 'granted', ?, ?)`,
  );
  const baseN = Math.min(records, 2000);
  let t0 = performance.now();
  for (let i = 0; i < baseN; i++) insert.run(i + 1, `id-${i}`, new Date().toISOString(), JSON.stringify({ plate: `7ABC${i}` }), '0'.repeat(64), '0'.repeat(64));
  const baseline = baseN / ((performance.now() - t0) / 1000);

  const gc = new GroupCommitter(db);
  const callers = 256;
  t0 = performance.now();
  let next = 0;
  await Promise.all(
    Array.from({ length: callers }, async () => {
      while (next < records) {
        const i = next++;
        await gc.run(() => log.append(entry(i)));
      }
    }),
  );
  const rate = records / ((performance.now() - t0) / 1000);
  db.close();
  return line('audit_append_per_s', rate, 'rec/s', baseline);
}

async function verifyRate(records: number): Promise<BenchLine> {
  const dir = tempDir();
  fill(dir, records);
  const db = openDatabase(path.join(dir, 'console.sqlite'), { migrations: consoleMigrations, readonly: true });
  let t0 = performance.now();
  let rows = 0;
  for (const _ of db.prepare('SELECT * FROM audit_log ORDER BY seq').raw().iterate()) rows++;
  const baseline = rows / ((performance.now() - t0) / 1000);
  db.close();
  t0 = performance.now();
  const report = await verifyAudit({ dataDir: dir });
  if (!report.ok) throw new Error(`verify failed: ${report.problems.join('; ')}`);
  return line('audit_verify_per_s', report.records / ((performance.now() - t0) / 1000), 'rec/s', baseline);
}

async function drain(records: number): Promise<BenchLine> {
  const dir = tempDir();
  fill(dir, records);
  const db = openDatabase(path.join(dir, 'console.sqlite'), { migrations: consoleMigrations });

  // Baseline: the same batches over a bare socket.io link that acknowledges every id.
  const server = http.createServer();
  const bare = new Server(server, { maxHttpBufferSize: 64e6 });
  bare.on('connection', (s) => s.on('audit:append', (recs: { id: string }[], ack: (a: unknown) => void) => ack({ acked: recs.map((r) => r.id) })));
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const client = connect(`http://127.0.0.1:${(server.address() as { port: number }).port}`, { transports: ['websocket'] });
  await new Promise<void>((r) => client.once('connect', () => r()));
  let t0 = performance.now();
  let lastSeq = 0;
  const page = db.prepare('SELECT * FROM audit_log WHERE seq > ? ORDER BY seq LIMIT 500');
  for (;;) {
    const batch = page.all(lastSeq) as { seq: number }[];
    if (batch.length === 0) break;
    await client.emitWithAck('audit:append', batch);
    lastSeq = batch.at(-1)!.seq;
  }
  const baseline = (performance.now() - t0) / 1000;
  client.close();
  bare.close();

  const hub = await startHub({ port: 0, dataDir: tempDir(), tokens: parseHubTokens('ws-bench=t') });
  const hubClient = new HubClient({
    url: hub.url, hubKey: 'bench', workstationId: 'ws-bench', token: 't', training: false, db,
    hits: new HitStore(db, FieldCipher.forDataDir(dir)),
  });
  t0 = performance.now();
  hubClient.start();
  while (outboxSize(db) > 0) await new Promise((r) => setTimeout(r, 20));
  const seconds = (performance.now() - t0) / 1000;
  await hubClient.stop();
  await hub.close();
  if (outboxBatch(db, 1).length) throw new Error('outbox not drained');
  db.close();
  return line('outbox_drain_s', seconds, 's', baseline);
}

export async function benchAudit(opts: { appends: number; verify: number; drain: number }): Promise<BenchLine[]> {
  return [await appendRate(opts.appends), await verifyRate(opts.verify), await drain(opts.drain)];
}
