/**
 * Hits as the console keeps them: one row per hit, its two images as BLOBs, its hotlist
 * matches (notes encrypted). Writes come from the hub client in batches (one transaction per
 * batch, committed before the hub is acknowledged); reads serve the queue and the review.
 */
import type { DB } from '../db/open';
import type { Statement } from 'better-sqlite3';
import { mostUrgent, PRIORITY_RANK, type HubHit, type HotlistMatch, type Priority } from '../../contract/hub';
import type { HitDetail, HitStatus, QueueItem, SecondReadingStatus, Withdrawn } from '../../contract';
import type { FieldCipher } from '../util/field-crypto';

/** The highest priority among a hit's matches decides its place in the queue. */
export function hitPriority(matches: readonly HotlistMatch[]): Priority {
  return mostUrgent(matches.map((m) => m.priority));
}

interface QueueRow {
  id: string;
  seq: number;
  read_plate: string;
  read_state: string;
  priority: Priority;
  list: string;
  reason: string;
  camera_name: string;
  direction: string;
  captured_at: string;
  received_at: string;
  status: HitStatus;
  claim_workstation: string | null;
  claim_username: string | null;
  claim_display_name: string | null;
  claim_at: string | null;
  last_step_at: string | null;
  retroactive: number;
  reading_status: SecondReadingStatus | null;
  escalation_level: number;
  withdrawn: string | null;
}

/** Whether hit id `hit` was raised by officer's entry `entry` (the hub's OFC-<entry>-<read> or RETRO-<entry>-<read>). */
const raisedBy = (hit: string, entry: string) =>
  `(substr(${hit}, 1, length(${entry}) + 5) = 'OFC-' || ${entry} || '-' OR substr(${hit}, 1, length(${entry}) + 7) = 'RETRO-' || ${entry} || '-')`;

/**
 * The removal of the officer's entry that raised hit `h`, as JSON, or NULL: other hits never
 * look.
 */
export const WITHDRAWN_SQL = `CASE WHEN h.id LIKE 'OFC-%' OR h.id LIKE 'RETRO-%' THEN (
    SELECT oh.removed FROM officer_hotlist oh WHERE oh.removed IS NOT NULL AND ${raisedBy('h.id', 'oh.id')} LIMIT 1) END`;

/** A removal (officer_hotlist.removed) as the queue, the review and the radio scripts show it. */
export function withdrawnOf(json: string): Withdrawn {
  const r = JSON.parse(json) as { at: string; reason: string; user: { displayName: string } };
  return { at: r.at, by: r.user.displayName, reason: r.reason };
}

const QUEUE_SELECT = `
  SELECT h.id, h.seq, h.read_plate, h.read_state, h.priority, m.list, m.reason, h.camera_name,
         h.direction, h.captured_at, h.received_at, h.status, h.claim_workstation, h.claim_username,
         h.claim_display_name, h.claim_at, h.last_step_at, h.retroactive, o.status AS reading_status,
         h.escalation_level, ${WITHDRAWN_SQL} AS withdrawn
  FROM hits h
  JOIN hit_matches m ON m.hit_id = h.id AND m.ord = 0
  LEFT JOIN hit_ocr o ON o.hit_id = h.id`;

function toQueueItem(r: QueueRow): QueueItem {
  return {
    id: r.id,
    seq: r.seq,
    plate: r.read_plate,
    state: r.read_state,
    priority: r.priority,
    list: r.list,
    reason: r.reason,
    cameraName: r.camera_name,
    direction: r.direction,
    capturedAt: r.captured_at,
    receivedAt: r.received_at,
    status: r.status,
    claimedBy: r.claim_workstation
      ? {
          displayName: r.claim_display_name ?? r.claim_username ?? '',
          username: r.claim_username ?? '',
          workstationId: r.claim_workstation,
          at: r.claim_at ?? '',
        }
      : null,
    lastStepAt: r.last_step_at,
    ...(r.retroactive ? { retroactive: true } : {}),
    ...(r.reading_status ? { readingStatus: r.reading_status } : {}),
    ...(r.escalation_level === 1 || r.escalation_level === 2 ? { escalation: r.escalation_level } : {}),
    ...(r.withdrawn ? { withdrawn: withdrawnOf(r.withdrawn) } : {}),
  };
}

/** Where hits go that a hub's numbering no longer names (see HitStore.resync). */
const asidePrefix = (hubKey: string) => `${hubKey} (set aside `;
function asideKey(hubKey: string, at: Date): string {
  return `${asidePrefix(hubKey)}${at.toISOString()})`;
}

