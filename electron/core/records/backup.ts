/**
 * `npm run backup`: a consistent copy of a console's data folder, taken while the console runs.
 * SQLite's online backup copies the database (WAL included) as of one moment; the settings and
 * the key folder come with it, since the database's sealed notes cannot be read without the
 * key. The copy is checked (integrity, the audit chain) before it is reported good.
 */
import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { verifyAudit } from '../audit/verify';

export interface BackupReport {
  dest: string;
  hits: number;
  auditRecords: number;
  bytes: number;
}

/** Copies `dataDir` into `dest` (new or empty); throws with a reason a person can act on. */
export async function backupConsole(dataDir: string, dest: string): Promise<BackupReport> {
  const db = path.join(dataDir, 'console.sqlite');
  if (!fs.existsSync(db)) throw new Error(`no console database in ${dataDir}`);
  if (fs.existsSync(dest) && fs.readdirSync(dest).length > 0) throw new Error(`${dest} is not empty: back up into a new folder`);
  fs.mkdirSync(dest, { recursive: true, mode: 0o700 });
  fs.chmodSync(dest, 0o700);
  const file = path.join(dest, 'console.sqlite');
  const source = new Database(db, { readonly: true, fileMustExist: true });
  try {
    await source.backup(file);
  } finally {
    source.close();
  }
  // One self-contained file, for the console's owner alone: out of WAL mode (reading a WAL
  // database, even read-only, leaves -wal and -shm files beside it; the console that starts
  // on a restored copy sets WAL again).
  fs.chmodSync(file, 0o600);
  const own = new Database(file, { fileMustExist: true });
  try {
    own.pragma('journal_mode = DELETE');
  } finally {
    own.close();
  }
  for (const name of ['settings.json', 'keys']) {
    const from = path.join(dataDir, name);
    if (fs.existsSync(from)) fs.cpSync(from, path.join(dest, name), { recursive: true, preserveTimestamps: true });
  }
  const copy = new Database(file, { readonly: true, fileMustExist: true });
  let hits: number;
  try {
    const integrity = copy.pragma('integrity_check', { simple: true });
    if (integrity !== 'ok') throw new Error(`the copy in ${dest} fails SQLite's integrity check: ${String(integrity)}`);
    hits = copy.prepare('SELECT count(*) FROM hits').pluck().get() as number;
  } finally {
    copy.close();
  }
  const audit = await verifyAudit({ dataDir: dest, workers: 1 });
  if (!audit.ok) throw new Error(`the copy's audit trail does not verify: ${audit.firstBad?.reason ?? audit.problems[0] ?? 'unknown'}`);
  return { dest, hits, auditRecords: audit.records, bytes: fs.statSync(file).size };
}
