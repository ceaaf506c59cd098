/**
 * The hub protocol, version 1 (see ../shared/DESIGN.md). This file is the one place the wire
 * format is written down: the hub validates what camera systems post with it, and the
 * console's hub client validates what the hub pushes with it. Pure TypeScript + zod: no Node
 * or Electron imports, so a vendor bridge or a second console can reuse it as it is.
 */
import { z } from 'zod';
import { isoTimeSchema as isoTime } from './common';

export const HUB_PROTOCOL_VERSION = 1;
export const HUB_NAMESPACE = '/console';
/** Largest image accepted, once base64 is decoded. */
export const MAX_IMAGE_BYTES = 5 * 1024 * 1024;
/** The hub keeps at least this many hits in flight to one console before waiting for acks. */
export const HUB_MIN_IN_FLIGHT = 100;

export const IMAGE_MIMES = ['image/jpeg', 'image/png'] as const;
export const PRIORITIES = ['high', 'medium', 'low'] as const;
export type Priority = (typeof PRIORITIES)[number];
/** Sort key: high first. */
export const PRIORITY_RANK: Readonly<Record<Priority, number>> = { high: 0, medium: 1, low: 2 };

/** The most urgent of some priorities; `low` when there are none. */
export function mostUrgent(priorities: Iterable<Priority>): Priority {
  let best: Priority = 'low';
  for (const p of priorities) if (PRIORITY_RANK[p] < PRIORITY_RANK[best]) best = p;
  return best;
}

export const plateSchema = z
  .string()
  .regex(/^[A-Z0-9]{1,10}$/, 'a plate is 1 to 10 capital letters and digits');
export const stateSchema = z.string().regex(/^[A-Z]{2}$/, 'a state is a two-letter code');

/**
 * The plate-issuing jurisdictions a person may type: the 50 states, DC, the US territories,
 * Canada's provinces and territories, and MX (Mexico, as plate readers report it). Cameras
 * and hubs may send other two-letter codes (stateSchema); a dispatcher's correction may not
 * invent one ("ZZ" would slip a misread of the wanted plate past the listed-plate check).
 */
export const JURISDICTIONS: ReadonlySet<string> = new Set(
  ('AL AK AZ AR CA CO CT DE FL GA HI ID IL IN IA KS KY LA ME MD MA MI MN MS MO MT NE NV NH NJ NM NY NC ND OH OK OR PA RI SC SD TN TX UT VT VA WA WV WI WY ' +
    'DC PR GU VI AS MP AB BC MB NB NL NS NT NU ON PE QC SK YT MX').split(' '),
);

/** A state code as a person types it: any case, spaces around it; a known jurisdiction. */
export const typedStateSchema = z
  .string()
  .trim()
  .toUpperCase()
  .pipe(stateSchema)
  .refine((s) => JURISDICTIONS.has(s), (s) => ({ message: `${s} is not a US state, territory or Canadian province code` }));

/** A plate as a person types it: any case, spaces inside ("7ABC 123") dropped. */
export const typedPlateSchema = z
  .string()
  .transform((s) => s.toUpperCase().replace(/\s+/g, ''))
  .pipe(plateSchema);
const shortText = (max: number) => z.string().max(max);

export const cameraSchema = z
  .object({
    id: z.string().min(1).max(64),
    name: z.string().min(1).max(200),
    lat: z.number().min(-90).max(90),
    lon: z.number().min(-180).max(180),
    direction: z.string().min(1).max(16),
  })
  .strict();
export type Camera = z.infer<typeof cameraSchema>;

export const readSchema = z
  .object({
    plate: plateSchema,
    state: stateSchema,
    confidence: z.number().min(0).max(1),
  })
  .strict();
export type PlateRead = z.infer<typeof readSchema>;

export const hotlistMatchSchema = z
  .object({
    list: z.string().min(1).max(64),
    reason: z.string().min(1).max(200),
    priority: z.enum(PRIORITIES),
    plate: plateSchema,
    state: stateSchema,
    vehicle: shortText(200).optional(),
    notes: shortText(2000).optional(),
    listUpdatedAt: isoTime,
    /**
     * A partial-plate entry's pattern ("7BNU*"): the list holds only these characters, and
     * `plate` is the read's, which the pattern let through. Absent for a whole plate.
     */
    pattern: z.string().regex(/^[A-Z0-9?*]{1,10}$/).optional(),
    /** The entry named no state: `state` is the read's. */
    anyState: z.literal(true).optional(),
  })
  .strict();
export type HotlistMatch = z.infer<typeof hotlistMatchSchema>;

/** An image as a camera system posts it: base64 in JSON. */
export const postedImageSchema = z
  .object({ mime: z.enum(IMAGE_MIMES), base64: z.string().min(1) })
  .strict();

export const hitIdSchema = z
  .string()
  .min(1)
  .max(100)
  .regex(/^[A-Za-z0-9._:-]+$/, 'an id is letters, digits and . _ : -');

/** `POST /hits` body, exactly as DESIGN.md shows it. Extra fields are refused. */
export const postedHitSchema = z
  .object({
    id: hitIdSchema.optional(),
    capturedAt: isoTime,
    camera: cameraSchema,
    read: readSchema,
    images: z.object({ plate: postedImageSchema, overview: postedImageSchema }).strict(),
    matches: z.array(hotlistMatchSchema).min(1).max(20),
  })
  .strict();
