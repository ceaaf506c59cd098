/**
 * Contract: retention, legal holds and inter-agency sharing requests (issue 6 items 7, 8).
 *
 * Retention (Lodi 431.4: ALPR data kept at least one year, then purged unless it is or may
 * become evidence): a daily purge of hits and their images older than the agency's period,
 * except what a legal hold keeps. The audit trail is never purged by it.
 * Sharing (Civil Code 1798.90.55(b), Lodi 431.7, the State Auditor's 2020 finding): every
 * request from another body is registered; those the law forbids are refused by rule at
 * registration, public requests go to the records unit, the rest are approved or denied by a
 * supervisor, and only an approved request produces an export, logged against it.
 */
import { z } from 'zod';
import { binary, calendarDateSchema as isoDate, call, empty } from './common';
import { lookupPurposeSchema } from './audit';
import { SUPERVISORS } from './workflow';
import { plateSchema, stateSchema, typedPlateSchema, typedStateSchema } from './hub';

/** Lodi 431.4 (Government Code 34090.6): ALPR data is kept for at least one year. */
export const MIN_RETENTION_DAYS = 365;
export const MAX_RETENTION_DAYS = 3650;
export const DEFAULT_RETENTION_DAYS = 365;

const text = (max: number) => z.string().trim().max(max);
const required = (max: number, what: string) => text(max).min(1, `enter ${what}`);
const caseNumber = required(64, 'the case number');
const reason = required(500, 'the reason');

/** Who may place legal holds: anyone who works hits. Releasing is for supervisors only. */
export const HOLD_PLACERS = ['dispatcher', 'supervisor', 'admin'] as const;
/** Who may read the file of sharing requests and the shared-with report. */
export const SHARING_READERS = ['supervisor', 'admin', 'auditor'] as const;

export const retentionDaysSchema = z
  .number()
  .int('whole days')
  .min(MIN_RETENTION_DAYS, `ALPR data must be kept at least ${MIN_RETENTION_DAYS} days (one year: Lodi 431.4, Government Code 34090.6)`)
  .max(MAX_RETENTION_DAYS, `at most ${MAX_RETENTION_DAYS} days`);

export const purgeRunSchema = z
  .object({
    id: z.number().int(),
    startedAt: z.string(),
    finishedAt: z.string().nullable(),
    trigger: z.enum(['schedule', 'start', 'manual']),
    by: z.string().nullable(),
    retentionDays: z.number().int(),
    /** Hits captured before this time were due. */
    cutoff: z.string(),
    hits: z.number().int(),
    images: z.number().int(),
    /** Hotlist matches, workflow steps and any other rows that belonged to the removed hits. */
    relatedRows: z.number().int(),
    /** Due hits kept because a legal hold covers them. */
    keptByHold: z.number().int(),
    error: z.string().nullable(),
  })
  .strict();
export type PurgeRun = z.infer<typeof purgeRunSchema>;

export const retentionStateSchema = z
  .object({
    retentionDays: z.number().int(),
    minimumDays: z.number().int(),
    lastRun: purgeRunSchema.nullable(),
    runs: z.array(purgeRunSchema),
    /**
     * The legal holds placed anywhere at the agency, as last heard from the hub (a hold placed
     * on another console keeps this console's copies too); null without a hub. `waiting`: why
     * the purge waits (no fresh list), or null.
     */
    agencyHolds: z.object({ count: z.number().int(), heardAt: z.string().nullable(), waiting: z.string().nullable() }).strict().nullable(),
  })
  .strict();
export type RetentionState = z.infer<typeof retentionStateSchema>;

export const holdTargetSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('hit'), hitId: z.string().trim().min(1).max(100) }).strict(),
  z
    .object({
      kind: z.literal('plate'),
      plate: typedPlateSchema,
      /** None: the plate in any state. */
      state: typedStateSchema.optional(),
      /** The reads and hits of this plate captured in this period (UTC days, both included). */
      from: isoDate,
      to: isoDate,
    })
    .strict(),
]);
export type HoldTarget = z.infer<typeof holdTargetSchema>;

export const legalHoldSchema = z
  .object({
    id: z.number().int(),
    kind: z.enum(['hit', 'plate']),
    hitId: z.string().nullable(),
    plate: z.string().nullable(),
    state: z.string().nullable(),
    from: z.string().nullable(),
    to: z.string().nullable(),
    caseNumber: z.string(),
    reason: z.string(),
    placedAt: z.string(),
    placedBy: z.string(),
    releasedAt: z.string().nullable(),
    releasedBy: z.string().nullable(),
    releaseReason: z.string().nullable(),
  })
  .strict();
