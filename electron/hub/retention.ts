/**
 * The hub's retention purge (Lodi 431.4, San Jose "Retention of Data"): once a day, the hits
 * (with their images, deliveries, claims, timeline and read) and the plain reads older than
 * the hub's retention period are deleted, except what a console's legal hold covers.
 *
 * - Period: ALPR_HUB_RETENTION_DAYS (default 365; never below 365, Lodi's one-year minimum).
 * - Age: a plain read by when it was captured; a hit by when the hub received it.
 * - Holds: consoles place them (core/records) and every placement and release is an audit
 *   record the hub already receives (`audit:append`): `records.hold-place` /
 *   `records.hold-release` with what the hold covers in `data`. The hub derives the active
 *   holds from those records at each run, so it needs no message of its own. A hold placed on
 *   a console that has not yet forwarded its records is not known here until it has.
 * - Never purged: the consoles' audit records, checkpoints, the search log (their own, longer
 *   period), the hotlist, and the training read history (a separate, synthetic file).
 * - The last run (time and counts) is kept in `retention.json` in the data folder, so a hub
 *   that was down for days purges at start.
 * It opens its own connection to the hub's database (WAL allows it) and keeps to SQL that
 * PostgreSQL also runs, apart from the schema lookup for hit-owned tables.
 */
import fs from 'node:fs';
import type http from 'node:http';
import path from 'node:path';
import { openDatabase, type DB } from '../core/db/open';
import { hubMigrations } from './migrations';
import { holdRecordWindows } from './store';

export const MIN_HUB_RETENTION_DAYS = 365;
const DAY_MS = 24 * 60 * 60 * 1000;
const CHECK_EVERY_MS = 15 * 60 * 1000;
const STATE_FILE = 'retention.json';
const NEVER_PURGED = new Set(['hits', 'hit_images', 'audit_records', 'audit_checkpoints', 'read_searches', 'hotlist_entries', 'counters']);

export interface HubPurgeResult {
  at: string;
  retentionDays: number;
  cutoff: string;
  hits: number;
  images: number;
  reads: number;
  relatedRows: number;
  keptByHold: number;
  holds: number;
}

/**
 * A hold as its audit record describes it (core/records/holds.ts `holdCoverage`), with the
 * workstation that placed it, its number there and the placing record's id.
 */
export type HubHold = { workstationId: string; holdId: number; recordId: string; caseNumber: string | null; placedAt: string | null; placedBy: string | null } & (
  | { kind: 'hit'; hitId: string }
  | { kind: 'plate'; plate: string; state: string | null; from: string; to: string; fromMs: number; toMs: number }
);

export function hubRetentionDays(env: NodeJS.ProcessEnv = process.env, log: (line: string) => void = () => {}): number {
  const text = env.ALPR_HUB_RETENTION_DAYS;
  if (text === undefined || text === '') return MIN_HUB_RETENTION_DAYS;
  const n = Number(text);
  if (Number.isInteger(n) && n >= MIN_HUB_RETENTION_DAYS) return n;
  log(`hub: ALPR_HUB_RETENTION_DAYS=${text} refused: ALPR data is kept at least ${MIN_HUB_RETENTION_DAYS} days (Lodi 431.4); using ${MIN_HUB_RETENTION_DAYS}`);
  return MIN_HUB_RETENTION_DAYS;
}

/**
 * The holds active now, from the hold records the consoles forwarded, applied in the order
 * received. Each placement is its own hold (keyed by its record's id): a console's hold ids
 * restart at 1 with a new data folder (a reinstalled workstation keeps its id), so
 * (workstation, hold id) names more than one hold over time. A release ends the latest hold
 * still active under its (workstation, hold id): the one that console placed. An older hold
 * under the same name stays active until released at the hub's side; a hold errs on keeping.
 * A record applied twice (a console sending again what a restored hub lost) counts once.
 */
export class HoldLedger {
  private readonly active = new Map<string, HubHold>();
  /** (workstation, hold id) -> record ids of the placements still active, oldest first. */
  private readonly named = new Map<string, string[]>();
  private readonly seen = new Set<string>();
  /** Placements released (by their record's id), including releases heard before the placement. */
  private readonly releasedIds = new Set<string>();

