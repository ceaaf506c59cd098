/**
 * Officers' hotlist entries as this console knows them (`officer_hotlist`): the ones it added
 * and the ones the hub announced (`hotlist:updated`), so the list still shows while the hub is
 * down. Notes are encrypted at rest (FieldCipher); the hub holds the entries that count.
 */
import type { HotlistEntryWire } from '../../contract/hub';
import type { DB } from '../db/open';
import type { FieldCipher } from '../util/field-crypto';

interface Row {
  id: string;
  plate: string;
  state: string | null;
  list: string;
  reason: string;
  priority: HotlistEntryWire['priority'];
  expires_at: string | null;
  vehicle: string | null;
  notes_enc: Buffer | null;
  case_number: string | null;
  list_updated_at: string;
  entered_by: string | null;
  removed: string | null;
}

export class OfficerEntries {
  constructor(
    private readonly db: DB,
    private readonly cipher: FieldCipher,
  ) {}

  /** Inside the caller's transaction when there is one. */
  upsert(e: HotlistEntryWire, seenAt: string): void {
    this.db
      .prepare(
        `INSERT INTO officer_hotlist (id, plate, state, list, reason, priority, expires_at, vehicle, notes_enc, case_number,
           list_updated_at, entered_by, removed, seen_at)
         VALUES (:id, :plate, :state, :list, :reason, :priority, :expiresAt, :vehicle, :notesEnc, :caseNumber,
           :listUpdatedAt, :enteredBy, :removed, :seenAt)
         ON CONFLICT (id) DO UPDATE SET expires_at = excluded.expires_at, removed = coalesce(officer_hotlist.removed, excluded.removed),
           seen_at = excluded.seen_at`,
      )
      .run({
        id: e.id,
        plate: e.plate,
        state: e.state ?? null,
        list: e.list,
        reason: e.reason,
        priority: e.priority,
        expiresAt: e.expiresAt ?? null,
        vehicle: e.vehicle ?? null,
        notesEnc: e.notes === undefined ? null : this.cipher.encrypt(e.notes),
        caseNumber: e.caseNumber ?? null,
        listUpdatedAt: e.listUpdatedAt,
        enteredBy: e.enteredBy ? JSON.stringify(e.enteredBy) : null,
        removed: e.removed ? JSON.stringify(e.removed) : null,
        seenAt,
      });
  }

  get(id: string): HotlistEntryWire | null {
    const row = this.db.prepare<[string], Row>('SELECT * FROM officer_hotlist WHERE id = ?').get(id);
    return row ? this.toEntry(row) : null;
  }

  /** In force at `now`: not removed, not expired; newest first. */
  active(now: string): HotlistEntryWire[] {
    return this.db
      .prepare<[string], Row>(
        `SELECT * FROM officer_hotlist WHERE removed IS NULL AND (expires_at IS NULL OR expires_at > ?)
         ORDER BY list_updated_at DESC, id`,
      )
      .all(now)
      .map((r) => this.toEntry(r));
  }

  private toEntry(r: Row): HotlistEntryWire {
    return {
      id: r.id,
      source: 'console',
      list: r.list,
      reason: r.reason,
      priority: r.priority,
      plate: r.plate,
      ...(r.state ? { state: r.state } : {}),
      ...(r.vehicle === null ? {} : { vehicle: r.vehicle }),
      ...(r.notes_enc === null ? {} : { notes: this.cipher.decrypt(r.notes_enc) }),
      ...(r.case_number === null ? {} : { caseNumber: r.case_number }),
      ...(r.expires_at === null ? {} : { expiresAt: r.expires_at }),
      listUpdatedAt: r.list_updated_at,
      cleared: false,
      ...(r.entered_by === null ? {} : { enteredBy: JSON.parse(r.entered_by) as NonNullable<HotlistEntryWire['enteredBy']> }),
      ...(r.removed === null ? {} : { removed: JSON.parse(r.removed) as NonNullable<HotlistEntryWire['removed']> }),
    };
  }
}

const LIMIT_KEY = 'hotlistMaxExpiryDays';

export function hotlistMaxDays(db: DB, fallback: number): number {
  const row = db.prepare<[string], { value: string }>('SELECT value FROM search_settings WHERE key = ?').get(LIMIT_KEY);
  const n = row ? Number(row.value) : NaN;
  return Number.isInteger(n) && n > 0 ? n : fallback;
}

export function setHotlistMaxDays(db: DB, days: number): void {
  db.prepare(
    'INSERT INTO search_settings (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value',
  ).run(LIMIT_KEY, String(days));
}
