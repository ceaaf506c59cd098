/** Contract: the state of the audit trail, its verification, and the agency's purposes. */
import { z } from 'zod';
import { call, empty } from './common';

/** Who may read the audit trail (CJIS AU-9): not dispatchers. Reading it is itself logged. */
export const AUDIT_READERS = ['supervisor', 'admin', 'auditor'] as const;

export const purposeSchema = z
  .object({ id: z.number().int(), label: z.string(), requiresCaseNumber: z.boolean(), active: z.boolean() })
  .strict();
export type Purpose = z.infer<typeof purposeSchema>;

/**
 * What a data-revealing call outside the hit workflow carries (issue 4): a purpose from the
 * agency's list and, where the purpose or the kind of lookup needs one, a case number.
 * The core checks both (core/audit/purpose.ts) and refuses, logged, when they do not hold.
 */
export const lookupPurposeSchema = z
  .object({
    purposeId: z.number().int().positive(),
    caseNumber: z.string().trim().min(1).max(64).optional(),
  })
  .strict();
export type LookupPurpose = z.infer<typeof lookupPurposeSchema>;

export const auditStatusSchema = z
  .object({
    records: z.number().int(),
    headHash: z.string().nullable(),
    outboxPending: z.number().int(),
    /** Time of the oldest record not yet acknowledged by the hub. */
    oldestUnsentAt: z.string().nullable(),
    alarm: z.boolean(),
    lastCheckpoint: z
      .object({ count: z.number().int(), createdAt: z.string(), receiptAt: z.string().nullable() })
      .strict()
      .nullable(),
  })
  .strict();
export type AuditStatus = z.infer<typeof auditStatusSchema>;

export const auditVerifySchema = z
  .object({
    ok: z.boolean(),
    records: z.number().int(),
    checkpoints: z.number().int(),
    receipted: z.number().int(),
    hubRecords: z.number().int().nullable(),
    firstBad: z.object({ seq: z.number().int(), id: z.string().nullable(), reason: z.string() }).strict().nullable(),
    problems: z.array(z.string()),
    elapsedMs: z.number(),
  })
  .strict();

export const auditAlarmSchema = z
  .object({ pending: z.number().int(), oldestUnsentAt: z.string(), message: z.string() })
  .strict();

export const auditCalls = {
  'audit:status': call({
    input: empty,
    output: auditStatusSchema,
    access: AUDIT_READERS,
    summary: 'Records, forwarding backlog, last checkpoint and whether the unsent-records alarm is raised.',
  }),
  'audit:verify': call({
    input: empty,
    output: auditVerifySchema,
    access: AUDIT_READERS,
    summary: 'Checks the chain on disk, the checkpoints, and the hub copies (logged).',
  }),
  'purposes:list': call({
    input: empty,
    output: z.object({ purposes: z.array(purposeSchema) }).strict(),
    access: 'signed-in',
    summary: 'The purposes a lookup may be made for, and which need a case number.',
  }),
} as const;

export const auditEvents = {
  'audit:alarm': auditAlarmSchema,
} as const;