export type LegalHold = z.infer<typeof legalHoldSchema>;

/** A hold placed on another console of the agency, as the hub listed it (released there). */
export const otherConsoleHoldSchema = z
  .object({
    workstationId: z.string(),
    holdId: z.number().int(),
    kind: z.enum(['hit', 'plate']),
    hitId: z.string().nullable(),
    plate: z.string().nullable(),
    state: z.string().nullable(),
    from: z.string().nullable(),
    to: z.string().nullable(),
    caseNumber: z.string().nullable(),
    placedAt: z.string().nullable(),
    placedBy: z.string().nullable(),
  })
  .strict();
export type OtherConsoleHold = z.infer<typeof otherConsoleHoldSchema>;

/**
 * Who asks. Civil Code 1798.90.55(b): a public agency shares ALPR information only with
 * another public agency; the Attorney General's 2023 bulletin reads that as California state
 * and local agencies, not out-of-state or federal ones. Lodi 431.7: law enforcement and
 * prosecutors by written request; anyone else through the records unit (Public Records Act).
 */
export const AGENCY_TYPES = [
  'ca-law-enforcement',
  'ca-prosecutor',
  'ca-public-other',
  'out-of-state',
  'federal',
  'private',
  'public',
] as const;
export type AgencyType = (typeof AGENCY_TYPES)[number];
export const AGENCY_TYPE_LABELS: Record<AgencyType, string> = {
  'ca-law-enforcement': 'California public law-enforcement agency',
  'ca-prosecutor': 'California prosecutorial agency',
  'ca-public-other': 'California public agency (not law enforcement)',
  'out-of-state': 'Out-of-state agency',
  federal: 'Federal agency',
  private: 'Private entity',
  public: 'Member of the public',
};

export const REQUEST_STATUSES = ['refused', 'referred', 'pending', 'approved', 'denied'] as const;
export type RequestStatus = (typeof REQUEST_STATUSES)[number];
export const REQUEST_STATUS_LABELS: Record<RequestStatus, string> = {
  refused: 'Refused by rule',
  referred: 'Referred to records unit',
  pending: 'Awaiting decision',
  approved: 'Approved',
  denied: 'Denied',
};

export const registerRequestSchema = z
  .object({
    agencyName: required(200, "the agency's name"),
    agencyType: z.enum(AGENCY_TYPES, { errorMap: () => ({ message: 'choose the kind of agency' }) }),
    requesterName: required(120, "the requester's name"),
    requesterContact: required(200, "the requester's contact (phone or email)"),
    purpose: required(1000, 'the intended purpose'),
    /** The requesting agency's case or incident number, when it gave one. */
    caseNumber: text(64).optional(),
    /** The date of the written request. */
    requestedOn: isoDate,
    plates: z.array(plateSchema).min(1, 'name at least one plate').max(50, 'at most 50 plates per request'),
    periodFrom: isoDate,
    periodTo: isoDate,
  })
  .strict()
  .refine((r) => r.periodFrom <= r.periodTo, { message: 'the period ends before it starts', path: ['periodTo'] });
export type RegisterRequest = z.infer<typeof registerRequestSchema>;

export const sharingRequestSchema = z
  .object({
    id: z.number().int(),
    agencyName: z.string(),
    agencyType: z.enum(AGENCY_TYPES),
    requesterName: z.string(),
    requesterContact: z.string(),
    purpose: z.string(),
    caseNumber: z.string().nullable(),
    requestedOn: z.string(),
    plates: z.array(z.string()),
    periodFrom: z.string(),
    periodTo: z.string(),
    status: z.enum(REQUEST_STATUSES),
    /** Why a rule refused or referred it, or the supervisor's reason for the decision. */
    statusReason: z.string().nullable(),
    registeredAt: z.string(),
    registeredBy: z.string(),
    decidedAt: z.string().nullable(),
    decidedBy: z.string().nullable(),
    exports: z.number().int(),
  })
  .strict();
export type SharingRequest = z.infer<typeof sharingRequestSchema>;

