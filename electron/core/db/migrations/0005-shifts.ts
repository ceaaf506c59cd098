import type { Migration } from '../open';

/**
 * Shift definitions, and `shift_hits`: one row per hit with the time of each workflow step as
 * milliseconds since the epoch, so the shift log reads one indexed table instead of folding
 * hit_events for 100,000 hits on every view. Triggers keep it in step with the tables the hit
 * intake and the workflow write (hits, hit_matches, hit_events); nothing else writes it.
 *
 * Times become numbers here because the stored ISO strings may carry any UTC offset (the hub
 * accepts `+02:00` as well as `Z`), so comparing them as text would misplace hits.
 * A hit's dispatcher is whoever made its plate check (or, before that, opened it).
 * No notes and no CLETS text are copied: what names people stays encrypted where it is.
 */
const MS = (iso: string) => `CAST(round((julianday(${iso}) - 2440587.5) * 86400000) AS INTEGER)`;

/** Recomputes the step columns of one hit from its whole timeline (a hit whose steps arrived first; the backfill). */
const refold = (id: string) => {
  const first = (step: string) =>
    `(SELECT min(${MS('e.at')}) FROM hit_events e WHERE e.hit_id = ${id} AND e.step = '${step}')`;
  const firstOf = (step: string, col: string) =>
    `(SELECT e.${col} FROM hit_events e WHERE e.hit_id = ${id} AND e.step = '${step}' ORDER BY ${MS('e.at')}, e.id LIMIT 1)`;
  return `
    UPDATE shift_hits SET
      opened_ms = ${first('opened')},
      plate_check_ms = ${first('plate-check')},
      plate_check = ${firstOf('plate-check', 'outcome')},
      broadcast_ms = ${first('broadcast')},
      clets_sent_ms = ${first('clets-sent')},
      clets_result_ms = ${first('clets-result')},
      results_broadcast_ms = ${first('results-broadcast')},
      disposed_ms = ${first('disposed')},
      dispatcher = coalesce(${firstOf('plate-check', 'username')}, ${firstOf('opened', 'username')}),
      dispatcher_name = coalesce(${firstOf('plate-check', 'display_name')}, ${firstOf('opened', 'display_name')})
    WHERE hit_id = ${id} AND EXISTS (SELECT 1 FROM hit_events e WHERE e.hit_id = ${id});`;
};

/**
 * One new step of a hit: only its own column moves (to the earliest time seen), so a step costs
 * one row update however long the timeline. SET expressions read the row as it was.
 */
const stepUpdate = (() => {
  const at = MS('NEW.at');
  const earlier = (col: string) => `(${col} IS NULL OR ${at} < ${col})`;
  const col = (step: string, name: string) =>
    `${name} = CASE WHEN NEW.step = '${step}' AND ${earlier(name)} THEN ${at} ELSE ${name} END`;
  const firstCheck = `NEW.step = 'plate-check' AND ${earlier('plate_check_ms')}`;
  const firstOpenBeforeCheck = `NEW.step = 'opened' AND plate_check_ms IS NULL AND ${earlier('opened_ms')}`;
  return `
    UPDATE shift_hits SET
      ${col('opened', 'opened_ms')},
      ${col('plate-check', 'plate_check_ms')},
      plate_check = CASE WHEN ${firstCheck} THEN NEW.outcome ELSE plate_check END,
      ${col('broadcast', 'broadcast_ms')},
      ${col('clets-sent', 'clets_sent_ms')},
      ${col('clets-result', 'clets_result_ms')},
      ${col('results-broadcast', 'results_broadcast_ms')},
      ${col('disposed', 'disposed_ms')},
      dispatcher = CASE WHEN ${firstCheck} OR ${firstOpenBeforeCheck} THEN NEW.username ELSE dispatcher END,
      dispatcher_name = CASE WHEN ${firstCheck} OR ${firstOpenBeforeCheck} THEN NEW.display_name ELSE dispatcher_name END
    WHERE hit_id = NEW.hit_id;`;
})();

