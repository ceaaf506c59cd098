/**
 * Legal holds (Lodi 431.4: data that is or may become evidence is kept past the retention
 * period). A hold covers one hit, or every hit of a plate captured in a period. It is placed
 * with a case number and a reason, and released only by a supervisor or admin (the contract's
 * access), with a reason; released holds stay on file. The audit records of both carry what
 * the hold covers, so the hub (which receives every record) knows the holds too.
 */
import type { HoldTarget, LegalHold } from '../../contract/records';
import type { DB } from '../db/open';

interface HoldRow {
  id: number;
  kind: 'hit' | 'plate';
  hit_id: string | null;
  plate: string | null;
  state: string | null;
  period_from: string | null;
  period_to: string | null;
  case_number: string;
  reason: string;
  placed_at: string;
  placed_by: string;
  released_at: string | null;
  released_by: string | null;
  release_reason: string | null;
}

const toHold = (r: HoldRow): LegalHold => ({
  id: r.id,
  kind: r.kind,
  hitId: r.hit_id,
  plate: r.plate,
  state: r.state,
  from: r.period_from,
  to: r.period_to,
  caseNumber: r.case_number,
  reason: r.reason,
  placedAt: r.placed_at,
  placedBy: r.placed_by,
  releasedAt: r.released_at,
  releasedBy: r.released_by,
  releaseReason: r.release_reason,
});

/** What a hold covers, as its audit records carry it (hub/retention.ts reads these). */
export function holdCoverage(h: LegalHold): Record<string, unknown> {
  return h.kind === 'hit'
    ? { holdId: h.id, kind: 'hit', hitId: h.hitId }
    : { holdId: h.id, kind: 'plate', plate: h.plate, state: h.state, from: h.from, to: h.to, ...(h.from && h.to ? localDayBounds(h.from, h.to) : {}) };
}

/**
 * The held period as instants: from local midnight of `from` to local midnight after `to` (the
 * dates are the agency's calendar days). The hub, which may keep another time zone or UTC,
 * holds by these.
 */
export function localDayBounds(from: string, to: string): { fromAt: string; toAt: string } {
  const start = new Date(`${from}T00:00:00`);
  const end = new Date(`${to}T00:00:00`);
  end.setDate(end.getDate() + 1);
  return { fromAt: start.toISOString(), toAt: end.toISOString() };
}

export class Holds {
  constructor(private readonly db: DB) {}

  list(includeReleased: boolean): LegalHold[] {
    return this.db
      .prepare<[number], HoldRow>('SELECT * FROM legal_holds WHERE ? = 1 OR released_at IS NULL ORDER BY id DESC')
      .all(includeReleased ? 1 : 0)
      .map(toHold);
  }

  get(id: number): LegalHold | null {
    const row = this.db.prepare<[number], HoldRow>('SELECT * FROM legal_holds WHERE id = ?').get(id);
    return row ? toHold(row) : null;
  }

  place(target: HoldTarget, caseNumber: string, reason: string, by: string, at: string): LegalHold {
    const info = this.db
      .prepare(
        `INSERT INTO legal_holds (kind, hit_id, plate, state, period_from, period_to, case_number, reason, placed_at, placed_by)
         VALUES (@kind, @hitId, @plate, @state, @from, @to, @caseNumber, @reason, @at, @by)`,
      )
      .run({
        kind: target.kind,
        hitId: target.kind === 'hit' ? target.hitId : null,
        plate: target.kind === 'plate' ? target.plate : null,
        state: target.kind === 'plate' ? (target.state ?? null) : null,
        from: target.kind === 'plate' ? target.from : null,
        to: target.kind === 'plate' ? target.to : null,
        caseNumber,
        reason,
        at,
        by,
      });
    return this.get(Number(info.lastInsertRowid))!;
  }

  /** Notes the audit record that placed the hold (in the same commit as both). */
  notePlaceRecord(id: number, recordId: string): void {
    this.db.prepare('UPDATE legal_holds SET place_record_id = ? WHERE id = ?').run(recordId, id);
  }

  /** The audit record that placed the hold, when known (migration 0022). */
  placeRecordId(id: number): string | null {
    return this.db.prepare<[number], string | null>('SELECT place_record_id FROM legal_holds WHERE id = ?').pluck().get(id) ?? null;
  }

  /** False when the hold was already released (nothing changes). */
  release(id: number, reason: string, by: string, at: string): boolean {
    return (
      this.db
        .prepare('UPDATE legal_holds SET released_at = ?, released_by = ?, release_reason = ? WHERE id = ? AND released_at IS NULL')
        .run(at, by, reason, id).changes === 1
    );
  }
}
