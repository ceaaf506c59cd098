/**
 * The hub's storage. Everything the hub knows lives behind HubStore, not in process memory,
 * so that an agency running several hub nodes can back it with PostgreSQL: the interface is
 * asynchronous for that reason even though the SQLite implementation answers at once.
 */
import path from 'node:path';
import type {
  Camera,
  ClaimHolder,
  ConsoleUser,
  Delivery,
  HitEvent,
  HotlistEntryWire,
  HotlistMatch,
  HubHit,
  StoredCheckpoint,
  WireImage,
} from '../contract/hub';
import { openDatabase, type DB } from '../core/db/open';
import { GENESIS_HASH } from '../core/audit/chain-check';
import { FieldCipher } from '../core/util/field-crypto';
import { hubMigrations } from './migrations';
import { hasWildcard, reversePlate } from './reads/pattern';
import { sqliteReadSource, type ReadSource } from './reads/source';

/** An officer's hit still to raise: the entry, the read (`r-12`, `t-345`) and which kind. */
export interface PendingOfficerHit {
  entryId: string;
  readId: string;
  retroactive: boolean;
}

/** A validated hit with its images decoded, ready to be stored. */
export interface NewHit {
  id: string;
  receivedAt: string;
  hit: Omit<HubHit, 'id' | 'seq' | 'receivedAt' | 'images'>;
  images: { plate: WireImage; overview: WireImage };
  /** Raised from a read the hub already holds (officer entries): its read is not kept again. */
  readHeld?: boolean;
}

export interface StoredHitRef {
  id: string;
  seq: number;
  /** false when a hit with this id was already stored: the existing one is returned. */
  created: boolean;
  /** The stored hit with this id is another read (camera, capture time or plate differ): it, in words. */
  conflict?: string;
}

export interface DeliveryRow {
  workstation: string;
  hitId: string;
  seq: number;
  ackedAt: string;
}

/** Rows of `audit_records` read per window when looking for hold records (the match reads each). */
const HOLD_SCAN_WINDOW = 10_000;

/**
 * The hold records (`records.hold-place`, `records.hold-release`) of the hub database `db`,
 * as stored, oldest first, one window of the table at a time: the live hub lets other work
 * through between windows (HubStore.holdRecords), the purge on its own connection does not.
 */
export function* holdRecordWindows(db: DB): Generator<string[]> {
  const max = (db.prepare('SELECT max(ord) FROM audit_records').pluck().get() as number | null) ?? 0;
  const rows = db
    .prepare<[number, number], string>(`SELECT record FROM audit_records WHERE ord > ? AND ord <= ? AND record LIKE '%"action":"records.hold-%' ORDER BY ord`)
    .pluck();
  for (let after = 0; after < max; after += HOLD_SCAN_WINDOW) yield rows.all(after, after + HOLD_SCAN_WINDOW);
}

/** How many numbers `auditHeld` reads before it lets other work run. */
const AUDIT_HELD_WINDOW = 10_000;

export interface AuditHeldResult {
  missing: [number, number][];
  more: boolean;
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

/** A plate read to keep for search (a plain read, or a hit's read with its hit id). */
export interface NewRead {
  plate: string;
  state: string;
  cameraId: string;
  /** Epoch ms. */
  capturedAt: number;
  confidence: number;
  hitId?: string;
  /** The camera system's id for the read (POST /reads `id`): a read is kept once per id. */
  clientId?: string;
  /** Images a camera system posted with a plain read. */
  images?: { plate: WireImage; overview?: WireImage };
}

/** One read of the hub database's own `reads`, as raising a hit from it needs it. */
export interface StoredRead {
  id: number;
  plate: string;
  state: string;
  cameraId: string;
  capturedAt: number;
  confidence: number;
  hitId: string | null;
}

export interface ClaimResult {
  /** This workstation holds the hit now (newly or already). */
  won: boolean;
  holder: ClaimHolder;
  /** The claim change recorded (and to announce), or null when nothing changed. */
  event: HitEvent | null;
}

export interface ReleasedClaim {
  hitId: string;
  holder: ClaimHolder;
}

export interface SearchLogRow {
  workstation: string;
  user: ConsoleUser;
  pattern: string;
  state: string | null;
  purpose: string;
  caseNumber: string;
  searchedAt: string;
  /** null when the search was refused (e.g. the history was still loading). */
  total: number | null;
  outcome: string;
}

/**
 * Refused: `latest` is the stored checkpoint it conflicts with (one with a higher count, or
 * the same count and another head).
 */
export type CheckpointResult =
  | { ok: true; stored: StoredCheckpoint; duplicate: boolean }
  | { ok: false; latest: StoredCheckpoint };

export interface HubStore {
  /** Stores a hit and its images in one transaction; idempotent by id. */
  insertHit(hit: NewHit): Promise<StoredHitRef>;
  /** Hits with seq > afterSeq in seq order, images included, at most `limit`. */
  hitsAfter(afterSeq: number, limit: number): Promise<HubHit[]>;
  hitCount(): Promise<number>;
  lastSeq(): Promise<number>;
  /** The id of the hit numbered `seq`, or null when there is none (never made, or purged). */
  hitIdAt(seq: number): Promise<string | null>;
  /** The highest hit number this workstation acknowledged, by this hub's records (0: none). */
  deliveredUpTo(workstation: string): Promise<number>;
  /** A console's lastSeq is authoritative: every hit up to it counts as delivered. */
  markDeliveredUpTo(workstation: string, seq: number, ackedAt: string): Promise<void>;
  recordDeliveries(rows: readonly DeliveryRow[]): Promise<void>;
  deliveries(workstation: string): Promise<Delivery[]>;
  /**
   * Keeps the records whose id is new, in order, and returns the ids now held (idempotent by
   * id). Stops at a fork (`fork`): a record that follows one the workstation's chain already
   * has another successor of (same `prevHash`, another id; a new chain from the genesis hash,
   * as a reinstall starts, is not one). Nothing from there on is kept.
   */
  appendAudit(
    workstation: string,
    records: readonly { id: string; prevHash?: string; json: string }[],
    receivedAt: string,
  ): Promise<{ acked: string[]; fork?: { id: string; heldId: string } }>;
  /**
   * Which numbers `from`..`through` of a workstation's chain (its records with an id not below
   * `chainStart`) the hub lacks: up to `maxRanges` missing ranges in order (`more` when there
   * were more).
   */
  auditHeld(workstation: string, chainStart: string, from: number, through: number, maxRanges: number): Promise<AuditHeldResult>;
  /** Stored audit records (the JSON as received), oldest first, read page by page. */
  auditRecords(filter: AuditFilter): AsyncIterable<string>;
  /**
   * The hold records (`records.hold-place`, `records.hold-release`) as stored, oldest first,
   * read a window of the table at a time with other work let through between windows.
   */
  holdRecords(): AsyncIterable<string>;
  upsertHotlist(source: string, entries: readonly HotlistEntry[]): Promise<void>;
  hotlist(): Promise<HotlistEntryWire[]>;
  hotlistEntry(id: string): Promise<HotlistEntryWire | null>;
  /** Officers' entries (source `console`) not removed, not cleared and not expired at `now`. */
  activeOfficerEntries(now: string): Promise<HotlistEntryWire[]>;
  /** Marks an officer's entry removed; null when there is no such console entry. */
  removeHotlistEntry(id: string, removed: NonNullable<HotlistEntryWire['removed']>): Promise<HotlistEntryWire | null>;
  /** Adds an officer's entry; an entry with that id already there is returned instead. */
  addHotlistEntry(entry: HotlistEntryWire): Promise<{ created: boolean; entry: HotlistEntryWire }>;
  /** Entries for exactly this plate and state (not partial-plate entries), cleared or not. */
  hotlistForPlate(plate: string, state: string): Promise<HotlistEntryWire[]>;