export const migration0005: Migration = {
  version: 5,
  name: 'shifts',
  up(db) {
    db.exec(`
      -- Times of day in the console's local time; a shift whose end is not after its start
      -- crosses midnight (Nights 18:00-06:00 ends the next morning).
      CREATE TABLE shifts (
        id INTEGER PRIMARY KEY,
        name TEXT NOT NULL UNIQUE COLLATE NOCASE,
        start_time TEXT NOT NULL CHECK (start_time GLOB '[0-2][0-9]:[0-5][0-9]'),
        end_time TEXT NOT NULL CHECK (end_time GLOB '[0-2][0-9]:[0-5][0-9]'),
        ord INTEGER NOT NULL
      );
      INSERT INTO shifts (name, start_time, end_time, ord) VALUES ('Days', '06:00', '18:00', 0), ('Nights', '18:00', '06:00', 1);

      CREATE TABLE shift_hits (
        hit_id TEXT PRIMARY KEY,
        read_ms INTEGER NOT NULL,
        received_ms INTEGER NOT NULL,
        stored_ms INTEGER NOT NULL,
        camera_id TEXT NOT NULL,
        camera_name TEXT NOT NULL,
        list TEXT,
        priority TEXT NOT NULL,
        status TEXT NOT NULL,
        disposition TEXT,
        opened_ms INTEGER,
        plate_check_ms INTEGER,
        plate_check TEXT,
        broadcast_ms INTEGER,
        clets_sent_ms INTEGER,
        clets_result_ms INTEGER,
        clets_status TEXT,
        results_broadcast_ms INTEGER,
        disposed_ms INTEGER,
        dispatcher TEXT,
        dispatcher_name TEXT
      ) WITHOUT ROWID;
      CREATE INDEX shift_hits_by_read ON shift_hits (read_ms, hit_id);
      CREATE INDEX shift_hits_by_camera ON shift_hits (camera_id, read_ms);
      CREATE INDEX shift_hits_by_dispatcher ON shift_hits (dispatcher, read_ms);

      CREATE TRIGGER shift_hits_insert AFTER INSERT ON hits BEGIN
        INSERT OR REPLACE INTO shift_hits (hit_id, read_ms, received_ms, stored_ms, camera_id, camera_name, list,
          priority, status, disposition, clets_status)
        VALUES (NEW.id, ${MS('NEW.captured_at')}, ${MS('NEW.received_at')}, ${MS('NEW.stored_at')}, NEW.camera_id,
          NEW.camera_name, (SELECT list FROM hit_matches WHERE hit_id = NEW.id AND ord = 0), NEW.priority, NEW.status,
          NEW.disposition, NEW.clets_status);
        ${refold('NEW.id')}
      END;
      CREATE TRIGGER shift_hits_state AFTER UPDATE OF status, disposition, clets_status ON hits BEGIN
        UPDATE shift_hits SET status = NEW.status, disposition = NEW.disposition, clets_status = NEW.clets_status
        WHERE hit_id = NEW.id;
      END;
      CREATE TRIGGER shift_hits_delete AFTER DELETE ON hits BEGIN
        DELETE FROM shift_hits WHERE hit_id = OLD.id;
      END;
      CREATE TRIGGER shift_hits_list AFTER INSERT ON hit_matches WHEN NEW.ord = 0 BEGIN
        UPDATE shift_hits SET list = NEW.list WHERE hit_id = NEW.hit_id;
      END;
      CREATE TRIGGER shift_hits_step AFTER INSERT ON hit_events
        WHEN NEW.step IN ('opened', 'plate-check', 'broadcast', 'clets-sent', 'clets-result', 'results-broadcast', 'disposed')
      BEGIN
        ${stepUpdate}
      END;

      INSERT INTO shift_hits (hit_id, read_ms, received_ms, stored_ms, camera_id, camera_name, list, priority, status,
        disposition, clets_status)
      SELECT h.id, ${MS('h.captured_at')}, ${MS('h.received_at')}, ${MS('h.stored_at')}, h.camera_id, h.camera_name,
        m.list, h.priority, h.status, h.disposition, h.clets_status
      FROM hits h LEFT JOIN hit_matches m ON m.hit_id = h.id AND m.ord = 0;
    `);
    const fold = db.prepare(refold('@id'));
    for (const { id } of db.prepare('SELECT DISTINCT hit_id AS id FROM hit_events').all() as { id: string }[]) fold.run({ id });
  },
};
