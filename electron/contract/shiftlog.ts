/**
 * Contract: the supervisor's shift log (issue 6 items 1, 2, and the shift report of item 4).
 * The agency defines its shifts; a supervisor, admin or auditor opens the log of one shift on
 * one date (or any period): every hit with its timeline, outcome and dispatcher, a summary per
 * dispatcher and the figures behind the charts. Opening it is one audit record; its rows are
 * then fetched page by page under that record (`viewId`), so 100,000 hits never cross at once.
 */
import { z } from 'zod';
import { calendarDateSchema, call, periodEnd, empty, exportedFileSchema, type Role, isoTimeSchema as isoInstant } from './common';
import { AUDIT_READERS, lookupPurposeSchema } from './audit';

export const SHIFT_LOG_READERS: readonly Role[] = AUDIT_READERS;

const timeOfDay = z.string().regex(/^([01][0-9]|2[0-3]):[0-5][0-9]$/, 'a time of day as HH:MM (00:00 to 23:59)');

export const shiftSchema = z
  .object({ id: z.number().int().positive(), name: z.string(), start: z.string(), end: z.string() })
  .strict();
export type Shift = z.infer<typeof shiftSchema>;

const shiftInputSchema = z
  .object({
    /** Absent for a new shift. */
    id: z.number().int().positive().optional(),
    name: z.string().trim().min(1, 'a name').max(40),
    start: timeOfDay,
    end: timeOfDay,
  })
  .strict()
  .refine((s) => s.start !== s.end, { message: 'a shift cannot start and end at the same time', path: ['end'] });

/** A shift on a date (it starts that date, local time), or any period. */
export const shiftPeriodSchema = z.union([
  z.object({ shiftId: z.number().int().positive(), date: calendarDateSchema }).strict(),
  z
    .object({ from: isoInstant, to: isoInstant })
    .strict()
    .refine((p) => periodEnd(p.from, p.to).ok, (p) => periodEnd(p.from, p.to).refusal())
    .refine((p) => Date.parse(p.to) - Date.parse(p.from) <= 92 * 86_400_000, { message: 'a period is at most 92 days', path: ['to'] }),
]);
export type ShiftPeriod = z.infer<typeof shiftPeriodSchema>;

/** Outcome filter values: a disposition code, or `open` for hits not ended yet. */
export const shiftFiltersSchema = z
  .object({
    outcome: z.string().trim().min(1).max(40).optional(),
    cameraId: z.string().trim().min(1).max(64).optional(),
    list: z.string().trim().min(1).max(80).optional(),
    dispatcher: z.string().trim().min(1).max(64).optional(),
  })
  .strict();
export type ShiftFilters = z.infer<typeof shiftFiltersSchema>;

export const shiftSelectionSchema = z.object({ period: shiftPeriodSchema, filters: shiftFiltersSchema.default({}) }).strict();
export type ShiftSelection = z.infer<typeof shiftSelectionSchema>;

/**
 * One hit of the log. Step times are milliseconds after the read (the camera's capture), null
 * for a step not taken; how long a step took is the gap to the step before it.
 */
export const shiftRowSchema = z
  .object({
    hitId: z.string(),
    plate: z.string(),
    state: z.string(),
    cameraId: z.string(),
    cameraName: z.string(),
    list: z.string().nullable(),
    priority: z.string(),
    readAt: z.string(),
    received: z.number().int(),
    opened: z.number().int().nullable(),
    plateCheck: z.number().int().nullable(),
    plateCheckOutcome: z.string().nullable(),
    broadcast: z.number().int().nullable(),
    cletsSent: z.number().int().nullable(),
    cletsResult: z.number().int().nullable(),
    cletsStatus: z.string().nullable(),
    resultsBroadcast: z.number().int().nullable(),
    ended: z.number().int().nullable(),
    /** The disposition, or `open` while the hit has not ended. */
    outcome: z.string(),
    dispatcher: z.string().nullable(),
    dispatcherName: z.string().nullable(),
    /** Whoever read the hit broadcast (its time counts for them). */
    broadcaster: z.string().nullable(),
    broadcasterName: z.string().nullable(),
    /** The supervisor who last took the hit over from its dispatcher, if anyone did. */
    takenOverBy: z.string().nullable(),
    takenOverByName: z.string().nullable(),
    /**
     * Raised for an old read by an officer's new entry (absent otherwise): filed in the log
     * under when it was raised (`readAt + received`), where it was worked, not under its read.
     */
    retroactive: z.literal(true).optional(),
    /**
     * A live hit that reached this console more than LATE_HIT_MS after its read (the hub or the
     * link was down; absent otherwise): when it was stored here, ms after the read. Filed in
     * the log, and timed, from then: the shift that could work it is the one that did.
     */
    late: z.number().int().optional(),
  })
  .strict();
export type ShiftRow = z.infer<typeof shiftRowSchema>;

/**
 * Who worked a hit, in a shift log row and its reports: "Dana Ruiz, taken over by Sgt. Kim"
 * (plain words: the PDF's fonts have no arrow).
 */
export function workedByText(r: Pick<ShiftRow, 'dispatcher' | 'dispatcherName' | 'takenOverBy' | 'takenOverByName'>): string {
  const dispatcher = r.dispatcherName ?? r.dispatcher ?? '';
  if (!r.takenOverBy || r.takenOverBy === r.dispatcher) return dispatcher;
  const taker = r.takenOverByName ?? r.takenOverBy;
  return dispatcher ? `${dispatcher}, taken over by ${taker}` : `taken over by ${taker}`;
}

const nullableMs = z.number().nullable();