  hitExists(id: string): Promise<boolean>;
  /** Officers' hits to raise, kept until raised (see migration 0005); already queued ones stay once. */
  queueOfficerHits(rows: readonly PendingOfficerHit[], at: string): Promise<void>;
  /** The officers' hits still to raise, oldest first. */
  pendingOfficerHits(): Promise<PendingOfficerHit[]>;
  /** Forgets a queued officer's hit: raised, or no longer to be raised. */
  officerHitDone(row: PendingOfficerHit): Promise<void>;
  /** Claims a hit for holder.workstationId unless another workstation holds it (atomic). */
  claimHit(hitId: string, holder: ClaimHolder): Promise<ClaimResult>;
  /**
   * Releases the hit if `workstation` holds it. `holder` is the holder afterwards when another
   * workstation holds it (nothing released).
   */
  releaseHit(
    hitId: string,
    workstation: string,
    by: ConsoleUser | undefined,
    at: string,
  ): Promise<{ event: HitEvent | null; holder?: ClaimHolder }>;
  /**
   * Gives the hit to `holder` whoever held it (nothing changes when holder's workstation
   * already holds it). `previous` is who held it.
   */
  takeOverHit(
    hitId: string,
    holder: ClaimHolder,
    reason: string,
  ): Promise<{ holder: ClaimHolder; previous?: ClaimHolder; event: HitEvent | null }>;
  claims(): Promise<ReleasedClaim[]>;
  claimOf(hitId: string): Promise<ClaimHolder | null>;
  /** Connection bookkeeping for releasing the claims of consoles that stay away. */
  linkUp(workstation: string, at: string): Promise<void>;
  linkDown(workstation: string, at: string): Promise<void>;
  /** At start: no console is connected to a hub that was just started. */
  resetLinks(at: string): Promise<void>;
  /** Releases claims of workstations with no connection since before `cutoff`. */
  releaseClaimsOfAbsent(cutoff: string, at: string, detail: string): Promise<HitEvent[]>;

  /** Keeps a workflow step; false when that very report was already kept. */
  addHitEvent(event: HitEvent): Promise<boolean>;
  hitEvents(hitId: string): Promise<HitEvent[]>;

  addCheckpoint(checkpoint: StoredCheckpoint): Promise<CheckpointResult>;
  checkpoints(workstation?: string): Promise<StoredCheckpoint[]>;

  /** Keeps reads (and the images posted with them); returns their ids in order. */
  addReads(reads: readonly NewRead[]): Promise<number[]>;
  /**
   * As addReads, idempotent by `clientId`: a read whose client id is held is not stored again
   * (`fresh: false`, with the held read's id). One transaction.
   */
  addReadsOnce(reads: readonly NewRead[]): Promise<{ id: number; fresh: boolean }[]>;
  /** A read of the hub database's own `reads`. */
  readById(id: number): Promise<StoredRead | null>;
  /** An image of one of the hub's own reads: posted with it, or its hit's. */
  readImage(id: number, role: 'plate' | 'overview'): Promise<WireImage | null>;
  /** Which of these reads have images posted with them. */
  readsWithImages(ids: readonly number[]): Promise<number[]>;
  /** The hub database's own reads (hits' reads and plain reads) for search. */
  readonly reads: ReadSource;
  /** Every camera the hub knows (posted with hits and reads, or the training city's). */
  allCameras(): Promise<Camera[]>;
  upsertCameras(cameras: readonly Camera[]): Promise<void>;
  cameras(ids: readonly string[]): Promise<Camera[]>;
  logSearch(row: SearchLogRow): Promise<void>;
  searchLog(): Promise<SearchLogRow[]>;
  close(): Promise<void>;
}

const HUB_DB_FILE = 'hub.sqlite';
const AUDIT_PAGE = 500;

interface HitRow {
  seq: number;
  id: string;
  received_at: string;
  hit: string;
  notes_enc: Buffer | null;
}
interface ImageRow {
  seq: number;
  role: 'plate' | 'overview';
  mime: WireImage['mime'];
  data: Buffer;
}
interface HotlistRow {
  id: string;
  source: string;
  list: string;
  reason: string;
  priority: HotlistEntry['priority'];
  plate: string;
  state: string;
  vehicle: string | null;
  notes: string | null;
  notes_enc: Buffer | null;
  list_updated_at: string;
  cleared: number;
  expires_at: string | null;
  case_number: string | null;
  entered_by: string | null;
  removed: string | null;
}
interface ClaimRow {
  hit_id: string;
  workstation: string;
  username: string;
  display_name: string;
  claimed_at: string;
}
interface EventRow {
  hit_id: string;
  step: HitEvent['step'];
  outcome: string | null;
  /** Only in rows written before hub schema 4 and not yet encrypted; `detail_enc` otherwise. */
  detail: string | null;
  detail_enc: Buffer | null;
  username: string;
  display_name: string;
  workstation: string;
  at: string;
  received_at: string;
  previous: string | null;
}
interface CheckpointRow {
  workstation: string;
  count: number;
  head_hash: string;
  signature: string;
  received_at: string;
  key_id: string;
  mac: string;
}
interface SearchRow {
  workstation: string;
  username: string;
  display_name: string;
  pattern: string;
  state: string | null;
  purpose: string;
  case_number: string;
  searched_at: string;
  total: number | null;
  outcome: string;
}

const HOTLIST_COLUMNS =
  'id, source, list, reason, priority, plate, state, vehicle, notes, notes_enc, list_updated_at, cleared, expires_at, case_number, entered_by, removed';

/** The hub's data key lives in `keys/data.key` in its data folder (mode 600), made on first start. */
export function openHubStore(dataDir: string): HubStore {
  const cipher = FieldCipher.forDataDir(dataDir);
  return new SqliteHubStore(openDatabase(path.join(dataDir, HUB_DB_FILE), { migrations: hubMigrations }), cipher);
}

export class SqliteHubStore implements HubStore {
  private readonly q;
  readonly reads: ReadSource;

