/**
 * Contract: random audits of lookups (issue 6 item 10; San Jose's policy: periodic, random
 * audits by a unit other than the system's administrators).
 *
 * An auditor (or a supervisor, never an admin) draws a uniform random sample of the audit
 * log's lookups in a period, other than their own; records a finding for each sampled lookup
 * (legitimate, needs follow-up, violation) with a note; closes the audit with a summary once
 * every lookup has its finding; and exports the audit's report as CSV or PDF. Audits are kept
 * (never purged) and every draw, opening, finding, close and export is itself an audit record
 * (purpose "Audit / administration": a random audit's report is an administrative record, so
 * its export takes no case number).
 */
import { z } from 'zod';
import { call, empty, periodEnd, exportedFileSchema, isoTimeSchema as isoInstant } from './common';

/** The unit that audits: auditors and supervisors; not the system's administrators. */
export const RANDOM_AUDITORS = ['auditor', 'supervisor'] as const;

export const FINDINGS = ['legitimate', 'needs-follow-up', 'violation'] as const;
export type Finding = (typeof FINDINGS)[number];
export const FINDING_LABELS: Record<Finding, string> = {
  legitimate: 'Legitimate',
  'needs-follow-up': 'Needs follow-up',
  violation: 'Violation',
};

/**
 * The kinds of lookup an auditor usually samples, by the action the audit log names them with,
 * in the words of the random-audit screen. A draw may name any action; these are offered.
 */
export const LOOKUP_KINDS: Readonly<Record<string, string>> = {
  'hits:open': 'Hits opened',
  'search.plates': 'Plate searches',
  'workflow.clets-query': 'CLETS re-checks',
  'shiftlog.view': 'Shift logs viewed',
  'shiftlog.export': 'Shift log exports',
  'audit.search': 'Audit log searches',
  'audit.export': 'Audit log exports',
  'records:export-request': 'Sharing exports',
  'records.evidence-export': 'Evidence exports',
};

export const AUDIT_OUTCOMES = ['granted', 'refused', 'ok', 'failed'] as const;
export const SAMPLE_MAX = 500;

const auditId = z.number().int().positive();

export const drawInputSchema = z
  .object({
    from: isoInstant,
    to: isoInstant,
    size: z.number().int('a whole number').min(1, 'at least 1 lookup').max(SAMPLE_MAX, `at most ${SAMPLE_MAX} lookups`),
    /** Only these actions (e.g. hits:open, search.plates); default any. */
    actions: z.array(z.string().trim().min(1).max(64)).max(50).optional(),
    /** Only this user's lookups. */
    username: z.string().trim().min(1).max(64).optional(),
    /** Which records count as lookups: by default the granted ones (data that was revealed). */
    outcomes: z.array(z.enum(AUDIT_OUTCOMES)).min(1).max(4).default(['granted']),
  })
  .strict()
  .refine((d) => periodEnd(d.from, d.to).ok, (d) => periodEnd(d.from, d.to).refusal());
export type DrawInput = z.input<typeof drawInputSchema>;

export const findingCountsSchema = z
  .object({ legitimate: z.number().int(), needsFollowUp: z.number().int(), violation: z.number().int(), pending: z.number().int() })
  .strict();

export const randomAuditSummarySchema = z
  .object({
    id: z.number().int(),
    /** RA-<id>, as the report names it. */
    ref: z.string(),
    status: z.enum(['open', 'closed']),
    periodFrom: z.string(),
    periodTo: z.string(),
    criteria: z
      .object({ actions: z.array(z.string()).nullable(), username: z.string().nullable(), outcomes: z.array(z.string()) })
      .strict(),
    requested: z.number().int(),
    /** How many lookups were drawn (the requested size, or all of them when fewer matched). */
    drawn: z.number().int(),
    /** How many lookups the sample was drawn from. */
    population: z.number().int(),
    auditor: z.string(),
    auditorUsername: z.string(),
    createdAt: z.string(),
    closedAt: z.string().nullable(),
    summary: z.string().nullable(),
    counts: findingCountsSchema,
  })
  .strict();