export const sharedWithEntrySchema = z
  .object({
    exportId: z.number().int(),
    requestId: z.number().int(),
    agencyName: z.string(),
    agencyType: z.enum(AGENCY_TYPES),
    requesterName: z.string(),
    sharedAt: z.string(),
    sharedBy: z.string(),
    format: z.enum(['csv', 'pdf']),
    /** What was shared: plates, period and how many records. */
    plates: z.array(z.string()),
    periodFrom: z.string(),
    periodTo: z.string(),
    records: z.number().int(),
    /** The requester's stated purpose. */
    purpose: z.string(),
    /** The purpose the exporter gave for this export (logged with it). */
    exportPurpose: z.string(),
    caseNumber: z.string().nullable(),
  })
  .strict();
export type SharedWithEntry = z.infer<typeof sharedWithEntrySchema>;

export const exportFileSchema = z
  .object({ fileName: z.string(), mime: z.string(), content: binary, records: z.number().int() })
  .strict();
export type ExportFile = z.infer<typeof exportFileSchema>;

export const EXPORT_FORMATS = ['csv', 'pdf'] as const;

/**
 * Evidence packages (issue 6 item 9, Lodi 431.4: data that has become evidence is downloaded
 * onto portable media and booked into evidence). Who exports one: supervisors and admins. A
 * package holds the hit's audit records (other people's lookups) and leaves the console on
 * media, so it is a supervisor's act, like every other export of data; a dispatcher who sees
 * that a hit will be evidence places a legal hold on it (HOLD_PLACERS), which keeps it until
 * the package is made.
 */
export const EVIDENCE_EXPORTERS = SUPERVISORS;
/** Who may read the list of packages made: those who export them, and auditors. */
export const EVIDENCE_READERS = SHARING_READERS;
/** The package is a POSIX tar (ustar): any tar tool, Windows' included, unpacks it. */
export const EVIDENCE_MIME = 'application/x-tar';

const sha256Hex = z.string().regex(/^[0-9a-f]{64}$/, 'a SHA-256 in hex');

export const evidenceManifestSchema = z
  .object({
    /** What this is, so a person who finds the file on the media knows. */
    kind: z.literal('alpr-evidence-package'),
    formatVersion: z.literal(1),
    hitId: z.string(),
    plate: z.string(),
    state: z.string(),
    capturedAt: z.string(),
    caseNumber: z.string(),
    purpose: z.string(),
    reason: z.string(),
    agencyName: z.string(),
    exportedBy: z.object({ username: z.string(), displayName: z.string(), badge: z.string().nullable(), agency: z.string().nullable() }).strict(),
    exportedAt: z.string(),
    workstationId: z.string(),
    consoleVersion: z.string(),
    /** The legal hold that keeps the hit on this console (placed with the export if none was). */
    legalHold: z.object({ id: z.number().int(), caseNumber: z.string(), placedAt: z.string(), placedBy: z.string(), placedWithExport: z.boolean() }).strict(),
    /** The audit chain as far as this package's audit records go: its last record's seq and hash. */
    auditChainHead: z.object({ seq: z.number().int(), hash: z.string() }).strict(),
    /** Every other file of the package (names relative to the package's folder). */
    files: z.array(z.object({ name: z.string(), bytes: z.number().int(), sha256: sha256Hex, description: z.string() }).strict()),
  })
  .strict();
export type EvidenceManifest = z.infer<typeof evidenceManifestSchema>;

export const evidenceExportSchema = z
  .object({
    id: z.number().int(),
    hitId: z.string(),
    caseNumber: z.string(),
    purpose: z.string(),
    reason: z.string(),
    fileName: z.string(),
    bytes: z.number().int(),
    sha256: z.string(),
    files: z.number().int(),
    holdId: z.number().int(),
    exportedBy: z.string(),
    exportedAt: z.string(),
    workstationId: z.string(),
  })
  .strict();
export type EvidenceExport = z.infer<typeof evidenceExportSchema>;

