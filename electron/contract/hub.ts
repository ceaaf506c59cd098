/**
 * The hub protocol, version 1 (see ../shared/DESIGN.md). This file is the one place the wire
 * format is written down: the hub validates what camera systems post with it, and the
 * console's hub client validates what the hub pushes with it. Pure TypeScript + zod: no Node
 * or Electron imports, so a vendor bridge or a second console can reuse it as it is.
 */
import { z } from 'zod';

export const HUB_PROTOCOL_VERSION = 1;
export const HUB_NAMESPACE = '/console';
/** Largest image accepted, once base64 is decoded. */
export const MAX_IMAGE_BYTES = 5 * 1024 * 1024;
/** The hub keeps at least this many hits in flight to one console before waiting for acks. */
export const HUB_MIN_IN_FLIGHT = 100;

export const IMAGE_MIMES = ['image/jpeg', 'image/png'] as const;
export const PRIORITIES = ['high', 'medium', 'low'] as const;
export type Priority = (typeof PRIORITIES)[number];

export const plateSchema = z
  .string()
  .regex(/^[A-Z0-9]{1,10}$/, 'a plate is 1 to 10 capital letters and digits');
export const stateSchema = z.string().regex(/^[A-Z]{2}$/, 'a state is a two-letter code');
const isoTime = z.string().datetime({ offset: true, message: 'an ISO 8601 date and time' });
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
  })
  .strict();
export type ConsoleAuth = z.infer<typeof consoleAuthSchema>;

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

/** console -> hub `audit:append` records (the agency's upstream copy; all fields in clear). */
export const auditAppendAckSchema = z.object({ acked: z.array(z.string()) }).strict();

/** Parse workstation credentials: `ws-01=secret1,ws-02=secret2`. */
export function parseHubTokens(spec: string | undefined): Map<string, string> {
  const tokens = new Map<string, string>();
  for (const part of (spec ?? '').split(',')) {
    const eq = part.indexOf('=');
    if (eq <= 0) continue;
    const ws = part.slice(0, eq).trim();
    const token = part.slice(eq + 1).trim();
    if (ws && token) tokens.set(ws, token);
  }
  return tokens;
}

/** Flatten zod issues into `path: message` lines a human can read. */
export function describeIssues(error: z.ZodError): string[] {
  return error.issues.map((i) => `${i.path.length ? i.path.join('.') : '(body)'}: ${i.message}`);
}