export class HitStore {
  private readonly insertHit;
  private readonly insertImage;
  private readonly insertMatch;
  private readonly setLastSeq;
  private readonly setLastHit;
  private readonly setAside;
  private readonly hubKeyOf;

  constructor(
    private readonly db: DB,
    private readonly cipher: FieldCipher,
    private readonly now: () => Date = () => new Date(),
  ) {
    this.insertHit = db.prepare(
      // Only a duplicate id is ignored; a number this hub already gave another hit throws.
      `INSERT INTO hits (id, seq, hub_key, received_at, stored_at, captured_at, camera_id,
         camera_name, camera_lat, camera_lon, direction, read_plate, read_state, read_confidence,
         priority, priority_rank, retroactive)
       VALUES (@id, @seq, @hubKey, @receivedAt, @storedAt, @capturedAt, @cameraId, @cameraName,
         @lat, @lon, @direction, @plate, @state, @confidence, @priority, @rank, @retroactive)
       ON CONFLICT (id) DO NOTHING`,
    );
    this.setAside = db.prepare('UPDATE hits SET hub_key = ? WHERE hub_key = ? AND seq > ? AND seq <= ?');
    this.hubKeyOf = db.prepare('SELECT hub_key, seq FROM hits WHERE id = ?');
    this.insertImage = db.prepare('INSERT INTO hit_images (hit_id, kind, mime, data) VALUES (?, ?, ?, ?)');
    this.insertMatch = db.prepare(
      `INSERT INTO hit_matches (hit_id, ord, list, reason, priority, plate, state, vehicle, notes_enc, list_updated_at, pattern, any_state)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    );
    this.setLastSeq = db.prepare(
      `INSERT INTO meta (key, value) VALUES (?, ?)
       ON CONFLICT (key) DO UPDATE SET value = excluded.value
       WHERE CAST(excluded.value AS INTEGER) > CAST(meta.value AS INTEGER)`,
    );
    // The newest hit taken under this hub's numbering, kept after retention purges it.
    this.setLastHit = db.prepare(
      `INSERT INTO meta (key, value) VALUES (?, ?)
       ON CONFLICT (key) DO UPDATE SET value = excluded.value
       WHERE json_extract(excluded.value, '$.seq') >= json_extract(meta.value, '$.seq')`,
    );
  }

  /** The highest hub sequence stored from this hub: sent on connect so the hub resumes after it. */
  lastSeq(hubKey: string): number {
    const row = this.db.prepare('SELECT value FROM meta WHERE key = ?').get(`lastSeq:${hubKey}`) as
      | { value: string }
      | undefined;
    return row ? Number(row.value) : 0;
  }

  /**
   * Where to resume from this hub: lastSeq, and the newest hit taken under its numbering, so the
   * hub can tell whether the numbers are its own. That is the one remembered in meta (kept when
   * retention purges it: a restored hub that still holds an older hit the console kept would
   * otherwise look the same as the one it left), or the newest still held, whichever is newer
   * (a console from before the memory has only the latter).
   */
  resumePoint(hubKey: string): { lastSeq: number; lastHit?: { seq: number; id: string } } {
    const lastSeq = this.lastSeq(hubKey);
    const held = this.db.prepare('SELECT seq, id FROM hits WHERE hub_key = ? ORDER BY seq DESC LIMIT 1').get(hubKey) as
      | { seq: number; id: string }
      | undefined;
    const remembered = this.rememberedLastHit(hubKey);
    const row = held && (!remembered || held.seq > remembered.seq) ? held : remembered;
    return row && row.seq >= 1 && row.seq <= lastSeq ? { lastSeq, lastHit: { seq: row.seq, id: row.id } } : { lastSeq };
  }

  private rememberedLastHit(hubKey: string): { seq: number; id: string } | undefined {
    const row = this.db.prepare('SELECT value FROM meta WHERE key = ?').get(`lastHit:${hubKey}`) as { value: string } | undefined;
    if (!row) return undefined;
    const value = JSON.parse(row.value) as { seq?: unknown; id?: unknown };
    return typeof value.seq === 'number' && typeof value.id === 'string' ? { seq: value.seq, id: value.id } : undefined;
  }

  /**
   * This hub's numbers above `resumeAfter` name other hits than the ones stored under them
   * (it was restored from an older copy, or replaced): the stored hits keep everything but
   * their place in this hub's numbering (they move to a key of their own, and stay in the
   * queue and the shift logs), and lastSeq goes back to `resumeAfter`, so every hit the hub
   * sends after it is taken. Returns how many hits were set aside.
   */
  resync(hubKey: string, resumeAfter: number, at: Date): number {
    return this.db.transaction(() => {
      const moved = this.setAside.run(asideKey(hubKey, at), hubKey, resumeAfter, Number.MAX_SAFE_INTEGER).changes;
      this.db.prepare('INSERT OR REPLACE INTO meta (key, value) VALUES (?, ?)').run(`lastSeq:${hubKey}`, String(resumeAfter));
      // The remembered newest hit was set aside with the rest (or, purged, belongs to the old history).
      this.db.prepare("DELETE FROM meta WHERE key = ? AND json_extract(value, '$.seq') > ?").run(`lastHit:${hubKey}`, resumeAfter);
      return moved;
    })();
  }

  /** The hit stored under this hub's number `seq`, if any, moves aside (see resync). */
  private setAsideNumber(hubKey: string, seq: number): void {
    this.setAside.run(asideKey(hubKey, this.now()), hubKey, seq - 1, seq);
  }

  /**
   * Stores a batch in one transaction. Returns the hits that were new (duplicates by id are
   * dropped: the hub may resend what it did not see acknowledged).
   */
  insertBatch(hubKey: string, hits: readonly HubHit[]): HubHit[] {
    return this.db.transaction(() => {
      const storedAt = this.now().toISOString();
      const fresh: HubHit[] = [];
      let maxSeq = 0;
      let newest: { seq: number; id: string } | undefined;
      const taken = (hit: HubHit) => {
        if (!newest || hit.seq >= newest.seq) newest = { seq: hit.seq, id: hit.id };
      };
      for (const hit of hits) {
        maxSeq = Math.max(maxSeq, hit.seq);
        const priority = hitPriority(hit.matches);
        const row = {
          id: hit.id,
          seq: hit.seq,
          hubKey,
          receivedAt: hit.receivedAt,
          storedAt,
          capturedAt: hit.capturedAt,
          cameraId: hit.camera.id,
          cameraName: hit.camera.name,
          lat: hit.camera.lat,
          lon: hit.camera.lon,
          direction: hit.camera.direction,
          plate: hit.read.plate,
          state: hit.read.state,
          confidence: hit.read.confidence,
          priority,
          rank: PRIORITY_RANK[priority],
          retroactive: hit.retroactive ? 1 : 0,
        };
        // A hit set aside by a resync that this hub numbers again is the same hit: it takes
        // its number back (no new alert), moving aside whatever holds that number now.
        const held = this.hubKeyOf.get(hit.id) as { hub_key: string; seq: number } | undefined;
        if (held && held.hub_key !== hubKey && held.hub_key.startsWith(asidePrefix(hubKey))) {
          this.setAsideNumber(hubKey, hit.seq);
          this.db.prepare('UPDATE hits SET hub_key = ?, seq = ? WHERE id = ?').run(hubKey, hit.seq, hit.id);
          taken(hit);
          continue;
        }
        let info;
        try {
          info = this.insertHit.run(row);
        } catch (err) {
          if ((err as { code?: string }).code !== 'SQLITE_CONSTRAINT_UNIQUE') throw err;
          // The hub numbered another hit with a number stored here (a hub restored from an
          // older copy that did not say so): the stored hit is set aside, never overwritten,
          // and this one is taken. Ignoring it, as a duplicate, would lose it unseen.
          this.setAsideNumber(hubKey, hit.seq);
          info = this.insertHit.run(row);
        }
        if (info.changes === 0) continue;
        taken(hit);
        for (const kind of ['plate', 'overview'] as const) {
          const img = hit.images[kind];
          this.insertImage.run(hit.id, kind, img.mime, Buffer.from(img.data.buffer, img.data.byteOffset, img.data.byteLength));
        }
        hit.matches.forEach((m, ord) => {
          this.insertMatch.run(
            hit.id, ord, m.list, m.reason, m.priority, m.plate, m.state, m.vehicle ?? null,
            m.notes === undefined ? null : this.cipher.encrypt(m.notes), m.listUpdatedAt,
            m.pattern ?? null, m.anyState ? 1 : 0,
          );
        });
        fresh.push(hit);
      }
      if (maxSeq > 0) this.setLastSeq.run(`lastSeq:${hubKey}`, String(maxSeq));
      if (newest && newest.seq >= 1) this.setLastHit.run(`lastHit:${hubKey}`, JSON.stringify(newest));
      return fresh;
    })();
  }

  /** Open hits (not ended): highest priority first, then the oldest first. */
  queue(): QueueItem[] {
    return this.db
      .prepare<[], QueueRow>(
        // Withdrawn entries' hits last; live hits before retroactive ones of the same priority
        // (renderer/features/queue/queue-order.ts).
        `${QUEUE_SELECT} WHERE h.ended_at IS NULL ORDER BY withdrawn IS NOT NULL, h.priority_rank, h.retroactive, h.captured_at, h.seq`,
      )
      .all()
      .map(toQueueItem);
  }

  private queueItemStmt: Statement<[string], QueueRow> | null = null;
  private queueItemsStmt: Statement<[string], QueueRow> | null = null;

  queueItem(id: string): QueueItem | null {
    this.queueItemStmt ??= this.db.prepare<[string], QueueRow>(`${QUEUE_SELECT} WHERE h.id = ?`);
    const row = this.queueItemStmt.get(id);
    return row ? toQueueItem(row) : null;
  }

  /** The queue items of these hits, in the order given (a backlog of thousands reads in one query). */
  queueItems(ids: readonly string[]): QueueItem[] {
    if (ids.length === 0) return [];
    this.queueItemsStmt ??= this.db.prepare<[string], QueueRow>(`${QUEUE_SELECT} WHERE h.id IN (SELECT value FROM json_each(?))`);
    const byId = new Map(this.queueItemsStmt.all(JSON.stringify(ids)).map((r) => [r.id, r]));
    return ids.flatMap((id) => {
      const row = byId.get(id);
      return row ? [toQueueItem(row)] : [];
    });
  }

  exists(id: string): boolean {
    return this.db.prepare('SELECT 1 FROM hits WHERE id = ?').get(id) !== undefined;
  }

  count(): number {
    return (this.db.prepare('SELECT count(*) AS n FROM hits').get() as { n: number }).n;
  }

  detail(id: string, lookupId: string): Omit<HitDetail, 'workflow'> | null {
    const h = this.db.prepare(`SELECT h.*, ${WITHDRAWN_SQL} AS withdrawn FROM hits h WHERE h.id = ?`).get(id) as
      | Record<string, string | number>
      | undefined;
    if (!h) return null;
    const images = this.db
      .prepare<[string], { kind: 'plate' | 'overview'; mime: 'image/jpeg' | 'image/png'; data: Buffer }>(
        'SELECT kind, mime, data FROM hit_images WHERE hit_id = ?',
      )
      .all(id);
    const image = (kind: 'plate' | 'overview') => {
      const img = images.find((i) => i.kind === kind);
      if (!img) throw new Error(`hit ${id} has no ${kind} image`);
      return { mime: img.mime, data: new Uint8Array(img.data) };
    };
    const matches = this.db
      .prepare('SELECT * FROM hit_matches WHERE hit_id = ? ORDER BY ord')
      .all(id) as Array<Record<string, string | null> & { notes_enc: Buffer | null }>;
    return {
      id,
      seq: h.seq as number,
      capturedAt: h.captured_at as string,
      receivedAt: h.received_at as string,
      storedAt: h.stored_at as string,
      status: h.status as HitStatus,
      camera: {
        id: h.camera_id as string,
        name: h.camera_name as string,
        lat: h.camera_lat as number,
        lon: h.camera_lon as number,
        direction: h.direction as string,
      },
      read: { plate: h.read_plate as string, state: h.read_state as string, confidence: h.read_confidence as number },
      matches: matches.map((m) => ({
        list: m.list!,
        reason: m.reason!,
        priority: m.priority as Priority,
        plate: m.plate!,
        state: m.state!,
        ...(m.vehicle === null ? {} : { vehicle: m.vehicle }),
        ...(m.notes_enc === null ? {} : { notes: this.cipher.decrypt(m.notes_enc) }),
        ...(m.pattern ? { pattern: m.pattern } : {}),
        ...(Number(m.any_state) === 1 ? { anyState: true as const } : {}),
        listUpdatedAt: m.list_updated_at!,
      })),
      images: { plate: image('plate'), overview: image('overview') },
      lookupId,
      ...(h.retroactive ? { retroactive: true } : {}),
      ...(h.withdrawn ? { withdrawn: withdrawnOf(h.withdrawn as string) } : {}),
    };
  }

  /** Open hits an officer's entry raised (its removal leaves them in the queue, marked). */
  openHitsOfEntry(entryId: string): string[] {
    return (
      this.db
        .prepare(
          `SELECT id FROM hits WHERE ended_at IS NULL AND ${raisedBy('id', ':e')}`,
        )
        .all({ e: entryId }) as { id: string }[]
    ).map((r) => r.id);
  }
}