  constructor(
    private readonly db: DB,
    private readonly cipher: FieldCipher,
  ) {
    // Clear text overwritten (legacy notes encrypted below, purged rows) must not linger in free pages.
    db.pragma('secure_delete = ON');
    this.reads = sqliteReadSource(db);
    this.q = {
      hitById: db.prepare<[string], { seq: number; hit: string }>('SELECT seq, hit FROM hits WHERE id = ?'),
      nextCounter: db.prepare<[string], { value: number }>(
        'UPDATE counters SET value = value + 1 WHERE name = ? RETURNING value',
      ),
      insertHit: db.prepare('INSERT INTO hits (seq, id, received_at, hit, notes_enc) VALUES (?, ?, ?, ?, ?)'),
      insertImage: db.prepare('INSERT INTO hit_images (seq, role, mime, data) VALUES (?, ?, ?, ?)'),
      hitsAfter: db.prepare<[number, number], HitRow>(
        'SELECT seq, id, received_at, hit, notes_enc FROM hits WHERE seq > ? ORDER BY seq LIMIT ?',
      ),
      imagesBetween: db.prepare<[number, number], ImageRow>(
        'SELECT seq, role, mime, data FROM hit_images WHERE seq >= ? AND seq <= ?',
      ),
      hitCount: db.prepare<[], { n: number }>('SELECT count(*) AS n FROM hits'),
      lastSeq: db.prepare<[], { value: number }>("SELECT value FROM counters WHERE name = 'hit_seq'"),
      hitIdAt: db.prepare<[number], { id: string }>('SELECT id FROM hits WHERE seq = ?'),
      deliveredUpTo: db.prepare<[string], { seq: number | null }>(
        'SELECT max(seq) AS seq FROM deliveries WHERE workstation = ?',
      ),
      // From where the last marking for this workstation stopped ('marked:<ws>' in counters):
      // a connect costs the hits since, not a scan of every hit the hub holds.
      markUpTo: db.prepare(
        `INSERT INTO deliveries (workstation, hit_id, seq, acked_at)
         SELECT @ws, id, seq, @at FROM hits
         WHERE seq > coalesce((SELECT value FROM counters WHERE name = 'marked:' || @ws), 0) AND seq <= @seq
         ON CONFLICT (workstation, hit_id) DO NOTHING`,
      ),
      markedUpTo: db.prepare(
        `INSERT INTO counters (name, value) VALUES ('marked:' || @ws, @seq)
         ON CONFLICT (name) DO UPDATE SET value = max(value, excluded.value)`,
      ),
      insertDelivery: db.prepare(
        `INSERT INTO deliveries (workstation, hit_id, seq, acked_at) VALUES (?, ?, ?, ?)
         ON CONFLICT (workstation, hit_id) DO NOTHING`,
      ),
      deliveries: db.prepare<[string], Delivery>(
        'SELECT hit_id AS id, seq, acked_at AS ackedAt FROM deliveries WHERE workstation = ? ORDER BY seq',
      ),
      auditExists: db.prepare<[string], { id: string }>('SELECT id FROM audit_records WHERE id = ?'),
      auditSuccessor: db.prepare<[string, string], { id: string }>("SELECT id FROM audit_records WHERE workstation = ? AND json_extract(record, '$.prevHash') = ? LIMIT 1"),
      insertAudit: db.prepare(
        'INSERT INTO audit_records (id, ord, workstation, received_at, record) VALUES (?, ?, ?, ?, ?)',
      ),
      // Both read only the covering index audit_by_workstation_seq (migration 0008).
      auditFirstHeld: db.prepare<{ ws: string; chainStart: string }, number | null>(
        `SELECT min(json_extract(record, '$.seq')) FROM audit_records
         WHERE workstation = :ws AND json_extract(record, '$.seq') >= 1 AND id >= :chainStart`,
      ).pluck(),
      auditHeldSeqs: db.prepare<{ ws: string; chainStart: string; from: number; through: number }, number>(
        `SELECT json_extract(record, '$.seq') FROM audit_records
         WHERE workstation = :ws AND json_extract(record, '$.seq') BETWEEN :from AND :through AND id >= :chainStart
         ORDER BY json_extract(record, '$.seq')`,
      ).pluck(),
      counter: db.prepare<[string], number>('SELECT value FROM counters WHERE name = ?').pluck(),
      raiseCounter: db.prepare<[string, number]>(
        'INSERT INTO counters (name, value) VALUES (?, ?) ON CONFLICT (name) DO UPDATE SET value = max(value, excluded.value)',
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
           (id, source, list, reason, priority, plate, state, vehicle, notes_enc, list_updated_at, cleared)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
         ON CONFLICT (id) DO UPDATE SET
           source = excluded.source, list = excluded.list, reason = excluded.reason,
           priority = excluded.priority, plate = excluded.plate, state = excluded.state,
           vehicle = excluded.vehicle, notes_enc = excluded.notes_enc,
           list_updated_at = excluded.list_updated_at, cleared = excluded.cleared`,
      ),
      hotlist: db.prepare<[], HotlistRow>(`SELECT ${HOTLIST_COLUMNS} FROM hotlist_entries ORDER BY id`),
      hotlistById: db.prepare<[string], HotlistRow>(`SELECT ${HOTLIST_COLUMNS} FROM hotlist_entries WHERE id = ?`),
      hotlistForPlate: db.prepare<[string, string], HotlistRow>(
        `SELECT ${HOTLIST_COLUMNS} FROM hotlist_entries WHERE plate = ? AND state = ? AND is_pattern = 0 ORDER BY id`,
      ),
      insertHotlist: db.prepare(
        `INSERT INTO hotlist_entries (${HOTLIST_COLUMNS}, is_pattern)
         VALUES (:id, :source, :list, :reason, :priority, :plate, :state, :vehicle, NULL, :notesEnc, :listUpdatedAt,
                 :cleared, :expiresAt, :caseNumber, :enteredBy, NULL, :isPattern)`,
      ),
      queuePending: db.prepare(
        `INSERT INTO officer_hits_pending (entry_id, read_id, retroactive, queued_at) VALUES (?, ?, ?, ?)
         ON CONFLICT (entry_id, read_id, retroactive) DO NOTHING`,
      ),
      pending: db.prepare<[], { entry_id: string; read_id: string; retroactive: number }>(
        'SELECT entry_id, read_id, retroactive FROM officer_hits_pending ORDER BY ord',
      ),
      pendingDone: db.prepare('DELETE FROM officer_hits_pending WHERE entry_id = ? AND read_id = ? AND retroactive = ?'),
      activeOfficer: db.prepare<[string], HotlistRow>(
        `SELECT ${HOTLIST_COLUMNS} FROM hotlist_entries
         WHERE source = 'console' AND removed IS NULL AND cleared = 0 AND (expires_at IS NULL OR expires_at > ?)
         ORDER BY list_updated_at DESC, id`,
      ),
      markRemoved: db.prepare(`UPDATE hotlist_entries SET removed = ? WHERE id = ? AND source = 'console'`),
      // A posted hit's match becomes a hotlist entry unless the hub already holds that want
      // (the same list, plate and state): the training list's own entries come back this way.
      insertIntakeMatch: db.prepare(
        `INSERT INTO hotlist_entries
           (id, source, list, reason, priority, plate, state, vehicle, notes_enc, list_updated_at, cleared)
         SELECT :id, 'intake', :list, :reason, :priority, :plate, :state, :vehicle, :notes, :listUpdatedAt, 0
         WHERE NOT EXISTS (
           SELECT 1 FROM hotlist_entries WHERE plate = :plate AND state = :state AND list = :list)`,
      ),
      refreshIntakeMatch: db.prepare(
        `UPDATE hotlist_entries SET reason = :reason, priority = :priority, vehicle = :vehicle, notes_enc = :notes,
           list_updated_at = :listUpdatedAt
         WHERE id = :id AND list_updated_at < :listUpdatedAt`,
      ),
      insertReadRow: db.prepare(
        `INSERT INTO reads (id, plate, plate_rev, state, camera_id, captured_at, confidence, hit_id, client_id)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      ),
      readByClientId: db.prepare<[string], { id: number }>('SELECT id FROM reads WHERE client_id = ?'),
      insertReadImage: db.prepare('INSERT INTO read_images (read_id, role, mime, data) VALUES (?, ?, ?, ?)'),
      readHasImage: db.prepare<[number], { one: number }>("SELECT 1 AS one FROM read_images WHERE read_id = ? AND role = 'plate'"),
      readById: db.prepare<[number], { id: number; plate: string; state: string; camera_id: string; captured_at: number; confidence: number; hit_id: string | null }>(
        'SELECT id, plate, state, camera_id, captured_at, confidence, hit_id FROM reads WHERE id = ?',
      ),
      readImage: db.prepare<[number, string], { mime: WireImage['mime']; data: Buffer }>(
        'SELECT mime, data FROM read_images WHERE read_id = ? AND role = ?',
      ),
      hitImageOfRead: db.prepare<[number, string], { mime: WireImage['mime']; data: Buffer }>(
        `SELECT i.mime, i.data FROM reads r JOIN hits h ON h.id = r.hit_id JOIN hit_images i ON i.seq = h.seq
         WHERE r.id = ? AND i.role = ?`,
      ),
      upsertCamera: db.prepare(
        `INSERT INTO cameras (id, name, lat, lon, direction) VALUES (:id, :name, :lat, :lon, :direction)
         ON CONFLICT (id) DO UPDATE SET name = excluded.name, lat = excluded.lat, lon = excluded.lon,
           direction = excluded.direction`,
      ),
      camera: db.prepare<[string], Camera>('SELECT id, name, lat, lon, direction FROM cameras WHERE id = ?'),

      claimInsert: db.prepare(
        `INSERT INTO hit_claims (hit_id, workstation, username, display_name, claimed_at) VALUES (?, ?, ?, ?, ?)
         ON CONFLICT (hit_id) DO NOTHING`,
      ),
      claim: db.prepare<[string], ClaimRow>('SELECT * FROM hit_claims WHERE hit_id = ?'),
      claims: db.prepare<[], ClaimRow>('SELECT * FROM hit_claims ORDER BY claimed_at, hit_id'),
      claimDelete: db.prepare('DELETE FROM hit_claims WHERE hit_id = ? AND workstation = ?'),
      claimReplace: db.prepare(
        `INSERT INTO hit_claims (hit_id, workstation, username, display_name, claimed_at) VALUES (?, ?, ?, ?, ?)
         ON CONFLICT (hit_id) DO UPDATE SET workstation = excluded.workstation, username = excluded.username,
           display_name = excluded.display_name, claimed_at = excluded.claimed_at`,
      ),
      claimsOfAbsent: db.prepare<[string], ClaimRow>(
        `SELECT c.* FROM hit_claims c JOIN console_links l ON l.workstation = c.workstation
         WHERE l.sockets = 0 AND l.changed_at <= ? ORDER BY c.claimed_at, c.hit_id`,
      ),
      linkUp: db.prepare(
        `INSERT INTO console_links (workstation, sockets, changed_at) VALUES (?, 1, ?)
         ON CONFLICT (workstation) DO UPDATE SET sockets = console_links.sockets + 1, changed_at = excluded.changed_at`,
      ),
      linkDown: db.prepare(
        `UPDATE console_links SET sockets = max(sockets - 1, 0), changed_at = ? WHERE workstation = ?`,
      ),
      resetLinks: db.prepare('UPDATE console_links SET sockets = 0, changed_at = ?'),

      insertEvent: db.prepare(
        `INSERT INTO hit_events
           (ord, hit_id, step, outcome, detail_enc, username, display_name, workstation, at, received_at, previous)
         VALUES (:ord, :hitId, :step, :outcome, :detailEnc, :username, :displayName, :workstation, :at, :receivedAt, :previous)
         ON CONFLICT (hit_id, step, workstation, at) DO NOTHING`,
      ),
      events: db.prepare<[string], EventRow>('SELECT * FROM hit_events WHERE hit_id = ? ORDER BY ord'),

      latestCheckpoint: db.prepare<[string], CheckpointRow>(
        'SELECT * FROM audit_checkpoints WHERE workstation = ? ORDER BY count DESC LIMIT 1',
      ),
      checkpointAt: db.prepare<[string, number], CheckpointRow>(
        'SELECT * FROM audit_checkpoints WHERE workstation = ? AND count = ?',
      ),
      insertCheckpoint: db.prepare(
        `INSERT INTO audit_checkpoints (workstation, count, head_hash, signature, received_at, key_id, mac)
         VALUES (?, ?, ?, ?, ?, ?, ?)`,
      ),
      checkpoints: db.prepare<{ workstation: string | null }, CheckpointRow>(
        `SELECT * FROM audit_checkpoints WHERE (:workstation IS NULL OR workstation = :workstation)
         ORDER BY received_at, workstation, count`,
      ),

      insertSearch: db.prepare(
        `INSERT INTO read_searches
           (ord, workstation, username, display_name, pattern, state, purpose, case_number, searched_at, total, outcome)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      ),
      searches: db.prepare<[], SearchRow>('SELECT * FROM read_searches ORDER BY ord'),
    };
    this.encryptLegacyNotes();
  }

  async insertHit(h: NewHit): Promise<StoredHitRef> {
    return this.db
      .transaction((): StoredHitRef => {
        const existing = this.q.hitById.get(h.id);
        if (existing) {
          // A retry (same camera, capture time and plate; a re-encoded image or a new
          // confidence is still the same read) gets the stored hit. Another read under a used
          // id (a camera's counter restarted) is not taken, and not silently dropped either.
          const before = JSON.parse(existing.hit) as NewHit['hit'];
          const sameRead = before.camera.id === h.hit.camera.id && before.capturedAt === h.hit.capturedAt && before.read.plate === h.hit.read.plate;
          return sameRead
            ? { id: h.id, seq: existing.seq, created: false }
            : { id: h.id, seq: existing.seq, created: false, conflict: `${before.read.plate} at ${before.camera.id}, ${before.capturedAt}` };
        }
        const seq = this.nextCounter('hit_seq');
        // Match notes can name people: kept encrypted beside the hit, never in its JSON.
        const notes = h.hit.matches.map((m) => m.notes ?? null);
        const clear = { ...h.hit, matches: h.hit.matches.map(({ notes: _n, ...m }) => m) };
        const notesEnc = notes.some((n) => n !== null) ? this.cipher.encrypt(JSON.stringify(notes)) : null;
        this.q.insertHit.run(seq, h.id, h.receivedAt, JSON.stringify(clear), notesEnc);
        this.q.insertImage.run(seq, 'plate', h.images.plate.mime, h.images.plate.data);
        this.q.insertImage.run(seq, 'overview', h.images.overview.mime, h.images.overview.data);
        // The hit's read is searchable like any read, its camera known, and its matches are
        // wants the CLETS simulator answers for.
        const { read, camera } = h.hit;
        if (!h.readHeld) this.insertRead(
          read.plate,
          reversePlate(read.plate),
          read.state,
          camera.id,
          Date.parse(h.hit.capturedAt),
          read.confidence,
          h.id,
        );
        this.q.upsertCamera.run(camera);
        for (const m of h.hit.matches) {
          const row = {
            id: `INT-${m.list}|${m.plate}|${m.state}`,
            list: m.list,
            reason: m.reason,
            priority: m.priority,
            plate: m.plate,
            state: m.state,
            vehicle: m.vehicle ?? null,
            notes: m.notes === undefined ? null : this.cipher.encrypt(m.notes),
            listUpdatedAt: m.listUpdatedAt,
          };
          if (this.q.insertIntakeMatch.run(row).changes === 0) {
            const { plate: _p, state: _s, list: _l, ...refresh } = row;
            this.q.refreshIntakeMatch.run(refresh);
          }
        }
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
      const hit = JSON.parse(r.hit) as NewHit['hit'];
      const notes = r.notes_enc ? (JSON.parse(this.cipher.decrypt(r.notes_enc)) as (string | null)[]) : [];
      return {
        id: r.id,
        seq: r.seq,
        receivedAt: r.received_at,
        ...hit,
        matches: hit.matches.map((m, i) => (typeof notes[i] === 'string' ? { ...m, notes: notes[i] } : m)),
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

  async hitIdAt(seq: number): Promise<string | null> {
    return this.q.hitIdAt.get(seq)?.id ?? null;
  }

  async deliveredUpTo(workstation: string): Promise<number> {
    return this.q.deliveredUpTo.get(workstation)?.seq ?? 0;
  }

  async markDeliveredUpTo(workstation: string, seq: number, ackedAt: string): Promise<void> {
    if (seq <= 0) return;
    this.db.transaction(() => {
      this.q.markUpTo.run({ ws: workstation, at: ackedAt, seq });
      this.q.markedUpTo.run({ ws: workstation, seq });
    })();
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
    records: readonly { id: string; prevHash?: string; json: string }[],
    receivedAt: string,
  ): Promise<{ acked: string[]; fork?: { id: string; heldId: string } }> {
    return this.db
      .transaction(() => {
        const acked: string[] = [];
        for (const r of records) {
          if (!this.q.auditExists.get(r.id)) {
            // A console's records name the one they follow by its SHA-256 (a harness's may not).
            const chained = r.prevHash !== undefined && /^[0-9a-f]{64}$/.test(r.prevHash) && r.prevHash !== GENESIS_HASH;
            const other = chained ? this.q.auditSuccessor.get(workstation, r.prevHash!) : undefined;
            if (other) return { acked, fork: { id: r.id, heldId: other.id } };
            this.q.insertAudit.run(r.id, this.nextCounter('audit_ord'), workstation, receivedAt, r.json);
          }
          acked.push(r.id);
        }
        return { acked };
      })
      .immediate();
  }

  async auditHeld(workstation: string, chainStart: string, from: number, through: number, maxRanges: number): Promise<AuditHeldResult> {
    const q = { ws: workstation, chainStart };
    const first = this.q.auditFirstHeld.get(q) ?? null;
    if (first === null || first > through) return { missing: [[from, through]], more: false };
    const missing: [number, number][] = [];
    if (from < first) missing.push([from, first - 1]);
    // Every number from the chain's first one here through `whole` was seen here before. It is
    // kept in this database with the records, so a restored copy restores it as it was then.
    const wholeKey = `audit-whole:${workstation}:${chainStart}`;
    const whole = Math.max(this.q.counter.get(wholeKey) ?? 0, first - 1);
    let prev = Math.max(from, first, whole + 1) - 1;
    const scanFrom = prev + 1;
    // Read on from `whole` (not from a later number asked after a gap): only then can it grow.
    let gapFree = scanFrom === Math.max(first, whole + 1);
    // In windows, handing the event loop back between them: a long chain read in one go
    // would hold every hit the hub is delivering meanwhile.
    while (prev < through && missing.length <= maxRanges) {
      const to = Math.min(through, prev + AUDIT_HELD_WINDOW);
      const seqs = this.q.auditHeldSeqs.all({ ...q, from: prev + 1, through: to });
      for (const seq of seqs) {
        if (seq > prev + 1) missing.push([prev + 1, seq - 1]);
        if (seq > prev) prev = seq;
      }
      if (prev < to) missing.push([prev + 1, to]);
      gapFree &&= missing.length === 0 || missing.at(-1)![1] < scanFrom;
      if (gapFree) this.q.raiseCounter.run(wholeKey, to);
      prev = to;
      if (prev < through) await new Promise((r) => setImmediate(r));
    }
    // Ranges that meet at a window's edge are one.
    const merged: [number, number][] = [];
    for (const r of missing) {
      const last = merged.at(-1);
      if (last && last[1] + 1 === r[0]) last[1] = r[1];
      else merged.push([r[0], r[1]]);
    }
    // Stopped early (too many ranges before merging): what lies past is not known to be held.
    return { missing: merged.slice(0, maxRanges), more: merged.length > maxRanges || prev < through };
  }

  async *holdRecords(): AsyncIterable<string> {
    for (const window of holdRecordWindows(this.db)) {
      yield* window;
      await new Promise((r) => setImmediate(r));
    }
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
          e.notes === undefined ? null : this.cipher.encrypt(e.notes),
          e.listUpdatedAt,
          e.cleared ? 1 : 0,
        );
      }
    })();
  }

  async hotlist(): Promise<HotlistEntryWire[]> {
    return this.q.hotlist.all().map((r) => this.hotlistFromRow(r));
  }

  async hotlistEntry(id: string): Promise<HotlistEntryWire | null> {
    const row = this.q.hotlistById.get(id);
    return row ? this.hotlistFromRow(row) : null;
  }

  async activeOfficerEntries(now: string): Promise<HotlistEntryWire[]> {
    return this.q.activeOfficer.all(now).map((r) => this.hotlistFromRow(r));
  }

  async removeHotlistEntry(id: string, removed: NonNullable<HotlistEntryWire['removed']>): Promise<HotlistEntryWire | null> {
    return this.db
      .transaction(() => {
        const row = this.q.hotlistById.get(id);
        if (!row || row.source !== 'console') return null;
        if (row.removed === null) this.q.markRemoved.run(JSON.stringify(removed), id);
        return this.hotlistFromRow(this.q.hotlistById.get(id)!);
      })
      .immediate();
  }

  async addHotlistEntry(entry: HotlistEntryWire): Promise<{ created: boolean; entry: HotlistEntryWire }> {
    return this.db
      .transaction(() => {
        const existing = this.q.hotlistById.get(entry.id);
        if (existing) return { created: false, entry: this.hotlistFromRow(existing) };
        this.q.insertHotlist.run({
          id: entry.id,
          source: entry.source,
          list: entry.list,
          reason: entry.reason,
          priority: entry.priority,
          plate: entry.plate,
          state: entry.state ?? '',
          vehicle: entry.vehicle ?? null,
          notesEnc: entry.notes === undefined ? null : this.cipher.encrypt(entry.notes),
          listUpdatedAt: entry.listUpdatedAt,
          cleared: entry.cleared ? 1 : 0,
          expiresAt: entry.expiresAt ?? null,
          caseNumber: entry.caseNumber ?? null,
          enteredBy: entry.enteredBy ? JSON.stringify(entry.enteredBy) : null,
          isPattern: hasWildcard(entry.plate) ? 1 : 0,
        });
        return { created: true, entry };
      })
      .immediate();
  }

  async hotlistForPlate(plate: string, state: string): Promise<HotlistEntryWire[]> {
    return this.q.hotlistForPlate.all(plate, state).map((r) => this.hotlistFromRow(r));
  }

  async hitExists(id: string): Promise<boolean> {
    return this.q.hitById.get(id) !== undefined;
  }

  async queueOfficerHits(rows: readonly PendingOfficerHit[], at: string): Promise<void> {
    this.db
      .transaction(() => {
        for (const r of rows) this.q.queuePending.run(r.entryId, r.readId, r.retroactive ? 1 : 0, at);
      })
      .immediate();
  }

  async pendingOfficerHits(): Promise<PendingOfficerHit[]> {
    return this.q.pending.all().map((r) => ({ entryId: r.entry_id, readId: r.read_id, retroactive: r.retroactive === 1 }));
  }

  async officerHitDone(row: PendingOfficerHit): Promise<void> {
    this.q.pendingDone.run(row.entryId, row.readId, row.retroactive ? 1 : 0);
  }

  async claimHit(hitId: string, holder: ClaimHolder): Promise<ClaimResult> {
    return this.db
      .transaction((): ClaimResult => {
        const { user, workstationId, at } = holder;
        let inserted = this.q.claimInsert.run(hitId, workstationId, user.username, user.displayName, at).changes === 1;
        const before = claimFromRow(this.q.claim.get(hitId)!);
        // The same workstation, another user (the first signed out there): the hit is theirs now.
        if (!inserted && before.workstationId === workstationId && before.user.username !== user.username) {
          this.q.claimReplace.run(hitId, workstationId, user.username, user.displayName, at);
          inserted = true;
        }
        // Claimed now (new, or moved to this user), or held as it was.
        const current = inserted ? holder : before;
        const event: HitEvent | null = inserted ? { hitId, step: 'claimed', ...holder, receivedAt: at } : null;
        if (event) this.insertEvent(event);
        return { won: current.workstationId === workstationId, holder: current, event };
      })
      .immediate();
  }

  async releaseHit(
    hitId: string,
    workstation: string,
    by: ConsoleUser | undefined,
    at: string,
  ): Promise<{ event: HitEvent | null; holder?: ClaimHolder }> {
    return this.db
      .transaction(() => {
        const row = this.q.claim.get(hitId);
        if (!row) return { event: null };
        const holder = claimFromRow(row);
        if (row.workstation !== workstation) return { event: null, holder };
        // A release in a user's name releases only their claim, not the next user's there.
        if (by && row.username !== by.username) return { event: null };
        this.q.claimDelete.run(hitId, workstation);
        const event: HitEvent = { hitId, step: 'released', user: by ?? holder.user, workstationId: workstation, at, receivedAt: at };
        this.insertEvent(event);
        return { event };
      })
      .immediate();
  }

  async takeOverHit(
    hitId: string,
    holder: ClaimHolder,
    reason: string,
  ): Promise<{ holder: ClaimHolder; previous?: ClaimHolder; event: HitEvent | null }> {
    return this.db
      .transaction(() => {
        const row = this.q.claim.get(hitId);
        const previous = row ? claimFromRow(row) : undefined;
        // Already theirs. The same workstation with another user (two signed in there) is a
        // takeover like any other.
        if (previous?.workstationId === holder.workstationId && previous.user.username === holder.user.username) return { holder: previous, event: null };
        const { user, workstationId, at } = holder;
        this.q.claimReplace.run(hitId, workstationId, user.username, user.displayName, at);
        const event: HitEvent = {
          hitId,
          step: 'taken-over',
          detail: reason,
          ...holder,
          ...(previous ? { previous } : {}),
          receivedAt: at,
        };
        this.insertEvent(event);
        return { holder, ...(previous ? { previous } : {}), event };
      })
      .immediate();
  }

  async claims(): Promise<ReleasedClaim[]> {
    return this.q.claims.all().map((r) => ({ hitId: r.hit_id, holder: claimFromRow(r) }));
  }

  async claimOf(hitId: string): Promise<ClaimHolder | null> {
    const row = this.q.claim.get(hitId);
    return row ? claimFromRow(row) : null;
  }

  async linkUp(workstation: string, at: string): Promise<void> {
    this.q.linkUp.run(workstation, at);
  }

  async linkDown(workstation: string, at: string): Promise<void> {
    this.q.linkDown.run(at, workstation);
  }

  async resetLinks(at: string): Promise<void> {
    this.q.resetLinks.run(at);
  }

  async releaseClaimsOfAbsent(cutoff: string, at: string, detail: string): Promise<HitEvent[]> {
    return this.db
      .transaction(() =>
        this.q.claimsOfAbsent.all(cutoff).map((row) => {
          const holder = claimFromRow(row);
          this.q.claimDelete.run(row.hit_id, row.workstation);
          const event: HitEvent = {
            hitId: row.hit_id,
            step: 'released',
            detail,
            user: holder.user,
            workstationId: holder.workstationId,
            at,
            receivedAt: at,
          };
          this.insertEvent(event);
          return event;
        }),
      )
      .immediate();
  }

  async addHitEvent(event: HitEvent): Promise<boolean> {
    return this.db.transaction(() => this.insertEvent(event)).immediate();
  }

  async hitEvents(hitId: string): Promise<HitEvent[]> {
    return this.q.events.all(hitId).map((r) => {
      const detail = r.detail_enc !== null ? this.cipher.decrypt(r.detail_enc) : r.detail;
      return {
        hitId: r.hit_id,
        step: r.step,
        ...(r.outcome === null ? {} : { outcome: r.outcome }),
        ...(detail === null ? {} : { detail }),
        user: { username: r.username, displayName: r.display_name },
        workstationId: r.workstation,
        at: r.at,
        ...(r.previous === null ? {} : { previous: JSON.parse(r.previous) as ClaimHolder }),
        receivedAt: r.received_at,
      };
    });
  }

  async addCheckpoint(cp: StoredCheckpoint): Promise<CheckpointResult> {
    return this.db
      .transaction((): CheckpointResult => {
        // The same checkpoint again (its receipt was lost) gets its first receipt, even when
        // later ones have come since.
        const sameRow = this.q.checkpointAt.get(cp.workstationId, cp.count);
        if (sameRow) {
          const same = checkpointFromRow(sameRow);
          return same.headHash === cp.headHash ? { ok: true, stored: same, duplicate: true } : { ok: false, latest: same };
        }
        const latestRow = this.q.latestCheckpoint.get(cp.workstationId);
        if (latestRow && latestRow.count > cp.count) return { ok: false, latest: checkpointFromRow(latestRow) };
        this.q.insertCheckpoint.run(
          cp.workstationId,
          cp.count,
          cp.headHash,
          cp.signature,
          cp.receivedAt,
          cp.receipt.keyId,
          cp.receipt.mac,
        );
        return { ok: true, stored: cp, duplicate: false };
      })
      .immediate();
  }

  async checkpoints(workstation?: string): Promise<StoredCheckpoint[]> {
    return this.q.checkpoints.all({ workstation: workstation ?? null }).map(checkpointFromRow);
  }

  /** One row of `reads`, numbered from the counter (never a purged read's number again). */
  private insertRead(plate: string, plateRev: string, state: string, cameraId: string, capturedAt: number, confidence: number, hitId: string | null, clientId: string | null = null): number {
    const id = this.q.nextCounter.get('read_id')!.value;
    this.q.insertReadRow.run(id, plate, plateRev, state, cameraId, capturedAt, confidence, hitId, clientId);
    return id;
  }

  async addReads(reads: readonly NewRead[]): Promise<number[]> {
    return (await this.addReadsOnce(reads)).map((r) => r.id);
  }

  async addReadsOnce(reads: readonly NewRead[]): Promise<{ id: number; fresh: boolean }[]> {
    return this.db.transaction(() =>
      reads.map((r) => {
        const held = r.clientId === undefined ? undefined : this.q.readByClientId.get(r.clientId);
        if (held) return { id: held.id, fresh: false };
        const id = this.insertRead(r.plate, reversePlate(r.plate), r.state, r.cameraId, r.capturedAt, r.confidence, r.hitId ?? null, r.clientId ?? null);
        if (r.images) {
          this.q.insertReadImage.run(id, 'plate', r.images.plate.mime, r.images.plate.data);
          if (r.images.overview) this.q.insertReadImage.run(id, 'overview', r.images.overview.mime, r.images.overview.data);
        }
        return { id, fresh: true };
      }),
    )();
  }

  async readById(id: number): Promise<StoredRead | null> {
    const r = this.q.readById.get(id);
    return r
      ? { id: r.id, plate: r.plate, state: r.state, cameraId: r.camera_id, capturedAt: r.captured_at, confidence: r.confidence, hitId: r.hit_id }
      : null;
  }

  async readsWithImages(ids: readonly number[]): Promise<number[]> {
    return ids.filter((id) => this.q.readHasImage.get(id) !== undefined);
  }

  async readImage(id: number, role: 'plate' | 'overview'): Promise<WireImage | null> {
    const row = this.q.readImage.get(id, role) ?? this.q.hitImageOfRead.get(id, role);
    return row ? { mime: row.mime, data: row.data } : null;
  }

  async upsertCameras(cameras: readonly Camera[]): Promise<void> {
    this.db.transaction(() => {
      for (const c of cameras) this.q.upsertCamera.run(c);
    })();
  }

  async allCameras(): Promise<Camera[]> {
    return this.db.prepare<[], Camera>('SELECT id, name, lat, lon, direction FROM cameras ORDER BY name, id').all();
  }

  async cameras(ids: readonly string[]): Promise<Camera[]> {
    return [...new Set(ids)].flatMap((id) => this.q.camera.all(id));
  }

  async logSearch(row: SearchLogRow): Promise<void> {
    this.db
      .transaction(() => {
        this.q.insertSearch.run(
          this.nextCounter('search_ord'),
          row.workstation,
          row.user.username,
          row.user.displayName,
          row.pattern,
          row.state,
          row.purpose,
          row.caseNumber,
          row.searchedAt,
          row.total,
          row.outcome,
        );
      })
      .immediate();
  }

  async searchLog(): Promise<SearchLogRow[]> {
    return this.q.searches.all().map((r) => ({
      workstation: r.workstation,
      user: { username: r.username, displayName: r.display_name },
      pattern: r.pattern,
      state: r.state,
      purpose: r.purpose,
      caseNumber: r.case_number,
      searchedAt: r.searched_at,
      total: r.total,
      outcome: r.outcome,
    }));
  }

  async close(): Promise<void> {
    if (this.db.open) this.db.close();
  }

  private hotlistFromRow(r: HotlistRow): HotlistEntryWire {
    return hotlistFromRowWith(this.cipher, r);
  }

  /**
   * Notes written in clear before hub schema 3 (hotlist entries, posted hits' matches) and
   * timeline details written in clear before schema 4 are encrypted in place, once;
   * secure_delete overwrites the old pages.
   */
  private encryptLegacyNotes(): void {
    const encrypted = this.db.transaction(() => {
      const entries = this.db
        .prepare<[], { id: string; notes: string }>('SELECT id, notes FROM hotlist_entries WHERE notes IS NOT NULL')
        .all();
      const setEntry = this.db.prepare('UPDATE hotlist_entries SET notes_enc = ?, notes = NULL WHERE id = ?');
      for (const e of entries) setEntry.run(this.cipher.encrypt(e.notes), e.id);
      const hits = this.db
        .prepare<[], { seq: number; hit: string }>(`SELECT seq, hit FROM hits WHERE notes_enc IS NULL AND hit LIKE '%"notes"%'`)
        .all();
      const setHit = this.db.prepare('UPDATE hits SET hit = ?, notes_enc = ? WHERE seq = ?');
      for (const h of hits) {
        const hit = JSON.parse(h.hit) as NewHit['hit'];
        const notes = hit.matches.map((m) => m.notes ?? null);
        const clear = { ...hit, matches: hit.matches.map(({ notes: _n, ...m }) => m) };
        setHit.run(JSON.stringify(clear), this.cipher.encrypt(JSON.stringify(notes)), h.seq);
      }
      // Timeline details written in clear before hub schema 4.
      const events = this.db.prepare<[], { ord: number; detail: string }>('SELECT ord, detail FROM hit_events WHERE detail IS NOT NULL').all();
      const setEvent = this.db.prepare('UPDATE hit_events SET detail_enc = ?, detail = NULL WHERE ord = ?');
      for (const e of events) setEvent.run(this.cipher.encrypt(e.detail), e.ord);
      return entries.length + hits.length + events.length;
    })();
    // The clear pages are in the database file until a checkpoint copies the encrypted ones over.
    if (encrypted > 0) this.db.pragma('wal_checkpoint(TRUNCATE)');
  }

  /** Inside a transaction. */
  private insertEvent(e: HitEvent): boolean {
    const inserted = this.q.insertEvent.run({
      ord: this.nextCounter('event_ord'),
      hitId: e.hitId,
      step: e.step,
      outcome: e.outcome ?? null,
      detailEnc: e.detail === undefined ? null : this.cipher.encrypt(e.detail),
      username: e.user.username,
      displayName: e.user.displayName,
      workstation: e.workstationId,
      at: e.at,
      receivedAt: e.receivedAt,
      previous: e.previous ? JSON.stringify(e.previous) : null,
    });
    return inserted.changes === 1;
  }

  private nextCounter(name: string): number {
    const row = this.q.nextCounter.get(name);
    if (!row) throw new Error(`counter ${name} is missing`);
    return row.value;
  }
}

function hotlistFromRowWith(cipher: FieldCipher, r: HotlistRow): HotlistEntryWire {
  const notes = r.notes_enc !== null ? cipher.decrypt(r.notes_enc) : r.notes;
  return {
    id: r.id,
    source: r.source,
    list: r.list,
    reason: r.reason,
    priority: r.priority,
    plate: r.plate,
    ...(r.state ? { state: r.state } : {}),
    ...(r.vehicle === null ? {} : { vehicle: r.vehicle }),
    ...(notes === null ? {} : { notes }),
    ...(r.case_number === null ? {} : { caseNumber: r.case_number }),
    ...(r.expires_at === null ? {} : { expiresAt: r.expires_at }),
    listUpdatedAt: r.list_updated_at,
    cleared: r.cleared === 1,
    ...(r.entered_by === null ? {} : { enteredBy: JSON.parse(r.entered_by) as ClaimHolder }),
    ...(r.removed === null ? {} : { removed: JSON.parse(r.removed) as NonNullable<HotlistEntryWire['removed']> }),
  };
}

function claimFromRow(r: ClaimRow): ClaimHolder {
  return { user: { username: r.username, displayName: r.display_name }, workstationId: r.workstation, at: r.claimed_at };
}

function checkpointFromRow(r: CheckpointRow): StoredCheckpoint {
  return {
    workstationId: r.workstation,
    count: r.count,
    headHash: r.head_hash,
    signature: r.signature,
    receivedAt: r.received_at,
    receipt: { hubTime: r.received_at, keyId: r.key_id, mac: r.mac },
  };
}
