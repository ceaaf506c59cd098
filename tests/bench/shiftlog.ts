/**
 * The shift log over 100,000 hits, at the core (the contract calls a supervisor's console makes).
 *   shift_log_open_ms        `shiftlog:open` for a period of 100,000 hits: the audit record,
 *                            the summary and charts, the filter options and the first 200 rows.
 *   shift_log_page_p99_ms    `shiftlog:rows`, 200 rows at random offsets up to the last page.
 *   shift_log_filtered_open_ms  the same open filtered by one camera.
 * Baseline for all three: a bare `SELECT count(*)` of the same hits by capture time, same run.
 * `seedShiftHits` is also what the shift-log tests use to fill a console's database.
 */
import { performance } from 'node:perf_hooks';
import type { DB } from '../../electron/core/db/open';
import { mulberry32 } from '../../electron/hub/training/random';
import { authCore } from '../helpers/auth-core';
import { line, percentile, type BenchLine } from './stats';

export const SEED_CAMERAS = Array.from({ length: 14 }, (_, i) => ({ id: `cam-${String(i + 1).padStart(2, '0')}`, name: `Camera ${i + 1}` }));
export const SEED_DISPATCHERS = ['disp-ana', 'disp-ben', 'disp-cho', 'disp-dev', 'disp-eli', 'disp-fay'];
export const SEED_LISTS = ['SVS', 'NCIC Stolen', 'Local BOLO', 'Amber'];

export interface SeedOptions {
  count: number;
  /** Reads spread evenly-at-random over [from, to) (ms). */
  from: number;
  to: number;
  seed?: number;
  /** Prefix of hit ids, so two seeds can share a database. */
  prefix?: string;
  /** Plate and overview image for every hit (needed to open one); none by default. */
  image?: Buffer;
}

/**
 * Writes `count` hits with their matches and workflow timelines straight into the console's
 * tables, in one transaction: some never opened, about 15 % misread, some stale, most disposed.
 */
export function seedShiftHits(db: DB, o: SeedOptions): void {
  // Deterministic, so a seed gives the same shift every time.
  const rnd = mulberry32(o.seed ?? 7);
  const pick = <T>(xs: readonly T[]) => xs[Math.floor(rnd() * xs.length)]!;
  const between = (lo: number, hi: number) => lo + Math.floor(rnd() * (hi - lo));
  const iso = (ms: number) => new Date(ms).toISOString();
  const prefix = o.prefix ?? 'seed';
  const hit = db.prepare(
    `INSERT INTO hits (id, seq, hub_key, received_at, stored_at, captured_at, camera_id, camera_name, camera_lat, camera_lon,
       direction, read_plate, read_state, read_confidence, priority, priority_rank, status, workflow_order, last_step_at,
       clets_status, disposition, ended_at)
     VALUES (@id, @seq, @hubKey, @receivedAt, @storedAt, @capturedAt, @cameraId, @cameraName, 38.13, -121.27, 'NB', @plate,
       'CA', 0.9, @priority, @rank, @status, 'claremont', @lastStepAt, @cletsStatus, @disposition, @endedAt)`,
  );
  const match = db.prepare(
    `INSERT INTO hit_matches (hit_id, ord, list, reason, priority, plate, state, list_updated_at) VALUES (?, 0, ?, 'Stolen vehicle', ?, ?, 'CA', ?)`,
  );
  const image = db.prepare('INSERT INTO hit_images (hit_id, kind, mime, data) VALUES (?, ?, ?, ?)');
  const event = db.prepare(
    `INSERT INTO hit_events (hit_id, step, outcome, at, username, display_name, workstation_id, source, report)
     VALUES (?, ?, ?, ?, ?, ?, 'ws-seed', 'local', 'sent')`,
  );
  const baseSeq = (db.prepare("SELECT coalesce(max(seq), 0) AS s FROM hits WHERE hub_key = 'seed'").get() as { s: number }).s;
  db.transaction(() => {
    for (let i = 0; i < o.count; i++) {
      const id = `${prefix}-${i}`;
      const read = between(o.from, o.to);
      const received = read + between(300, 3000);
      const stored = received + between(20, 200);
      const camera = pick(SEED_CAMERAS);
      const user = pick(SEED_DISPATCHERS);
      const priority = rnd() < 0.5 ? 'high' : rnd() < 0.6 ? 'medium' : 'low';
      const steps: [string, string | null, number][] = [];
      let t = stored;
      const step = (name: string, outcome: string | null, lo: number, hi: number) => {
        t += between(lo, hi);
        steps.push([name, outcome, t]);
      };
      let status = 'new';
      let cletsStatus: string | null = null;
      let disposition: string | null = null;
      const r = rnd();
      if (r >= 0.06) {
        step('opened', null, 2_000, 90_000);
        status = 'opened';
        if (rnd() < 0.15) {
          step('plate-check', 'misread', 3_000, 40_000);
          steps.push(['disposed', 'misread', t]);
          status = disposition = 'misread';
        } else if (r >= 0.09) {
          step('plate-check', 'confirmed', 3_000, 30_000);
          step('broadcast', null, 5_000, 90_000);
          step('clets-sent', null, 2_000, 20_000);
          cletsStatus = rnd() < 0.8 ? 'active' : rnd() < 0.5 ? 'cleared' : 'no-record';
          step('clets-result', cletsStatus, 1_000, 6_000);
          step('results-broadcast', null, 5_000, 40_000);
          if (cletsStatus === 'active') {
            status = 'results-broadcast';
            if (rnd() < 0.95) {
              step('disposed', pick(['vehicle-located', 'unable-to-locate', 'no-units', 'referred']), 30_000, 900_000);
              status = 'disposed';
              disposition = steps[steps.length - 1]![1];
            }
          } else {
            steps.push(['disposed', 'stale-list', t]);
            status = disposition = 'stale-list';
          }
        }
      }
      const plate = `${String.fromCharCode(65 + (i % 26))}${String(i).padStart(6, '0')}`.slice(0, 7);
      hit.run({
        id, seq: baseSeq + i + 1, hubKey: 'seed', receivedAt: iso(received), storedAt: iso(stored), capturedAt: iso(read),
        cameraId: camera.id, cameraName: camera.name, plate, priority, rank: priority === 'high' ? 0 : priority === 'medium' ? 1 : 2,
        status, lastStepAt: steps.length ? iso(t) : null, cletsStatus, disposition, endedAt: disposition ? iso(t) : null,
      });
      match.run(id, pick(SEED_LISTS), priority, plate, iso(read - 86_400_000));
      if (o.image) for (const kind of ['plate', 'overview']) image.run(id, kind, 'image/png', o.image);
      for (const [name, outcome, at] of steps) event.run(id, name, outcome, iso(at), user, `${user} name`, );
    }
  })();
}