export type PostedHit = z.infer<typeof postedHitSchema>;

/** An image as the hub pushes it: binary, never base64. */
export const wireImageSchema = z
  .object({
    mime: z.enum(IMAGE_MIMES),
    data: z.custom<Uint8Array>(
      (v) => v instanceof Uint8Array || v instanceof ArrayBuffer,
      'binary image data',
    ),
  })
  .strict();
export type WireImage = { mime: (typeof IMAGE_MIMES)[number]; data: Uint8Array };

/** hub -> console `hit`. */
export const hubHitSchema = z
  .object({
    id: hitIdSchema,
    seq: z.number().int().positive(),
    receivedAt: isoTime,
    capturedAt: isoTime,
    camera: cameraSchema,
    read: readSchema,
    images: z.object({ plate: wireImageSchema, overview: wireImageSchema }).strict(),
    matches: z.array(hotlistMatchSchema).min(1).max(20),
    /**
     * Raised by the hub when an officer's hotlist entry was added after the read: the read is
     * old (`capturedAt` is when the camera saw the plate), the vehicle may be long gone.
     * Absent on hits camera systems post.
     */
    retroactive: z.boolean().optional(),
  })
  .strict();
export type HubHit = Omit<z.infer<typeof hubHitSchema>, 'images'> & {
  images: { plate: WireImage; overview: WireImage };
};

export const hitAckSchema = z.union([
  z.object({ ok: z.literal(true) }).strict(),
  z.object({ ok: z.literal(false), error: z.string() }).strict(),
]);
export type HitAck = z.infer<typeof hitAckSchema>;

/** Handshake `auth` sent by a console. */
export const consoleAuthSchema = z
  .object({
    protocol: z.number().int(),
    workstationId: z.string().min(1).max(64),
    token: z.string().min(1).max(512),
    lastSeq: z.number().int().min(0),
    /**
     * The newest hit the console still holds from this hub, by number and id (an addition to
     * the DESIGN handshake; optional). A hub whose hit at that number has another id, or that
     * has not reached `lastSeq` at all, is not the history the console followed (restored
     * from an older copy, or replaced): it answers with `hub:resync` instead of trusting
     * lastSeq. (Not the hit at lastSeq itself: that one may have been purged.)
     */
    lastHit: z.object({ seq: z.number().int().min(1), id: hitIdSchema }).strict().optional(),
  })
  .strict();
export type ConsoleAuth = z.infer<typeof consoleAuthSchema>;

/**
 * hub -> console `hub:resync`, sent on connect before any hit when the console's `lastSeq`
 * does not belong to this hub's history. The hub resends every hit after `resumeAfter` (the
 * last one its own records show this workstation acknowledged); the console sets aside its
 * hits numbered above that, since this hub's numbers there name other hits, and keeps them.
 */
export const hubResyncSchema = z
  .object({
    resumeAfter: z.number().int().min(0),
    /** The hub's newest hit number when the console connected. */
    hubNewest: z.number().int().min(0),
    /** The console's lastSeq that did not fit. */
    consoleSeq: z.number().int().min(0),
  })
  .strict();
export type HubResync = z.infer<typeof hubResyncSchema>;

/**
 * `Authorization` header for the hub's HTTP views kept to enrolled workstations
 * (`GET /hits/:id/events`): the workstation id and token as HTTP Basic credentials.
 */
export function hubBasicAuth(workstationId: string, token: string): string {
  // btoa, not Buffer: the contract is also compiled for the renderer, which has no Node.
  const bytes = new TextEncoder().encode(`${workstationId}:${token}`);
  return `Basic ${btoa(String.fromCharCode(...bytes))}`;
}

/** Connect error messages the hub uses (socket.io `connect_error` `message`). */
export const HUB_ERRORS = {
  unauthorized: 'unauthorized',
  unsupportedProtocol: 'unsupported protocol',
} as const;

/** `POST /hits` answer. */
export const postHitAcceptedSchema = z.object({ id: z.string(), seq: z.number().int() }).strict();

/** `GET /deliveries?workstation=ID` rows. */
export const deliverySchema = z
  .object({ id: z.string(), seq: z.number().int(), ackedAt: z.string() })
  .strict();
export type Delivery = z.infer<typeof deliverySchema>;

/**
 * console -> hub `audit:append` records (the agency's upstream copy; all fields in clear).
 * On bad input the hub answers `{acked: [], error}`: nothing was kept.
 */
export const auditAppendAckSchema = z.object({ acked: z.array(z.string()), error: z.string().optional() }).strict();

/** Parse workstation credentials: `ws-01=secret1,ws-02=secret2`. */
export function parseHubTokens(spec: string | undefined): Map<string, string> {
  const tokens = new Map<string, string>();
  for (const part of (spec ?? '').split(',')) {
    if (part.trim() === '') continue; // a trailing comma
    const eq = part.indexOf('=');
    const ws = eq < 0 ? '' : part.slice(0, eq).trim();
    const token = eq < 0 ? '' : part.slice(eq + 1).trim();
    // A dropped entry would leave a console "unauthorized" with nothing to say why.
    if (!ws || !token) throw new Error(`ALPR_HUB_TOKENS: "${part.trim()}" is not workstation=token (entries are separated by commas)`);
    if (tokens.has(ws)) throw new Error(`ALPR_HUB_TOKENS: workstation "${ws}" is listed twice`);
    tokens.set(ws, token);
  }
  return tokens;
}

