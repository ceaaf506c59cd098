import type { Migration } from '../open';

/**
 * The verification workflow: each hit's steps (hit_events, the timeline the shift log reads),
 * its claim, CLETS query and return, misread and disposition. The camera's read is never
 * changed (a misread's corrected characters sit beside it) and a hit gets one disposition only.
 */
export const migration0003: Migration = {
  version: 3,
  name: 'hit-workflow',
  up(db) {
    db.exec(`
      ALTER TABLE hits ADD COLUMN workflow_order TEXT CHECK (workflow_order IN ('claremont', 'clets-first'));
      ALTER TABLE hits ADD COLUMN last_step_at TEXT;
      ALTER TABLE hits ADD COLUMN claim_workstation TEXT;
      ALTER TABLE hits ADD COLUMN claim_username TEXT;
      ALTER TABLE hits ADD COLUMN claim_display_name TEXT;
      ALTER TABLE hits ADD COLUMN claim_at TEXT;
      -- 0 while this console works the hit without the hub having granted the claim (offline).
      ALTER TABLE hits ADD COLUMN claim_confirmed INTEGER NOT NULL DEFAULT 0;
      ALTER TABLE hits ADD COLUMN misread_reason TEXT;
      ALTER TABLE hits ADD COLUMN misread_note TEXT;
      ALTER TABLE hits ADD COLUMN corrected_plate TEXT;
      ALTER TABLE hits ADD COLUMN corrected_state TEXT;
      ALTER TABLE hits ADD COLUMN clets_message TEXT;
      ALTER TABLE hits ADD COLUMN clets_via TEXT CHECK (clets_via IN ('hub', 'manual'));
      ALTER TABLE hits ADD COLUMN clets_sent_at TEXT;
      ALTER TABLE hits ADD COLUMN clets_status TEXT CHECK (clets_status IN ('active', 'cleared', 'no-record'));
      -- The return echoes the record's notes, which can name people: encrypted like hotlist notes.
      ALTER TABLE hits ADD COLUMN clets_response_enc BLOB;
      ALTER TABLE hits ADD COLUMN clets_received_at TEXT;
      ALTER TABLE hits ADD COLUMN disposition TEXT;
      ALTER TABLE hits ADD COLUMN disposition_notes TEXT;
      ALTER TABLE hits ADD COLUMN disposition_units TEXT;
      ALTER TABLE hits ADD COLUMN ended_at TEXT;
      ALTER TABLE hits ADD COLUMN escalation_level INTEGER NOT NULL DEFAULT 0;

      CREATE INDEX hits_open ON hits (priority_rank, captured_at, seq) WHERE ended_at IS NULL;

      CREATE TRIGGER hits_read_kept BEFORE UPDATE OF read_plate, read_state, read_confidence ON hits
        BEGIN SELECT RAISE(ABORT, 'the camera read is never changed; a correction is stored beside it'); END;
      CREATE TRIGGER hits_one_disposition BEFORE UPDATE OF disposition ON hits
        WHEN OLD.disposition IS NOT NULL
        BEGIN SELECT RAISE(ABORT, 'a hit has exactly one disposition'); END;

      -- Steps of this console (source 'local', reported upstream) and of others (source 'hub').
      -- No foreign key to hits: another console's step can arrive before the hit itself.
      CREATE TABLE hit_events (
        id INTEGER PRIMARY KEY,
        hit_id TEXT NOT NULL,
        step TEXT NOT NULL,
        outcome TEXT,
        detail TEXT,
        at TEXT NOT NULL,
        username TEXT NOT NULL,
        display_name TEXT NOT NULL,
        workstation_id TEXT NOT NULL,
        previous TEXT,
        source TEXT NOT NULL CHECK (source IN ('local', 'hub')),
        audit_id TEXT,
        report TEXT CHECK (report IN ('pending', 'sent', 'refused')),
        report_error TEXT,
        UNIQUE (hit_id, step, workstation_id, at)
      );
      CREATE INDEX hit_events_by_hit ON hit_events (hit_id, id);
      CREATE INDEX hit_events_unreported ON hit_events (id) WHERE report = 'pending';
    `);
  },
};
