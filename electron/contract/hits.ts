/** Contract: the hit queue and the review of one hit. */
import { z } from 'zod';
import { binary, call, empty, HIT_WORKERS } from './common';
import { cameraSchema, hotlistMatchSchema, IMAGE_MIMES, PRIORITIES, readSchema } from './hub';
import { claimHolderViewSchema, HIT_STATUSES, workflowViewSchema } from './workflow';

export const PURPOSE_HIT_CONFIRMATION = 'Hit confirmation';
/** The console's own purpose for audit review, its searches and exports of audit and shift records. */
export const PURPOSE_ADMINISTRATION = 'Audit / administration';
/** Opening a hit from the shift log or another record, to look back at it, not to work it. */
export const PURPOSE_HIT_REVIEW = 'Supervisory review';

/**
 * The console's second, independent reading of the hit's plate image (electron/core/ocr), set
 * after the hit arrived (never before the alert). It informs the dispatcher; it decides nothing.
 * - pending: not scored yet; agrees: the image supports the camera's read;
 * - possible-misread: the image suggests other characters at `positions` (indexes into the
 *   camera's read, upper-cased, letters and digits only);
 * - unreadable: the image is blank, undecodable, or the model cannot read it with confidence;
 * - unavailable: the reader could not run (model missing, failure): nothing was checked.
 */
export const SECOND_READING_STATUSES = ['pending', 'agrees', 'possible-misread', 'unreadable', 'unavailable'] as const;
export type SecondReadingStatus = (typeof SECOND_READING_STATUSES)[number];

export const misreadPositionSchema = z
  .object({
    /** Index in the camera's read; for a character the camera missed, where it would go. */
    index: z.number().int().min(0),
    /** The camera's character; '' where the camera missed one. */
    read: z.string().max(1),
    /** What the image suggests; '' where the image shows no character there. */
    suggested: z.string().max(1),
  })
  .strict();

/** What the model that made the reading was measured to do (its model card), for the dispatcher. */
export const readerModelSchema = z
  .object({
    version: z.string(),
    /** Exact whole-plate reads on held-out real US plate crops, percent. */
    exactPercent: z.number(),
    /** Single look-alike substitutions (8/B, 0/O ...) it flagged, percent. */
    lookalikeFlaggedPercent: z.number(),
    /** Correct camera reads it flagged as possible misreads, percent. */
    trueReadsFlaggedPercent: z.number(),
    /** How many held-out crops those figures come from. */
    heldOutCrops: z.number().int(),
  })
  .strict();
export type ReaderModel = z.infer<typeof readerModelSchema>;

export const secondReadingSchema = z
  .object({
    status: z.enum(SECOND_READING_STATUSES),
    /** The camera's read as scored (normalised). */
    cameraRead: z.string(),
    /** The model's own read of the image, when it made one. */
    modelRead: z.string().nullable(),
    /** P(camera's read | image) / P(model's read | image), capped at 1. */
    support: z.number().min(0).max(1).nullable(),
    /** Mean per-character confidence of the model's read, 0..1. */
    readConfidence: z.number().min(0).max(1).nullable(),
    positions: z.array(misreadPositionSchema),
    /** Why unreadable or unavailable, in words. */
    reason: z.string().nullable(),
    model: readerModelSchema.nullable(),
    scoredAt: z.string().nullable(),
  })
  .strict();
export type SecondReading = z.infer<typeof secondReadingSchema>;

export const withdrawnSchema = z.object({ at: z.string(), by: z.string(), reason: z.string() }).strict();
export type Withdrawn = z.infer<typeof withdrawnSchema>;