/**
 * A hit not ended, in the words of the shift log's rows and its exports alike: "not opened"
 * until someone opens it, then "in progress"; null for an ended hit (its outcome says it).
 */
export function notEndedText(r: Pick<ShiftRow, 'outcome' | 'opened'>): 'not opened' | 'in progress' | null {
  if (r.outcome !== 'open') return null;
  return r.opened === null ? 'not opened' : 'in progress';
}

export const dispatcherSummarySchema = z
  .object({
    username: z.string(),
    displayName: z.string(),
    handled: z.number().int(),
    confirmed: z.number().int(),
    misreads: z.number().int(),
    broadcasts: z.number().int(),
    ended: z.number().int(),
    /** From the read to the hit broadcast. */
    medianToBroadcastMs: nullableMs,
    p90ToBroadcastMs: nullableMs,
    /** From the hit reaching this console to its opening. */
    medianToOpenMs: nullableMs,
  })
  .strict();
export type DispatcherSummary = z.infer<typeof dispatcherSummarySchema>;

/** A live hit stored this long after its read reached the console late (migration 0019). */
export const LATE_HIT_MS = 15 * 60_000;

/** Upper bounds (ms) of the read-to-broadcast histogram; the last bucket is open-ended. */
export const BROADCAST_BUCKETS_MS = [30_000, 60_000, 120_000, 300_000, 600_000, 1_800_000] as const;

export const shiftSummarySchema = z
  .object({
    hits: z.number().int(),
    ended: z.number().int(),
    open: z.number().int(),
    confirmed: z.number().int(),
    misreads: z.number().int(),
    broadcasts: z.number().int(),
    medianToBroadcastMs: nullableMs,
    p90ToBroadcastMs: nullableMs,
    dispatchers: z.array(dispatcherSummarySchema),
    charts: z
      .object({
        /** Buckets of `bucketMs` from the period's start (an hour, or a day for periods over 4 days). */
        bucketMs: z.number().int(),
        perBucket: z.array(z.object({ start: z.string(), count: z.number().int() }).strict()),
        outcomes: z.array(z.object({ outcome: z.string(), count: z.number().int() }).strict()),
        /** Counts per BROADCAST_BUCKETS_MS bucket plus one for longer. */
        toBroadcast: z.array(z.number().int()),
        cameras: z.array(
          z.object({ cameraId: z.string(), cameraName: z.string(), hits: z.number().int(), misreads: z.number().int() }).strict(),
        ),
      })
      .strict(),
  })
  .strict();
export type ShiftSummary = z.infer<typeof shiftSummarySchema>;

export const resolvedPeriodSchema = z.object({ from: z.string(), to: z.string(), label: z.string() }).strict();

export const SHIFT_PAGE_MAX = 500;

export const shiftLogCalls = {
  'shiftlog:shifts': call({
    input: empty,
    output: z
      .object({
        shifts: z.array(shiftSchema),
        /** The shift going on now and the date it began (the console's local time), if any. */
        current: z.object({ shiftId: z.number().int(), date: calendarDateSchema }).strict().nullable(),
        /** The console's time zone, which shifts follow: "America/Los_Angeles (UTC-08:00)". */
        timeZone: z.string(),
      })
      .strict(),
    access: SHIFT_LOG_READERS,
    summary: "The agency's shifts (name, start and end in local time), and the one going on now.",
  }),
  'shiftlog:save-shifts': call({
    input: z
      .object({ shifts: z.array(shiftInputSchema).min(1, 'at least one shift').max(12) })
      .strict()
      .refine((i) => new Set(i.shifts.map((s) => s.name.toLowerCase())).size === i.shifts.length, { message: 'each shift name once', path: ['shifts'] }),
    output: z.object({ shifts: z.array(shiftSchema) }).strict(),
    access: ['admin'],
    summary: "Replaces the agency's shift list (audited with before and after).",
  }),
  'shiftlog:open': call({
    auditAction: 'shiftlog.view',
    input: shiftSelectionSchema,
    output: z
      .object({
        viewId: z.string(),
        period: resolvedPeriodSchema,
        total: z.number().int(),
        summary: shiftSummarySchema,
        /** What the filters can choose from in this period (before filtering). */
        options: z
          .object({
            outcomes: z.array(z.string()),
            cameras: z.array(z.object({ id: z.string(), name: z.string() }).strict()),
            lists: z.array(z.string()),
            dispatchers: z.array(z.object({ username: z.string(), displayName: z.string() }).strict()),
          })
          .strict(),
        rows: z.array(shiftRowSchema),
      })
      .strict(),
    access: SHIFT_LOG_READERS,
    reveals: true,
    summary: 'Opens the log of a shift or period with filters: one audit record, the summary, the first rows.',
  }),
  'shiftlog:rows': call({
    input: z
      .object({ viewId: z.string().min(1).max(64), offset: z.number().int().min(0), limit: z.number().int().min(1).max(SHIFT_PAGE_MAX) })
      .strict(),
    output: z.object({ total: z.number().int(), rows: z.array(shiftRowSchema) }).strict(),
    access: SHIFT_LOG_READERS,
    reveals: true,
    summary: 'A page of rows of a shift log this session opened (in read order).',
  }),
  'shiftlog:export': call({
    auditAction: 'shiftlog.export',
    input: z
      .object({ selection: shiftSelectionSchema, format: z.enum(['csv', 'pdf']), purpose: lookupPurposeSchema })
      .strict(),
    output: exportedFileSchema,
    access: SHIFT_LOG_READERS,
    reveals: true,
    summary: 'The shift report as CSV or PDF (purpose and case number per the agency; logged).',
  }),
} as const;

export const shiftLogEvents = {} as const;
