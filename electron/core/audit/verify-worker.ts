/** One share of a chain check, on its own core: opens the file read-only and checks a range. */
import { parentPort, workerData } from 'node:worker_threads';
import { openDatabase } from '../db/open';
import { consoleMigrations } from '../db/migrations';
import { checkRange } from './chain-check';

const { file, from, to } = workerData as { file: string; from: number; to: number };
const db = openDatabase(file, { migrations: consoleMigrations, readonly: true });
try {
  parentPort!.postMessage(checkRange(db, from, to));
} finally {
  db.close();
}
