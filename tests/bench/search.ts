/**
 * `search_partial_p99_ms`: a `reads:search` round trip (raw socket.io client -> hub -> ack)
 * over 1,000,000 reads, for a mix of partial plates with leading, inner and trailing
 * wildcards (`*123`, `7A?C12?`, `7AB*`, each made from a plate that is in the reads).
 * Baseline (issue 6): a full scan of the same table. The same partial patterns, for the first
 * `scanRounds` plates, answered by scanning every row of the same `reads` table (the same
 * history file, opened read-only beside the hub) with `NOT INDEXED`: `plate GLOB ?`, the newest
 * READ_SEARCH_MAX_RESULTS with the count of all matches in the same pass (what a search answers).
 * The baseline runs in this process on its own connection, without the socket.io round trip and
 * the search's log record, so it is, if anything, flattered. Same table, same machine, same run.
 * The exact-plate round trip is still measured and logged (not the baseline).
 * The reads are the training history (written once per run into a temporary folder).
 */
import Database from 'better-sqlite3';
import path from 'node:path';
import { io } from 'socket.io-client';
import { HUB_NAMESPACE, HUB_PROTOCOL_VERSION, READ_SEARCH_MAX_RESULTS } from '../../electron/contract/hub';
import { startHub } from '../../electron/hub/server';
import { mulberry32 } from '../../electron/hub/training/random';
import { TRAINING_READS_FILE } from '../../electron/hub/training/reads';
import { tempDir } from '../helpers/tmp';
import { line, percentile, type BenchLine } from './stats';

export interface SearchBenchOptions {
  /** Reads in the history (default 1,000,000). */
  reads?: number;
  /** Rounds of one exact and three partial searches (default 150). */
  rounds?: number;
  /** Plates whose three partial patterns are also answered by a full scan (default 10). */
  scanRounds?: number;
  log?: (text: string) => void;
}

/** The three partial shapes of one plate: leading, inner (with trailing ?) and trailing wildcards. */
export function partialPatterns(plate: string): string[] {
  return [`*${plate.slice(-3)}`, `${plate.slice(0, 2)}?${plate.slice(3, -1)}?`, `${plate.slice(0, 3)}*`];
}

export async function benchSearch(opts: SearchBenchOptions = {}): Promise<BenchLine[]> {
  const reads = opts.reads ?? 1_000_000;
  const rounds = opts.rounds ?? 150;
  const scanRounds = Math.min(rounds, opts.scanRounds ?? 10);
  const log = opts.log ?? (() => {});
  const dataDir = tempDir('alpr-bench-search-');
  const token = 'bench';
  const hub = await startHub({
    port: 0,
    dataDir,
    tokens: new Map([['bench-ws', token]]),
    training: { ratePerMinute: 0.1, reads, seed: 42 },
  });
  const socket = io(hub.url + HUB_NAMESPACE, {
    auth: { protocol: HUB_PROTOCOL_VERSION, workstationId: 'bench-ws', token, lastSeq: 1_000_000 },
    transports: ['websocket'],
    reconnection: false,
    forceNew: true,
  });
  let db: Database.Database | null = null;
  try {
    const started = performance.now();
    await hub.readsSettled;
    log(`search bench: ${reads} reads written in ${Math.round(performance.now() - started)} ms`);
    if (!socket.connected) {
      await new Promise<void>((resolve, reject) => {
        socket.once('connect', () => resolve());
        socket.once('connect_error', reject);
      });
    }

    // Plates that are in the reads, picked at random.
    db = new Database(path.join(dataDir, TRAINING_READS_FILE), { readonly: true });
    const rand = mulberry32(7);
    const byId = db.prepare<[number], { plate: string }>('SELECT plate FROM reads WHERE id = ?');
    const plates = Array.from({ length: rounds }, () => byId.get(1 + Math.floor(rand() * reads))!.plate);

    const totals = new Map<string, number>();
    const search = async (pattern: string): Promise<number> => {
      const t0 = performance.now();
      const ack = await socket.emitWithAck('reads:search', {
        pattern,
        purpose: 'Benchmark',
        caseNumber: 'BENCH-1',
        user: { username: 'bench', displayName: 'Bench' },
      });
      const ms = performance.now() - t0;
      if (!ack.ok) throw new Error(`search ${pattern} refused: ${ack.error}`);
      totals.set(pattern, ack.total);
      return ms;
    };
    for (const plate of plates.slice(0, 10)) for (const p of [plate, ...partialPatterns(plate)]) await search(p);

    const exact: number[] = [];
    const partial: number[] = [];
    const byShape: number[][] = [[], [], []];
    for (const plate of plates) {
      exact.push(await search(plate));
      for (const [i, p] of partialPatterns(plate).entries()) {
        const ms = await search(p);
        partial.push(ms);
        byShape[i]!.push(ms);
      }
    }
    const shapes = ['*123', '7A?C12?', '7AB*'];
    log(
      `search bench: p50/p99 ms exact ${percentile(exact, 50).toFixed(2)}/${percentile(exact, 99).toFixed(2)}; ` +
        byShape.map((v, i) => `${shapes[i]} ${percentile(v, 50).toFixed(2)}/${percentile(v, 99).toFixed(2)}`).join('; '),
    );

    // Baseline: the same patterns by a full scan of the same table.
    const scan = db.prepare<{ glob: string; limit: number }, { total: number }>(
      `SELECT id, plate, state, camera_id, captured_at, confidence, hit_id, count(*) OVER () AS total
       FROM reads NOT INDEXED WHERE plate GLOB :glob ORDER BY captured_at DESC, id DESC LIMIT :limit`,
    );
    const scanned: number[] = [];
    for (const plate of plates.slice(0, scanRounds)) {
      for (const p of partialPatterns(plate)) {
        const t0 = performance.now();
        const rows = scan.all({ glob: p, limit: READ_SEARCH_MAX_RESULTS });
        scanned.push(performance.now() - t0);
        // Honest only if it answers the same question: as many matches as the hub's search found.
        const total = rows[0]?.total ?? 0;
        if (total !== totals.get(p)) throw new Error(`full scan of ${p} finds ${total} reads, the search ${totals.get(p)}`);
      }
    }
    log(
      `search bench: full scan of ${reads} reads, ${scanned.length} partial patterns: ` +
        `p50/p99 ${percentile(scanned, 50).toFixed(1)}/${percentile(scanned, 99).toFixed(1)} ms`,
    );
    return [line('search_partial_p99_ms', percentile(partial, 99), 'ms', percentile(scanned, 99))];
  } finally {
    db?.close();
    socket.close();
    await hub.close();
  }
}
