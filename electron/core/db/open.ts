/**
 * Opening a SQLite file the way every store of this project needs it: WAL, synchronous=FULL
 * (a commit is on disk before we acknowledge anything upstream), foreign keys, and numbered
 * migrations applied in one transaction each, tracked in `user_version`.
 */
import Database from 'better-sqlite3';
import fs from 'node:fs';
import path from 'node:path';

export type DB = Database.Database;

export interface Migration {
  /** 1, 2, 3 ... in order, no gaps. Never edit a migration that has shipped: add a new one. */
  version: number;
  name: string;
  up(db: DB): void;
}

export class DBVersionFromFutureError extends Error {
  constructor(
    readonly file: string,
    readonly found: number,
    readonly known: number,
  ) {
    super(
      `The database ${file} was written by a newer version of this program (schema ${found}, ` +
        `this version knows up to ${known}). Install the newer version; the file was left untouched.`,
    );
    this.name = 'DBVersionFromFutureError';
  }
}

export class DBCorruptError extends Error {
  constructor(
    readonly file: string,
    readonly detail: string,
  ) {
    super(
      `The database ${file} is damaged (${detail}). It was left in place, unchanged, for investigation; ` +
        'the console will not start over on its own. Restore it from a backup, or move it aside to start with an empty one.',
    );
    this.name = 'DBCorruptError';
  }
}

export function checkMigrationOrder(migrations: readonly Migration[]): void {
  migrations.forEach((m, i) => {
    if (m.version !== i + 1) {
      throw new Error(`migration ${m.name} has version ${m.version}, expected ${i + 1}`);
    }
  });
}

export function migrate(db: DB, migrations: readonly Migration[], file = db.name): number {
  checkMigrationOrder(migrations);
  const current = db.pragma('user_version', { simple: true }) as number;
  if (current > migrations.length) throw new DBVersionFromFutureError(file, current, migrations.length);
  for (const m of migrations.slice(current)) {
    db.transaction(() => {
      m.up(db);
      db.pragma(`user_version = ${m.version}`);
    }).immediate();
  }
  return migrations.length;
}

export interface OpenOptions {
  migrations: readonly Migration[];
  readonly?: boolean;
}

/** Files up to this size get a full `PRAGMA quick_check` when opened for writing. */
export const QUICK_CHECK_MAX_BYTES = 256 * 1024 * 1024;

/**
 * Cheap checks of the file as it lies on disk, before SQLite touches it: a header that is not
 * SQLite's, and a file shorter than its header says (cut off). Only while no write-ahead log
 * holds committed pages (then the file may legitimately lag behind; quick_check covers it).
 */
function fileShapeProblem(file: string): string | null {
  let size: number;
  try {
    size = fs.statSync(file).size;
  } catch {
    return null; // a new file
  }
  if (size === 0) return null;
  let walSize = 0;
  try {
    walSize = fs.statSync(`${file}-wal`).size;
  } catch {
    // no WAL
  }
  const header = Buffer.alloc(100);
  const fd = fs.openSync(file, 'r');
  try {
    fs.readSync(fd, header, 0, 100, 0);
  } finally {
    fs.closeSync(fd);
  }
  if (size < 100 || header.subarray(0, 16).toString('latin1') !== 'SQLite format 3\u0000') {
    return 'the file does not start with a SQLite header';
  }
  const rawPageSize = header.readUInt16BE(16);
  const pageSize = rawPageSize === 1 ? 65536 : rawPageSize;
  if (pageSize < 512 || (pageSize & (pageSize - 1)) !== 0) return `the header names an impossible page size (${rawPageSize})`;
  if (walSize > 0) return null;
  const pages = header.readUInt32BE(28);
  const valid = header.readUInt32BE(92) === header.readUInt32BE(24);
  if (valid && pages > 0 && size < pages * pageSize) {
    return `the file is cut off: ${size} bytes where its header says ${pages} pages of ${pageSize} bytes`;
  }
  return null;
}

