/**
 * Sharing requests (Civil Code 1798.90.55(b); Lodi 431.7; the State Auditor's 2020 finding that
 * agencies could not say whom they had shared ALPR images with). The rules that decide a
 * request at registration, the file of requests and of exports, and the data an approved
 * request exports.
 */
import { WITHDRAWN_SQL } from '../hits/store';
import {
  AGENCY_TYPE_LABELS,
  type AgencyType,
  type RegisterRequest,
  type RequestStatus,
  type SharedWithEntry,
  type SharingRequest,
} from '../../contract/records';
import type { DB } from '../db/open';
import type { FieldCipher } from '../util/field-crypto';

/**
 * The rule for each kind of requester: `pending` goes to a supervisor; `refused` and
 * `referred` are final at registration, with the reason on file.
 */
export const SHARING_RULES: Record<AgencyType, { status: Extract<RequestStatus, 'pending' | 'refused' | 'referred'>; reason: string | null }> = {
  'ca-law-enforcement': { status: 'pending', reason: null },
  'ca-prosecutor': { status: 'pending', reason: null },
  'ca-public-other': {
    status: 'referred',
    reason:
      'Referred to the records unit: Lodi 431.7 shares ALPR data by written request only with law-enforcement and prosecutorial agencies; ' +
      "other agencies' requests are processed under the Records Maintenance and Release Policy and the California Public Records Act.",
  },
  'out-of-state': {
    status: 'refused',
    reason:
      'Refused by rule: Civil Code 1798.90.55(b) allows sharing ALPR information only with another public agency, and the California ' +
      "Attorney General's 2023 bulletin reads that as California state and local agencies: not out-of-state agencies.",
  },
  federal: {
    status: 'refused',
    reason:
      'Refused by rule: Civil Code 1798.90.55(b) allows sharing ALPR information only with another public agency, and the California ' +
      "Attorney General's 2023 bulletin reads that as California state and local agencies: not federal agencies.",
  },
  private: {
    status: 'refused',
    reason:
      'Refused by rule: Civil Code 1798.90.55(b) forbids selling, sharing or transferring ALPR information except to another public agency; ' +
      'a private entity is not one (San Jose: no sharing with contracted, commercial or private entities).',
  },
  public: {
    status: 'referred',
    reason:
      'Referred to the records unit: a request from a member of the public is a public records request, handled under the Records ' +
      'Maintenance and Release Policy and the California Public Records Act (Lodi 431.7). No export is made from this console.',
  },
};

interface RequestRow {
  id: number;
  agency_name: string;
  agency_type: AgencyType;
  requester_name_enc: Buffer;
  requester_contact_enc: Buffer;
  purpose: string;
  case_number: string | null;
  requested_on: string;
  plates: string;
  period_from: string;
  period_to: string;
  status: RequestStatus;
  status_reason: string | null;
  registered_at: string;
  registered_by: string;
  decided_at: string | null;
  decided_by: string | null;
  exports: number;
}

export interface ExportRow {
  hitId: string;
  plate: string;
  state: string;
  capturedAt: string;
  cameraId: string;
  cameraName: string;
  direction: string;
  list: string;
  reason: string;
  /** Whether a dispatcher confirmed the read against the image: 'confirmed' or 'not checked'. */
  plateCheck: string;
  /** What CLETS said when the hit was worked: active, cleared, no-record, or '' (not run). */
  clets: string;
}

/**
 * A shared hit says whether anyone checked it: a camera read nobody compared with its image
 * may be a misread (5-35 % of hits), and the receiving agency must be able to tell.
 */
export const EXPORT_COLUMNS = [
  'Request', 'Hit', 'Plate', 'State', 'Captured (UTC)', 'Camera', 'Camera name', 'Direction', 'Hotlist', 'Reason', 'Plate check', 'CLETS',
] as const;

export class SharingFile {
  constructor(
    private readonly db: DB,
    private readonly cipher: FieldCipher,
  ) {}

  private toRequest = (r: RequestRow): SharingRequest => ({
    id: r.id,
    agencyName: r.agency_name,
    agencyType: r.agency_type,
    requesterName: this.cipher.decrypt(r.requester_name_enc),
    requesterContact: this.cipher.decrypt(r.requester_contact_enc),
    purpose: r.purpose,
    caseNumber: r.case_number,
    requestedOn: r.requested_on,
    plates: JSON.parse(r.plates) as string[],
    periodFrom: r.period_from,
    periodTo: r.period_to,
    status: r.status,
    statusReason: r.status_reason,
    registeredAt: r.registered_at,
    registeredBy: r.registered_by,
    decidedAt: r.decided_at,
    decidedBy: r.decided_by,
    exports: r.exports,
  });

  private static SELECT = `SELECT r.*, (SELECT count(*) FROM sharing_exports e WHERE e.request_id = r.id) AS exports FROM sharing_requests r`;

  list(): SharingRequest[] {
    return this.db.prepare<[], RequestRow>(`${SharingFile.SELECT} ORDER BY r.id DESC`).all().map(this.toRequest);
  }

  get(id: number): SharingRequest | null {
    const row = this.db.prepare<[number], RequestRow>(`${SharingFile.SELECT} WHERE r.id = ?`).get(id);
    return row ? this.toRequest(row) : null;
  }

