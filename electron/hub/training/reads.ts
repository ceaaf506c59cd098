/**
 * Training mode's read history: a million or so plate reads on the training camera sites over
 * the past 30 days, so that plate search (`reads:search`) has something real to search. The
 * reads go into their own SQLite file in the data folder (TRAINING_READS_FILE), written once
 * and kept: a later start finds the file complete and uses it as it is.
 *
 * Written to `<file>.tmp` with journaling off, in one transaction through one prepared
 * statement, indexes built after the rows (a sort instead of a million random b-tree
 * inserts), then renamed into place: a file under the final name is always complete, and an
 * interrupted generation leaves only a .tmp that the next start throws away.
 *
 * Every read is a pure function of the seed: the same seed gives the same history (apart from
 * the times, which are spread over the 30 days before `now`).
 */
import fs from 'node:fs';
import Database from 'better-sqlite3';
import type { Site } from './city';
import { randomPlate } from './hotlist';
import { mulberry32, pick } from './random';
import { reversePlate } from '../reads/pattern';
import { READS_INDEXES_SQL, READS_TABLE_SQL } from '../reads/schema';

export const TRAINING_READS_FILE = 'training-reads.sqlite';
export const DEFAULT_TRAINING_READS = 1_000_000;
/** Bump when the file's layout or content changes: an older file is then generated again. */
export const TRAINING_READS_FORMAT = 2;
const DAY_MS = 86_400_000;
const HISTORY_DAYS = 30;
const ROWS_PER_INSERT = 100;

export interface TrainingReadsSpec {
  file: string;
  count: number;
  seed: number;
  /** Epoch ms; reads fall in the 30 days before it. */
  now: number;
  sites: readonly Pick<Site, 'id'>[];
  /** Plates that must turn up in the history now and then (the training hotlist). */
  listed: readonly { plate: string; state: string }[];
}

export interface TrainingReadsMeta {
  format: number;
  count: number;
  seed: number;
  generatedAt: string;
  ms: number;
}

/** The meta of a complete history file, or null when there is none (or it is unusable). */
export function readTrainingReadsMeta(file: string): TrainingReadsMeta | null {
  if (!fs.existsSync(file)) return null;
  let db: Database.Database | undefined;
  try {
    db = new Database(file, { readonly: true, fileMustExist: true });
    const row = db.prepare<[], { value: string }>("SELECT value FROM meta WHERE key = 'meta'").get();
    return row ? (JSON.parse(row.value) as TrainingReadsMeta) : null;
  } catch {
    return null;
  } finally {
    db?.close();
  }
}

/** Writes the history file (synchronously: run it in a worker). Returns its meta. */
export function generateTrainingReads(spec: TrainingReadsSpec, progress?: (done: number) => void): TrainingReadsMeta {
  const started = performance.now();
  const tmp = `${spec.file}.tmp`;
  fs.rmSync(tmp, { force: true });
  const db = new Database(tmp);
  try {
    db.pragma('journal_mode = OFF');
    db.pragma('synchronous = OFF');
    db.pragma('cache_size = -65536');
    db.exec(READS_TABLE_SQL);
    db.exec('CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL)');

    const rand = mulberry32(spec.seed ^ 0x7ead5);
    // The vehicles that drive past: fewer than reads, because most cars are seen again and
    // again (commuters), a few very often. The listed plates sit among them.
    const population = Math.max(1, Math.min(spec.count, Math.round(spec.count / 6)));
    const plates: string[] = new Array(population);
    const reversed: string[] = new Array(population);
    const states: string[] = new Array(population);
    for (let i = 0; i < population; i++) {
      const p = randomPlate(rand);
      plates[i] = p.plate;
      states[i] = p.state;
    }
    spec.listed.forEach((p, k) => {
      const at = Math.floor(((k + 0.5) / spec.listed.length) * population);
      plates[at] = p.plate;
      states[at] = p.state;
    });
    for (let i = 0; i < population; i++) reversed[i] = reversePlate(plates[i]!);

    // Many rows per statement: binding is cheap, a statement step per row is not.
    const values = '(?, ?, ?, ?, ?, ?, ?, NULL)';
    const insertMany = db.prepare(
      `INSERT INTO reads (id, plate, plate_rev, state, camera_id, captured_at, confidence, hit_id) VALUES ${Array(ROWS_PER_INSERT).fill(values).join(', ')}`,
    );
    const insertOne = db.prepare(`INSERT INTO reads (id, plate, plate_rev, state, camera_id, captured_at, confidence, hit_id) VALUES ${values}`);
    const siteIds = spec.sites.map((s) => s.id);
    const from = spec.now - HISTORY_DAYS * DAY_MS;
    const row = (n: number): unknown[] => {
      // r^2 skews towards the front of the population: some cars pass daily, most rarely.
      const r = rand();
      const v = Math.floor(r * r * population);
      const at = from + Math.floor(rand() * HISTORY_DAYS * DAY_MS);
      const confidence = Math.round((0.6 + rand() * 0.39) * 100) / 100;
      return [n, plates[v], reversed[v], states[v], pick(rand, siteIds), at, confidence];
    };
    db.transaction(() => {
      const batch: unknown[] = [];
      let n = 1;
      for (; n + ROWS_PER_INSERT - 1 <= spec.count; n += ROWS_PER_INSERT) {
        batch.length = 0;
        for (let k = 0; k < ROWS_PER_INSERT; k++) batch.push(...row(n + k));
        insertMany.run(batch);
        if (progress && (n - 1) % 100_000 === 0 && n > 1) progress(n - 1);
      }
      for (; n <= spec.count; n++) insertOne.run(row(n));
    })();
    db.exec(READS_INDEXES_SQL);
    const meta: TrainingReadsMeta = {
      format: TRAINING_READS_FORMAT,
      count: spec.count,
      seed: spec.seed,
      generatedAt: new Date().toISOString(),
      ms: Math.round(performance.now() - started),
    };
    db.prepare("INSERT INTO meta (key, value) VALUES ('meta', ?)").run(JSON.stringify(meta));
    db.close();
    fs.renameSync(tmp, spec.file);
    return meta;
  } catch (err) {
    if (db.open) db.close();
    fs.rmSync(tmp, { force: true });
    throw err;
  }
}
