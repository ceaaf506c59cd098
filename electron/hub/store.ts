/**
 * The hub's storage. Everything the hub knows lives behind HubStore, not in process memory,
 * so that an agency running several hub nodes can back it with PostgreSQL: the interface is
 * asynchronous for that reason even though the SQLite implementation answers at once.
 */
import path from 'node:path';
import type { Delivery, HotlistMatch, HubHit, WireImage } from '../contract/hub';
import { openDatabase, type DB } from '../core/db/open';
import { hubMigrations } from './migrations';

/** A validated hit with its images decoded, ready to be stored. */
export interface NewHit {
  id: string;
  receivedAt: string;
  hit: Omit<HubHit, 'id' | 'seq' | 'receivedAt' | 'images'>;
  images: { plate: WireImage; overview: WireImage };
}

export interface StoredHitRef {
  id: string;
  seq: number;
  /** false when a hit with this id was already stored: the existing one is returned. */
  created: boolean;
}

export interface DeliveryRow {
  workstation: string;
  hitId: string;
  seq: number;
  ackedAt: string;
}

export interface AuditFilter {
  workstation?: string;
  /** ISO time; records received at or after it. */
  since?: string;
}

export interface HotlistEntry extends HotlistMatch {
  id: string;
  /** The want was cleared (vehicle recovered, warrant served) but the list still carries it. */
  cleared: boolean;
}

export interface HubStore {
  /** Stores a hit and its images in one transaction; idempotent by id. */
  insertHit(hit: NewHit): Promise<StoredHitRef>;
  /** Hits with seq > afterSeq in seq order, images included, at most `limit`. */
  hitsAfter(afterSeq: number, limit: number): Promise<HubHit[]>;
  hitCount(): Promise<number>;
  lastSeq(): Promise<number>;
  /** A console's lastSeq is authoritative: every hit up to it counts as delivered. */
  markDeliveredUpTo(workstation: string, seq: number, ackedAt: string): Promise<void>;
  recordDeliveries(rows: readonly DeliveryRow[]): Promise<void>;
  deliveries(workstation: string): Promise<Delivery[]>;
  /** Keeps the records whose id is new; returns the ids now held (idempotent by id). */
  appendAudit(
    workstation: string,
    records: readonly { id: string; json: string }[],
    receivedAt: string,
  ): Promise<string[]>;
  /** Stored audit records (the JSON as received), oldest first, read page by page. */
  auditRecords(filter: AuditFilter): AsyncIterable<string>;
  upsertHotlist(source: string, entries: readonly HotlistEntry[]): Promise<void>;
  hotlist(): Promise<HotlistEntry[]>;
  close(): Promise<void>;
}

const HUB_DB_FILE = 'hub.sqlite';
const AUDIT_PAGE = 500;

interface HitRow {
  seq: number;
  id: string;
  received_at: string;
  hit: string;
}
interface ImageRow {
  seq: number;
  role: 'plate' | 'overview';
  mime: WireImage['mime'];
  data: Buffer;
}
interface HotlistRow {
  id: string;
  list: string;
  reason: string;
  priority: HotlistEntry['priority'];
  plate: string;
  state: string;
  vehicle: string | null;
  notes: string | null;
  list_updated_at: string;
  cleared: number;
}

export function openHubStore(dataDir: string): HubStore {
  return new SqliteHubStore(openDatabase(path.join(dataDir, HUB_DB_FILE), { migrations: hubMigrations }));
}

export class SqliteHubStore implements HubStore {
  private readonly q;

