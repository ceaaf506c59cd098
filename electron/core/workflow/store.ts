/**
 * The workflow's tables: the hit's workflow columns (state, claim, CLETS, misread, disposition)
 * and hit_events, its timeline. Only SQL lives here; the rules are in machine.ts and
 * workflow.ts. Every write is meant to run inside the caller's commit, beside its audit record.
 *
 * Free text typed by dispatchers (the misread note, the disposition notes, each timeline
 * entry's detail) can name people, so it is kept encrypted at rest (migration 0010): this store
 * encrypts it on the way in and decrypts it on the way out, and callers see plain strings under
 * the old names. Rows written in clear by older versions are sealed once at start
 * (`sealClearText`); until then a clear value is still read as it is.
 */
import { WITHDRAWN_SQL } from '../hits/store';
import type { DB } from '../db/open';
import type { FieldCipher } from '../util/field-crypto';
import type { ClaimHolder, CletsStatus, ConsoleUser, HitStatusStep, HotlistMatch, Priority } from '../../contract/hub';
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
  /** 1: raised for an old read the hub held (an officer's new entry). */
  retroactive: number;
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
  /** The officer entry that raised the hit, as taken off the list (JSON), or null. */
  withdrawn: string | null;
}

/** The units a disposition assigned, as stored (a JSON array of call signs). */
export function dispositionUnits(row: Pick<WorkflowRow, 'disposition_units'>): string[] {
  return row.disposition_units ? (JSON.parse(row.disposition_units) as string[]) : [];
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
export type HitPatch = Partial<
  Omit<WorkflowRow, 'id' | 'stored_at' | 'captured_at' | 'camera_name' | 'direction' | 'read_plate' | 'read_state' | 'withdrawn'>
>;

const PATCHABLE = new Set<string>([
  'status', 'workflow_order', 'last_step_at', 'claim_workstation', 'claim_username', 'claim_display_name',
  'claim_at', 'claim_confirmed', 'misread_reason', 'misread_note', 'corrected_plate', 'corrected_state',
  'clets_message', 'clets_via', 'clets_sent_at', 'clets_status', 'clets_response_enc', 'clets_received_at',
  'disposition', 'disposition_notes', 'disposition_units', 'ended_at', 'escalation_level',
]);

/** The stored shape: the free text in its sealed columns (the clear ones only in old rows). */
type StoredWorkflowRow = Omit<WorkflowRow, 'misread_note' | 'disposition_notes'> & {
  misread_note: string | null;
  misread_note_enc: Buffer | null;
  disposition_notes: string | null;
  disposition_notes_enc: Buffer | null;
};
type StoredEventRow = EventRow & { detail_enc: Buffer | null };

/** Sealed column of each free-text column a step may set. */
const SEALED: Readonly<Record<string, string>> = {
  misread_note: 'misread_note_enc',
  disposition_notes: 'disposition_notes_enc',
};

const EVENT_COLUMNS = `id, hit_id, step, outcome, detail, detail_enc, at, username, display_name, workstation_id,
  previous, source, audit_id, report, report_error`;

export class WorkflowStore {
  private readonly q;

  constructor(
    private readonly db: DB,
    private readonly cipher: FieldCipher,
  ) {
    this.q = {
      row: db.prepare<[string], StoredWorkflowRow>(
        `SELECT id, status, workflow_order, stored_at, captured_at, camera_name, direction, read_plate, read_state,
           last_step_at, claim_workstation, claim_username, claim_display_name, claim_at, claim_confirmed,
           misread_reason, misread_note, misread_note_enc, corrected_plate, corrected_state, clets_message, clets_via,
           clets_sent_at, clets_status, clets_response_enc, clets_received_at, disposition, disposition_notes,
           disposition_notes_enc, disposition_units, ended_at, escalation_level, retroactive,
           ${WITHDRAWN_SQL} AS withdrawn
         FROM hits h WHERE h.id = ?`,
      ),
      // The most urgent match is what the broadcast and the CLETS comparison are about.
      topMatch: db.prepare<[string], Omit<HotlistMatch, 'notes' | 'vehicle'> & { vehicle: string | null }>(
        `SELECT list, reason, priority, plate, state, vehicle, list_updated_at AS listUpdatedAt
         FROM hit_matches WHERE hit_id = ?
         ORDER BY CASE priority WHEN 'high' THEN 0 WHEN 'medium' THEN 1 ELSE 2 END, ord LIMIT 1`,
      ),
      insertEvent: db.prepare(
        `INSERT INTO hit_events (hit_id, step, outcome, detail_enc, at, username, display_name, workstation_id,
           previous, source, audit_id, report)
         VALUES (@hit_id, @step, @outcome, @detail_enc, @at, @username, @display_name, @workstation_id,
           @previous, @source, @audit_id, @report)
         ON CONFLICT (hit_id, step, workstation_id, at) DO NOTHING`,
      ),
      events: db.prepare<[string], StoredEventRow>(`SELECT ${EVENT_COLUMNS} FROM hit_events WHERE hit_id = ? ORDER BY at, id`),
      pendingHits: db.prepare<[], { hit_id: string }>(
        `SELECT hit_id FROM hit_events WHERE report = 'pending' GROUP BY hit_id ORDER BY min(id)`,
      ),
      pendingOf: db.prepare<[string], StoredEventRow>(
        `SELECT ${EVENT_COLUMNS} FROM hit_events WHERE hit_id = ? AND report = 'pending' ORDER BY id`,
      ),
      mark: db.prepare(`UPDATE hit_events SET report = ?, report_error = ? WHERE id = ?`),
      heldBy: db.prepare<[string, string], { id: string }>(
        'SELECT id FROM hits WHERE claim_workstation = ? AND claim_username = ? AND ended_at IS NULL',
      ),
      unopened: db.prepare<[string], { id: string; stored_at: string; escalation_level: number }>(
        // A hit whose officer's entry was withdrawn alerts no one again (its row says why).
        `SELECT h.id, h.stored_at, h.escalation_level FROM hits h
         WHERE h.ended_at IS NULL AND h.status = 'new' AND h.claim_workstation IS NULL
           AND h.escalation_level < 2 AND h.stored_at <= ? AND (${WITHDRAWN_SQL}) IS NULL`,
      ),
    };
  }

  private seal(text: string | null | undefined): Buffer | null {
    return text === null || text === undefined ? null : this.cipher.encrypt(text);
  }

  private open(sealed: Buffer | null, clear: string | null): string | null {
    return sealed === null ? clear : this.cipher.decrypt(sealed);
  }

  private event(r: StoredEventRow): EventRow {
    const { detail_enc, ...rest } = r;
    return { ...rest, detail: this.open(detail_enc, r.detail) };
  }

  row(hitId: string): WorkflowRow | null {
    const r = this.q.row.get(hitId);
    if (!r) return null;
    const { misread_note_enc, disposition_notes_enc, ...rest } = r;
    return {
      ...rest,
      misread_note: this.open(misread_note_enc, r.misread_note),
      disposition_notes: this.open(disposition_notes_enc, r.disposition_notes),
    };
  }

  topMatch(hitId: string): HotlistMatch {
    const m = this.q.topMatch.get(hitId);
    if (!m) throw new Error(`hit ${hitId} has no hotlist match`);
    const { vehicle, ...rest } = m;
    return { ...rest, priority: rest.priority as Priority, ...(vehicle === null ? {} : { vehicle }) };
  }

  /** The hit's hotlist entry for exactly this plate and state, if it has one. */
  listedAs(hitId: string, plate: string, state: string): { plate: string; state: string } | undefined {
    return this.db
      .prepare<[string, string, string], { plate: string; state: string }>(
        'SELECT plate, state FROM hit_matches WHERE hit_id = ? AND plate = ? AND state = ? LIMIT 1',
      )
      .get(hitId, plate, state);
  }

  update(hitId: string, patch: HitPatch): void {
    const keys = Object.keys(patch);
    if (keys.length === 0) return;
    for (const k of keys) if (!PATCHABLE.has(k)) throw new Error(`not a workflow column: ${k}`);
    // Free text goes to its sealed column; the clear one is emptied (an old row's text with it).
    const values: Record<string, unknown> = { id: hitId };
    const sets: string[] = [];
    for (const k of keys) {
      const sealed = SEALED[k];
      if (sealed) {
        values[sealed] = this.seal(patch[k as keyof HitPatch] as string | null | undefined);
        sets.push(`${sealed} = @${sealed}`, `${k} = NULL`);
      } else {
        values[k] = patch[k as keyof HitPatch];
        sets.push(`${k} = @${k}`);
      }
    }
    this.db.prepare(`UPDATE hits SET ${sets.join(', ')} WHERE id = @id`).run(values);
  }

  /** False when that very step was already recorded (the same report received twice). */
  insertEvent(e: NewEvent): boolean {
    const { detail, ...rest } = e;
    return this.q.insertEvent.run({ ...rest, detail_enc: this.seal(detail) }).changes === 1;
  }

  events(hitId: string): EventRow[] {
    return this.q.events.all(hitId).map((r) => this.event(r));
  }

  pendingHits(): string[] {
    return this.q.pendingHits.all().map((r) => r.hit_id);
  }

  pendingOf(hitId: string): EventRow[] {
    return this.q.pendingOf.all(hitId).map((r) => this.event(r));
  }

  markReport(eventId: number, report: 'sent' | 'refused', error: string | null = null): void {
    this.q.mark.run(report, error, eventId);
  }

  /** Hits not ended that this workstation holds for `username`. */
  heldBy(workstationId: string, username: string): string[] {
    return this.q.heldBy.all(workstationId, username).map((r) => r.id);
  }

  /** Whether the timeline holds this step (the key the hub's copies are matched on). */
  hasEvent(hitId: string, step: string, workstationId: string, at: string): boolean {
    return this.db.prepare('SELECT 1 FROM hit_events WHERE hit_id = ? AND step = ? AND workstation_id = ? AND at = ?').get(hitId, step, workstationId, at) !== undefined;
  }

  /** Marks a release here (the user signed out) for the hub; replaces an earlier one. */
  addRelease(hitId: string, user: ConsoleUser, at: string): void {
    this.db
      .prepare('INSERT OR REPLACE INTO hub_releases (hit_id, username, display_name, released_at) VALUES (?, ?, ?, ?)')
      .run(hitId, user.username, user.displayName, at);
  }

  /** Releases the hub has not been told of, oldest first. */
  pendingReleases(): { hitId: string; user: ConsoleUser }[] {
    return this.db
      .prepare<[], { hit_id: string; username: string; display_name: string }>('SELECT hit_id, username, display_name FROM hub_releases ORDER BY released_at, rowid')
      .all()
      .map((r) => ({ hitId: r.hit_id, user: { username: r.username, displayName: r.display_name } }));
  }

  releasePending(hitId: string): boolean {
    return this.db.prepare('SELECT 1 FROM hub_releases WHERE hit_id = ?').get(hitId) !== undefined;
  }

  dropRelease(hitId: string): void {
    this.db.prepare('DELETE FROM hub_releases WHERE hit_id = ?').run(hitId);
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

  /**
   * The link to the hub came back: claims it confirmed before are to be confirmed again (it
   * releases a console's claims after a while without it, and another console may hold the
   * hit now). The hub's claim list on connect confirms those still held.
   */
  unconfirmClaims(workstation: string): number {
    return this.db
      .prepare('UPDATE hits SET claim_confirmed = 0 WHERE claim_workstation = ? AND claim_confirmed = 1 AND ended_at IS NULL')
      .run(workstation).changes;
  }

  /** Open hits nobody has claimed, stored here at or before `before`. */
  unopened(before: string): { id: string; stored_at: string; escalation_level: number }[] {
    return this.q.unopened.all(before);
  }

  /**
   * Seals the free text older versions wrote in clear (a database from before migration 0010),
   * in one transaction; a second run finds nothing (the partial indexes make that check cheap).
   * secure_delete is on while the rows are rewritten so the clear text does not stay behind in
   * free space, and the WAL is checkpointed so the database file itself no longer holds it.
   * Returns how many hits and timeline entries were sealed.
   */
  sealClearText(): { hits: number; events: number } {
    const hits = this.db
      .prepare<[], { id: string; misread_note: string | null; disposition_notes: string | null }>(
        'SELECT id, misread_note, disposition_notes FROM hits WHERE misread_note IS NOT NULL OR disposition_notes IS NOT NULL',
      );
    const events = this.db.prepare<[], { id: number; detail: string }>('SELECT id, detail FROM hit_events WHERE detail IS NOT NULL');
    if (hits.get() === undefined && events.get() === undefined) return { hits: 0, events: 0 };
    const before = this.db.pragma('secure_delete', { simple: true }) as number;
    this.db.pragma('secure_delete = ON');
    try {
      const sealHit = this.db.prepare(
        `UPDATE hits SET
           misread_note_enc = coalesce(@misread, misread_note_enc), misread_note = NULL,
           disposition_notes_enc = coalesce(@disposition, disposition_notes_enc), disposition_notes = NULL
         WHERE id = @id`,
      );
      const sealEvent = this.db.prepare('UPDATE hit_events SET detail_enc = ?, detail = NULL WHERE id = ?');
      const counts = this.db.transaction(() => {
        const h = hits.all();
        for (const r of h) sealHit.run({ id: r.id, misread: this.seal(r.misread_note), disposition: this.seal(r.disposition_notes) });
        const e = events.all();
        for (const r of e) sealEvent.run(this.seal(r.detail), r.id);
        return { hits: h.length, events: e.length };
      }).immediate();
      this.db.pragma('wal_checkpoint(TRUNCATE)');
      return counts;
    } finally {
      this.db.pragma(`secure_delete = ${Number(before)}`);
    }
  }
}
