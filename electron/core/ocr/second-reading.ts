/**
 * The second reading per hit as stored (migration 0009, table hit_ocr) and as the contract
 * shows it. Stateless over the database, so the hit handlers can read it without the module.
 */
import type { DB } from '../db/open';
import type { ReaderModel, SecondReading } from '../../contract/hits';
import type { Agreement, MisreadPosition } from './agreement';
import { normalizePlate } from './spec';

interface Row {
  status: Exclude<SecondReading['status'], 'pending'>;
  camera_read: string;
  model_read: string | null;
  support: number | null;
  mean_confidence: number | null;
  positions: string;
  reason: string | null;
  model_stats: string | null;
  scored_at: string;
}

/** A hit's second reading; `pending` when none is stored yet. */
export function readSecondReading(db: DB, hitId: string, cameraRead?: string): SecondReading {
  const row = db
    .prepare(
      `SELECT status, camera_read, model_read, support, mean_confidence, positions, reason, model_stats, scored_at
       FROM hit_ocr WHERE hit_id = ?`,
    )
    .get(hitId) as Row | undefined;
  if (!row) {
    const plate = cameraRead ?? (db.prepare('SELECT read_plate FROM hits WHERE id = ?').get(hitId) as { read_plate: string } | undefined)?.read_plate ?? '';
    return { status: 'pending', cameraRead: normalizePlate(plate), modelRead: null, support: null, readConfidence: null, positions: [], reason: null, model: null, scoredAt: null };
  }
  return {
    status: row.status,
    cameraRead: row.camera_read,
    modelRead: row.model_read,
    support: row.support,
    readConfidence: row.mean_confidence,
    positions: JSON.parse(row.positions) as MisreadPosition[],
    reason: row.reason,
    model: row.model_stats ? (JSON.parse(row.model_stats) as ReaderModel) : null,
    scoredAt: row.scored_at,
  };
}

const UNREADABLE_REASON: Record<'blank-image' | 'low-confidence', string> = {
  'blank-image': 'the plate image is blank or nearly flat',
  'low-confidence': 'the model cannot read the plate image with confidence',
};

/** The stored form of a scoring outcome. */
export function fromAgreement(cameraRead: string, a: Agreement, model: ReaderModel | null, at: string): SecondReading {
  const base = { cameraRead: normalizePlate(cameraRead), modelRead: a.modelRead, readConfidence: round(a.readConfidence), model, scoredAt: at };
  switch (a.kind) {
    case 'agrees':
      return { ...base, status: 'agrees', support: round(a.support), positions: [], reason: null };
    case 'possible-misread':
      return { ...base, status: 'possible-misread', support: round(a.support), positions: a.positions, reason: null };
    case 'unreadable':
      return { ...base, status: 'unreadable', support: null, positions: [], reason: UNREADABLE_REASON[a.reason] };
  }
}

export function failedReading(cameraRead: string, status: 'unreadable' | 'unavailable', reason: string, model: ReaderModel | null, at: string): SecondReading {
  return { status, cameraRead: normalizePlate(cameraRead), modelRead: null, support: null, readConfidence: null, positions: [], reason, model, scoredAt: at };
}

export function writeSecondReading(db: DB, hitId: string, r: SecondReading, elapsedMs: number | null): void {
  if (r.status === 'pending') throw new Error('a pending second reading is not stored');
  db.prepare(
    `INSERT INTO hit_ocr (hit_id, status, camera_read, model_read, support, mean_confidence, positions, reason,
       model_version, model_stats, scored_at, elapsed_ms)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
     ON CONFLICT (hit_id) DO UPDATE SET status = excluded.status, camera_read = excluded.camera_read,
       model_read = excluded.model_read, support = excluded.support, mean_confidence = excluded.mean_confidence,
       positions = excluded.positions, reason = excluded.reason, model_version = excluded.model_version,
       model_stats = excluded.model_stats, scored_at = excluded.scored_at, elapsed_ms = excluded.elapsed_ms`,
  ).run(
    hitId, r.status, r.cameraRead, r.modelRead, r.support, r.readConfidence, JSON.stringify(r.positions), r.reason,
    r.model?.version ?? null, r.model ? JSON.stringify(r.model) : null, r.scoredAt, elapsedMs,
  );
}

function round(x: number): number {
  return Math.round(x * 1e6) / 1e6;
}