  constructor(private readonly db: DB) {
    this.q = {
      hitById: db.prepare<[string], { seq: number }>('SELECT seq FROM hits WHERE id = ?'),
      nextCounter: db.prepare<[string], { value: number }>(
        'UPDATE counters SET value = value + 1 WHERE name = ? RETURNING value',
      ),
      insertHit: db.prepare('INSERT INTO hits (seq, id, received_at, hit) VALUES (?, ?, ?, ?)'),
      insertImage: db.prepare('INSERT INTO hit_images (seq, role, mime, data) VALUES (?, ?, ?, ?)'),
      hitsAfter: db.prepare<[number, number], HitRow>(
        'SELECT seq, id, received_at, hit FROM hits WHERE seq > ? ORDER BY seq LIMIT ?',
      ),
      imagesBetween: db.prepare<[number, number], ImageRow>(
        'SELECT seq, role, mime, data FROM hit_images WHERE seq >= ? AND seq <= ?',
      ),
      hitCount: db.prepare<[], { n: number }>('SELECT count(*) AS n FROM hits'),
      lastSeq: db.prepare<[], { value: number }>("SELECT value FROM counters WHERE name = 'hit_seq'"),
      markUpTo: db.prepare(
        `INSERT INTO deliveries (workstation, hit_id, seq, acked_at)
         SELECT ?, id, seq, ? FROM hits WHERE seq <= ?
         ON CONFLICT (workstation, hit_id) DO NOTHING`,
      ),
      insertDelivery: db.prepare(
        `INSERT INTO deliveries (workstation, hit_id, seq, acked_at) VALUES (?, ?, ?, ?)
         ON CONFLICT (workstation, hit_id) DO NOTHING`,
      ),
      deliveries: db.prepare<[string], Delivery>(
        'SELECT hit_id AS id, seq, acked_at AS ackedAt FROM deliveries WHERE workstation = ? ORDER BY seq',
      ),
      auditExists: db.prepare<[string], { id: string }>('SELECT id FROM audit_records WHERE id = ?'),
      insertAudit: db.prepare(
        'INSERT INTO audit_records (id, ord, workstation, received_at, record) VALUES (?, ?, ?, ?, ?)',
      ),
      auditPage: db.prepare<
        { after: number; workstation: string | null; since: string | null; limit: number },
        { ord: number; record: string }
      >(
        `SELECT ord, record FROM audit_records
         WHERE ord > :after
           AND (:workstation IS NULL OR workstation = :workstation)
           AND (:since IS NULL OR received_at >= :since)
         ORDER BY ord LIMIT :limit`,
      ),
      upsertHotlist: db.prepare(
        `INSERT INTO hotlist_entries
           (id, source, list, reason, priority, plate, state, vehicle, notes, list_updated_at, cleared)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
         ON CONFLICT (id) DO UPDATE SET
           source = excluded.source, list = excluded.list, reason = excluded.reason,
           priority = excluded.priority, plate = excluded.plate, state = excluded.state,
           vehicle = excluded.vehicle, notes = excluded.notes,
           list_updated_at = excluded.list_updated_at, cleared = excluded.cleared`,
      ),
      hotlist: db.prepare<[], HotlistRow>(
        `SELECT id, list, reason, priority, plate, state, vehicle, notes, list_updated_at, cleared
         FROM hotlist_entries ORDER BY id`,
      ),
    };
  }

  async insertHit(h: NewHit): Promise<StoredHitRef> {
    return this.db
      .transaction((): StoredHitRef => {
        const existing = this.q.hitById.get(h.id);
        if (existing) return { id: h.id, seq: existing.seq, created: false };
        const seq = this.nextCounter('hit_seq');
        this.q.insertHit.run(seq, h.id, h.receivedAt, JSON.stringify(h.hit));
        this.q.insertImage.run(seq, 'plate', h.images.plate.mime, h.images.plate.data);
        this.q.insertImage.run(seq, 'overview', h.images.overview.mime, h.images.overview.data);
        return { id: h.id, seq, created: true };
      })
      .immediate();
  }

