import type { Migration } from '../open';

/** Users, hits with their images and hotlist matches, the audit chain and its outbox. */
export const migration0001: Migration = {
  version: 1,
  name: 'initial',
  up(db) {
    db.exec(`
      CREATE TABLE meta (
        key TEXT PRIMARY KEY,
        value TEXT NOT NULL
      );

      CREATE TABLE users (
        id INTEGER PRIMARY KEY,
        username TEXT NOT NULL UNIQUE COLLATE NOCASE,
        display_name TEXT NOT NULL,
        badge TEXT,
        agency TEXT,
        role TEXT NOT NULL CHECK (role IN ('dispatcher', 'supervisor', 'admin', 'auditor')),
        password_hash TEXT NOT NULL,
        training_date TEXT,
        disabled INTEGER NOT NULL DEFAULT 0,
        created_at TEXT NOT NULL
      );

      CREATE TABLE hits (
        id TEXT PRIMARY KEY,
        seq INTEGER NOT NULL,
        hub_key TEXT NOT NULL,
        received_at TEXT NOT NULL,
        stored_at TEXT NOT NULL,
        captured_at TEXT NOT NULL,
        camera_id TEXT NOT NULL,
        camera_name TEXT NOT NULL,
        camera_lat REAL NOT NULL,
        camera_lon REAL NOT NULL,
        direction TEXT NOT NULL,
        read_plate TEXT NOT NULL,
        read_state TEXT NOT NULL,
        read_confidence REAL NOT NULL,
        priority TEXT NOT NULL CHECK (priority IN ('high', 'medium', 'low')),
        priority_rank INTEGER NOT NULL,
        status TEXT NOT NULL DEFAULT 'new',
        opened_by INTEGER REFERENCES users(id),
        opened_at TEXT,
        UNIQUE (hub_key, seq)
      );
      CREATE INDEX hits_queue ON hits (status, priority_rank, captured_at);

      CREATE TABLE hit_images (
        hit_id TEXT NOT NULL REFERENCES hits(id),
        kind TEXT NOT NULL CHECK (kind IN ('plate', 'overview')),
        mime TEXT NOT NULL,
        data BLOB NOT NULL,
        PRIMARY KEY (hit_id, kind)
      );

      -- notes may name people: stored encrypted (AES-256-GCM, key in the data folder).
      CREATE TABLE hit_matches (
        hit_id TEXT NOT NULL REFERENCES hits(id),
        ord INTEGER NOT NULL,
        list TEXT NOT NULL,
        reason TEXT NOT NULL,
        priority TEXT NOT NULL,
        plate TEXT NOT NULL,
        state TEXT NOT NULL,
        vehicle TEXT,
        notes_enc BLOB,
        list_updated_at TEXT NOT NULL,
        PRIMARY KEY (hit_id, ord)
      );

      CREATE TABLE audit_log (
        seq INTEGER PRIMARY KEY,
        id TEXT NOT NULL UNIQUE,
        at TEXT NOT NULL,
        user_id INTEGER,
        username TEXT,
        display_name TEXT,
        badge TEXT,
        agency TEXT,
        workstation_id TEXT NOT NULL,
        ip TEXT,
        action TEXT NOT NULL,
        data TEXT NOT NULL,
        purpose TEXT,
        case_number TEXT,
        outcome TEXT NOT NULL CHECK (outcome IN ('granted', 'refused', 'ok', 'failed')),
        prev_hash TEXT NOT NULL,
        hash TEXT NOT NULL
      );
      CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log
        BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END;
      CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log
        BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END;

      -- Records still to be forwarded to the hub; a row leaves only when the hub acknowledged it.
      CREATE TABLE audit_outbox (
        audit_seq INTEGER PRIMARY KEY REFERENCES audit_log(seq)
      );
    `);
  },
};