export type RandomAuditSummary = z.infer<typeof randomAuditSummarySchema>;

export const sampledLookupSchema = z
  .object({
    itemId: z.number().int(),
    /** The audit record's place in the log. */
    seq: z.number().int(),
    recordId: z.string(),
    at: z.string(),
    username: z.string().nullable(),
    displayName: z.string().nullable(),
    workstationId: z.string(),
    action: z.string(),
    outcome: z.string(),
    data: z.record(z.unknown()),
    purpose: z.string().nullable(),
    caseNumber: z.string().nullable(),
    finding: z.enum(FINDINGS).nullable(),
    note: z.string().nullable(),
    findingBy: z.string().nullable(),
    findingAt: z.string().nullable(),
  })
  .strict();
export type SampledLookup = z.infer<typeof sampledLookupSchema>;

export const randomAuditSchema = z
  .object({
    audit: randomAuditSummarySchema,
    /** The draw's seed (hex): with the criteria and `uptoSeq` it reproduces the sample. */
    seed: z.string(),
    uptoSeq: z.number().int(),
    items: z.array(sampledLookupSchema),
  })
  .strict();
export type RandomAudit = z.infer<typeof randomAuditSchema>;

export const randomAuditCalls = {
  'audits:list': call({
    input: empty,
    output: z.object({ audits: z.array(randomAuditSummarySchema) }).strict(),
    access: RANDOM_AUDITORS,
    summary: 'Random audits, newest first: period, auditor, status and counts of findings.',
  }),
  'audits:draw': call({
    auditAction: 'random-audit.draw',
    input: drawInputSchema,
    output: randomAuditSchema,
    access: RANDOM_AUDITORS,
    reveals: true,
    summary: "Draws a random sample of lookups in a period (not the auditor's own) as a new audit; logged.",
  }),
  'audits:open': call({
    auditAction: 'random-audit.open',
    input: z.object({ auditId }).strict(),
    output: randomAuditSchema,
    access: RANDOM_AUDITORS,
    reveals: true,
    summary: 'An audit with its sampled lookups and their findings; logged.',
  }),
  'audits:record-finding': call({
    input: z
      .object({
        auditId,
        itemId: z.number().int().positive(),
        finding: z.enum(FINDINGS, { errorMap: () => ({ message: 'choose legitimate, needs follow-up or violation' }) }),
        note: z.string().trim().max(2000).optional(),
      })
      .strict()
      // A violation or a follow-up is acted on later: it says what was found.
      .refine((d) => d.finding === 'legitimate' || (d.note ?? '') !== '', {
        message: 'say what was found: a violation or a follow-up needs a note',
        path: ['note'],
      }),
    output: z
      .object({
        audit: randomAuditSummarySchema,
        item: z.object({ itemId: z.number().int(), finding: z.enum(FINDINGS), note: z.string().nullable(), findingBy: z.string(), findingAt: z.string() }).strict(),
      })
      .strict(),
    access: RANDOM_AUDITORS,
    summary: "Records (or changes) the finding for one sampled lookup of an open audit (its auditor only); logged.",
  }),
  'audits:close': call({
    input: z.object({ auditId, summary: z.string().trim().min(1, 'write the summary').max(4000) }).strict(),
    output: z.object({ audit: randomAuditSummarySchema }).strict(),
    access: RANDOM_AUDITORS,
    summary: 'Closes an audit with a summary, once every sampled lookup has a finding; logged.',
  }),
  'audits:export': call({
    auditAction: 'random-audit.export',
    input: z.object({ auditId, format: z.enum(['csv', 'pdf']) }).strict(),
    output: exportedFileSchema,
    access: RANDOM_AUDITORS,
    reveals: true,
    summary: "The audit's report as CSV or PDF (agency, period, auditor, findings); logged.",
  }),
} as const;

export const randomAuditEvents = {} as const;