  async hitsAfter(afterSeq: number, limit: number): Promise<HubHit[]> {
    const rows = this.q.hitsAfter.all(afterSeq, limit);
    const first = rows[0];
    const last = rows[rows.length - 1];
    if (!first || !last) return [];
    const images = new Map<number, Partial<Record<ImageRow['role'], WireImage>>>();
    for (const img of this.q.imagesBetween.all(first.seq, last.seq)) {
      const forHit = images.get(img.seq) ?? {};
      forHit[img.role] = { mime: img.mime, data: img.data };
      images.set(img.seq, forHit);
    }
    return rows.map((r) => {
      const img = images.get(r.seq);
      if (!img?.plate || !img.overview) throw new Error(`hit ${r.seq} is stored without its images`);
      return {
        id: r.id,
        seq: r.seq,
        receivedAt: r.received_at,
        ...(JSON.parse(r.hit) as NewHit['hit']),
        images: { plate: img.plate, overview: img.overview },
      };
    });
  }

  async hitCount(): Promise<number> {
    return this.q.hitCount.get()?.n ?? 0;
  }

  async lastSeq(): Promise<number> {
    return this.q.lastSeq.get()?.value ?? 0;
  }

  async markDeliveredUpTo(workstation: string, seq: number, ackedAt: string): Promise<void> {
    if (seq > 0) this.q.markUpTo.run(workstation, ackedAt, seq);
  }

  async recordDeliveries(rows: readonly DeliveryRow[]): Promise<void> {
    if (rows.length === 0) return;
    // One transaction per batch: with synchronous=FULL each commit is an fsync, and acks
    // arrive in bursts of hundreds during a replay.
    this.db.transaction(() => {
      for (const r of rows) this.q.insertDelivery.run(r.workstation, r.hitId, r.seq, r.ackedAt);
    })();
  }

  async deliveries(workstation: string): Promise<Delivery[]> {
    return this.q.deliveries.all(workstation);
  }

  async appendAudit(
    workstation: string,
    records: readonly { id: string; json: string }[],
    receivedAt: string,
  ): Promise<string[]> {
    return this.db
      .transaction(() => {
        for (const r of records) {
          if (this.q.auditExists.get(r.id)) continue;
          this.q.insertAudit.run(r.id, this.nextCounter('audit_ord'), workstation, receivedAt, r.json);
        }
        return records.map((r) => r.id);
      })
      .immediate();
  }

  async *auditRecords(filter: AuditFilter): AsyncIterable<string> {
    // Paged by key rather than one open cursor: the connection is shared, and an open
    // better-sqlite3 iterator would block every other statement while the response streams.
    let after = 0;
    for (;;) {
      const page = this.q.auditPage.all({
        after,
        workstation: filter.workstation ?? null,
        since: filter.since ?? null,
        limit: AUDIT_PAGE,
      });
      for (const row of page) yield row.record;
      const last = page[page.length - 1];
      if (!last || page.length < AUDIT_PAGE) return;
      after = last.ord;
    }
  }

  async upsertHotlist(source: string, entries: readonly HotlistEntry[]): Promise<void> {
    this.db.transaction(() => {
      for (const e of entries) {
        this.q.upsertHotlist.run(
          e.id,
          source,
          e.list,
          e.reason,
          e.priority,
          e.plate,
          e.state,
          e.vehicle ?? null,
          e.notes ?? null,
          e.listUpdatedAt,
          e.cleared ? 1 : 0,
        );
      }
    })();
  }

  async hotlist(): Promise<HotlistEntry[]> {
    return this.q.hotlist.all().map((r) => ({
      id: r.id,
      list: r.list,
      reason: r.reason,
      priority: r.priority,
      plate: r.plate,
      state: r.state,
      ...(r.vehicle === null ? {} : { vehicle: r.vehicle }),
      ...(r.notes === null ? {} : { notes: r.notes }),
      listUpdatedAt: r.list_updated_at,
      cleared: r.cleared === 1,
    }));
  }

  async close(): Promise<void> {
    if (this.db.open) this.db.close();
  }

  private nextCounter(name: string): number {
    const row = this.q.nextCounter.get(name);
    if (!row) throw new Error(`counter ${name} is missing`);
    return row.value;
  }
}
