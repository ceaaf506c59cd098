/**
 * A read-history file beside the hub database: in training mode, the synthetic reads of
 * ../training/reads.ts. A complete file is opened read-only at once; otherwise it is written
 * by a worker thread while the hub already serves (the hub prints `hub ready` without waiting),
 * and until it is done `reads:search` answers "read history still loading".
 */
import path from 'node:path';
import { Worker } from 'node:worker_threads';
import Database from 'better-sqlite3';
import {
  readTrainingReadsMeta,
  TRAINING_READS_FILE,
  TRAINING_READS_FORMAT,
  type TrainingReadsSpec,
} from '../training/reads';
import { sqliteReadSource, type ReadSource } from './source';

export type HistoryStatus =
  | { state: 'loading'; done: number; count: number }
  | { state: 'ready'; count: number }
  | { state: 'failed'; error: string };

export interface ReadHistory {
  status(): HistoryStatus;
  /** Set once the history is ready. */
  source(): ReadSource | null;
  /** Settles when the history is ready or has failed. */
  settled: Promise<void>;
  close(): Promise<void>;
}

export function openTrainingHistory(opts: {
  dataDir: string;
  count: number;
  seed: number;
  sites: TrainingReadsSpec['sites'];
  listed: TrainingReadsSpec['listed'];
  log: (line: string) => void;
}): ReadHistory {
  const file = path.join(opts.dataDir, TRAINING_READS_FILE);
  let status: HistoryStatus = { state: 'loading', done: 0, count: opts.count };
  let db: Database.Database | null = null;
  let source: ReadSource | null = null;
  let worker: Worker | null = null;
  let closed = false;

  const open = () => {
    db = new Database(file, { readonly: true, fileMustExist: true });
    source = sqliteReadSource(db);
    status = { state: 'ready', count: opts.count };
  };
  const fail = (error: string) => {
    status = { state: 'failed', error };
    opts.log(`hub: training read history unavailable: ${error}`);
  };

  const meta = readTrainingReadsMeta(file);
  let settled: Promise<void>;
  if (meta && meta.format === TRAINING_READS_FORMAT && meta.count === opts.count && meta.seed === opts.seed) {
    open();
    settled = Promise.resolve();
  } else {
    const started = Date.now();
    const spec: TrainingReadsSpec = {
      file,
      count: opts.count,
      seed: opts.seed,
      now: Date.now(),
      sites: opts.sites.map((s) => ({ id: s.id })),
      listed: opts.listed.map((p) => ({ plate: p.plate, state: p.state })),
    };
    opts.log(`hub: writing ${opts.count} training reads to ${file} in the background`);
    settled = new Promise<void>((resolve) => {
      worker = startWorker(spec);
      worker.on('message', (m: { type: 'progress'; done: number } | { type: 'done' }) => {
        if (m.type === 'progress') status = { state: 'loading', done: m.done, count: opts.count };
        else {
          try {
            open();
            opts.log(`hub: training read history ready (${opts.count} reads in ${Date.now() - started} ms)`);
          } catch (err) {
            fail((err as Error).message);
          }
        }
      });
      worker.on('error', (err) => fail(err.message));
      worker.on('exit', (code) => {
        worker = null;
        if (status.state === 'loading') fail(closed ? 'the hub closed while it was written' : `the writer stopped (exit code ${code})`);
        resolve();
      });
    });
  }

  return {
    status: () => status,
    source: () => source,
    settled,
    async close() {
      closed = true;
      const w = worker as Worker | null;
      if (w) await w.terminate();
      const d = db as Database.Database | null;
      if (d?.open) d.close();
    },
  };
}

/**
 * The worker runs reads-worker.(ts|js) beside reads.ts. It is started from a one-line script
 * that requires it, so it loads through the ordinary module loader (compiled .js, or .ts
 * through tsx's require hook during development), which a file path given to Worker would not.
 */
function startWorker(spec: TrainingReadsSpec): Worker {
  const ext = path.extname(__filename);
  const entry = path.join(__dirname, '..', 'training', `reads-worker${ext}`);
  const tsx = ext === '.ts' ? require.resolve('tsx/cjs') : null;
  const script = `
    const { workerData } = require('node:worker_threads');
    if (workerData.tsx) require(workerData.tsx);
    require(workerData.entry);
  `;
  return new Worker(script, { eval: true, workerData: { spec, entry, tsx } });
}
