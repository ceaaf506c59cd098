/**
 * Contract: administration (issue 5). User accounts, training records, the usage and privacy
 * policy text, the session-lock settings and which hotlist categories each role may see.
 * Admins only; every change is an audit record (AU-2).
 */
import { z } from 'zod';
import { calendarDateSchema as isoDate, call, empty, ROLES } from './common';
import { oriSchema, passwordSchema, userSchema, usernameSchema } from './session';

const userId = z.number().int().min(1);
const text = (max: number) => z.string().trim().max(max);

export const adminUserSchema = userSchema
  .omit({ trainingDate: true })
  .extend({
    disabled: z.boolean(),
    locked: z.boolean(),
    training: z.object({ date: z.string(), course: z.string(), trainer: z.string() }).strict().nullable(),
    /** The policy version this user last acknowledged, and when. */
    acknowledged: z.object({ version: z.number().int(), at: z.string() }).strict().nullable(),
    /** The password is one an administrator set: the user replaces it at the next sign-in. */
    passwordChangeRequired: z.boolean(),
  })
  .strict();
export type AdminUser = z.infer<typeof adminUserSchema>;

export const securitySettingsSchema = z
  .object({
    /** AC-11: lock a session after this many minutes without activity. */
    lockAfterMinutes: z.number().int().min(1).max(240),
    /**
     * CJIS dispatch-center exemption from the session lock: when on, consoles never lock for
     * inactivity (only on demand). The UI warns; use only where the policy's compensating
     * controls (physically secured dispatch floor) apply.
     */
    dispatchCenterExemption: z.boolean(),
    /** Per role, the hotlist categories (list names) it may see; null: every list. */
    roleLists: z.record(z.enum(ROLES), z.array(z.string().trim().min(1).max(100)).max(100).nullable()),
  })
  .strict();
export type SecuritySettings = z.infer<typeof securitySettingsSchema>;

const admins = ['admin'] as const;

export const adminCalls = {
  'admin:users': call({
    input: empty,
    output: z.object({ users: z.array(adminUserSchema) }).strict(),
    access: admins,
    summary: 'Every user account, with its state, training and policy acknowledgement.',
  }),
  'admin:create-user': call({
    input: z
      .object({
        username: usernameSchema,
        password: passwordSchema,
        displayName: text(100).min(1, 'enter a display name'),
        badge: text(32).optional(),
        agency: oriSchema.optional(),
        role: z.enum(ROLES),
      })
      .strict(),
    output: z.object({ user: adminUserSchema }).strict(),
    access: admins,
    summary: 'Create a user account; the user replaces the password given here at the first sign-in.',
  }),
  'admin:update-user': call({
    input: z
      .object({
        id: userId,
        displayName: text(100).min(1, 'enter a display name'),
        badge: text(32).nullable(),
        agency: oriSchema.nullable(),
        role: z.enum(ROLES),
      })
      .strict(),
    output: z.object({ user: adminUserSchema }).strict(),
    access: admins,
    summary: 'Edit a user: display name, badge, agency (ORI), role.',
  }),
  'admin:set-disabled': call({
    input: z.object({ id: userId, disabled: z.boolean() }).strict(),
    output: z.object({ user: adminUserSchema }).strict(),
    access: admins,
    summary: 'Disable (ends their sessions) or enable a user.',
  }),
  'admin:unlock-user': call({
    input: z.object({ id: userId }).strict(),
    output: z.object({ user: adminUserSchema }).strict(),
    access: admins,
    summary: 'Unlock an account locked after failed sign-ins (AC-7).',
  }),
  'admin:reset-password': call({
    input: z.object({ id: userId, password: passwordSchema }).strict(),
    output: z.object({ user: adminUserSchema }).strict(),
    access: admins,
    summary: 'Set a new password for a user, who replaces it with their own at the next sign-in.',
  }),
  'admin:record-training': call({
    input: z
      .object({ id: userId, date: isoDate, course: text(200).min(1, 'enter the course'), trainer: text(100).min(1, 'enter the trainer') })
      .strict(),
    output: z.object({ user: adminUserSchema }).strict(),
    access: admins,
    summary: 'Record that a user completed ALPR training (date, course, trainer).',
  }),
  'admin:update-policy': call({
    input: z.object({ text: z.string().trim().min(20, 'the policy text is too short').max(50_000) }).strict(),
    output: z.object({ version: z.number().int() }).strict(),
    access: admins,
    summary: 'Publish a new version of the usage and privacy policy: everyone acknowledges it again.',
  }),
  'admin:security-settings': call({
    input: empty,
    output: securitySettingsSchema,
    access: admins,
    summary: 'Session lock time, dispatch-center exemption, hotlist categories per role.',
  }),
  'admin:update-security-settings': call({
    input: securitySettingsSchema,
    output: securitySettingsSchema.extend({
      /**
       * Names given for a role that no hit here and no officer's list has carried (a typo, or
       * a list yet to come): a role limited to them sees nothing of those. Saved as given.
       */
      unknownLists: z.array(z.string()),
    }),
    access: admins,
    summary: 'Change the session lock time, the exemption, or the hotlist categories per role.',
  }),
} as const;

export const ADMIN_CHANNEL_NAMES = Object.keys(adminCalls) as (keyof typeof adminCalls)[];
