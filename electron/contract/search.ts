/** Contract: Plate search over local hits and the hub's reads; hotlist entries by officers (issue 6 items 5, 6). */
import { z } from 'zod';
import { binary, call, empty, periodEnd, type Role, isoTimeSchema as isoTime } from './common';
import { lookupPurposeSchema } from './audit';
import { hotlistEntrySchema, IMAGE_MIMES, PRIORITIES, platePatternSchema, stateSchema } from './hub';

/** Who may search plates and enter hotlist entries (not auditors: they review, they do not look up). */
export const PLATE_SEARCHERS: readonly Role[] = ['dispatcher', 'supervisor', 'admin'];

/** Lists an officer's entry can go on (the hotlist category); the reason is free text. */
export const OFFICER_HOTLIST_LISTS = [
  'Local BOLO',
  'Felony want',
  'SVS',
  'Stolen plate',
  'Amber alert',
  'Missing person',
  'Officer safety',
] as const;

/** The agency's limit on how long an officer's entry may stay in force, unless an admin sets another. */
export const DEFAULT_HOTLIST_MAX_DAYS = 30;

/** Uppercased, spaces and dashes dropped, runs of `*` folded: `7ab-c*` is `7ABC*`. */
export function normalizePlatePattern(text: string): string {
  return text.toUpperCase().replace(/[\s-]+/g, '').replace(/\*{2,}/g, '*');
}

const patternInput = (minLiterals: number) => z.string().max(40).transform(normalizePlatePattern).pipe(platePatternSchema(minLiterals));

export const SEARCH_PAGE_SIZES = [10, 25, 50, 100] as const;

export const plateSearchInputSchema = z
  .object({
    /** `?` one character, `*` any run; at least 2 other characters. */
    pattern: patternInput(2),
    state: stateSchema.optional(),
    cameraId: z.string().min(1).max(64).optional(),
    from: isoTime.optional(),
    to: isoTime.optional(),
    /** 0-based; the same page of both parts (local hits, hub reads). */
    page: z.number().int().min(0).max(199).default(0),
    pageSize: z.number().int().min(1).max(100).default(25),
    purpose: lookupPurposeSchema,
  })
  .strict()
  .refine((q) => periodEnd(q.from, q.to).ok, (q) => periodEnd(q.from, q.to).refusal());
export type PlateSearchInput = z.input<typeof plateSearchInputSchema>;

export const searchImageSchema = z.object({ mime: z.enum(IMAGE_MIMES), data: binary }).strict();

/** A hit this console holds whose read matches. Opening it goes to its review. */
export const localSearchHitSchema = z
  .object({
    hitId: z.string(),
    plate: z.string(),
    state: z.string(),
    cameraId: z.string(),
    cameraName: z.string(),
    capturedAt: z.string(),
    list: z.string(),
    reason: z.string(),
    status: z.string(),
    retroactive: z.boolean(),
    thumbnail: searchImageSchema.nullable(),
  })
  .strict();
export type LocalSearchHit = z.infer<typeof localSearchHitSchema>;

/** A read the hub holds. `image`: its plate image, null when the hub has none for it. */
export const hubSearchReadSchema = z
  .object({
    id: z.string(),
    plate: z.string(),
    state: z.string(),
    cameraId: z.string(),
    cameraName: z.string(),
    capturedAt: z.string(),
    confidence: z.number(),
    hitId: z.string().nullable(),
    image: searchImageSchema.nullable(),
  })
  .strict();
export type HubSearchRead = z.infer<typeof hubSearchReadSchema>;

export const plateSearchOutputSchema = z
  .object({
    pattern: z.string(),
    page: z.number().int(),
    pageSize: z.number().int(),
    local: z.object({ hits: z.array(localSearchHitSchema), total: z.number().int() }).strict(),
    /** `unavailable`: the hub part is missing (offline, refused, still loading); `message` says why. */
    hub: z.discriminatedUnion('status', [
      z.object({ status: z.literal('ok'), reads: z.array(hubSearchReadSchema), total: z.number().int(), truncated: z.boolean() }).strict(),
      z.object({ status: z.literal('unavailable'), message: z.string() }).strict(),
    ]),
    /** The audit record of this search (written before the answer). */
    auditId: z.string(),
  })
  .strict();
