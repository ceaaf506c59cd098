/**
 * The retention purge (Lodi 431.4; San Jose "Retention of Data"): hits captured before the
 * agency's period, with their images and every row that belongs to them, are deleted, except
 * those a legal hold covers. The audit trail is never touched (its own, longer period; its
 * table refuses deletes anyway). Each run is one commit together with its audit record, which
 * holds counts only, never plates or ids.
 *
 * The time of the last run is the newest row of retention_runs, so a console that was off for
 * days purges at start, and a running one once a day (checked every CHECK_EVERY_MS against
 * the core's clock).
 */
import type { CoreContext } from '../context';
import type { AgencyHoldsCopy } from './agency-holds';
import type { Actor } from '../audit/log';
import { DEFAULT_RETENTION_DAYS, MIN_RETENTION_DAYS, type PurgeRun, type RetentionState } from '../../contract/records';

export const DAY_MS = 24 * 60 * 60 * 1000;
export const CHECK_EVERY_MS = 15 * 60 * 1000;
const RUNS_SHOWN = 20;

/** Tables of other domains that must never lose rows to the purge even if they name a hit. */
const NEVER_PURGED = new Set(['hits', 'legal_holds', 'agency_holds', 'sharing_requests', 'sharing_exports', 'retention_runs', 'audit_log', 'audit_outbox']);

/**
 * A hit covered by an active hold: the hit itself, or its plate (and state) in the held period.
 * The period's dates are the agency's calendar days, as the form asks for them: local days of
 * this console ('utc' reads the date as local midnight), not UTC days, which in California end
 * at 16:00 or 17:00 and would leave that evening's hits to the purge.
 */
export const HELD_SQL = `(EXISTS (
  SELECT 1 FROM legal_holds lh WHERE lh.released_at IS NULL AND (
    (lh.kind = 'hit' AND lh.hit_id = h.id)
    OR (lh.kind = 'plate' AND lh.plate = h.read_plate AND (lh.state IS NULL OR lh.state = h.read_state)
        AND julianday(h.captured_at) >= julianday(lh.period_from, 'utc')
        AND julianday(h.captured_at) < julianday(lh.period_to, '+1 day', 'utc'))))
  OR EXISTS (
  SELECT 1 FROM agency_holds ah WHERE
    (ah.kind = 'hit' AND ah.hit_id = h.id)
    OR (ah.kind = 'plate' AND ah.plate = h.read_plate AND (ah.state IS NULL OR ah.state = h.read_state)
        AND julianday(h.captured_at) >= julianday(ah.from_at)
        AND julianday(h.captured_at) < julianday(ah.to_at))))`;
// A hold placed on another console (agency-holds.ts) counts as one placed here; its period
// comes as instants (that console's calendar days).
// The whole of HELD_SQL is one expression: callers write `NOT ${HELD_SQL}` and `AND ${HELD_SQL}`.
// julianday() reads any ISO offset the camera system sent, so the comparison is in UTC.
// A hit still open (not ended) is kept while it is being worked: a retroactive hit on a read
// nearly a year old arrives near the end of its period and must not vanish from the queue
// the next night. It goes once the period has passed since it arrived as well.
const DUE_SQL = `julianday(h.captured_at) < julianday(:cutoff)
  AND (h.ended_at IS NOT NULL OR julianday(h.stored_at) < julianday(:cutoff))`;
const PURGEABLE = `SELECT h.id FROM hits h WHERE ${DUE_SQL} AND NOT ${HELD_SQL}`;

interface RunRow {
  id: number;
  started_at: string;
  finished_at: string | null;
  trigger: PurgeRun['trigger'];
  by_username: string | null;
  retention_days: number;
  cutoff: string;
  hits: number;
  images: number;
  related_rows: number;
  kept_by_hold: number;
  error: string | null;
}

const toRun = (r: RunRow): PurgeRun => ({
  id: r.id,
  startedAt: r.started_at,
  finishedAt: r.finished_at,
  trigger: r.trigger,
  by: r.by_username,
  retentionDays: r.retention_days,
  cutoff: r.cutoff,
  hits: r.hits,
  images: r.images,
  relatedRows: r.related_rows,
  keptByHold: r.kept_by_hold,
  error: r.error,
});

/** Inside a commit: deletes the hits `idsSql` selects and every row they own. */
function deleteHits(ctx: Pick<CoreContext, 'db'>, idsSql: string, params: Record<string, unknown>): { hits: number; images: number; relatedRows: number } {
  let images = 0;
  let relatedRows = 0;
  for (const { table, column } of hitOwnedColumns(ctx)) {
    const removed = ctx.db.prepare(`DELETE FROM "${table.replace(/"/g, '""')}" WHERE "${column}" IN (${idsSql})`).run(params).changes;
    if (table === 'hit_images') images += removed;
    else relatedRows += removed;
  }
  const hits = ctx.db.prepare(`DELETE FROM hits WHERE id IN (${idsSql})`).run(params).changes;
  return { hits, images, relatedRows };
}

