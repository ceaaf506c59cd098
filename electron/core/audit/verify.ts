/**
 * The full audit check behind `npm run audit:verify` and the supervisors' "verify" button:
 * the chain as it is on disk (split across worker threads, one per core), the stored
 * checkpoints and their signatures, and, given a hub, the hub's copies of both.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { openDatabase, type DB } from '../db/open';
import { consoleMigrations } from '../db/migrations';
import { startWorker } from '../util/worker';
import { CHUNK, ChainChecker, claimChunk, openForCheck, type RangeFailure } from './chain-check';
import { listCheckpoints, signCheckpoint } from './checkpoints';
import { rowToRecord, type AuditRecord, type AuditRow } from './log';

export interface VerifyOptions {
  dataDir: string;
  hubUrl?: string;
  /** Threads checking the chain (this one included); by default one per core for long logs. */
  workers?: number;
  /** Records per unit of work (tests make it small to cross many chunk boundaries). */
  chunk?: number;
}

export interface VerifyReport {
  ok: boolean;
  records: number;
  headHash: string | null;
  checkpoints: number;
  receipted: number;
  hubRecords: number | null;
  hubCheckpoints: number | null;
  /** The first bad record (lowest sequence) when the chain itself is broken. */
  firstBad: { seq: number; id: string | null; reason: string } | null;
  problems: string[];
  elapsedMs: number;
}

function runWorker(file: string, counter: SharedArrayBuffer, maxSeq: number, chunk: number): Promise<RangeFailure[]> {
  return new Promise((resolve, reject) => {
    const worker = startWorker(__dirname, 'verify-worker', { file, counter, maxSeq, chunk });
    worker.once('message', resolve);
    worker.once('error', reject);
    worker.once('exit', (code) => code !== 0 && reject(new Error(`verify worker exited with ${code}`)));
  });
}

/**
 * The chain check on `threads` threads: this one and threads - 1 workers, all claiming chunks
 * from one shared counter. This thread yields between its chunks, so the console it may run in
 * keeps answering while a long log is checked.
 */
async function checkChain(file: string, maxSeq: number, threads: number, chunk: number): Promise<RangeFailure[]> {
  const counter = new Int32Array(new SharedArrayBuffer(4));
  const workers = Array.from({ length: Math.max(0, threads - 1) }, () => runWorker(file, counter.buffer as SharedArrayBuffer, maxSeq, chunk));
  // A worker that fails must not leave an unhandled rejection while this thread works.
  for (const w of workers) w.catch(() => {});
  const failures: RangeFailure[] = [];
  const db = openForCheck(file);
  try {
    const checker = new ChainChecker(db, chunk);
    for (let range = claimChunk(counter, maxSeq, chunk); range; range = claimChunk(counter, maxSeq, chunk)) {
      const r = checker.check(range[0], range[1]);
      if (!r.ok) failures.push(r);
      await new Promise((resolve) => setImmediate(resolve));
    }
  } finally {
    db.close();
  }
  for (const found of await Promise.all(workers)) failures.push(...found);
  return failures;
}

/** The fields of a record as the hub keeps them, in AuditRecord's order. */
const RECORD_FIELDS = Object.keys(rowToRecord({
  seq: 0, id: '', at: '', user_id: null, username: null, display_name: null, badge: null, agency: null,
  workstation_id: '', ip: null, action: '', data: '{}', purpose: null, case_number: null, outcome: 'ok', prev_hash: '', hash: '',
})) as (keyof AuditRecord)[];

/** `fetch`, with "fetch failed" turned into what failed: "cannot reach the hub at URL (ECONNREFUSED)". */
async function hubFetch(url: string): Promise<Response> {
  try {
    return await fetch(url);
  } catch (err) {
    const cause = (err as { cause?: { code?: unknown; message?: unknown } }).cause;
    const why = typeof cause?.code === 'string' ? cause.code : typeof cause?.message === 'string' ? cause.message : (err as Error).message;
    throw new Error(`cannot reach the hub at ${new URL(url).origin} (${why})`);
  }
}

