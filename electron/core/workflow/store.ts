/**
 * The workflow's tables: the hit's workflow columns (state, claim, CLETS, misread, disposition)
 * and hit_events, its timeline. Only SQL lives here; the rules are in machine.ts and
 * workflow.ts. Every write is meant to run inside the caller's commit, beside its audit record.
 */
import type { DB } from '../db/open';
import type { ClaimHolder, CletsStatus, HitStatusStep, HotlistMatch, Priority } from '../../contract/hub';
import type { HitStatus, WorkflowOrder } from '../../contract/workflow';

export interface WorkflowRow {
  id: string;
  status: HitStatus;
  workflow_order: WorkflowOrder | null;
  stored_at: string;
  captured_at: string;
  camera_name: string;
  direction: string;
  read_plate: string;
  read_state: string;
  last_step_at: string | null;
  claim_workstation: string | null;
  claim_username: string | null;
  claim_display_name: string | null;
  claim_at: string | null;
  claim_confirmed: number;
  misread_reason: string | null;
  misread_note: string | null;
  corrected_plate: string | null;
  corrected_state: string | null;
  clets_message: string | null;
  clets_via: 'hub' | 'manual' | null;
  clets_sent_at: string | null;
  clets_status: CletsStatus | null;
  clets_response_enc: Buffer | null;
  clets_received_at: string | null;
  disposition: string | null;
  disposition_notes: string | null;
  disposition_units: string | null;
  ended_at: string | null;
  escalation_level: number;
}

export interface EventRow {
  id: number;
  hit_id: string;
  step: HitStatusStep;
  outcome: string | null;
  detail: string | null;
  at: string;
  username: string;
  display_name: string;
  workstation_id: string;
  previous: string | null;
  source: 'local' | 'hub';
  audit_id: string | null;
  report: 'pending' | 'sent' | 'refused' | null;
  report_error: string | null;
}

export type NewEvent = Omit<EventRow, 'id' | 'report_error'>;

/** Columns a step may set on the hit (names as in the table). */
export type HitPatch = Partial<Omit<WorkflowRow, 'id' | 'stored_at' | 'captured_at' | 'camera_name' | 'direction' | 'read_plate' | 'read_state'>>;

const PATCHABLE = new Set<string>([
  'status', 'workflow_order', 'last_step_at', 'claim_workstation', 'claim_username', 'claim_display_name',
  'claim_at', 'claim_confirmed', 'misread_reason', 'misread_note', 'corrected_plate', 'corrected_state',
  'clets_message', 'clets_via', 'clets_sent_at', 'clets_status', 'clets_response_enc', 'clets_received_at',
  'disposition', 'disposition_notes', 'disposition_units', 'ended_at', 'escalation_level',
]);

export class WorkflowStore {
  private readonly q;

  constructor(private readonly db: DB) {
    this.q = {
      row: db.prepare<[string], WorkflowRow>(
        `SELECT id, status, workflow_order, stored_at, captured_at, camera_name, direction, read_plate, read_state,
           last_step_at, claim_workstation, claim_username, claim_display_name, claim_at, claim_confirmed,
           misread_reason, misread_note, corrected_plate, corrected_state, clets_message, clets_via, clets_sent_at,
           clets_status, clets_response_enc, clets_received_at, disposition, disposition_notes, disposition_units,
           ended_at, escalation_level
         FROM hits WHERE id = ?`,
      ),
      // The most urgent match is what the broadcast and the CLETS comparison are about.
      topMatch: db.prepare<[string], Omit<HotlistMatch, 'notes' | 'vehicle'> & { vehicle: string | null }>(
        `SELECT list, reason, priority, plate, state, vehicle, list_updated_at AS listUpdatedAt
         FROM hit_matches WHERE hit_id = ?
         ORDER BY CASE priority WHEN 'high' THEN 0 WHEN 'medium' THEN 1 ELSE 2 END, ord LIMIT 1`,
      ),
      insertEvent: db.prepare(
        `INSERT INTO hit_events (hit_id, step, outcome, detail, at, username, display_name, workstation_id,
           previous, source, audit_id, report)
         VALUES (@hit_id, @step, @outcome, @detail, @at, @username, @display_name, @workstation_id,
           @previous, @source, @audit_id, @report)
         ON CONFLICT (hit_id, step, workstation_id, at) DO NOTHING`,
      ),
      events: db.prepare<[string], EventRow>('SELECT * FROM hit_events WHERE hit_id = ? ORDER BY at, id'),
      pendingHits: db.prepare<[], { hit_id: string }>(
        `SELECT hit_id FROM hit_events WHERE report = 'pending' GROUP BY hit_id ORDER BY min(id)`,
      ),
      pendingOf: db.prepare<[string], EventRow>(
        `SELECT * FROM hit_events WHERE hit_id = ? AND report = 'pending' ORDER BY id`,
      ),
      mark: db.prepare(`UPDATE hit_events SET report = ?, report_error = ? WHERE id = ?`),
      unopened: db.prepare<[string], { id: string; stored_at: string; escalation_level: number }>(
        `SELECT id, stored_at, escalation_level FROM hits
         WHERE ended_at IS NULL AND status = 'new' AND claim_workstation IS NULL
           AND escalation_level < 2 AND stored_at <= ?`,
      ),
    };
  }

  row(hitId: string): WorkflowRow | null {
    return this.q.row.get(hitId) ?? null;
  }

  topMatch(hitId: string): HotlistMatch {
    const m = this.q.topMatch.get(hitId);
    if (!m) throw new Error(`hit ${hitId} has no hotlist match`);
    const { vehicle, ...rest } = m;
    return { ...rest, priority: rest.priority as Priority, ...(vehicle === null ? {} : { vehicle }) };
  }

  update(hitId: string, patch: HitPatch): void {
    const keys = Object.keys(patch);
    if (keys.length === 0) return;
    for (const k of keys) if (!PATCHABLE.has(k)) throw new Error(`not a workflow column: ${k}`);
    this.db.prepare(`UPDATE hits SET ${keys.map((k) => `${k} = @${k}`).join(', ')} WHERE id = @id`).run({ ...patch, id: hitId });
  }

  /** False when that very step was already recorded (the same report received twice). */
  insertEvent(e: NewEvent): boolean {
    return this.q.insertEvent.run(e).changes === 1;
  }

  events(hitId: string): EventRow[] {
    return this.q.events.all(hitId);
  }

  pendingHits(): string[] {
    return this.q.pendingHits.all().map((r) => r.hit_id);
  }

  pendingOf(hitId: string): EventRow[] {
    return this.q.pendingOf.all(hitId);
  }

  markReport(eventId: number, report: 'sent' | 'refused', error: string | null = null): void {
    this.q.mark.run(report, error, eventId);
  }

  setClaim(hitId: string, holder: ClaimHolder | null, confirmed: boolean): void {
    this.update(hitId, {
      claim_workstation: holder?.workstationId ?? null,
      claim_username: holder?.user.username ?? null,
      claim_display_name: holder?.user.displayName ?? null,
      claim_at: holder?.at ?? null,
      claim_confirmed: confirmed ? 1 : 0,
    });
  }

  /** Open hits nobody has claimed, stored here at or before `before`. */
  unopened(before: string): { id: string; stored_at: string; escalation_level: number }[] {
    return this.q.unopened.all(before);
  }
}
