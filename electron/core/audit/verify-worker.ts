/**
 * One thread of a chain check: opens the file read-only and checks chunks of records,
 * claiming each from the counter it shares with the other threads, until none are left.
 * Imports only the checker, so that it starts fast.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { checkClaimedChunks, openForCheck } from './chain-check';

const { file, counter, maxSeq, chunk } = workerData as { file: string; counter: SharedArrayBuffer; maxSeq: number; chunk: number };
const db = openForCheck(file);
try {
  parentPort!.postMessage(checkClaimedChunks(db, new Int32Array(counter), maxSeq, chunk));
} finally {
  db.close();
}
