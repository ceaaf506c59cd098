/**
 * Contract: the verification workflow of one hit (DESIGN.md, "The verification workflow";
 * Claremont policy 820.8). The core owns the state machine; every call here returns the hit's
 * whole workflow view, so the UI only renders what the core says is true and possible.
 */
import { z } from 'zod';
import { call, empty, HIT_WORKERS, type Role } from './common';
import { CLETS_STATUSES, cletsFieldsSchema, HIT_STATUS_STEPS, plateSchema, stateSchema, typedPlateSchema, typedStateSchema } from './hub';

/**
 * Where a hit stands: the last step taken. `misread`, `stale-list`, `entry-withdrawn` and
 * `disposed` are endings; an ended hit leaves the queue.
 */
export const HIT_STATUSES = [
  'new',
  'opened',
  'plate-confirmed',
  'broadcast',
  'clets-sent',
  'clets-answered',
  'results-broadcast',
  'misread',
  'stale-list',
  'entry-withdrawn',
  'disposed',
] as const;
export type HitStatus = (typeof HIT_STATUSES)[number];
export const ENDED_STATUSES = ['misread', 'stale-list', 'entry-withdrawn', 'disposed'] as const satisfies readonly HitStatus[];
export const isEnded = (status: HitStatus): boolean => (ENDED_STATUSES as readonly HitStatus[]).includes(status);

export const STATUS_LABELS: Readonly<Record<HitStatus, string>> = {
  new: 'New',
  opened: 'Plate check',
  'plate-confirmed': 'Plate confirmed',
  broadcast: 'Hit broadcast',
  'clets-sent': 'CLETS query sent',
  'clets-answered': 'CLETS answered',
  'results-broadcast': 'Results broadcast',
  misread: 'Misread',
  'stale-list': 'Stale list',
  'entry-withdrawn': 'Entry withdrawn',
  disposed: 'Disposed',
};

/** Who may take a hit over from another console. */
export const SUPERVISORS: readonly Role[] = ['supervisor', 'admin'];

/** Claremont: broadcast first, then CLETS. `clets-first`: CLETS before any broadcast. */
export const WORKFLOW_ORDERS = ['claremont', 'clets-first'] as const;
export type WorkflowOrder = (typeof WORKFLOW_ORDERS)[number];
export const CLETS_ADAPTERS = ['hub', 'manual'] as const;

/**
 * Dispositions the workflow sets by itself; an agency's own codes cannot reuse them.
 * `entry-withdrawn`: the officer's hotlist entry that raised the hit was taken off the list
 * before anything went out on the radio (`workflow:end-withdrawn`).
 */
export const AUTOMATIC_DISPOSITIONS = ['misread', 'stale-list', 'entry-withdrawn'] as const;
/** The misread reason that needs the dispatcher's own words. */
export const OTHER_REASON = 'other';

const codeSchema = z
  .string()
  .max(40)
  .regex(/^[a-z0-9]+(-[a-z0-9]+)*$/, 'a code is lower-case letters and digits joined by -');
const choiceSchema = z.object({ code: codeSchema, label: z.string().trim().min(1).max(80) }).strict();
export type Choice = z.infer<typeof choiceSchema>;
const choicesSchema = z
  .array(choiceSchema)
  .min(1, 'at least one entry')
  .max(30)
  .refine((list) => new Set(list.map((c) => c.code)).size === list.length, 'each code once');

export const DEFAULT_CLETS_TEMPLATE = 'QV.{ORI}.LIC/{LIC}.LIS/{LIS}[.LIY/{LIY}][.LIT/{LIT}]';

/** The agency's workflow settings (stored with the console's settings, changed by an admin). */
const workflowSettingsShape = {
  order: z.enum(WORKFLOW_ORDERS),
  misreadReasons: choicesSchema.refine((l) => !l.some((c) => c.code === OTHER_REASON), `"${OTHER_REASON}" is always offered`),
  dispositionCodes: choicesSchema.refine(
    (l) => !l.some((c) => (AUTOMATIC_DISPOSITIONS as readonly string[]).includes(c.code)),
    `${AUTOMATIC_DISPOSITIONS.join(' and ')} are set by the workflow itself`,
  ),
  /** A hit nobody opened alerts again after this long on this console... */
  unopenedAlertS: z.number().int().min(1).max(3600),
  /** ...and reaches supervisors' consoles this much later. */
  escalateAfterS: z.number().int().min(1).max(3600),
  /** How long the built-in training hub keeps the claims of a console that lost its link. */
  claimReleaseAfterS: z.number().int().min(10).max(86_400),
  cletsAdapter: z.enum(CLETS_ADAPTERS),
  /**
   * The vehicle query: {ORI} {LIC} {LIS} {LIY} {LIT} are filled in; a [bracketed] part is left
   * out when a field in it is unknown.
   */
  cletsTemplate: z
    .string()
    .trim()
    .min(1)
    .max(500)
    .refine((t) => t.includes('{LIC}') && t.includes('{LIS}'), 'the template needs {LIC} and {LIS}'),
};
export const workflowSettingsSchema = z.object(workflowSettingsShape).strict();
export type WorkflowSettings = z.infer<typeof workflowSettingsSchema>;