/** Flatten zod issues into `path: message` lines a human can read. */
export function describeIssues(error: z.ZodError): string[] {
  return error.issues.map((i) => `${i.path.length ? i.path.join('.') : '(body)'}: ${i.message}`);
}

/* ------------------------------------------------------------------------------------------
 * Console <-> hub messages beyond hit delivery: claims and the workflow timeline, audit
 * checkpoints, the CLETS switch, hotlist entries and read search. Each console -> hub message
 * has a payload schema and an acknowledgement schema; every acknowledgement is either its
 * success shape (`ok: true`) or `hubErrorAckSchema` (`ok: false` and a readable `error` that
 * names the field at fault). The hub -> console events have one schema each.
 * ---------------------------------------------------------------------------------------- */

/** The refusal every message below can get instead of its success acknowledgement. */
export const hubErrorAckSchema = z
  .object({
    ok: z.literal(false),
    error: z.string(),
    /** Set when the refusal is temporary (e.g. the read history is still loading). */
    retryAfterMs: z.number().int().positive().optional(),
  })
  .strict();
export type HubErrorAck = z.infer<typeof hubErrorAckSchema>;

const workstationIdSchema = z.string().min(1).max(64);

/**
 * The person at the console, as the console vouches for them (the hub has no user database:
 * it records who the console says is signed in).
 */
export const consoleUserSchema = z
  .object({
    username: z.string().min(1).max(64),
    displayName: z.string().min(1).max(200),
  })
  .strict();
export type ConsoleUser = z.infer<typeof consoleUserSchema>;

/** Who did something, where, when (hub time for claims, console time for workflow steps). */
export const attributionSchema = z
  .object({ user: consoleUserSchema, workstationId: workstationIdSchema, at: isoTime })
  .strict();
export type Attribution = z.infer<typeof attributionSchema>;

// ---- One console per hit: hit:claim, hit:release, hit:takeover ----------------------------

/** Who holds a hit: the workstation is the holder; the user is who works it there. */
export const claimHolderSchema = attributionSchema;
export type ClaimHolder = Attribution;

/** console -> hub `hit:claim`. */
export const hitClaimSchema = z.object({ hitId: hitIdSchema, user: consoleUserSchema }).strict();
export type HitClaim = z.infer<typeof hitClaimSchema>;

/**
 * `ok: true`: this workstation holds the hit now (or already did; a claim in another user's
 * name at the same workstation moves it to them). `ok: false` with
 * `claimedBy`: another console holds it ("Being handled by NAME at WORKSTATION").
 */
export const hitClaimAckSchema = z.union([
  z.object({ ok: z.literal(true), claimedBy: claimHolderSchema }).strict(),
  z.object({ ok: z.literal(false), claimedBy: claimHolderSchema }).strict(),
  hubErrorAckSchema,
]);
export type HitClaimAck = z.infer<typeof hitClaimAckSchema>;

/**
 * console -> hub `hit:release`: only the holding workstation may release; with `user`, only
 * while that user is the one working it there (a late release of a user who signed out never
 * releases the next user's claim).
 */
export const hitReleaseSchema = z
  .object({ hitId: hitIdSchema, user: consoleUserSchema.optional() })
  .strict();
export type HitRelease = z.infer<typeof hitReleaseSchema>;

/** `released: false`: nobody held the hit (already released); not an error. */
export const hitReleaseAckSchema = z.union([
  z.object({ ok: z.literal(true), released: z.boolean() }).strict(),
  hubErrorAckSchema,
]);
export type HitReleaseAck = z.infer<typeof hitReleaseAckSchema>;

/** Roles a console may assert for a takeover. */
export const TAKEOVER_ROLES = ['supervisor', 'admin'] as const;

/**
 * console -> hub `hit:takeover`: a supervisor takes a hit from whoever holds it. The console
 * checks the role; the hub records the assertion, the reason and who lost the hit.
 */
export const hitTakeoverSchema = z
  .object({
    hitId: hitIdSchema,
    reason: z.string().trim().min(1, 'a takeover needs a reason').max(500),
    user: consoleUserSchema.extend({ role: z.enum(TAKEOVER_ROLES) }).strict(),
  })
  .strict();
export type HitTakeover = z.infer<typeof hitTakeoverSchema>;

export const hitTakeoverAckSchema = z.union([
  z.object({ ok: z.literal(true), claimedBy: claimHolderSchema, previous: claimHolderSchema.optional() }).strict(),
  hubErrorAckSchema,
]);
export type HitTakeoverAck = z.infer<typeof hitTakeoverAckSchema>;

// ---- The workflow timeline: hit:status -------------------------------------------------

/** Verification workflow steps (DESIGN.md), reported by the console after each. */
export const WORKFLOW_STEPS = [
  'opened',
  'plate-check',
  'broadcast',
  'clets-sent',
  'clets-result',
  'results-broadcast',
  'disposed',
] as const;
export type WorkflowStep = (typeof WORKFLOW_STEPS)[number];
/** Claim changes, which the hub itself announces with the same `hit:status` event. */
export const CLAIM_STEPS = ['claimed', 'released', 'taken-over'] as const;
export type ClaimStep = (typeof CLAIM_STEPS)[number];
export const HIT_STATUS_STEPS = [...WORKFLOW_STEPS, ...CLAIM_STEPS] as const;
export type HitStatusStep = (typeof HIT_STATUS_STEPS)[number];