  /** Files the request with the status its requester's kind decides. */
  register(input: RegisterRequest, by: string, at: string): SharingRequest {
    const rule = SHARING_RULES[input.agencyType];
    const plates = [...new Set(input.plates)];
    const info = this.db
      .prepare(
        `INSERT INTO sharing_requests (agency_name, agency_type, requester_name_enc, requester_contact_enc, purpose, case_number,
           requested_on, plates, period_from, period_to, status, status_reason, registered_at, registered_by, decided_at, decided_by)
         VALUES (@agencyName, @agencyType, @name, @contact, @purpose, @caseNumber, @requestedOn, @plates, @periodFrom, @periodTo,
           @status, @reason, @at, @by, @decidedAt, @decidedBy)`,
      )
      .run({
        agencyName: input.agencyName,
        agencyType: input.agencyType,
        name: this.cipher.encrypt(input.requesterName),
        contact: this.cipher.encrypt(input.requesterContact),
        purpose: input.purpose,
        caseNumber: input.caseNumber || null,
        requestedOn: input.requestedOn,
        plates: JSON.stringify(plates),
        periodFrom: input.periodFrom,
        periodTo: input.periodTo,
        status: rule.status,
        reason: rule.reason,
        at,
        by,
        // A rule's refusal or referral is the decision, made at registration.
        decidedAt: rule.status === 'pending' ? null : at,
        decidedBy: rule.status === 'pending' ? null : 'rule',
      });
    return this.get(Number(info.lastInsertRowid))!;
  }

  /** False when the request is no longer pending (the trigger refuses it too). */
  decide(id: number, status: 'approved' | 'denied', reason: string, by: string, at: string): boolean {
    return (
      this.db
        .prepare("UPDATE sharing_requests SET status = ?, status_reason = ?, decided_at = ?, decided_by = ? WHERE id = ? AND status = 'pending'")
        .run(status, reason, at, by, id).changes === 1
    );
  }

  /**
   * The hits this console holds for the request's plates in its period (the agency's local
   * calendar days, both ends included), less those the plate check found misread: such a hit is a sighting of another
   * plate, and must not go to another agency as one of the requested plate; and less the hits of an officer's entry
   * since withdrawn (entered in error, vehicle recovered), whose list and reason no longer hold
   * (by the entry here, or by the ending another console gave the hit, as the hub told it).
   * `confirmedOnly`: only the hits whose plate a dispatcher confirmed against the image.
   */
  exportRows(req: SharingRequest, confirmedOnly = false): ExportRow[] {
    const stmt = this.db.prepare<[string, string, string], ExportRow>(
      `SELECT h.id AS hitId, h.read_plate AS plate, h.read_state AS state, h.captured_at AS capturedAt, h.camera_id AS cameraId,
              h.camera_name AS cameraName, h.direction, m.list, m.reason,
              CASE WHEN EXISTS (SELECT 1 FROM hit_events e WHERE e.hit_id = h.id AND e.step = 'plate-check' AND e.outcome = 'confirmed')
                THEN 'confirmed' ELSE 'not checked' END AS plateCheck,
              coalesce(h.clets_status, '') AS clets
       FROM hits h JOIN hit_matches m ON m.hit_id = h.id AND m.ord = 0
       WHERE h.read_plate = ? AND julianday(h.captured_at) >= julianday(?, 'utc') AND julianday(h.captured_at) < julianday(?, '+1 day', 'utc')
         AND (h.disposition IS NULL OR h.disposition NOT IN ('misread', 'entry-withdrawn')) AND (${WITHDRAWN_SQL}) IS NULL
       ORDER BY h.captured_at, h.id`,
    );
    const rows = req.plates.flatMap((plate) => stmt.all(plate, req.periodFrom, req.periodTo));
    return confirmedOnly ? rows.filter((r) => r.plateCheck === 'confirmed') : rows;
  }

  recordExport(e: { requestId: number; at: string; by: string; format: 'csv' | 'pdf'; records: number; purpose: string; caseNumber: string | null; auditId: string }): number {
    const info = this.db
      .prepare(
        `INSERT INTO sharing_exports (request_id, exported_at, exported_by, format, records, purpose, case_number, audit_id)
         VALUES (@requestId, @at, @by, @format, @records, @purpose, @caseNumber, @auditId)`,
      )
      .run(e);
    return Number(info.lastInsertRowid);
  }

  sharedWith(): SharedWithEntry[] {
    const rows = this.db
      .prepare<[], { id: number; request_id: number; exported_at: string; exported_by: string; format: 'csv' | 'pdf'; records: number; purpose: string; case_number: string | null }>(
        'SELECT * FROM sharing_exports ORDER BY id',
      )
      .all();
    return rows.map((e) => {
      const r = this.get(e.request_id)!;
      return {
        exportId: e.id,
        requestId: r.id,
        agencyName: r.agencyName,
        agencyType: r.agencyType,
        requesterName: r.requesterName,
        sharedAt: e.exported_at,
        sharedBy: e.exported_by,
        format: e.format,
        plates: r.plates,
        periodFrom: r.periodFrom,
        periodTo: r.periodTo,
        records: e.records,
        purpose: r.purpose,
        exportPurpose: e.purpose,
        caseNumber: e.case_number,
      };
    });
  }
}

export const SHARED_WITH_COLUMNS = ['Export', 'Request', 'Agency', 'Agency type', 'Requester', 'Shared at (UTC)', 'Shared by', 'Format', 'Plates', 'Period', 'Records', 'Requester purpose', 'Export purpose', 'Case number'] as const;

export function sharedWithRow(e: SharedWithEntry): string[] {
  return [
    String(e.exportId),
    `SR-${e.requestId}`,
    e.agencyName,
    AGENCY_TYPE_LABELS[e.agencyType],
    e.requesterName,
    e.sharedAt,
    e.sharedBy,
    e.format.toUpperCase(),
    e.plates.join(' '),
    `${e.periodFrom} to ${e.periodTo}`,
    String(e.records),
    e.purpose,
    e.exportPurpose,
    e.caseNumber ?? '',
  ];
}