  /** Applies one audit record as stored (JSON); true when it changed the holds. */
  apply(record: string): boolean {
    let r: {
      id?: unknown;
      action?: unknown;
      outcome?: unknown;
      workstationId?: unknown;
      at?: unknown;
      caseNumber?: unknown;
      username?: unknown;
      displayName?: unknown;
      data?: Record<string, unknown>;
    };
    try {
      r = JSON.parse(record) as typeof r;
    } catch {
      return false;
    }
    if (r.outcome !== 'ok' || (r.action !== 'records.hold-place' && r.action !== 'records.hold-release')) return false;
    const d = r.data ?? {};
    const name = `${String(r.workstationId)}/${String(d.holdId)}`;
    const key = typeof r.id === 'string' ? r.id : `${name}#${this.seen.size}`;
    if (this.seen.has(key)) return false;
    this.seen.add(key);
    if (r.action === 'records.hold-release') {
      // A release names the record that placed its hold: it ends that one, even when it
      // arrives first (records a restored hub lost come again, and a release waiting in the
      // outbox may go out before its placement is sent again). Older releases do not name
      // it: they end the latest hold still active under their (workstation, hold id).
      const placed = typeof d.placeRecordId === 'string' ? d.placeRecordId : this.named.get(name)?.at(-1);
      if (placed === undefined) return false;
      this.releasedIds.add(placed);
      const list = this.named.get(name);
      if (list?.includes(placed)) list.splice(list.indexOf(placed), 1);
      return this.active.delete(placed);
    }
    if (this.releasedIds.has(key)) return false;
    const base = {
      workstationId: String(r.workstationId),
      holdId: typeof d.holdId === 'number' ? d.holdId : 0,
      recordId: key,
      caseNumber: typeof r.caseNumber === 'string' ? r.caseNumber : null,
      placedAt: typeof r.at === 'string' ? r.at : null,
      placedBy: typeof r.username === 'string' ? (typeof r.displayName === 'string' ? `${r.displayName} (${r.username})` : r.username) : null,
    };
    let hold: HubHold | null = null;
    if (d.kind === 'hit' && typeof d.hitId === 'string') hold = { ...base, kind: 'hit', hitId: d.hitId };
    if (d.kind === 'plate' && typeof d.plate === 'string' && typeof d.from === 'string' && typeof d.to === 'string') {
      // The console's own bounds (its local calendar days) when it sent them; UTC days before.
      const fromMs = typeof d.fromAt === 'string' ? Date.parse(d.fromAt) : dayStart(d.from);
      const toMs = typeof d.toAt === 'string' ? Date.parse(d.toAt) : dayStart(d.to) + DAY_MS;
      if (Number.isNaN(fromMs) || Number.isNaN(toMs)) return false;
      hold = { ...base, kind: 'plate', plate: d.plate, state: typeof d.state === 'string' ? d.state : null, from: d.from, to: d.to, fromMs, toMs };
    }
    if (!hold) return false;
    this.active.set(key, hold);
    this.named.set(name, [...(this.named.get(name) ?? []), key]);
    return true;
  }

  holds(): HubHold[] {
    return [...this.active.values()];
  }

  /** The record ids of the placements released so far. */
  released(): string[] {
    return [...this.releasedIds];
  }
}

/** The holds active now, read from the whole audit table in one go (the purge's own connection). */
export function activeHolds(db: DB): HubHold[] {
  const ledger = new HoldLedger();
  for (const window of holdRecordWindows(db)) for (const record of window) ledger.apply(record);
  return ledger.holds();
}

const dayStart = (d: string) => Date.parse(`${d}T00:00:00Z`);

function plateHeld(holds: readonly HubHold[], plate: string, state: string, capturedAt: number): boolean {
  return holds.some(
    (h) => h.kind === 'plate' && h.plate === plate && (h.state === null || h.state === state) && capturedAt >= h.fromMs && capturedAt < h.toMs,
  );
}

/** Tables (other than hits and images) keyed by a hit's id. */
function hitIdTables(db: DB): string[] {
  return db
    .prepare<[], { name: string }>("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name")
    .all()
    .map((t) => t.name)
    .filter((t) => !NEVER_PURGED.has(t) && t !== 'reads')
    .filter((t) => (db.pragma(`table_info("${t.replace(/"/g, '""')}")`) as { name: string }[]).some((c) => c.name === 'hit_id'));
}

