/**
 * The full audit check behind `npm run audit:verify` and the supervisors' "verify" button:
 * the chain as it is on disk (split across worker threads, one per core), the stored
 * checkpoints and their signatures, and, given a hub, the hub's copies of both.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { openDatabase } from '../db/open';
import { consoleMigrations } from '../db/migrations';
import { startWorker } from '../util/worker';
import { checkRange, type RangeCheck } from './chain-check';
import { listCheckpoints, signCheckpoint } from './checkpoints';

export interface VerifyOptions {
  dataDir: string;
  hubUrl?: string;
  workers?: number;
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

function runShare(file: string, from: number, to: number): Promise<RangeCheck> {
  return new Promise((resolve, reject) => {
    const worker = startWorker(__dirname, 'verify-worker', { file, from, to });
    worker.once('message', resolve);
    worker.once('error', reject);
    worker.once('exit', (code) => code !== 0 && reject(new Error(`verify worker exited with ${code}`)));
  });
}

async function checkChain(file: string, maxSeq: number, workers: number): Promise<RangeCheck[]> {
  if (workers <= 1 || maxSeq < workers) {
    const db = openDatabase(file, { migrations: consoleMigrations, readonly: true });
    try {
      return [checkRange(db, 1, maxSeq)];
    } finally {
      db.close();
    }
  }
  const size = Math.ceil(maxSeq / workers);
  return Promise.all(Array.from({ length: workers }, (_, i) => runShare(file, i * size + 1, Math.min(maxSeq, (i + 1) * size))));
}

async function fetchJson(url: string): Promise<unknown> {
  const res = await fetch(url);
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
    const rows = db.prepare('SELECT count(*) FROM audit_log').pluck().get() as number;
    const workstationId = db.prepare('SELECT workstation_id FROM audit_log ORDER BY seq LIMIT 1').pluck().get() as string | undefined;
    // Starting workers costs more than it saves below some tens of thousands of records.
    const workers = opts.workers ?? (maxSeq < 50_000 ? 1 : Math.max(1, Math.min(os.availableParallelism(), 4)));
    const shares = await checkChain(file, maxSeq, workers);
    const bad = shares.filter((s): s is Extract<RangeCheck, { ok: false }> => !s.ok).sort((a, b) => a.badSeq - b.badSeq)[0];
    if (bad) {
      firstBad = { seq: bad.badSeq, id: bad.badId, reason: bad.reason };
      problems.push(bad.reason);
    } else if (rows !== maxSeq) {
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
      const hubCps = (await fetchJson(`${base}/audit/checkpoints?workstation=${ws}`)) as { count: number; headHash: string }[];
      hubCheckpoints = hubCps.length;
      for (const cp of hubCps) checkAgainst(`the hub's checkpoint of ${cp.count} records`, cp.count, cp.headHash);
      const res = await fetch(`${base}/audit?workstation=${ws}`);
      if (!res.ok) throw new Error(`${base}/audit answered ${res.status}`);
      const localById = db.prepare('SELECT seq, hash FROM audit_log WHERE id = ?');
      hubRecords = 0;
      for (const line of (await res.text()).split('\n')) {
        if (!line.trim()) continue;
        hubRecords += 1;
        const r = JSON.parse(line) as { id: string; seq: number; hash: string };
        const local = localById.get(r.id) as { seq: number; hash: string } | undefined;
        if (!local) problems.push(`record ${r.seq} (${r.id}) is at the hub but missing here`);
        else if (local.hash !== r.hash) problems.push(`record ${local.seq} differs from the hub's copy`);
      }
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