export const DEFAULT_WORKFLOW_SETTINGS: WorkflowSettings = {
  order: 'claremont',
  misreadReasons: [
    { code: 'wrong-characters', label: 'Wrong characters' },
    { code: 'wrong-state', label: 'Wrong state' },
    { code: 'partial-plate', label: 'Partial or obstructed plate' },
    { code: 'not-a-plate', label: 'Not a plate' },
    { code: 'duplicate-read', label: 'Duplicate read' },
  ],
  dispositionCodes: [
    { code: 'vehicle-located', label: 'Vehicle located' },
    { code: 'unable-to-locate', label: 'Unable to locate' },
    { code: 'no-units', label: 'No units available' },
    { code: 'referred', label: 'Referred to another agency' },
  ],
  unopenedAlertS: 60,
  escalateAfterS: 60,
  claimReleaseAfterS: 120,
  cletsAdapter: 'hub',
  cletsTemplate: DEFAULT_CLETS_TEMPLATE,
};

/** What the dispatcher does next; null once the hit has ended. */
export const NEXT_STEPS = [
  'open',
  'plate-check',
  'broadcast',
  'clets-query',
  'clets-result',
  'results-broadcast',
  'dispose',
] as const;
export type NextStep = (typeof NEXT_STEPS)[number];

/** The stages shown as the hit's progress, in the order the agency set. */
export const STAGES = ['plate-check', 'broadcast', 'clets', 'results-broadcast', 'dispose'] as const;
export type Stage = (typeof STAGES)[number];

export const claimHolderViewSchema = z
  .object({ displayName: z.string(), username: z.string(), workstationId: z.string(), at: z.string() })
  .strict();
export type ClaimHolderView = z.infer<typeof claimHolderViewSchema>;

const broadcastScriptSchema = z
  .object({
    kind: z.enum(['hit', 'results', 'disregard']),
    /** One line per breath; `strong` marks what must not be misheard (the plate). */
    lines: z.array(z.object({ text: z.string(), strong: z.boolean() }).strict()),
  })
  .strict();
export type BroadcastScript = z.infer<typeof broadcastScriptSchema>;

const timelineEntrySchema = z
  .object({
    step: z.enum(HIT_STATUS_STEPS),
    label: z.string(),
    detail: z.string().nullable(),
    at: z.string(),
    by: z.string(),
    workstationId: z.string(),
    /** For this console's own steps: whether the hub has them (null for steps learnt from it). */
    report: z.enum(['pending', 'sent', 'refused']).nullable(),
    reportError: z.string().nullable(),
  })
  .strict();
export type TimelineEntry = z.infer<typeof timelineEntrySchema>;

const cletsResponseViewSchema = z
  .object({ status: z.enum(CLETS_STATUSES), text: z.string(), fields: cletsFieldsSchema, receivedAt: z.string() })
  .strict();

export const workflowViewSchema = z
  .object({
    hitId: z.string(),
    order: z.enum(WORKFLOW_ORDERS),
    status: z.enum(HIT_STATUSES),
    next: z.enum(NEXT_STEPS).nullable(),
    stages: z.array(
      z.object({ key: z.enum(STAGES), label: z.string(), state: z.enum(['done', 'current', 'todo', 'skipped']) }).strict(),
    ),
    capturedAt: z.string(),
    lastStepAt: z.string().nullable(),
    claim: z.object({ holder: claimHolderViewSchema.nullable(), mine: z.boolean(), confirmed: z.boolean() }).strict(),
    /** Whether this user may take the next step here, and if not, why. */
    canAct: z.boolean(),
    blockedReason: z.string().nullable(),
    canTakeOver: z.boolean(),
    /**
     * The hit's officer entry was withdrawn (absent otherwise): whether it may end now as
     * `entry-withdrawn`, without a broadcast, and if not, why (after a hit broadcast, patrol
     * hears the disregard through the usual CLETS steps).
     */
    withdrawnEnd: z.object({ allowed: z.boolean(), reason: z.string().nullable() }).strict().optional(),
    hubConnected: z.boolean(),
    hitScript: broadcastScriptSchema.nullable(),
    resultsScript: broadcastScriptSchema.nullable(),
    clets: z
      .object({
        /** What "Run CLETS query" uses now: the hub switch only while the hub is connected. */
        adapter: z.enum(CLETS_ADAPTERS),
        message: z.string(),
        via: z.enum(CLETS_ADAPTERS).nullable(),
        sentAt: z.string().nullable(),
        response: cletsResponseViewSchema.nullable(),
        /** Where CLETS and the hotlist entry disagree, in words. */
        differences: z.array(z.string()),
      })
      .strict(),
    misread: z
      .object({
        reason: z.string(),
        label: z.string(),
        note: z.string().nullable(),
        correctedPlate: z.string().nullable(),
        correctedState: z.string().nullable(),
      })
      .strict()
      .nullable(),
    ending: z
      .object({
        disposition: z.string(),
        label: z.string(),
        notes: z.string().nullable(),
        units: z.array(z.string()),
        at: z.string(),
        by: z.string(),
      })
      .strict()
      .nullable(),
    timeline: z.array(timelineEntrySchema),
    misreadReasons: z.array(choiceSchema),
    dispositionCodes: z.array(choiceSchema),
  })
  .strict();