/** One purge of the hub database at `dataDir`, on a connection of its own. */
export function purgeHubData(opts: { dataDir: string; now: Date; retentionDays: number }): HubPurgeResult {
  const db = openDatabase(path.join(opts.dataDir, 'hub.sqlite'), { migrations: hubMigrations });
  try {
    db.pragma('secure_delete = ON');
    const cutoffMs = opts.now.getTime() - opts.retentionDays * DAY_MS;
    const cutoff = new Date(cutoffMs).toISOString();
    const result = db.transaction((): HubPurgeResult => {
      const holds = activeHolds(db);
      const heldHits = new Set(holds.flatMap((h) => (h.kind === 'hit' ? [h.hitId] : [])));
      const due = db
        .prepare<[string], { seq: number; id: string; plate: string | null; state: string | null; captured_at: number | null }>(
          // The hit's own read (a hit raised by an officer's entry has no read row of its own).
          `SELECT h.seq, h.id,
                  coalesce(json_extract(h.hit, '$.read.plate'), r.plate) AS plate,
                  coalesce(json_extract(h.hit, '$.read.state'), r.state) AS state,
                  coalesce(CAST(round((julianday(json_extract(h.hit, '$.capturedAt')) - 2440587.5) * 86400000) AS INTEGER), r.captured_at) AS captured_at
           FROM hits h LEFT JOIN reads r ON r.hit_id = h.id
           WHERE h.received_at < ? ORDER BY h.seq`,
        )
        .all(cutoff);
      const bySeq = new Map<number, { id: string; held: boolean }>();
      for (const d of due) {
        const held = heldHits.has(d.id) || (d.plate !== null && plateHeld(holds, d.plate, d.state ?? '', d.captured_at ?? 0));
        const seen = bySeq.get(d.seq);
        bySeq.set(d.seq, { id: d.id, held: held || (seen?.held ?? false) });
      }
      const purge = [...bySeq].filter(([, v]) => !v.held);
      const keptByHold = bySeq.size - purge.length;
      const tables = hitIdTables(db);
      const delImages = db.prepare('DELETE FROM hit_images WHERE seq = ?');
      const delHitReads = db.prepare('DELETE FROM reads WHERE hit_id = ?');
      const delRelated = tables.map((t) => db.prepare(`DELETE FROM "${t.replace(/"/g, '""')}" WHERE hit_id = ?`));
      const delHit = db.prepare('DELETE FROM hits WHERE seq = ?');
      let images = 0;
      let reads = 0;
      let relatedRows = 0;
      // Images posted with a read go with it (a read's id can be given again once it is gone).
      const delHitReadImages = db.prepare('DELETE FROM read_images WHERE read_id IN (SELECT id FROM reads WHERE hit_id = ?)');
      for (const [seq, { id }] of purge) {
        images += delImages.run(seq).changes;
        images += delHitReadImages.run(id).changes;
        reads += delHitReads.run(id).changes;
        for (const del of delRelated) relatedRows += del.run(id).changes;
        delHit.run(seq);
      }
      // Plain reads: all those captured before the cutoff, less what a plate hold keeps.
      const plateHolds = holds.filter((h): h is Extract<HubHold, { kind: 'plate' }> => h.kind === 'plate');
      const keep = plateHolds.map(() => '(plate = ? AND (? IS NULL OR state = ?) AND captured_at >= ? AND captured_at < ?)');
      const keepParams = plateHolds.flatMap((h) => [h.plate, h.state, h.state, h.fromMs, h.toMs]);
      const plainWhere = `hit_id IS NULL AND captured_at < ?${keep.length ? ` AND NOT (${keep.join(' OR ')})` : ''}`;
      const keptReads = keep.length
        ? (db.prepare(`SELECT count(*) AS n FROM reads WHERE hit_id IS NULL AND captured_at < ? AND (${keep.join(' OR ')})`).get(cutoffMs, ...keepParams) as { n: number }).n
        : 0;
      images += db.prepare(`DELETE FROM read_images WHERE read_id IN (SELECT id FROM reads WHERE ${plainWhere})`).run(cutoffMs, ...keepParams).changes;
      reads += db.prepare(`DELETE FROM reads WHERE ${plainWhere}`).run(cutoffMs, ...keepParams).changes;
      return {
        at: opts.now.toISOString(),
        retentionDays: opts.retentionDays,
        cutoff,
        hits: purge.length,
        images,
        reads,
        relatedRows,
        keptByHold: keptByHold + keptReads,
        holds: holds.length,
      };
    })();
    db.pragma('wal_checkpoint(TRUNCATE)');
    return result;
  } finally {
    db.close();
  }
}

export function lastHubPurge(dataDir: string): HubPurgeResult | null {
  try {
    return JSON.parse(fs.readFileSync(path.join(dataDir, STATE_FILE), 'utf8')) as HubPurgeResult;
  } catch {
    return null;
  }
}

export interface HubRetention {
  /** Runs the purge when the last one was a day ago or more; null when not due or it failed (logged). */
  runIfDue(): HubPurgeResult | null;
  stop(): void;
}

/**
 * Purges at start when due, then checks every 15 minutes. Given the hub's HTTP server, it
 * stops by itself when the server closes.
 */
export function startHubRetention(opts: {
  dataDir: string;
  server?: http.Server;
  log?: (line: string) => void;
  now?: () => Date;
  retentionDays?: number;
}): HubRetention {
  const log = opts.log ?? (() => {});
  const now = opts.now ?? (() => new Date());
  const retentionDays = opts.retentionDays ?? hubRetentionDays(process.env, log);
  let stopped = false;
  const runIfDue = (): HubPurgeResult | null => {
    if (stopped) return null;
    const last = lastHubPurge(opts.dataDir);
    const t = now();
    if (last && t.getTime() - Date.parse(last.at) < DAY_MS) return null;
    try {
      const result = purgeHubData({ dataDir: opts.dataDir, now: t, retentionDays });
      fs.writeFileSync(path.join(opts.dataDir, STATE_FILE), JSON.stringify(result, null, 2));
      log(`hub: retention purge: ${result.hits} hits, ${result.images} images, ${result.reads} reads removed (before ${result.cutoff}); ${result.keptByHold} kept by ${result.holds} legal holds`);
      return result;
    } catch (err) {
      log(`hub: retention purge failed: ${(err as Error).message}`);
      return null;
    }
  };
  // After the current start-up work, not in the middle of it.
  const first = setImmediate(runIfDue);
  const timer = setInterval(runIfDue, CHECK_EVERY_MS);
  timer.unref();
  const stop = () => {
    stopped = true;
    clearImmediate(first);
    clearInterval(timer);
  };
  opts.server?.once('close', stop);
  return { runIfDue, stop };
}