/** The store's name for the built-in training hub (boot.ts), whose hits are simulated. */
export const TRAINING_HUB_KEY = 'builtin-training';

/**
 * A console started on a real hub drops the simulated hits its built-in training hub left,
 * so that none waits in a live queue beside real ones (or in shift logs and exports). The
 * audit records of the work done on them stay; one record says how many went.
 */
export async function dropTrainingHits(ctx: Pick<CoreContext, 'db' | 'commit' | 'audit' | 'log'>): Promise<number> {
  const ids = 'SELECT id FROM hits WHERE hub_key = :training';
  const params = { training: TRAINING_HUB_KEY };
  if (!ctx.db.prepare(`${ids} LIMIT 1`).get(params)) return 0;
  const counts = await ctx.commit(() => {
    const counts = deleteHits(ctx, ids, params);
    ctx.audit.append({ action: 'records.purge-training', outcome: 'ok', actor: null, ip: null, data: { reason: 'started on a real hub', ...counts } });
    return counts;
  });
  ctx.log(`removed ${counts.hits} simulated hit(s) of the built-in training hub: this console now works a real hub`);
  return counts.hits;
}

/**
 * Every (table, column) that holds a hit's id: foreign keys to hits, and `hit_id` columns
 * (hit_events has no foreign key: another console's step may arrive before its hit). Read
 * from the schema at each run, so a table another domain adds later is purged with its hit.
 */