export async function benchShiftLog(opts: { hits?: number; runs?: number } = {}): Promise<BenchLine[]> {
  const hits = opts.hits ?? 100_000;
  const runs = opts.runs ?? 10;
  const from = Date.parse('2026-11-25T06:00:00Z');
  const to = from + 12 * 3_600_000;
  const core = await authCore();
  try {
    seedShiftHits(core.core.db, { count: hits, from, to });
    const sid = await core.session('bench-sup', 'supervisor');
    const period = { from: new Date(from).toISOString(), to: new Date(to).toISOString() };
    const count = core.core.db.prepare('SELECT count(*) AS n FROM hits WHERE captured_at >= ? AND captured_at < ?');
    const timed = async (fn: () => unknown) => {
      const t0 = performance.now();
      await fn();
      return performance.now() - t0;
    };
    const baseline: number[] = [];
    for (let i = 0; i < runs; i++) baseline.push(await timed(() => count.get(period.from, period.to)));
    const open = async (filters = {}) => {
      const res = await core.call(sid, 'shiftlog:open', { period, filters });
      if (!res.ok) throw new Error(`shiftlog:open refused: ${res.error.message}`);
      return res.value as { viewId: string; total: number };
    };
    const opens: number[] = [];
    let view = await open();
    if (view.total !== hits) throw new Error(`the shift log shows ${view.total} hits, ${hits} were seeded`);
    for (let i = 0; i < runs; i++) opens.push(await timed(async () => (view = await open())));
    const pages: number[] = [];
    for (let i = 0; i < runs * 10; i++) {
      const offset = i === 0 ? hits - 200 : Math.floor(Math.random() * (hits - 200));
      pages.push(await timed(() => core.call(sid, 'shiftlog:rows', { viewId: view.viewId, offset, limit: 200 })));
    }
    const filtered: number[] = [];
    for (let i = 0; i < runs; i++) filtered.push(await timed(() => open({ cameraId: 'cam-03' })));
    const base = percentile(baseline, 50);
    return [
      line('shift_log_open_ms', percentile(opens, 50), 'ms', base),
      line('shift_log_page_p99_ms', percentile(pages, 99), 'ms', base),
      line('shift_log_filtered_open_ms', percentile(filtered, 50), 'ms', base),
    ];
  } finally {
    await core.core.close();
  }
}
