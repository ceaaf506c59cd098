/**
 * The audit review over a big log (issue 6 item 3: "paged results that stay fast over
 * 1,000,000 records"):
 * - `audit_search_p50_ms`, `audit_search_p99_ms`: a `reports:audit-search` call through the
 *   core's dispatch (validation, the search, its own audit record durably committed, the
 *   answer checked against the contract) over 1,000,000 records, for a mix of filters: none,
 *   user, exact plate, plate pattern, action + period, only flagged, purpose + outcome, and a
 *   later page. Baseline: `SELECT count(*) FROM audit_log` on the same file.
 * - `audit_index_per_s`: records per second added to the search index (catch-up after an
 *   upgrade, or a backlog); baseline: copying the same columns into a table with no index.
 * The log is written with SQL (not chained: the search does not read the chain), then the
 * console core opens it as it would after an upgrade.
 */
import path from 'node:path';
import { Core } from '../../electron/core/core';
import { openDatabase } from '../../electron/core/db/open';
import { consoleMigrations } from '../../electron/core/db/migrations';
import { AuditIndex } from '../../electron/core/reports/audit-index';
import { acknowledgePolicy } from '../helpers/clearance';
import { tempDir } from '../helpers/tmp';
import { line, percentile, type BenchLine } from './stats';

export interface AuditSearchBenchOptions {
  /** Records in the log (default 1,000,000). */
  records?: number;
  /** Rounds of the query mix (default 40). */
  rounds?: number;
  log?: (text: string) => void;
}

const START = Date.parse('2026-10-01T00:00:00Z') / 1000;
const STEP_S = 2.5;

function fill(file: string, n: number): void {
  const db = openDatabase(file, { migrations: consoleMigrations });
  db.prepare(
    `WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < ?),
     r AS (
       SELECT i,
         printf('%d%s%s%s%03d', i % 10, char(65 + i % 26), char(65 + (i / 26) % 26), char(65 + (i / 676) % 26), i % 1000) AS plate,
         CASE WHEN i % 10 = 0 THEN 'search.plates' WHEN i % 10 = 1 THEN 'audit.search' ELSE 'hits:open' END AS action
       FROM n
     )
     INSERT INTO audit_log (seq, id, at, user_id, username, display_name, badge, agency, workstation_id, ip, action, data, purpose, case_number, outcome, prev_hash, hash)
     SELECT i, printf('rec-%d', i), strftime('%Y-%m-%dT%H:%M:%fZ', ${START} + i * ${STEP_S}, 'unixepoch'),
       i % 40 + 1, printf('user%d', i % 40), printf('User %d', i % 40), printf('%d', 4000 + i % 40), 'CA0391200', 'ws-01', '10.0.0.' || (i % 40),
       action,
       CASE action
         WHEN 'hits:open' THEN json_object('hitId', printf('hit-%d', i), 'plate', plate, 'state', 'CA')
         WHEN 'search.plates' THEN json_object('pattern', substr(plate, 1, 3) || '*')
         ELSE json_object('filters', json_object('username', printf('user%d', i % 40)))
       END,
       CASE action WHEN 'hits:open' THEN 'Hit confirmation' WHEN 'search.plates' THEN 'Stolen or wanted vehicle' ELSE 'Audit / administration' END,
       CASE WHEN action = 'search.plates' AND i % 7 <> 0 THEN printf('C-%d', i) END,
       CASE WHEN i % 97 = 0 THEN 'refused' ELSE 'granted' END,
       '0000000000000000000000000000000000000000000000000000000000000000', printf('%064d', i)
     FROM r`,
  ).run(n);
  db.close();
}

export async function benchAuditSearch(opts: AuditSearchBenchOptions = {}): Promise<BenchLine[]> {
  const n = opts.records ?? 1_000_000;
  const rounds = opts.rounds ?? 40;
  const log = opts.log ?? (() => {});
  const dataDir = tempDir('alpr-bench-audit-search-');
  const file = path.join(dataDir, 'console.sqlite');
  let t0 = performance.now();
  fill(file, n);
  log(`audit search bench: ${n} records written in ${Math.round(performance.now() - t0)} ms`);

  // Indexing rate, against a bare copy of the same columns.
  const db = openDatabase(file, { migrations: consoleMigrations });
  t0 = performance.now();
  db.exec(`CREATE TABLE bare_copy AS SELECT seq, at, username, action, purpose, workstation_id, outcome, json_extract(data, '$.plate') AS plate, case_number IS NULL AS flagged FROM audit_log`);
  const copyRate = n / ((performance.now() - t0) / 1000);
  db.exec('DROP TABLE bare_copy');
  t0 = performance.now();
  new AuditIndex(db).catchUp();
  const indexRate = n / ((performance.now() - t0) / 1000);
  db.close();

  const core = await Core.open({
    dataDir,
    workstationId: 'ws-01',
    hub: null,
    mode: 'headless',
    version: 'bench',
    agencyName: 'Bench PD',
    bootstrapUser: 'benchsup:bench-pass-2026:supervisor:2026-01-05',
  });
  try {
    const s = core.openSession({ ip: '127.0.0.1' });
    const signed = await core.dispatch(s.id, 'session:sign-in', { username: 'benchsup', password: 'bench-pass-2026' });
    if (!signed.ok) throw new Error(`sign-in: ${signed.error.message}`);
    await acknowledgePolicy(core, s.id);

    const day = (d: number) => new Date((START + d * 86_400) * 1000).toISOString();
    const mix: Record<string, unknown>[] = [
      {},
      { username: 'user17' },
      { plate: '7HAB007' },
      { plate: '3B*' },
      { action: 'search.plates', from: day(10), to: day(12) },
      { onlyFlagged: true },
      { purpose: 'Stolen or wanted vehicle', outcome: 'refused' },
      { username: 'user3', action: 'hits:open', from: day(20), to: day(21) },
    ];
    const search = async (filters: Record<string, unknown>, cursor: unknown = null) => {
      const r = await core.dispatch(s.id, 'reports:audit-search', { filters, limit: 50, cursor });
      if (!r.ok) throw new Error(`search ${JSON.stringify(filters)}: ${r.error.message}`);
      return r.value as { records: unknown[]; next: unknown };
    };
    await search({}); // warm the caches once, as a reviewer's first search does
    const times: number[] = [];
    for (let round = 0; round < rounds; round++) {
      for (const filters of mix) {
        const t = performance.now();
        await search(filters);
        times.push(performance.now() - t);
      }
      // A later page: the third page of the unfiltered log.
      const first = await search({});
      const second = await search({}, first.next);
      const t = performance.now();
      await search({}, second.next);
      times.push(performance.now() - t);
    }
    const counts: number[] = [];
    for (let i = 0; i < rounds; i++) {
      const t = performance.now();
      core.db.prepare('SELECT count(*) AS n FROM audit_log').get();
      counts.push(performance.now() - t);
    }
    const base50 = percentile(counts, 50);
    const base99 = percentile(counts, 99);
    log(`audit search bench: ${times.length} searches, count(*) p50 ${base50.toFixed(1)} ms`);
    return [
      line('audit_search_p50_ms', percentile(times, 50), 'ms', base50),
      line('audit_search_p99_ms', percentile(times, 99), 'ms', base99),
      line('audit_index_per_s', indexRate, 'rec/s', copyRate),
    ];
  } finally {
    await core.close();
  }
}