export function hitOwnedColumns(ctx: Pick<CoreContext, 'db'>): { table: string; column: string }[] {
  const tables = ctx.db
    .prepare<[], { name: string }>("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name")
    .all()
    .map((t) => t.name)
    .filter((t) => !NEVER_PURGED.has(t));
  const out: { table: string; column: string }[] = [];
  for (const table of tables) {
    const quoted = table.replace(/"/g, '""');
    const columns = new Set<string>();
    for (const fk of ctx.db.pragma(`foreign_key_list("${quoted}")`) as { table: string; from: string; to: string | null }[]) {
      if (fk.table === 'hits' && (fk.to === null || fk.to === 'id')) columns.add(fk.from);
    }
    for (const col of ctx.db.pragma(`table_info("${quoted}")`) as { name: string }[]) {
      if (col.name === 'hit_id') columns.add(col.name);
    }
    for (const column of columns) out.push({ table, column });
  }
  return out;
}

export class Retention {
  private timer: NodeJS.Timeout | null = null;
  private running: Promise<PurgeRun> | null = null;
  /** The reason a scheduled purge last waited (logged once while it stays the same). */
  private waitingLogged: string | null = null;
  /** The trigger of a purge waiting for the agency's holds. */
  private waitingSince: 'start' | 'schedule' | null = null;

  constructor(
    private readonly ctx: CoreContext,
    private readonly agencyHolds: AgencyHoldsCopy,
  ) {}

  retentionDays(): number {
    const row = this.ctx.db.prepare<[], { value: string }>("SELECT value FROM retention_settings WHERE key = 'retentionDays'").get();
    const days = row ? Number(row.value) : DEFAULT_RETENTION_DAYS;
    return Number.isInteger(days) && days >= MIN_RETENTION_DAYS ? days : DEFAULT_RETENTION_DAYS;
  }

  /** Writes the period inside the caller's commit (with its audit record). */
  setRetentionDays(days: number): void {
    if (!Number.isInteger(days) || days < MIN_RETENTION_DAYS) throw new Error(`retention below ${MIN_RETENTION_DAYS} days`);
    this.ctx.db
      .prepare("INSERT INTO retention_settings (key, value) VALUES ('retentionDays', ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value")
      .run(String(days));
  }

  state(): RetentionState {
    const runs = this.ctx.db.prepare<[number], RunRow>('SELECT * FROM retention_runs ORDER BY id DESC LIMIT ?').all(RUNS_SHOWN).map(toRun);
    return { retentionDays: this.retentionDays(), minimumDays: MIN_RETENTION_DAYS, lastRun: runs[0] ?? null, runs, agencyHolds: this.agencyHolds.state() };
  }

  lastRunAt(): number | null {
    const row = this.ctx.db.prepare<[], { started_at: string }>('SELECT started_at FROM retention_runs ORDER BY id DESC LIMIT 1').get();
    return row ? Date.parse(row.started_at) : null;
  }

  start(): void {
    // A purge that waited for the agency's holds runs as soon as they are heard.
    this.agencyHolds.onHeard(() => {
      const trigger = this.waitingSince;
      this.waitingSince = null;
      if (trigger) void this.runIfDue(trigger);
    });
    void this.runIfDue('start');
    this.timer = setInterval(() => void this.runIfDue('schedule'), CHECK_EVERY_MS);
    this.timer.unref();
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
  }

  /** Runs the purge when the last run was a day ago or more (or never). */
  async runIfDue(trigger: 'start' | 'schedule'): Promise<PurgeRun | null> {
    const last = this.lastRunAt();
    if (last !== null && this.ctx.now().getTime() - last < DAY_MS) return null;
    try {
      // Not a run: tried again at the next check (every 15 minutes), logged once.
      const waiting = await this.agencyHolds.readyForPurge();
      if (waiting !== null) {
        if (waiting !== this.waitingLogged) this.ctx.log(`retention purge waits: ${waiting}`);
        this.waitingLogged = waiting;
        this.waitingSince ??= trigger;
        return null;
      }
      this.waitingLogged = null;
      this.waitingSince = null;
      return await this.run(trigger, null);
    } catch (err) {
      this.ctx.log(`retention purge failed: ${err instanceof Error ? err.message : String(err)}`);
      return null;
    }
  }

  /** One purge at a time: a second caller gets the run in progress. */
  run(trigger: PurgeRun['trigger'], actor: { actor: Actor; ip: string | null } | null): Promise<PurgeRun> {
    this.running ??= this.purge(trigger, actor).finally(() => {
      this.running = null;
    });
    return this.running;
  }

  private async purge(trigger: PurgeRun['trigger'], by: { actor: Actor; ip: string | null } | null): Promise<PurgeRun> {
    const { ctx } = this;
    const startedAt = ctx.now();
    const retentionDays = this.retentionDays();
    const cutoff = new Date(startedAt.getTime() - retentionDays * DAY_MS).toISOString();
    const base = {
      startedAt: startedAt.toISOString(),
      trigger,
      byUsername: by?.actor.username ?? null,
      retentionDays,
      cutoff,
    };
    const insertRun = ctx.db.prepare(
      `INSERT INTO retention_runs (started_at, finished_at, trigger, by_username, retention_days, cutoff, hits, images, related_rows, kept_by_hold, error)
       VALUES (@startedAt, @finishedAt, @trigger, @byUsername, @retentionDays, @cutoff, @hits, @images, @relatedRows, @keptByHold, @error)`,
    );
    const secureDelete = ctx.db.pragma('secure_delete', { simple: true }) as number;
    // Deleted images and plates are overwritten, not left in free pages of the file.
    ctx.db.pragma('secure_delete = ON');
    let id: number;
    try {
      id = await ctx.commit(() => {
        const params = { cutoff };
        const keptByHold = (ctx.db.prepare(`SELECT count(*) AS n FROM hits h WHERE ${DUE_SQL} AND ${HELD_SQL}`).get(params) as { n: number }).n;
        const counts = { ...deleteHits(ctx, PURGEABLE, params), keptByHold };
        const finishedAt = ctx.now().toISOString();
        const runId = Number(insertRun.run({ ...base, ...counts, finishedAt, error: null }).lastInsertRowid);
        // A scheduled run that found nothing to remove is on file in retention_runs only.
        if (counts.hits > 0 || trigger === 'manual') {
          ctx.audit.append({
            action: 'records.purge',
            outcome: 'ok',
            actor: by?.actor ?? null,
            ip: by?.ip ?? null,
            data: { run: runId, trigger, retentionDays, cutoff, ...counts },
          });
        }
        return runId;
      });
    } catch (err) {
      const error = err instanceof Error ? err.message : String(err);
      id = await ctx.commit(() => {
        const runId = Number(insertRun.run({ ...base, hits: 0, images: 0, relatedRows: 0, keptByHold: 0, finishedAt: null, error }).lastInsertRowid);
        ctx.audit.append({ action: 'records.purge', outcome: 'failed', actor: by?.actor ?? null, ip: by?.ip ?? null, data: { run: runId, trigger, retentionDays, cutoff, error } });
        return runId;
      });
    } finally {
      ctx.db.pragma(`secure_delete = ${secureDelete ? 'ON' : 'OFF'}`);
    }
    try {
      // Moves the overwritten pages into the file and empties the log of the old ones.
      ctx.db.pragma('wal_checkpoint(TRUNCATE)');
    } catch (err) {
      ctx.log(`retention: checkpoint after the purge failed: ${(err as Error).message}`);
    }
    const row = ctx.db.prepare<[number], RunRow>('SELECT * FROM retention_runs WHERE id = ?').get(id)!;
    const run = toRun(row);
    ctx.log(`retention purge (${trigger}): ${run.hits} hits, ${run.images} images, ${run.relatedRows} related rows removed; ${run.keptByHold} kept by legal holds${run.error ? `; failed: ${run.error}` : ''}`);
    return run;
  }
}
