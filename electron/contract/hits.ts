/** Contract: the hit queue and the review of one hit. */
import { z } from 'zod';
import { binary, call, empty, HIT_WORKERS } from './common';
import { cameraSchema, hotlistMatchSchema, IMAGE_MIMES, PRIORITIES, readSchema } from './hub';
import { claimHolderViewSchema, HIT_STATUSES, workflowViewSchema } from './workflow';

export const PURPOSE_HIT_CONFIRMATION = 'Hit confirmation';

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
  })
  .strict();
export type QueueItem = z.infer<typeof queueItemSchema>;

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
  })
  .strict();
export type HitDetail = z.infer<typeof hitDetailSchema>;

export const hitCalls = {
  'hits:queue': call({
    input: empty,
    output: z.object({ hits: z.array(queueItemSchema) }).strict(),
    access: HIT_WORKERS,
    summary: 'Open hits, highest priority first, then oldest read first.',
  }),
  'hits:open': call({
    input: z.object({ hitId: z.string().min(1).max(100) }).strict(),
    output: hitDetailSchema,
    access: HIT_WORKERS,
    summary:
      'Open a hit for review: claims it through the hub and writes the lookup record (purpose: hit confirmation) first.',
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
} as const;