export const queueItemSchema = z
  .object({
    id: z.string(),
    seq: z.number().int(),
    plate: z.string(),
    state: z.string(),
    priority: z.enum(PRIORITIES),
    list: z.string(),
    reason: z.string(),
    cameraName: z.string(),
    direction: z.string(),
    capturedAt: z.string(),
    receivedAt: z.string(),
    status: z.enum(HIT_STATUSES),
    /** The console working the hit, as the hub last said (or this one, offline). */
    claimedBy: claimHolderViewSchema.nullable(),
    lastStepAt: z.string().nullable(),
    /** Present on the hits:updated event the second reading sends (absent elsewhere). */
    secondReading: secondReadingSchema.optional(),
    /** Raised by an officer's new hotlist entry for a read the hub already held: the read is old. */
    retroactive: z.boolean().optional(),
    /** How the second reading of the plate image came out, once it has (absent before). */
    readingStatus: z.enum(SECOND_READING_STATUSES).optional(),
    /**
     * Not opened in time: 1, dispatchers were alerted again; 2, escalated to supervisors
     * (absent while neither). Shown while the hit is still new and nobody holds it.
     */
    escalation: z.union([z.literal(1), z.literal(2)]).optional(),
    /** Raised by an officer's entry that has since been taken off the list: when, by whom, why. */
    withdrawn: withdrawnSchema.optional(),
  })
  .strict();
export type QueueItem = z.infer<typeof queueItemSchema>;

/**
 * A hit that waits for someone to open it: new, and its officer entry not withdrawn (those
 * alert no one). What the bar, the window title and the lock screen count.
 */
export const waitsUnopened = (i: QueueItem): boolean => i.status === 'new' && !i.withdrawn;

export const hitImageSchema = z.object({ mime: z.enum(IMAGE_MIMES), data: binary }).strict();

export const hitDetailSchema = z
  .object({
    id: z.string(),
    seq: z.number().int(),
    capturedAt: z.string(),
    receivedAt: z.string(),
    storedAt: z.string(),
    status: z.enum(HIT_STATUSES),
    camera: cameraSchema,
    read: readSchema,
    matches: z.array(hotlistMatchSchema),
    images: z.object({ plate: hitImageSchema, overview: hitImageSchema }).strict(),
    lookupId: z.string(),
    workflow: workflowViewSchema,
    /** The second reading of the plate image, as far as it has got when the hit is opened. */
    secondReading: secondReadingSchema.optional(),
    /** See queueItemSchema.retroactive. */
    retroactive: z.boolean().optional(),
    /** See queueItemSchema.withdrawn. */
    withdrawn: withdrawnSchema.optional(),
  })
  .strict();
export type HitDetail = z.infer<typeof hitDetailSchema>;

export const hitCalls = {
  'hits:queue': call({
    input: empty,
    output: z
      .object({
        hits: z.array(queueItemSchema),
        /** The hotlists this user's role is limited to (an admin setting); null: every list. */
        onlyLists: z.array(z.string()).nullable(),
      })
      .strict(),
    access: HIT_WORKERS,
    summary: 'Open hits, highest priority first, live before retroactive, then oldest read first.',
  }),
  'hits:open': call({
    input: z
      .object({
        hitId: z.string().min(1).max(100),
        /**
         * `confirm` (the queue): claims the hit through the hub and records it opened; `review`
         * (the shift log, a record): looks at it without claiming it (a step taken from there
         * claims it then). The lookup record says which purpose.
         */
        intent: z.enum(['confirm', 'review']).default('confirm'),
      })
      .strict(),
    output: hitDetailSchema,
    access: HIT_WORKERS,
    summary:
      'Open a hit: writes the lookup record (purpose: hit confirmation, or supervisory review from the shift log) first; to confirm, claims it through the hub.',
  }),
  'map:geojson': call({
    input: empty,
    output: z.object({ name: z.string(), geojson: z.unknown() }).strict(),
    access: 'signed-in',
    summary: 'The offline street map the camera locations are drawn on.',
  }),
} as const;

/**
 * A hit nobody opened in time: `hits:overdue` (level 1) alerts every dispatcher again,
 * `hits:escalated` (level 2) reaches supervisors' consoles.
 */
export const hitEscalationSchema = z
  .object({ level: z.number().int().min(1), item: queueItemSchema, unopenedForS: z.number().int().min(0) })
  .strict();
export type HitEscalation = z.infer<typeof hitEscalationSchema>;

export const hitEvents = {
  'hits:new': queueItemSchema,
  'hits:updated': queueItemSchema,
  'hits:overdue': hitEscalationSchema,
  'hits:escalated': hitEscalationSchema,
  /** Which hotlists a role sees has changed: queues fetch their hits again. Carries nothing. */
  'hits:visibility-changed': z.object({}).strict(),
} as const;