export function openDatabase(file: string, { migrations, readonly = false }: OpenOptions): DB {
  if (file !== ':memory:') fs.mkdirSync(path.dirname(file), { recursive: true });
  const shape = file === ':memory:' ? null : fileShapeProblem(file);
  if (shape) throw new DBCorruptError(file, shape);
  let db: DB;
  try {
    db = new Database(file, { readonly, fileMustExist: readonly });
  } catch (err) {
    throw wrapOpenError(file, err);
  }
  try {
    // Read before writing anything: a damaged file or one from a newer version must be left
    // exactly as it was found (switching to WAL already rewrites the header).
    db.prepare('SELECT count(*) FROM sqlite_master').get();
    if (!readonly && file !== ':memory:' && fs.statSync(file).size <= QUICK_CHECK_MAX_BYTES) {
      // Damage anywhere in the file, found now rather than when a dispatcher opens a hit.
      const problems = (db.pragma('quick_check(5)') as { quick_check: string }[]).map((r) => r.quick_check).filter((p) => p !== 'ok');
      if (problems.length) throw new DBCorruptError(file, problems.join('; '));
    }
    const found = db.pragma('user_version', { simple: true }) as number;
    if (found > migrations.length) throw new DBVersionFromFutureError(file, found, migrations.length);
    db.pragma('busy_timeout = 5000');
    if (!readonly) {
      db.pragma('journal_mode = WAL');
      db.pragma('synchronous = FULL');
    }
    db.pragma('foreign_keys = ON');
    if (!readonly) migrate(db, migrations, file);
    return db;
  } catch (err) {
    db.close();
    throw wrapOpenError(file, err);
  }
}

function wrapOpenError(file: string, err: unknown): Error {
  if (err instanceof DBVersionFromFutureError) return err;
  const code = (err as { code?: string }).code ?? '';
  if (code.startsWith('SQLITE_CORRUPT') || code === 'SQLITE_NOTADB') {
    return new DBCorruptError(file, (err as Error).message);
  }
  return err instanceof Error ? err : new Error(String(err));
}

/** Full integrity check; returns the problems found (empty when the file is sound). */
export function integrityProblems(db: DB): string[] {
  const rows = db.pragma('integrity_check') as { integrity_check: string }[];
  return rows.map((r) => r.integrity_check).filter((s) => s !== 'ok');
}

/** SQLite result codes that mean "no room to write" (disk or quota full, or an I/O error writing). */
const STORAGE_FULL_CODES = new Set(['SQLITE_FULL', 'SQLITE_IOERR_WRITE', 'SQLITE_IOERR_SHMSIZE', 'SQLITE_IOERR_FSYNC']);

/** True when `err` says the database could not be written because the disk (or its limit) is full. */
export function isStorageFull(err: unknown): boolean {
  const code = (err as { code?: unknown } | null)?.code;
  if (typeof code === 'string' && STORAGE_FULL_CODES.has(code)) return true;
  const message = err instanceof Error ? err.message : '';
  return /database or disk is full|no space left on device|ENOSPC/i.test(message);
}

/** The one wording the console uses for a full disk, in the hub state, the banner and refusals. */
export const DISK_FULL_MESSAGE = 'disk full: hits are held at the hub';

/**
 * Writes and removes about `bytes` of data in one committed transaction: succeeds only when
 * the file (and its WAL) can grow by that much. Used to find out whether space came back.
 */
export function probeWritable(db: DB, bytes = 1024 * 1024): void {
  db.transaction(() => {
    db.prepare(
      `INSERT INTO meta (key, value) VALUES ('storage-probe', ?)
       ON CONFLICT (key) DO UPDATE SET value = excluded.value`,
    ).run('x'.repeat(bytes));
    db.prepare("DELETE FROM meta WHERE key = 'storage-probe'").run();
  })();
}