export type PlateSearchOutput = z.infer<typeof plateSearchOutputSchema>;

export const officerEntryInputSchema = z
  .object({
    /** A full plate, or a partial one with `?` / `*` and at least 3 other characters (Lodi 431.3(c)). */
    plate: patternInput(3),
    state: stateSchema.optional(),
    list: z.enum(OFFICER_HOTLIST_LISTS),
    reason: z.string().trim().min(1, 'give the reason for the entry').max(200),
    priority: z.enum(PRIORITIES),
    expiresAt: isoTime,
    vehicle: z.string().trim().max(200).optional(),
    /** Encrypted at rest, on the console and at the hub. */
    notes: z.string().trim().max(2000).optional(),
    caseNumber: z.string().trim().min(1).max(64).optional(),
  })
  .strict();
export type OfficerEntryInput = z.input<typeof officerEntryInputSchema>;

/** An officer's entry as the console lists it. */
export const officerEntrySchema = hotlistEntrySchema;
export type OfficerEntry = z.infer<typeof officerEntrySchema>;

export const searchCalls = {
  'search:plates': call({
    auditAction: 'search.plates',
    input: plateSearchInputSchema,
    output: plateSearchOutputSchema,
    access: PLATE_SEARCHERS,
    reveals: true,
    summary:
      'Exact or partial plate search over this console\'s hits and the hub\'s reads; needs a purpose and a case number, logged before any result is returned.',
  }),
  'search:options': call({
    /** `cameras: false`: the hotlist form needs no cameras, so the hub is not asked for them. */
    input: z.object({ cameras: z.boolean().optional() }).strict(),
    output: z
      .object({
        cameras: z.array(z.object({ id: z.string(), name: z.string() }).strict()),
        lists: z.array(z.string()),
        maxExpiryDays: z.number().int(),
        caseRequired: z.boolean(),
      })
      .strict(),
    access: 'signed-in',
    summary: 'What the search and hotlist forms offer: cameras, hotlist categories, the expiry limit.',
  }),
  'hotlist:add': call({
    input: officerEntryInputSchema,
    output: z
      .object({ entry: officerEntrySchema, matchedReads: z.number().int(), retroactiveHits: z.number().int() })
      .strict(),
    access: PLATE_SEARCHERS,
    // Entries carry their notes, and adding one counts the reads it matches: ALPR data, behind
    // the training and policy gate, a refusal on the record.
    reveals: true,
    summary: 'Add an officer\'s hotlist entry (full or partial plate) at the hub; raises retroactive hits for reads held.',
  }),
  'hotlist:entries': call({
    input: empty,
    output: z.object({ entries: z.array(officerEntrySchema), source: z.enum(['hub', 'local']), message: z.string().nullable() }).strict(),
    access: PLATE_SEARCHERS,
    reveals: true, // as hotlist:add
    summary: 'Officers\' entries in force (from the hub; what this console knows when the hub is down).',
  }),
  'hotlist:remove': call({
    input: z.object({ id: z.string().min(1).max(100), reason: z.string().trim().min(1, 'give the reason').max(500) }).strict(),
    output: z.object({ entry: officerEntrySchema }).strict(),
    access: PLATE_SEARCHERS,
    reveals: true, // as hotlist:add
    summary: 'Take an officer\'s entry off the list before it expires (audited with the reason).',
  }),
  'hotlist:set-limit': call({
    input: z.object({ maxExpiryDays: z.number().int().min(1).max(365) }).strict(),
    output: z.object({ maxExpiryDays: z.number().int() }).strict(),
    access: ['admin'],
    summary: 'The agency\'s limit on how long an officer\'s hotlist entry may stay in force (default 30 days).',
  }),
} as const;

/** `hotlist:changed`: an officer's entry was added or removed at some console. */
export const searchEvents = {
  'hotlist:changed': z.object({ entry: officerEntrySchema }).strict(),
} as const;