export const recordsCalls = {
  'records:retention': call({
    input: empty,
    output: retentionStateSchema,
    access: SUPERVISORS,
    summary: 'The retention period, the last purge and what it removed, and recent runs.',
  }),
  'records:set-retention': call({
    input: z.object({ retentionDays: retentionDaysSchema }).strict(),
    output: retentionStateSchema,
    access: ['admin'],
    summary: 'Set how long hits and images are kept (at least 365 days); logged.',
  }),
  'records:purge-now': call({
    input: empty,
    output: purgeRunSchema,
    access: SUPERVISORS,
    summary: 'Run the retention purge now (it also runs daily); logged with counts.',
  }),
  'records:holds': call({
    input: z.object({ includeReleased: z.boolean().optional() }).strict(),
    output: z
      .object({
        holds: z.array(legalHoldSchema),
        /** Active holds placed on other consoles; they keep this console's copies too. */
        elsewhere: z.array(otherConsoleHoldSchema),
        /** When the hub last listed them (null: never, or no hub). */
        elsewhereHeardAt: z.string().nullable(),
      })
      .strict(),
    access: HOLD_PLACERS,
    summary: 'Legal holds: what each keeps, case number, who placed it, when and why; and those placed on other consoles.',
    reveals: true,
  }),
  'records:place-hold': call({
    auditAction: 'records.hold-place',
    input: z
      .object({ target: holdTargetSchema, caseNumber, reason })
      .strict()
      .refine((h) => h.target.kind !== 'plate' || h.target.from <= h.target.to, { message: 'the period ends before it starts', path: ['target', 'to'] }),
    output: z.object({ hold: legalHoldSchema }).strict(),
    access: HOLD_PLACERS,
    summary: 'Place a legal hold on a hit, or on a plate for a period: the purge keeps it; logged.',
    reveals: true,
  }),
  'records:release-hold': call({
    input: z.object({ holdId: z.number().int().positive(), reason }).strict(),
    output: z.object({ hold: legalHoldSchema }).strict(),
    access: SUPERVISORS,
    summary: 'Release a legal hold (supervisors and admins), with a reason; logged.',
  }),
  'records:requests': call({
    input: empty,
    /** pdfExport: whether this console can export as PDF (else CSV only). */
    output: z.object({ requests: z.array(sharingRequestSchema), pdfExport: z.boolean() }).strict(),
    access: SHARING_READERS,
    summary: 'The file of sharing requests and what became of each.',
    reveals: true,
  }),
  'records:register-request': call({
    input: registerRequestSchema,
    output: z.object({ request: sharingRequestSchema }).strict(),
    access: SUPERVISORS,
    summary: 'Register a request for ALPR data from another body; the law refuses some by rule; logged.',
  }),
  'records:decide-request': call({
    input: z.object({ requestId: z.number().int().positive(), decision: z.enum(['approve', 'deny']), reason }).strict(),
    output: z.object({ request: sharingRequestSchema }).strict(),
    access: SUPERVISORS,
    summary: 'Approve or deny a pending request, with a reason; logged.',
  }),
  'records:export-request': call({
    input: z
      .object({
        requestId: z.number().int().positive(),
        format: z.enum(EXPORT_FORMATS),
        lookup: lookupPurposeSchema,
        /** Only hits whose plate a dispatcher confirmed against the image (the export says so). */
        confirmedOnly: z.boolean().optional(),
      })
      .strict(),
    output: exportFileSchema,
    access: SUPERVISORS,
    summary: 'Export the data an approved request asked for (CSV or PDF), optionally only plate-confirmed hits; logged against the request.',
    reveals: true,
  }),
  'records:shared-with': call({
    input: empty,
    output: z.object({ entries: z.array(sharedWithEntrySchema) }).strict(),
    access: SHARING_READERS,
    summary: 'Every body ALPR data was shared with: agency, date, what, request.',
    reveals: true,
  }),
  'records:shared-with-csv': call({
    input: empty,
    output: exportFileSchema,
    access: SHARING_READERS,
    summary: 'The shared-with report as CSV; logged.',
    reveals: true,
  }),
  'records:evidence-export': call({
    auditAction: 'records.evidence-export',
    input: z.object({ hitId: z.string().trim().min(1).max(100), reason, purpose: lookupPurposeSchema }).strict(),
    output: z
      .object({
        fileName: z.string(),
        mime: z.literal(EVIDENCE_MIME),
        content: binary,
        /** SHA-256 of the whole package as handed over (also on the audit record and on file). */
        sha256: sha256Hex,
        manifest: evidenceManifestSchema,
        exportId: z.number().int(),
      })
      .strict(),
    access: EVIDENCE_EXPORTERS,
    summary: 'Export a hit as an evidence package (images, read, matches, timeline, CLETS, audit records, SHA-256 manifest); places a legal hold; logged with purpose and case number.',
    reveals: true,
  }),
  'records:evidence-list': call({
    input: z.object({ hitId: z.string().trim().min(1).max(100).optional() }).strict(),
    output: z.object({ exports: z.array(evidenceExportSchema) }).strict(),
    access: EVIDENCE_READERS,
    summary: 'Evidence packages made: hit, case number, SHA-256, who, when; logged.',
    reveals: true,
  }),
} as const;

export const recordsEvents = {} as const;