/** The hub's JSON lines at `url`, streamed: a long log is never held whole in memory. */
async function* jsonLines(url: string): AsyncGenerator<string> {
  const res = await hubFetch(url);
  if (!res.ok || !res.body) throw new Error(`${url} answered ${res.status}`);
  const decoder = new TextDecoder();
  let rest = '';
  const reader = res.body.getReader();
  for (let chunk = await reader.read(); !chunk.done; chunk = await reader.read()) {
    rest += decoder.decode(chunk.value, { stream: true });
    const lines = rest.split('\n');
    rest = lines.pop()!;
    for (const line of lines) if (line.trim()) yield line;
  }
  rest += decoder.decode();
  if (rest.trim()) yield rest;
}

/**
 * Every record the hub holds for this workstation against the local one, field by field (the
 * local chain is what the hub's copy must equal: a hub copy edited with its hash kept is
 * caught too). Returns how many the hub holds, which local records they are, and the lowest.
 */
async function compareHubCopies(
  db: DB,
  url: string,
  maxSeq: number,
  problems: string[],
): Promise<{ records: number; atHub: Uint8Array; lowestSeq: number | null }> {
  const localById = db.prepare<[string], AuditRow>('SELECT * FROM audit_log WHERE id = ?');
  const atHub = new Uint8Array(maxSeq + 1);
  let records = 0;
  let lowestSeq: number | null = null;
  for await (const line of jsonLines(url)) {
    records += 1;
    let copy: Record<string, unknown>;
    try {
      copy = JSON.parse(line) as Record<string, unknown>;
    } catch {
      problems.push(`the hub's record number ${records} in its list is not JSON`);
      continue;
    }
    const row = typeof copy.id === 'string' ? localById.get(copy.id) : undefined;
    if (!row) {
      problems.push(`record ${String(copy.seq)} (${String(copy.id)}) is at the hub but missing here`);
      continue;
    }
    if (row.seq <= maxSeq) atHub[row.seq] = 1;
    lowestSeq = Math.min(lowestSeq ?? row.seq, row.seq);
    const local = rowToRecord(row) as unknown as Record<string, unknown>;
    const differing = [...new Set([...RECORD_FIELDS, ...Object.keys(copy)])].filter(
      (k) => JSON.stringify(local[k]) !== JSON.stringify(copy[k]),
    );
    if (differing.length > 0) problems.push(`record ${row.seq} differs from the hub's copy (${differing.join(', ')})`);
  }
  return { records, atHub, lowestSeq };
}

/**
 * Records this console marked as sent (they left the outbox, so a hub acknowledged them) that
 * the hub does not hold. Only from the hub's lowest record on: records before it may have gone
 * to another hub (a console first run against the training hub, say). A hub that holds none
 * of them is named as such.
 */
function missingAtHub(db: DB, atHub: Uint8Array, pending: Uint8Array, lowestSeq: number | null, maxSeq: number): string[] {
  const idAt = db.prepare<[number], string>('SELECT id FROM audit_log WHERE seq = ?').pluck();
  if (lowestSeq === null) {
    let sent = 0;
    for (let seq = 1; seq <= maxSeq; seq++) if (!pending[seq]) sent += 1;
    return sent > 0 ? [`the hub holds none of this workstation's records, though ${sent} were sent (verify against the hub that took them)`] : [];
  }
  const missing: number[] = [];
  for (let seq = lowestSeq; seq <= maxSeq; seq++) if (!atHub[seq] && !pending[seq]) missing.push(seq);
  if (missing.length === 0) return [];
  const named = missing.slice(0, 5).map((seq) => `${seq} (${idAt.get(seq)})`).join(', ');
  return [`${missing.length} record(s) the hub acknowledged are missing there: ${named}${missing.length > 5 ? ', ...' : ''}`];
}

async function fetchJson(url: string): Promise<unknown> {
  const res = await hubFetch(url);
  if (!res.ok) throw new Error(`${url} answered ${res.status}`);
  return res.json();
}