export const PLATE_CHECK_OUTCOMES = ['confirmed', 'misread'] as const;
export const CLETS_STATUSES = ['active', 'cleared', 'no-record'] as const;
export type CletsStatus = (typeof CLETS_STATUSES)[number];

/** Which outcome each step carries: a fixed set, a free disposition code, or none. */
export const STEP_OUTCOMES: Readonly<Record<WorkflowStep, readonly string[] | 'code' | null>> = {
  opened: null,
  'plate-check': PLATE_CHECK_OUTCOMES,
  broadcast: null,
  'clets-sent': null,
  'clets-result': CLETS_STATUSES,
  'results-broadcast': null,
  disposed: 'code',
};

/**
 * console -> hub `hit:status`, after every workflow step. `at` is when the step happened on
 * the console; the hub adds when it received the report. `detail` is free text (a misread's
 * reason, disposition notes and units). Sending the same report twice keeps it once.
 */
export const hitStatusReportSchema = z
  .object({
    hitId: hitIdSchema,
    step: z.enum(WORKFLOW_STEPS),
    outcome: z.string().min(1).max(100).optional(),
    detail: z.string().max(2000).optional(),
    at: isoTime,
    user: consoleUserSchema,
  })
  .strict()
  .superRefine((r, ctx) => {
    const allowed = STEP_OUTCOMES[r.step];
    if (allowed === null && r.outcome !== undefined) {
      ctx.addIssue({ code: 'custom', path: ['outcome'], message: `step ${r.step} has no outcome` });
    } else if (allowed !== null && r.outcome === undefined) {
      const what = allowed === 'code' ? 'a disposition code' : `one of ${allowed.join(', ')}`;
      ctx.addIssue({ code: 'custom', path: ['outcome'], message: `step ${r.step} needs an outcome: ${what}` });
    } else if (Array.isArray(allowed) && !allowed.includes(r.outcome!)) {
      ctx.addIssue({ code: 'custom', path: ['outcome'], message: `for step ${r.step}: one of ${allowed.join(', ')}` });
    }
  });
export type HitStatusReport = z.infer<typeof hitStatusReportSchema>;

export const hitStatusReportAckSchema = z.union([z.object({ ok: z.literal(true) }).strict(), hubErrorAckSchema]);

/**
 * hub -> every console `hit:status`: a workflow step some console reported, or a claim change
 * (`claimed`, `released`, `taken-over`; `previous` is who lost the hit in a takeover, `detail`
 * the takeover's reason or why the hub released a claim). On connect the hub also sends each
 * current claim as a `claimed` status, so a console that was away learns who works what.
 */
export const hitStatusSchema = z
  .object({
    hitId: hitIdSchema,
    step: z.enum(HIT_STATUS_STEPS),
    outcome: z.string().min(1).max(100).optional(),
    detail: z.string().max(2000).optional(),
    user: consoleUserSchema,
    workstationId: workstationIdSchema,
    at: isoTime,
    previous: claimHolderSchema.optional(),
  })
  .strict();
export type HitStatus = z.infer<typeof hitStatusSchema>;

/** `GET /hits/:id/events`: the hit's timeline at the hub, in the order the hub received it. */
export const hitEventSchema = hitStatusSchema.extend({ receivedAt: isoTime }).strict();
export type HitEvent = z.infer<typeof hitEventSchema>;

/**
 * hub -> consoles `hit:escalate`: a hit nobody opened in time. Level 1 alerts the
 * dispatchers again; level 2 and up reach supervisors' consoles. The timers are the
 * console's (issue 3); the hub only relays.
 */
export const hitEscalateSchema = z
  .object({ hitId: hitIdSchema, level: z.number().int().min(1).max(10), at: isoTime.optional() })
  .strict();
export type HitEscalate = z.infer<typeof hitEscalateSchema>;

// ---- audit:checkpoint ------------------------------------------------------------------

/** console -> hub `audit:checkpoint`: the workstation's audit chain length and head, signed. */
export const auditCheckpointSchema = z
  .object({
    workstationId: workstationIdSchema,
    count: z.number().int().min(0),
    headHash: z.string().regex(/^[0-9a-f]{64}$/, 'a SHA-256 in lowercase hex'),
    signature: z.string().min(1).max(4096),
  })
  .strict();
export type AuditCheckpoint = z.infer<typeof auditCheckpointSchema>;

/**
 * The hub's receipt: `mac` is HMAC-SHA256, in lowercase hex, under the hub's own key (named by
 * `keyId`), over `checkpointReceiptText(checkpoint, hubTime)`.
 */
export const checkpointReceiptSchema = z
  .object({
    hubTime: isoTime,
    keyId: z.string().min(1).max(64),
    mac: z.string().regex(/^[0-9a-f]{64}$/),
  })
  .strict();
export type CheckpointReceipt = z.infer<typeof checkpointReceiptSchema>;

/** What the receipt's MAC covers: `workstationId|count|headHash|hubTime`. */
export function checkpointReceiptText(cp: Pick<AuditCheckpoint, 'workstationId' | 'count' | 'headHash'>, hubTime: string): string {
  return `${cp.workstationId}|${cp.count}|${cp.headHash}|${hubTime}`;
}

