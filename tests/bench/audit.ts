/**
 * audit_append_per_s: chained appends with their outbox rows, each caller awaiting its own
 * durable commit (group commit, synchronous=FULL), 256 callers at a time; baseline (as
 * ../shared/DESIGN.md defines it): an autocommit insert of the same row under the same pragmas.
 * audit_append_same_commits_per_s: the same figure against a bare insert of the same rows
 * through the same group commit (same callers, commits and fsyncs), without chain and outbox.
 * audit_verify_per_s: records checked per second by the full check (all cores) over a
 * 1,000,000-record log; baseline: reading the same rows on one thread without hashing.
 * outbox_drain_s: 100,000 queued records forwarded to a live hub until it acknowledged all;
 * baseline: the same records sent over a bare socket.io emit-with-ack in the same batches.
 */
import http from 'node:http';
import path from 'node:path';
import { Server } from 'socket.io';
import { io as connect } from 'socket.io-client';
import { openDatabase, type DB } from '../../electron/core/db/open';
import { consoleMigrations } from '../../electron/core/db/migrations';
import { GroupCommitter } from '../../electron/core/db/group-commit';
import { AuditLog, outboxBatch, outboxSize } from '../../electron/core/audit/log';
import { verifyAudit } from '../../electron/core/audit/verify';
import { CANONICAL_COLUMNS } from '../../electron/core/audit/chain-check';
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

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

/** `records` units through a group commit, `callers` at a time, each awaiting its own commit. */
async function throughGroupCommit(db: DB, records: number, unit: (i: number) => unknown, callers = 256): Promise<number> {
  const gc = new GroupCommitter(db);
  let next = 0;
  const t0 = performance.now();
  await Promise.all(
    Array.from({ length: callers }, async () => {
      while (next < records) {
        const i = next++;
        await gc.run(() => unit(i));
      }
    }),
  );
  return records / ((performance.now() - t0) / 1000);
}

/**
 * Chained appends and the bare baselines, alternating, `rounds` times each (medians: the
 * machine is shared). `audit_append_per_s` keeps ../shared/DESIGN.md's baseline: an
 * autocommit insert of the same row under the same pragmas (each insert its own commit and
 * fsync; up to 2,000 rows, it is slow). `audit_append_same_commits_per_s` is the stricter
 * comparison: the very rows the chained run wrote, into a fresh file of the same schema,
 * through the same group commit (same callers, commits and fsyncs), leaving out exactly the
 * chain and the outbox row.
 */
async function appendRate(records: number, rounds = 3): Promise<BenchLine[]> {
  const chained: number[] = [];
  const bare: number[] = [];
  const autocommit: number[] = [];
  for (let round = 0; round < rounds; round++) {
    const db = openDatabase(path.join(tempDir(), 'a.sqlite'), { migrations: consoleMigrations });
    const log = new AuditLog(db, 'ws-bench');
    chained.push(await throughGroupCommit(db, records, (i) => log.append(entry(i))));
    const rows = db.prepare(`SELECT ${CANONICAL_COLUMNS} FROM audit_log ORDER BY seq`).raw().all() as unknown[][];
    db.close();

    const base = openDatabase(path.join(tempDir(), 'b.sqlite'), { migrations: consoleMigrations });
    const insert = base.prepare(`INSERT INTO audit_log (${CANONICAL_COLUMNS}) VALUES (${CANONICAL_COLUMNS.split(',').map(() => '?').join(', ')})`);
    bare.push(await throughGroupCommit(base, records, (i) => insert.run(rows[i]!)));
    if ((base.prepare('SELECT count(*) FROM audit_log').pluck().get() as number) !== records) throw new Error('baseline lost rows');
    base.close();

    const auto = openDatabase(path.join(tempDir(), 'c.sqlite'), { migrations: consoleMigrations });
    const autoInsert = auto.prepare(`INSERT INTO audit_log (${CANONICAL_COLUMNS}) VALUES (${CANONICAL_COLUMNS.split(',').map(() => '?').join(', ')})`);
    const n = Math.min(records, 2_000);
    const t0 = performance.now();
    for (let i = 0; i < n; i++) autoInsert.run(rows[i]!);
    autocommit.push(n / ((performance.now() - t0) / 1000));
    auto.close();
  }
  return [
    line('audit_append_per_s', median(chained), 'rec/s', median(autocommit)),
    line('audit_append_same_commits_per_s', median(chained), 'rec/s', median(bare)),
  ];
}

/** The full check (all cores) over `records`, `rounds` times (median). */
async function verifyRate(records: number, rounds = 3): Promise<BenchLine> {
  const dir = tempDir();
  fill(dir, records);
  const db = openDatabase(path.join(dir, 'console.sqlite'), { migrations: consoleMigrations, readonly: true });
  const t0 = performance.now();
  let rows = 0;
  for (const _ of db.prepare('SELECT * FROM audit_log ORDER BY seq').raw().iterate()) rows++;
  const baseline = rows / ((performance.now() - t0) / 1000);
  db.close();
  const rates: number[] = [];
  for (let round = 0; round < rounds; round++) {
    const t = performance.now();
    const report = await verifyAudit({ dataDir: dir });
    if (!report.ok || report.records !== records) throw new Error(`verify failed: ${report.problems.join('; ')}`);
    rates.push(report.records / ((performance.now() - t) / 1000));
  }
  return line('audit_verify_per_s', median(rates), 'rec/s', baseline);
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

export async function benchAudit(opts: { appends: number; verify: number; drain: number; rounds?: number }): Promise<BenchLine[]> {
  return [...(await appendRate(opts.appends, opts.rounds)), await verifyRate(opts.verify, opts.rounds), await drain(opts.drain)];
}

// `npx tsx tests/bench/audit.ts [--quick] [--only append|verify|drain]`: these figures alone.
if (require.main === module) {
  const quick = process.argv.includes('--quick');
  const only = process.argv[process.argv.indexOf('--only') + 1];
  const n = quick ? { appends: 5_000, verify: 100_000, drain: 10_000 } : { appends: 50_000, verify: 1_000_000, drain: 100_000 };
  const runs: Record<string, () => Promise<BenchLine[]>> = {
    append: () => appendRate(n.appends),
    verify: async () => [await verifyRate(n.verify)],
    drain: async () => [await drain(n.drain)],
  };
  void (async () => {
    for (const [name, run] of Object.entries(runs)) {
      if (process.argv.includes('--only') && name !== only) continue;
      for (const l of await run()) console.log(JSON.stringify(l));
    }
    process.exit(0);
  })();
}
