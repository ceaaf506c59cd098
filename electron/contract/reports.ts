/**
 * Contract: audit review, reports (CSV/PDF) and the agency's purposes list (issue 6 items 3,
 * 4; issue 4 item 1).
 * - The audit review searches the audit log (supervisors, admins, auditors; never
 *   dispatchers). Every search is itself one audit record (purpose "Audit / administration",
 *   data = the filters); a refusal is audited too (`reveals`).
 * - The audit extract exports the current search as CSV or PDF, with a purpose and, per the
 *   agency's lookup rules, a case number; the export is one audit record.
 * - Admins keep the purposes (add, rename their own, retire/reactivate, case number needed)
 *   and the lookup rules (case number for every search / export). Each change is audited.
 */
import { z } from 'zod';
import { call, empty, periodEnd, exportedFileSchema, isoTimeSchema as isoInstant } from './common';
import { AUDIT_READERS, lookupPurposeSchema, purposeSchema } from './audit';

const text = (max: number) => z.string().trim().min(1).max(max);

/** The audit review's filters; all optional, all combined (AND). */
export const auditFiltersSchema = z
  .object({
    username: text(64).optional(),
    /** A plate, or a pattern with `?` (one character) and `*` (any run); matched against the data elements' plate or search pattern. */
    plate: z
      .string()
      .trim()
      .toUpperCase()
      .regex(/^[A-Z0-9*?]{1,12}$/, 'a plate: letters, digits, ? and *')
      .optional(),
    purpose: text(100).optional(),
    action: text(64).optional(),
    workstationId: text(64).optional(),
    outcome: z.enum(['granted', 'refused', 'ok', 'failed']).optional(),
    from: isoInstant.optional(),
    to: isoInstant.optional(),
    /** Only granted data lookups with no related hit and no case number. */
    onlyFlagged: z.boolean().optional(),
  })
  .strict()
  .refine((f) => periodEnd(f.from, f.to).ok, (f) => periodEnd(f.from, f.to).refusal());
export type AuditFilters = z.infer<typeof auditFiltersSchema>;

/** One audit record with every field, as stored, plus whether the review flags it. */
export const auditRecordViewSchema = z
  .object({
    seq: z.number().int(),
    id: z.string(),
    at: z.string(),
    userId: z.number().int().nullable(),
    username: z.string().nullable(),
    displayName: z.string().nullable(),
    badge: z.string().nullable(),
    agency: z.string().nullable(),
    workstationId: z.string(),
    ip: z.string().nullable(),
    action: z.string(),
    data: z.record(z.unknown()),
    purpose: z.string().nullable(),
    caseNumber: z.string().nullable(),
    outcome: z.string(),
    prevHash: z.string(),
    hash: z.string(),
    flagged: z.boolean(),
  })
  .strict();
export type AuditRecordView = z.infer<typeof auditRecordViewSchema>;

const cursorSchema = z.object({ at: z.string().max(40), seq: z.number().int().min(0) }).strict();

export const AUDIT_PAGE_MAX = 200;
/** Largest extracts: narrow the search for more (a PDF of 20,000 records is about 800 pages). */
export const AUDIT_EXPORT_MAX = { csv: 200_000, pdf: 20_000 } as const;

export const lookupRulesSchema = z
  .object({
    /** A plate search needs a case number whatever its purpose. */
    caseRequiredForSearch: z.boolean(),
    /** An export (report, extract, sharing) needs a case number whatever its purpose. */
    caseRequiredForExport: z.boolean(),
  })
  .strict();
export type LookupRulesView = z.infer<typeof lookupRulesSchema>;

export const managedPurposeSchema = purposeSchema.extend({ builtin: z.boolean() }).strict();
export type ManagedPurpose = z.infer<typeof managedPurposeSchema>;

const purposeLabel = z.string().trim().min(3, 'at least 3 characters').max(80);

const admins = ['admin'] as const;

export const reportsCalls = {
  'reports:audit-search': call({
    auditAction: 'audit.search',
    input: z
      .object({
        filters: auditFiltersSchema,
        limit: z.number().int().min(1).max(AUDIT_PAGE_MAX).default(50),
        /** From `next` of the previous page; absent for the first (newest) page. */
        cursor: cursorSchema.nullable().default(null),
      })
      .strict(),
    output: z
      .object({
        records: z.array(auditRecordViewSchema),
        next: cursorSchema.nullable(),
        total: z.number().int(),
        totalCapped: z.boolean(),
        /** On the first page: what the filters can choose from. */
        facets: z
          .object({ usernames: z.array(z.string()), actions: z.array(z.string()), purposes: z.array(z.string()), workstations: z.array(z.string()) })
          .strict()
          .optional(),
      })
      .strict(),
    access: AUDIT_READERS,
    reveals: true,
    summary: 'Searches the audit log, newest first, a page at a time (each search is logged).',
  }),
  'reports:audit-export': call({
    auditAction: 'audit.export',
    input: z.object({ filters: auditFiltersSchema, format: z.enum(['csv', 'pdf']), purpose: lookupPurposeSchema }).strict(),
    output: exportedFileSchema,
    access: AUDIT_READERS,
    reveals: true,
    summary: 'The current audit search as an extract, CSV or PDF (purpose and case number per the rules; logged).',
  }),
  'reports:rules': call({
    input: empty,
    output: lookupRulesSchema,
    access: 'signed-in',
    summary: 'Whether plate searches and exports need a case number whatever the purpose.',
  }),
  'reports:update-rules': call({
    input: lookupRulesSchema,
    output: lookupRulesSchema,
    access: admins,
    summary: 'Changes the lookup rules (audited with before and after).',
  }),
  'purposes:all': call({
    input: empty,
    output: z.object({ purposes: z.array(managedPurposeSchema) }).strict(),
    access: admins,
    summary: 'Every purpose, retired ones included, and which are built in.',
  }),
  'purposes:add': call({
    input: z.object({ label: purposeLabel, requiresCaseNumber: z.boolean() }).strict(),
    output: z.object({ purpose: managedPurposeSchema }).strict(),
    access: admins,
    summary: 'Adds a purpose to the agency list (audited).',
  }),
  'purposes:update': call({
    input: z
      .object({
        id: z.number().int().positive(),
        /** Only purposes the agency added can be renamed. */
        label: purposeLabel.optional(),
        requiresCaseNumber: z.boolean().optional(),
        active: z.boolean().optional(),
      })
      .strict()
      .refine((u) => u.label !== undefined || u.requiresCaseNumber !== undefined || u.active !== undefined, { message: 'nothing to change' }),
    output: z.object({ purpose: managedPurposeSchema }).strict(),
    access: admins,
    summary: 'Renames, retires or reactivates a purpose, or sets whether it needs a case number (audited).',
  }),
} as const;

export const reportsEvents = {} as const;