/**
 * A checkpoint whose count is below one the hub already has for that workstation, or with the
 * same count and another head, is refused: the workstation's log was rewritten. Sending the
 * same checkpoint again returns the first receipt.
 */
export const auditCheckpointAckSchema = z.union([
  z.object({ ok: z.literal(true), receipt: checkpointReceiptSchema }).strict(),
  hubErrorAckSchema,
]);
export type AuditCheckpointAck = z.infer<typeof auditCheckpointAckSchema>;

// ---- audit:held ------------------------------------------------------------------------

/**
 * console -> hub `audit:held`: which of this workstation's records numbered `from`..`through`
 * the hub does not hold. Records of its current chain only: those whose id (a UUIDv7, so
 * time-ordered) does not sort below `chainStart`, the leading time part of the chain's first
 * record's id (a reinstalled workstation starts a new chain at 1 under the same name). The
 * console asks on every
 * connection, about records it was told were stored: a hub restored from an older backup has
 * lost some, and the console sends them again.
 */
export const auditHeldSchema = z
  .object({
    chainStart: z.string().min(1).max(200),
    from: z.number().int().min(1),
    through: z.number().int().min(1),
  })
  .strict()
  .refine((q) => q.through >= q.from, { message: 'through must not be below from', path: ['through'] });
export type AuditHeld = z.infer<typeof auditHeldSchema>;

/** At most this many missing ranges per answer; `more` says the list was cut. */
export const AUDIT_HELD_MAX_RANGES = 1000;

export const auditHeldAckSchema = z.union([
  z
    .object({
      ok: z.literal(true),
      /** The numbers it lacks, as inclusive [first, last] ranges in order. */
      missing: z
        .array(z.tuple([z.number().int().min(1), z.number().int().min(1)]))
        .max(AUDIT_HELD_MAX_RANGES),
      more: z.boolean(),
    })
    .strict(),
  hubErrorAckSchema,
]);
export type AuditHeldAck = z.infer<typeof auditHeldAckSchema>;

// ---- holds:list, holds:changed -----------------------------------------------------------

/**
 * A legal hold in force at the agency, as the hub knows it from the hold records every console
 * forwards: one hit (by id), or a plate (and state) captured in a period (`fromAt` inclusive,
 * `toAt` exclusive: the placing console's calendar days). Every console keeps its own copy of
 * a hit past retention while any console's hold covers it.
 */
const agencyHoldBase = {
  workstationId: workstationIdSchema,
  holdId: z.number().int().min(0),
  /** The id of the audit record that placed it. */
  recordId: z.string().min(1).max(200),
  caseNumber: z.string().max(200).nullable(),
  placedAt: isoTime.nullable(),
  /** Who placed it: display name (username), as the placing record names them. */
  placedBy: z.string().max(300).nullable(),
};
export const agencyHoldSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('hit'), hitId: hitIdSchema, ...agencyHoldBase }).strict(),
  z
    .object({
      kind: z.literal('plate'),
      plate: plateSchema,
      state: stateSchema.nullable(),
      from: z.string().regex(/^\d{4}-\d{2}-\d{2}$/),
      to: z.string().regex(/^\d{4}-\d{2}-\d{2}$/),
      fromAt: isoTime,
      toAt: isoTime,
      ...agencyHoldBase,
    })
    .strict(),
]);
export type AgencyHold = z.infer<typeof agencyHoldSchema>;

/** At most this many holds in one list (a bigger list is refused, and the purge waits). */
export const MAX_AGENCY_HOLDS = 50_000;

/** console -> hub `holds:list` `{}`: every hold in force. */
export const holdsListSchema = z.object({}).strict();
/**
 * `released`: the ids of the records that placed holds since released. A console drops a
 * hold from its copy only when it is named here: one the hub merely stopped listing (a hub
 * restored from a backup older than the hold) stays in force there.
 */
const holdsList = {
  holds: z.array(agencyHoldSchema).max(MAX_AGENCY_HOLDS),
  released: z.array(z.string().min(1).max(200)).max(MAX_AGENCY_HOLDS * 4).optional(),
};
export const holdsListAckSchema = z.union([z.object({ ok: z.literal(true), ...holdsList }).strict(), hubErrorAckSchema]);
export type HoldsListAck = z.infer<typeof holdsListAckSchema>;

/** hub -> every console `holds:changed` `{holds, released}`: the list again, after a hold was placed or released. */
export const holdsChangedSchema = z.object(holdsList).strict();

/** `GET /audit/checkpoints[?workstation=ID]` rows, oldest first. */
export const storedCheckpointSchema = auditCheckpointSchema
  .extend({ receivedAt: isoTime, receipt: checkpointReceiptSchema })
  .strict();
export type StoredCheckpoint = z.infer<typeof storedCheckpointSchema>;

// ---- clets:query -----------------------------------------------------------------------

