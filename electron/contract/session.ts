/** Contract: the app's own facts, first-run setup, sign-in and the hub link's state. */
import { z } from 'zod';
import { call, empty, ok, ROLES } from './common';
import { PRIORITIES } from './hub';

/**
 * A user's agency as its ORI (the 9-character originating agency identifier CLETS and NCIC
 * messages carry: the state's two letters, then seven letters or digits); empty for none.
 */
export const oriSchema = z
  .string()
  .trim()
  .toUpperCase()
  .refine((s) => s === '' || /^[A-Z]{2}[A-Z0-9]{7}$/.test(s), "an ORI is 9 characters: the state's two letters, then 7 letters or digits (e.g. CA0390100)");

export const usernameSchema = z
  .string()
  .min(2, 'a username has at least 2 characters')
  .max(64)
  .regex(/^[a-z0-9._-]+$/i, 'a username is letters, digits and . _ -');
export const passwordSchema = z.string().min(1, 'enter a password').max(1024);

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

/**
 * What stands between a signed-in user and ALPR data (issue 5): recorded training, and an
 * acknowledgement of the current usage and privacy policy (renewed yearly and per version).
 */
export const clearanceSchema = z
  .object({
    trained: z.boolean(),
    policyAcknowledged: z.boolean(),
    policyVersion: z.number().int(),
    /**
     * The password is one an administrator set (new account, reset): nothing but choosing
     * one's own (`session:change-password`), locking and signing out until then; the policy
     * comes after.
     */
    passwordChangeRequired: z.boolean(),
  })
  .strict();
export type Clearance = z.infer<typeof clearanceSchema>;

export const policySchema = z
  .object({
    version: z.number().int(),
    text: z.string(),
    updatedAt: z.string(),
    /** When this user last acknowledged this version (null: never, or more than a year ago). */
    acknowledgedAt: z.string().nullable(),
  })
  .strict();
export type Policy = z.infer<typeof policySchema>;


export const hubStateSchema = z
  .object({
    state: z.enum(['connected', 'connecting', 'reconnecting', 'offline']),
    /** When the link last changed state (ISO). For "offline since HH:MM:SS". */
    since: z.string(),
    url: z.string().nullable(),
    training: z.boolean(),
    lastError: z.string().nullable(),
    lastSeq: z.number().int(),
    /** Set while hits cannot be stored here (disk full ...): the hub keeps them until then. */
    storageError: z.string().nullable().optional(),
  })
  .strict();
export type HubState = z.infer<typeof hubStateSchema>;

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

export const sessionCalls = {
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
        username: usernameSchema,
        password: passwordSchema,
        displayName: z.string().trim().min(1, 'enter a display name').max(100),
        badge: z.string().trim().max(32).optional(),
        agency: oriSchema.optional(),
      })
      .strict(),
    output: z.object({ user: userSchema }).strict(),
    access: 'public',
    summary: 'First-run setup: create the first administrator (only while there are no users).',
  }),
  'session:sign-in': call({
    input: z.object({ username: z.string().min(1, 'enter a username').max(64), password: passwordSchema }).strict(),
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
    output: z
      .object({
        user: userSchema.nullable(),
        /** Locked (AC-11): nothing of the data is shown and every data call is refused. */
        locked: z.boolean(),
        clearance: clearanceSchema.nullable(),
      })
      .strict(),
    access: 'public',
    summary: 'The signed-in user of this session, if any, whether it is locked, and its clearance for data.',
  }),
  'session:lock': call({
    input: empty,
    output: ok,
    access: 'signed-in',
    summary: 'Lock the console now (Ctrl+L); unlocking needs the password.',
  }),
  'session:unlock': call({
    input: z.object({ password: passwordSchema }).strict(),
    output: z.object({ user: userSchema }).strict(),
    access: 'signed-in',
    summary: 'Unlock a locked console with the signed-in user\'s password.',
  }),
  'session:waiting': call({
    input: empty,
    output: z.object({ count: z.number().int().nonnegative(), priority: z.enum(PRIORITIES).nullable() }).strict(),
    access: 'signed-in',
    summary: 'For the lock screen: how many hits this user could work wait unopened, and the most urgent priority; never which.',
  }),
  'session:activity': call({
    input: empty,
    output: ok,
    access: 'signed-in',
    summary: 'The user did something (key, pointer): postpones the inactivity lock.',
  }),
  'session:change-password': call({
    input: z.object({ current: passwordSchema, next: passwordSchema }).strict(),
    output: ok,
    access: 'signed-in',
    summary: 'Change one\'s own password (the current one is asked again).',
  }),
  'policy:current': call({
    input: empty,
    output: policySchema,
    access: 'signed-in',
    summary: 'The current usage and privacy policy, in full, and whether this user acknowledged it.',
  }),
  'policy:acknowledge': call({
    input: z.object({ version: z.number().int().min(1) }).strict(),
    output: z.object({ clearance: clearanceSchema }).strict(),
    access: 'signed-in',
    summary: 'Acknowledge the usage and privacy policy version shown ("I acknowledge").',
  }),
  'hub:status': call({
    input: empty,
    output: hubStateSchema,
    access: 'signed-in',
    summary: 'The hub link: connected, reconnecting or offline since when.',
  }),
  'ui:attention': call({
    input: z.object({ focused: z.boolean() }).strict(),
    output: ok,
    access: 'signed-in',
    summary: 'Tells the core whether the console window has focus (desktop notifications).',
  }),
} as const;

export const sessionEvents = {
  'hub:state': hubStateSchema,
  'session:ended': z.object({ reason: z.string() }).strict(),
  /** The core locked this session (inactivity); the UI hides everything and asks for the password. */
  'session:locked': z.object({ reason: z.enum(['inactivity', 'manual']) }).strict(),
  /**
   * While this session is locked: new hits arrived (`new`: how many) or a hit is still not
   * opened in time (`not-opened`: the escalation the console would sound), with the most
   * urgent priority, never which hit (AC-11: nothing of the data on a locked screen), so the
   * lock screen sounds.
   */
  'session:hit-waiting': z
    .object({ kind: z.enum(['new', 'not-opened']), count: z.number().int().positive(), priority: z.enum(PRIORITIES) })
    .strict(),
} as const;