export async function verifyAudit(opts: VerifyOptions): Promise<VerifyReport> {
  const started = performance.now();
  const file = path.join(opts.dataDir, 'console.sqlite');
  if (!fs.existsSync(file)) throw new Error(`no console database at ${file}`);
  const db = openDatabase(file, { migrations: consoleMigrations, readonly: true });
  const problems: string[] = [];
  let firstBad: VerifyReport['firstBad'] = null;
  try {
    const maxSeq = (db.prepare('SELECT max(seq) FROM audit_log').pluck().get() as number | null) ?? 0;
    const workstationId = db.prepare('SELECT workstation_id FROM audit_log ORDER BY seq LIMIT 1').pluck().get() as string | undefined;
    // Starting workers costs more than it saves below some tens of thousands of records.
    const threads = opts.workers ?? (maxSeq < 50_000 ? 1 : Math.max(1, Math.min(os.availableParallelism(), 8)));
    const failures = await checkChain(file, maxSeq, threads, opts.chunk ?? CHUNK);
    const bad = failures.sort((a, b) => a.badSeq - b.badSeq)[0];
    // A sound chain holds every record 1..maxSeq once (seq is the primary key), so only rows
    // outside it (seq below 1) can make the count differ; counting them needs no full scan.
    const outside = db.prepare('SELECT count(*) FROM audit_log WHERE seq < 1').pluck().get() as number;
    const rows = bad ? (db.prepare('SELECT count(*) FROM audit_log').pluck().get() as number) : maxSeq + outside;
    if (bad) {
      firstBad = { seq: bad.badSeq, id: bad.badId, reason: bad.reason };
      problems.push(bad.reason);
    } else if (outside > 0) {
      problems.push(`the log holds ${rows} records but its last is number ${maxSeq}`);
    }
    const hashAt = db.prepare('SELECT hash FROM audit_log WHERE seq = ?').pluck();
    const checkAgainst = (who: string, count: number, headHash: string) => {
      if (count > maxSeq) {
        const reason = `${who} says the log had ${count} records; the file has ${maxSeq}: records were cut from the end`;
        problems.push(reason);
        firstBad ??= { seq: maxSeq + 1, id: null, reason };
      }
      else if (count > 0 && hashAt.get(count) !== headHash) problems.push(`${who} does not match record ${count}: the log was rewritten`);
    };

    const keyFile = path.join(opts.dataDir, 'keys', 'audit-signing.key');
    const key = fs.existsSync(keyFile) ? fs.readFileSync(keyFile) : null;
    const checkpoints = listCheckpoints(db);
    for (const cp of checkpoints) {
      if (key && workstationId && signCheckpoint(key, workstationId, cp.count, cp.headHash) !== cp.signature) {
        problems.push(`checkpoint ${cp.id} (${cp.count} records) has a bad signature`);
      }
      checkAgainst(`checkpoint ${cp.id}`, cp.count, cp.headHash);
    }

    let hubRecords: number | null = null;
    let hubCheckpoints: number | null = null;
    if (opts.hubUrl && workstationId) {
      const base = opts.hubUrl.replace(/\/$/, '');
      const ws = encodeURIComponent(workstationId);
      // The outbox is read before the hub is asked: a record that had left it by then was
      // acknowledged by the hub, so the hub's list, fetched after, must hold it.
      const pending = new Uint8Array(maxSeq + 1);
      for (const seq of db.prepare('SELECT audit_seq FROM audit_outbox WHERE audit_seq <= ?').pluck().iterate(maxSeq)) {
        pending[seq as number] = 1;
      }
      const hubCps = (await fetchJson(`${base}/audit/checkpoints?workstation=${ws}`)) as { count: number; headHash: string }[];
      hubCheckpoints = hubCps.length;
      for (const cp of hubCps) checkAgainst(`the hub's checkpoint of ${cp.count} records`, cp.count, cp.headHash);
      const compared = await compareHubCopies(db, `${base}/audit?workstation=${ws}`, maxSeq, problems);
      hubRecords = compared.records;
      problems.push(...missingAtHub(db, compared.atHub, pending, compared.lowestSeq, maxSeq));
    }

    return {
      ok: problems.length === 0,
      records: rows,
      headHash: (maxSeq ? (hashAt.get(maxSeq) as string) : null) ?? null,
      checkpoints: checkpoints.length,
      receipted: checkpoints.filter((c) => c.receipt).length,
      hubRecords,
      hubCheckpoints,
      firstBad,
      problems,
      elapsedMs: performance.now() - started,
    };
  } finally {
    db.close();
  }
}