/**
 * The default CLETS/NCIC vehicle query, one line of dot-separated fields:
 *
 *     QV.<ORI>.LIC/<plate>.LIS/<state>[.LIY/<year>][.LIT/<type>]
 *     QV.CA0390100.LIC/7ABC123.LIS/CA.LIY/2015.LIT/PC
 *
 * `QV` is the message key (query vehicle); ORI is the querying agency's 9-character
 * originating agency identifier; LIC the plate, LIS its state, LIY the plate's expiry year,
 * LIT the plate type (PC passenger, TK truck, MC motorcycle, TL trailer, CM commercial ...).
 * LIC and LIS are required; tags may come in any order after the ORI, each once.
 */
export interface VehicleQuery {
  ori: string;
  plate: string;
  state: string;
  year?: number;
  type?: string;
}

export const VEHICLE_QUERY_KEY = 'QV';

export function composeVehicleQuery(q: VehicleQuery): string {
  const parts = [VEHICLE_QUERY_KEY, q.ori, `LIC/${q.plate}`, `LIS/${q.state}`];
  if (q.year !== undefined) parts.push(`LIY/${q.year}`);
  if (q.type !== undefined) parts.push(`LIT/${q.type}`);
  return parts.join('.');
}

/** Parses a vehicle query; `error` says what is wrong with it the way a switch would. */
export function parseVehicleQuery(message: string): { ok: true; query: VehicleQuery } | { ok: false; error: string } {
  const text = message.trim().toUpperCase().replace(/\.$/, '');
  const fail = (error: string) => ({ ok: false as const, error });
  if (/[\r\n]/.test(text)) return fail('a query is one line');
  const [key, ori, ...rest] = text.split('.');
  if (key !== VEHICLE_QUERY_KEY) return fail(`message key ${JSON.stringify(key ?? '')} is not ${VEHICLE_QUERY_KEY} (query vehicle)`);
  if (!ori || !/^[A-Z]{2}[A-Z0-9]{7}$/.test(ori)) {
    return fail(`ORI ${JSON.stringify(ori ?? '')} is not 2 letters and 7 letters or digits`);
  }
  const tags = new Map<string, string>();
  for (const field of rest) {
    const m = /^([A-Z]{3})\/(.*)$/.exec(field);
    if (!m) return fail(`field ${JSON.stringify(field)} is not TAG/value`);
    const [, tag, value] = m as unknown as [string, string, string];
    if (!['LIC', 'LIS', 'LIY', 'LIT'].includes(tag)) return fail(`unknown field ${tag} (use LIC, LIS, LIY, LIT)`);
    if (tags.has(tag)) return fail(`field ${tag} appears twice`);
    tags.set(tag, value);
  }
  const plate = tags.get('LIC');
  const state = tags.get('LIS');
  const year = tags.get('LIY');
  const type = tags.get('LIT');
  if (plate === undefined) return fail('LIC/ (the plate) is required');
  if (!/^[A-Z0-9]{1,10}$/.test(plate)) return fail(`LIC/${plate}: a plate is 1 to 10 letters and digits`);
  if (state === undefined) return fail('LIS/ (the plate state) is required');
  if (!/^[A-Z]{2}$/.test(state)) return fail(`LIS/${state}: a state is a two-letter code`);
  if (year !== undefined && !/^(19|20)\d\d$/.test(year)) return fail(`LIY/${year}: a four-digit year`);
  if (type !== undefined && !/^[A-Z]{2}$/.test(type)) return fail(`LIT/${type}: a two-letter plate type`);
  return {
    ok: true,
    query: { ori, plate, state, ...(year ? { year: Number(year) } : {}), ...(type ? { type } : {}) },
  };
}

/** console -> hub `clets:query`. */
export const cletsQuerySchema = z.object({ message: z.string().min(1).max(2000) }).strict();
export type CletsQuery = z.infer<typeof cletsQuerySchema>;

/**
 * What the switch's answer says, field by field. The query's own fields always; a record's
 * fields when there is one (active or cleared). Dates are YYYY-MM-DD.
 */
export const cletsFieldsSchema = z
  .object({
    /** As queried. */
    ori: z.string(),
    plate: z.string(),
    state: z.string(),
    year: z.number().int().optional(),
    type: z.string().optional(),
    /** The record: message key text (e.g. STOLEN VEHICLE), the list it came from. */
    mke: z.string().optional(),
    list: z.string().optional(),
    reason: z.string().optional(),
    vehicleYear: z.number().int().optional(),
    vehicleMake: z.string().optional(),
    vehicleModel: z.string().optional(),
    vehicleColour: z.string().optional(),
    /** Caution codes in words, e.g. ARMED AND DANGEROUS; empty when none. */
    cautions: z.array(z.string()),
    /** Originating agency case number, entering agency ORI and name, NCIC number. */
    oca: z.string().optional(),
    enteringOri: z.string().optional(),
    enteringAgency: z.string().optional(),
    nic: z.string().optional(),
    enteredOn: z.string().optional(),
    clearedOn: z.string().optional(),
    notes: z.string().optional(),
  })
  .strict();
export type CletsFields = z.infer<typeof cletsFieldsSchema>;

/** `text` is the switch's return as a terminal shows it: several lines of TAG/value fields. */
export const cletsResponseSchema = z
  .object({ status: z.enum(CLETS_STATUSES), text: z.string(), fields: cletsFieldsSchema })
  .strict();
export type CletsResponse = z.infer<typeof cletsResponseSchema>;

export const cletsQueryAckSchema = z.union([
  z.object({ ok: z.literal(true), response: cletsResponseSchema }).strict(),
  hubErrorAckSchema,
]);
export type CletsQueryAck = z.infer<typeof cletsQueryAckSchema>;

