import type { Migration } from '../../core/db/open';

/**
 * Claims and the hit timeline, audit checkpoints, officers' hotlist entries, and the reads the
 * hub holds for plate search. Existing hits are carried over: each hit's read goes into
 * `reads`, its camera into `cameras`, and its matches into the hotlist (source 'intake'), as
 * intake does for new hits from now on.
 *
 * Portable SQL as in 0001, with one SQLite habit: `reads.id INTEGER PRIMARY KEY` is the rowid
 * (no counter needed: read ids may have gaps); on PostgreSQL it would be a BIGINT identity.
 */
export const migration0002: Migration = {
  version: 2,
  name: '0002-workflow',
  up(db) {
    db.exec(`
      INSERT INTO counters (name, value) VALUES ('event_ord', 0), ('search_ord', 0);

      -- One console per hit: the primary key makes a race for the same hit have one winner.
      CREATE TABLE hit_claims (
        hit_id        TEXT PRIMARY KEY,
        workstation   TEXT NOT NULL,
        username      TEXT NOT NULL,
        display_name  TEXT NOT NULL,
        claimed_at    TEXT NOT NULL
      );

      -- Open connections per workstation, for releasing the claims of consoles gone too long.
      CREATE TABLE console_links (
        workstation TEXT PRIMARY KEY,
        sockets     INTEGER NOT NULL,
        changed_at  TEXT NOT NULL
      );

      CREATE TABLE hit_events (
        ord           BIGINT PRIMARY KEY,
        hit_id        TEXT NOT NULL,
        step          TEXT NOT NULL,
        outcome       TEXT,
        detail        TEXT,
        username      TEXT NOT NULL,
        display_name  TEXT NOT NULL,
        workstation   TEXT NOT NULL,
        at            TEXT NOT NULL,
        received_at   TEXT NOT NULL,
        previous      TEXT
      );
      CREATE INDEX hit_events_by_hit ON hit_events (hit_id, ord);
      -- A report sent again (its ack was lost) is kept once.
      CREATE UNIQUE INDEX hit_events_once ON hit_events (hit_id, step, workstation, at);

      CREATE TABLE audit_checkpoints (
        workstation  TEXT NOT NULL,
        count        BIGINT NOT NULL,
        head_hash    TEXT NOT NULL,
        signature    TEXT NOT NULL,
        received_at  TEXT NOT NULL,
        key_id       TEXT NOT NULL,
        mac          TEXT NOT NULL,
        PRIMARY KEY (workstation, count)
      );

      ALTER TABLE hotlist_entries ADD COLUMN expires_at TEXT;
      ALTER TABLE hotlist_entries ADD COLUMN case_number TEXT;
      ALTER TABLE hotlist_entries ADD COLUMN entered_by TEXT;
      ALTER TABLE hotlist_entries ADD COLUMN is_pattern INTEGER NOT NULL DEFAULT 0;

      CREATE TABLE cameras (
        id        TEXT PRIMARY KEY,
        name      TEXT NOT NULL,
        lat       REAL NOT NULL,
        lon       REAL NOT NULL,
        direction TEXT NOT NULL
      );

      -- Same columns and indexes as reads/schema.ts (the training history file).
      CREATE TABLE reads (
        id          INTEGER PRIMARY KEY,
        plate       TEXT NOT NULL,
        plate_rev   TEXT NOT NULL,
        state       TEXT NOT NULL,
        camera_id   TEXT NOT NULL,
        captured_at BIGINT NOT NULL,
        confidence  REAL NOT NULL,
        hit_id      TEXT
      );
      CREATE INDEX reads_by_plate ON reads (plate, captured_at, state, camera_id, confidence, hit_id);
      CREATE INDEX reads_by_plate_rev ON reads (plate_rev, captured_at, plate, state, camera_id, confidence, hit_id);
      CREATE INDEX reads_by_hit ON reads (hit_id);

      CREATE TABLE read_searches (
        ord           BIGINT PRIMARY KEY,
        workstation   TEXT NOT NULL,
        username      TEXT NOT NULL,
        display_name  TEXT NOT NULL,
        pattern       TEXT NOT NULL,
        state         TEXT,
        purpose       TEXT NOT NULL,
        case_number   TEXT NOT NULL,
        searched_at   TEXT NOT NULL,
        total         BIGINT,
        outcome       TEXT NOT NULL
      );
    `);

    const insertRead = db.prepare(
      `INSERT INTO reads (plate, plate_rev, state, camera_id, captured_at, confidence, hit_id)
       VALUES (?, ?, ?, ?, ?, ?, ?)`,
    );
    const upsertCamera = db.prepare(
      `INSERT INTO cameras (id, name, lat, lon, direction) VALUES (?, ?, ?, ?, ?)
       ON CONFLICT (id) DO UPDATE SET name = excluded.name, lat = excluded.lat, lon = excluded.lon,
         direction = excluded.direction`,
    );
    const insertMatch = db.prepare(
      `INSERT INTO hotlist_entries
         (id, source, list, reason, priority, plate, state, vehicle, notes, list_updated_at, cleared)
       SELECT ?, 'intake', ?, ?, ?, ?, ?, ?, ?, ?, 0
       WHERE NOT EXISTS (SELECT 1 FROM hotlist_entries WHERE plate = ? AND state = ? AND list = ?)`,
    );
    interface OldHit {
      capturedAt: string;
      camera: { id: string; name: string; lat: number; lon: number; direction: string };
      read: { plate: string; state: string; confidence: number };
      matches: {
        list: string;
        reason: string;
        priority: string;
        plate: string;
        state: string;
        vehicle?: string;
        notes?: string;
        listUpdatedAt: string;
      }[];
    }
    // Paged: better-sqlite3 allows no other statement while an iterator is open.
    const page = db.prepare<[number], { seq: number; id: string; hit: string }>(
      'SELECT seq, id, hit FROM hits WHERE seq > ? ORDER BY seq LIMIT 1000',
    );
    for (let rows = page.all(0); rows.length > 0; rows = page.all(rows[rows.length - 1]!.seq)) {
      for (const row of rows) carryOver(row);
    }
    function carryOver(row: { id: string; hit: string }): void {
      const hit = JSON.parse(row.hit) as OldHit;
      const { camera: c, read: r } = hit;
      insertRead.run(r.plate, [...r.plate].reverse().join(''), r.state, c.id, Date.parse(hit.capturedAt), r.confidence, row.id);
      upsertCamera.run(c.id, c.name, c.lat, c.lon, c.direction);
      for (const m of hit.matches) {
        const id = `INT-${m.list}|${m.plate}|${m.state}`;
        insertMatch.run(id, m.list, m.reason, m.priority, m.plate, m.state, m.vehicle ?? null, m.notes ?? null, m.listUpdatedAt, m.plate, m.state, m.list);
      }
    }
  },
};
