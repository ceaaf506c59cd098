/**
 * The contract between the UI and the core: every call and event, with zod schemas for its
 * input and output and the roles allowed. The preload, both transports and renderer/api.ts are
 * checked against this list; nothing crosses the boundary that is not named here.
 * Pure TypeScript + zod: imported by the renderer too, so no Node or Electron imports.
 */
import { z } from 'zod';
import { cameraSchema, hotlistMatchSchema, PRIORITIES, readSchema, IMAGE_MIMES } from './hub';

export const ROLES = ['dispatcher', 'supervisor', 'admin', 'auditor'] as const;
export type Role = (typeof ROLES)[number];
/** Who may work hits: auditors may not (read-only audit access). */
export const HIT_WORKERS: readonly Role[] = ['dispatcher', 'supervisor', 'admin'];

/** `public`: no session needed. `signed-in`: any signed-in user. Otherwise the roles listed. */
export type Access = 'public' | 'signed-in' | readonly Role[];

export const HIT_STATUSES = ['new', 'opened'] as const;
export type HitStatus = (typeof HIT_STATUSES)[number];

export const PURPOSE_HIT_CONFIRMATION = 'Hit confirmation';

const empty = z.object({}).strict();
const ok = z.object({ ok: z.literal(true) }).strict();
const username = z
  .string()
  .min(2, 'a username has at least 2 characters')
  .max(64)
  .regex(/^[a-z0-9._-]+$/i, 'a username is letters, digits and . _ -');
const password = z.string().min(1, 'enter a password').max(1024);
const binary = z.custom<Uint8Array>((v) => v instanceof Uint8Array, 'binary data');

export const userSchema = z
  .object({
    id: z.number().int(),
    username: z.string(),
    displayName: z.string(),
    badge: z.string().nullable(),
    agency: z.string().nullable(),
    role: z.enum(ROLES),
    trainingDate: z.string().nullable(),
  })
  .strict();
export type User = z.infer<typeof userSchema>;

export const hubStateSchema = z
  .object({
    state: z.enum(['connected', 'connecting', 'reconnecting', 'offline']),
    /** When the link last changed state (ISO). For "offline since HH:MM:SS". */
    since: z.string(),
    url: z.string().nullable(),
    training: z.boolean(),
    lastError: z.string().nullable(),
    lastSeq: z.number().int(),
  })
  .strict();
export type HubState = z.infer<typeof hubStateSchema>;

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
    openedBy: z.string().nullable(),
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
  })
  .strict();
export type HitDetail = z.infer<typeof hitDetailSchema>;

export const appInfoSchema = z
  .object({
    version: z.string(),
    workstationId: z.string(),
    agencyName: z.string(),
    training: z.boolean(),
    mode: z.enum(['electron', 'headless']),
  })
  .strict();
export type AppInfo = z.infer<typeof appInfoSchema>;

export interface CallSpec<I extends z.ZodTypeAny = z.ZodTypeAny, O extends z.ZodTypeAny = z.ZodTypeAny> {
  input: I;
  output: O;
  access: Access;
  /** One line for humans (and the generated channel list in the README). */
  summary: string;
}

const call = <I extends z.ZodTypeAny, O extends z.ZodTypeAny>(spec: CallSpec<I, O>) => spec;

export const calls = {
  'app:info': call({
    input: empty,
    output: appInfoSchema,
    access: 'public',
    summary: 'Version, workstation, agency, training mode.',
  }),
  'session:setup-status': call({
    input: empty,
    output: z.object({ needsSetup: z.boolean() }).strict(),
    access: 'public',
    summary: 'Whether the first administrator still has to be created.',
  }),
  'session:create-first-admin': call({
    input: z
      .object({
        username,
        password,
        displayName: z.string().trim().min(1, 'enter a display name').max(100),
        badge: z.string().trim().max(32).optional(),
        agency: z.string().trim().max(32).optional(),
      })
      .strict(),
    output: z.object({ user: userSchema }).strict(),
    access: 'public',
    summary: 'First-run setup: create the first administrator (only while there are no users).',
  }),
  'session:sign-in': call({
    input: z.object({ username: z.string().min(1, 'enter a username').max(64), password }).strict(),
    output: z.object({ user: userSchema }).strict(),
    access: 'public',
    summary: 'Sign in with username and password.',
  }),
  'session:sign-out': call({
    input: empty,
    output: ok,
    access: 'signed-in',
    summary: 'Sign out and end this session.',
  }),
  'session:current': call({
    input: empty,
    output: z.object({ user: userSchema.nullable() }).strict(),
    access: 'public',
    summary: 'The signed-in user of this session, if any.',
  }),
  'hub:status': call({
    input: empty,
    output: hubStateSchema,
    access: 'signed-in',
    summary: 'The hub link: connected, reconnecting or offline since when.',
  }),
  'hits:queue': call({
    input: empty,
    output: z.object({ hits: z.array(queueItemSchema) }).strict(),
    access: HIT_WORKERS,
    summary: 'Open hits, highest priority first, then oldest first.',
  }),
  'hits:open': call({
    input: z.object({ hitId: z.string().min(1).max(100) }).strict(),
    output: hitDetailSchema,
    access: HIT_WORKERS,
    summary: 'Open a hit for review; writes the lookup record (purpose: hit confirmation) first.',
  }),
  'map:geojson': call({
    input: empty,
    output: z.object({ name: z.string(), geojson: z.unknown() }).strict(),
    access: 'signed-in',
    summary: 'The offline street map the camera locations are drawn on.',
  }),
  'ui:attention': call({
    input: z.object({ focused: z.boolean() }).strict(),
    output: ok,
    access: 'signed-in',
    summary: 'Tells the core whether the console window has focus (desktop notifications).',
  }),
} as const;

export type Calls = typeof calls;
export type Channel = keyof Calls;
export type CallInput<C extends Channel> = z.input<Calls[C]['input']>;
export type CallOutput<C extends Channel> = z.infer<Calls[C]['output']>;
export const CHANNELS = Object.keys(calls) as Channel[];
export function isChannel(name: unknown): name is Channel {
  return typeof name === 'string' && Object.prototype.hasOwnProperty.call(calls, name);
}

export const events = {
  'hub:state': hubStateSchema,
  'hits:new': queueItemSchema,
  'hits:updated': queueItemSchema,
  'session:ended': z.object({ reason: z.string() }).strict(),
} as const;
export type Events = typeof events;
export type EventName = keyof Events;
export type EventPayload<E extends EventName> = z.infer<Events[E]>;
export const EVENT_NAMES = Object.keys(events) as EventName[];
export function isEventName(name: unknown): name is EventName {
  return typeof name === 'string' && Object.prototype.hasOwnProperty.call(events, name);
}

export const ERROR_CODES = [
  'invalid-input',
  'unknown-channel',
  'unauthenticated',
  'forbidden',
  'not-found',
  'conflict',
  'unavailable',
  'internal',
] as const;
export type ErrorCode = (typeof ERROR_CODES)[number];
export interface CallError {
  code: ErrorCode;
  message: string;
  details?: string[];
}
export type CallResult<T> = { ok: true; value: T } | { ok: false; error: CallError };

export function roleAllowed(access: Access, role: Role | null): boolean {
  if (access === 'public') return true;
  if (role === null) return false;
  if (access === 'signed-in') return true;
  return access.includes(role);
}