// ---- Plate patterns (hotlist entries and search) ---------------------------------------

/**
 * A plate with wildcards: `?` one character, `*` any run (none included). Capital letters and
 * digits otherwise, at most 10 plate characters; `**` is written `*`.
 */
export function platePatternSchema(minLiterals: number) {
  return z
    .string()
    .regex(/^[A-Z0-9?*]{1,20}$/, 'a plate pattern is capital letters, digits, ? (one character) and * (any run)')
    .refine((p) => !p.includes('**'), 'write ** as *')
    .refine((p) => p.replace(/\*/g, '').length <= 10, 'at most 10 plate characters')
    .refine(
      (p) => p.replace(/[?*]/g, '').length >= minLiterals,
      `at least ${minLiterals} characters that are not wildcards`,
    );
}

// ---- hotlist:add and hotlist:updated ---------------------------------------------------

/**
 * An entry an officer adds. `plate` may be partial (Lodi 431.3(c)); `state` may be left out
 * when it is not known; `expiresAt` must be in the future. `id` is optional: a console that
 * sets it can send the same entry again safely.
 */
export const hotlistEntryInputSchema = z
  .object({
    id: hitIdSchema.optional(),
    plate: platePatternSchema(3),
    state: stateSchema.optional(),
    list: z.string().min(1).max(64),
    reason: z.string().min(1).max(200),
    priority: z.enum(PRIORITIES),
    expiresAt: isoTime,
    notes: shortText(2000).optional(),
    vehicle: shortText(200).optional(),
    caseNumber: z.string().min(1).max(64).optional(),
  })
  .strict();
export type HotlistEntryInput = z.infer<typeof hotlistEntryInputSchema>;

/** console -> hub `hotlist:add`. */
export const hotlistAddSchema = z.object({ entry: hotlistEntryInputSchema, user: consoleUserSchema }).strict();
export type HotlistAdd = z.infer<typeof hotlistAddSchema>;

/** `matchedReads`: how many reads the hub already holds that the new entry matches. */
export const hotlistAddAckSchema = z.union([
  z
    .object({
      ok: z.literal(true),
      id: z.string(),
      matchedReads: z.number().int().min(0),
      /**
       * How many retroactive hits the hub raises for reads it already holds (the newest
       * matches within the retention period, at most RETROACTIVE_HITS_MAX); they follow as
       * ordinary `hit` messages with `retroactive: true`.
       */
      retroactiveHits: z.number().int().min(0).optional(),
    })
    .strict(),
  hubErrorAckSchema,
]);

/** The most retroactive hits one hotlist entry raises (the newest matching reads). */
export const RETROACTIVE_HITS_MAX = 25;
export type HotlistAddAck = z.infer<typeof hotlistAddAckSchema>;

/** A hotlist entry as the hub holds it. `source`: training, intake (a posted hit's match), console. */
export const hotlistEntrySchema = z
  .object({
    id: z.string(),
    source: z.string(),
    list: z.string(),
    reason: z.string(),
    priority: z.enum(PRIORITIES),
    plate: z.string(),
    state: stateSchema.optional(),
    vehicle: z.string().optional(),
    notes: z.string().optional(),
    caseNumber: z.string().optional(),
    expiresAt: isoTime.optional(),
    listUpdatedAt: isoTime,
    cleared: z.boolean(),
    enteredBy: attributionSchema.optional(),
    /** An officer's entry taken off the list before it expired: who, where, when, why. */
    removed: attributionSchema.extend({ reason: z.string() }).strict().optional(),
  })
  .strict();
export type HotlistEntryWire = z.infer<typeof hotlistEntrySchema>;

/** hub -> every console `hotlist:updated`. */
export const hotlistUpdatedSchema = z.object({ entry: hotlistEntrySchema }).strict();
export type HotlistUpdated = z.infer<typeof hotlistUpdatedSchema>;

/**
 * console -> hub `hotlist:remove`: takes an officer's entry off the list (it no longer matches
 * new reads). Only entries entered from consoles; `hotlist:updated` tells every console.
 */
export const hotlistRemoveSchema = z
  .object({
    id: hitIdSchema,
    reason: z.string().trim().min(1, 'removing an entry needs a reason').max(500),
    user: consoleUserSchema,
  })
  .strict();
export type HotlistRemove = z.infer<typeof hotlistRemoveSchema>;

export const hotlistRemoveAckSchema = z.union([
  z.object({ ok: z.literal(true), entry: hotlistEntrySchema }).strict(),
  hubErrorAckSchema,
]);
export type HotlistRemoveAck = z.infer<typeof hotlistRemoveAckSchema>;

/** console -> hub `hotlist:list`: officers' entries still in force (not removed, not expired). */
export const hotlistListSchema = z.object({}).strict();
export const hotlistListAckSchema = z.union([
  z.object({ ok: z.literal(true), entries: z.array(hotlistEntrySchema) }).strict(),
  hubErrorAckSchema,
]);
export type HotlistListAck = z.infer<typeof hotlistListAckSchema>;

// ---- POST /reads -------------------------------------------------------------------------

/**
 * `POST /reads`: plain reads from camera systems (every plate seen, not only hits), kept for
 * search and checked against officers' entries (full and partial plates): a read that matches
 * one becomes a hit, sent to every console. Images are optional.
 */