export type WorkflowView = z.infer<typeof workflowViewSchema>;

const hitId = z.string().min(1).max(100);
const hitRef = z.object({ hitId }).strict();
const optionalText = (max: number) => z.string().trim().max(max).optional();
/** What a dispatcher types as a plate: spaces and case do not matter. */
/**
 * `auditAction`: the action the step's record carries (`workflow.<step>`); a refused attempt
 * is recorded under it too, so a search by action finds both.
 */
const step = <I extends z.ZodTypeAny>(input: I, summary: string, auditAction?: string) =>
  call({ input, output: workflowViewSchema, access: HIT_WORKERS, summary, ...(auditAction ? { auditAction } : {}) });

export const workflowCalls = {
  'workflow:state': step(hitRef, 'The hit\'s workflow: where it stands, what comes next, its timeline.'),
  'workflow:confirm-plate': step(hitRef, 'Plate check: the read matches the image and the hotlist entry.', 'workflow.plate-check'),
  'workflow:misread': step(
    z
      .object({
        hitId,
        reason: codeSchema,
        note: optionalText(500),
        correctedPlate: typedPlateSchema.optional(),
        correctedState: typedStateSchema.optional(),
      })
      .strict()
      .refine((m) => m.reason !== OTHER_REASON || (m.note ?? '') !== '', {
        path: ['note'],
        message: 'describe the misread',
      }),
    'Plate check: a misread. Ends the hit; the camera read is kept as it was.',
    'workflow.plate-check',
  ),
  'workflow:mark-broadcast': step(hitRef, 'The hit broadcast was read on the radio.', 'workflow.broadcast'),
  'workflow:run-clets': step(
    z.object({ hitId, manual: z.boolean().optional() }).strict(),
    'Compose the CLETS vehicle query and send it (hub switch), or show it for a separate terminal (manual).',
    'workflow.clets-query',
  ),
  'workflow:record-clets': step(
    z
      .object({
        hitId,
        status: z.enum(CLETS_STATUSES).optional(),
        text: z.string().max(20_000).optional(),
        oca: optionalText(40),
        cautions: optionalText(300),
        vehicle: optionalText(200),
        notes: optionalText(2000),
      })
      .strict(),
    'Record what a separate CLETS terminal returned (pasted text, the form, or both).',
    'workflow.clets-result',
  ),
  'workflow:mark-results-broadcast': step(hitRef, 'The CLETS results (or the disregard) were read on the radio.', 'workflow.results-broadcast'),
  'workflow:dispose': step(
    z
      .object({
        hitId,
        code: codeSchema,
        notes: optionalText(2000),
        units: z.array(z.string().trim().min(1).max(20)).max(20).optional(),
      })
      .strict(),
    'End an active hit with the agency\'s disposition code, notes and assigned units.',
    'workflow.disposed',
  ),
  'workflow:end-withdrawn': step(
    z.object({ hitId, notes: optionalText(2000) }).strict(),
    'End a hit whose officer entry was withdrawn, before any broadcast: nothing goes out on the radio.',
    'workflow.disposed',
  ),
  'workflow:take-over': call({
    input: z.object({ hitId, reason: z.string().trim().min(1, 'a takeover needs a reason').max(500) }).strict(),
    output: workflowViewSchema,
    access: SUPERVISORS,
    summary: 'A supervisor takes a hit from the console that holds it (recorded with the reason).',
    auditAction: 'workflow.take-over',
  }),
  'workflow:settings': call({
    input: empty,
    output: workflowSettingsSchema,
    access: HIT_WORKERS,
    summary: 'The agency\'s workflow settings.',
  }),
  'workflow:update-settings': call({
    input: z.object(workflowSettingsShape).partial().strict(),
    output: workflowSettingsSchema,
    access: ['admin'],
    summary: 'Change workflow settings (order, reasons, codes, timers, CLETS); audited.',
  }),
} as const;