export const postedReadSchema = z
  .object({
    /**
     * The camera system's own id for the read (optional): a read whose id the hub holds is
     * not stored again, so a batch sent again after a timeout keeps each read once.
     */
    id: z.string().min(1).max(64).optional(),
    capturedAt: isoTime,
    camera: cameraSchema,
    read: readSchema,
    images: z.object({ plate: postedImageSchema, overview: postedImageSchema.optional() }).strict().optional(),
  })
  .strict();
export type PostedRead = z.infer<typeof postedReadSchema>;
export const postedReadsSchema = z.object({ reads: z.array(postedReadSchema).min(1).max(500) }).strict();
export const postReadsAcceptedSchema = z
  .object({
    /** Reads stored by this post. */
    stored: z.number().int(),
    /** Hits the stored reads raised. */
    hits: z.array(z.string()),
    /** Reads whose id the hub already held: not stored again, no hit raised again. */
    duplicates: z.number().int().optional(),
  })
  .strict();

// ---- reads:search ----------------------------------------------------------------------

export const READ_SEARCH_MAX_RESULTS = 500;
/** How deep paging reaches into the newest matches. */
export const READ_SEARCH_MAX_WINDOW = 5000;

/**
 * console -> hub `reads:search` over every read the hub holds (hits' reads and plain reads).
 * Purpose and case number are required; the hub logs each search with them.
 */
export const readSearchSchema = z
  .object({
    pattern: platePatternSchema(2),
    purpose: z.string().trim().min(1, 'a search needs a purpose').max(200),
    caseNumber: z.string().trim().min(1, 'a search needs a case number').max(64),
    user: consoleUserSchema,
    state: stateSchema.optional(),
    limit: z.number().int().min(1).max(READ_SEARCH_MAX_RESULTS).optional(),
    /** Skip this many of the newest matches (paging); offset + limit at most READ_SEARCH_MAX_WINDOW. */
    offset: z.number().int().min(0).optional(),
    cameraId: z.string().min(1).max(64).optional(),
    /** Reads captured at or after `from` and before `to`. */
    from: isoTime.optional(),
    to: isoTime.optional(),
  })
  .strict()
  .refine((q) => (q.offset ?? 0) + (q.limit ?? READ_SEARCH_MAX_RESULTS) <= READ_SEARCH_MAX_WINDOW, {
    path: ['offset'],
    message: `pages reach at most the newest ${READ_SEARCH_MAX_WINDOW} matches; narrow the search`,
  })
  .refine((q) => !q.from || !q.to || Date.parse(q.from) < Date.parse(q.to), { path: ['to'], message: 'to is after from' });
export type ReadSearch = z.infer<typeof readSearchSchema>;

/**
 * One read, newest first in results. `hitId` is set when the read was a hit: its images are
 * the hit's. `hasImages`: the hub holds (or, for training reads, can render) the read's plate
 * image; `reads:images` fetches it. Camera details are there when the hub knows the camera.
 */
export const readResultSchema = z
  .object({
    id: z.string(),
    plate: z.string(),
    state: z.string(),
    camera: z
      .object({
        id: z.string(),
        name: z.string().optional(),
        lat: z.number().optional(),
        lon: z.number().optional(),
        direction: z.string().optional(),
      })
      .strict(),
    capturedAt: isoTime,
    confidence: z.number(),
    hitId: z.string().optional(),
    hasImages: z.boolean(),
  })
  .strict();
export type ReadResult = z.infer<typeof readResultSchema>;

/** `total`: every match; `truncated`: more matched than `reads` holds. */
export const readSearchAckSchema = z.union([
  z
    .object({
      ok: z.literal(true),
      reads: z.array(readResultSchema),
      total: z.number().int().min(0),
      truncated: z.boolean(),
    })
    .strict(),
  hubErrorAckSchema,
]);
export type ReadSearchAck = z.infer<typeof readSearchAckSchema>;

// ---- cameras:list ------------------------------------------------------------------------

/** console -> hub `cameras:list`: every camera the hub knows, for the search's camera filter. */
export const camerasListSchema = z.object({}).strict();
export const camerasListAckSchema = z.union([
  z.object({ ok: z.literal(true), cameras: z.array(cameraSchema) }).strict(),
  hubErrorAckSchema,
]);
export type CamerasListAck = z.infer<typeof camerasListAckSchema>;

// ---- reads:images ------------------------------------------------------------------------

/**
 * console -> hub `reads:images`: plate thumbnails for reads a search returned (ids from
 * `readResultSchema`). A read with no image gets `image: null`. The search itself was logged
 * with its purpose; this only fetches what it listed.
 */
export const readImagesSchema = z
  .object({ ids: z.array(z.string().min(1).max(40)).min(1).max(100), size: z.enum(['thumb', 'full']).optional() })
  .strict();
export type ReadImages = z.infer<typeof readImagesSchema>;

export const readImagesAckSchema = z.union([
  z
    .object({
      ok: z.literal(true),
      images: z.array(z.object({ id: z.string(), image: wireImageSchema.nullable() }).strict()),
    })
    .strict(),
  hubErrorAckSchema,
]);
export type ReadImagesAck = { ok: true; images: { id: string; image: WireImage | null }[] } | HubErrorAck;
