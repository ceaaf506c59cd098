/**
 * Contract: application settings, display preferences and notification clicks (issue 9).
 * The field schemas here are the ones the core stores (core/settings/settings.ts), so the
 * console, IT's provisioning file and the settings screen refuse the same values with the
 * same message naming the key.
 */
import { z } from 'zod';
import { call, empty, HIT_WORKERS, type Role } from './common';

export const THEMES = ['dark', 'light'] as const;
export type Theme = (typeof THEMES)[number];
/** Font scale in percent of the normal size, for reading the console from a distance. */
export const FONT_SCALES = [100, 115, 130, 150, 175, 200] as const;

export const preferencesSchema = z
  .object({
    theme: z.enum(THEMES),
    fontScale: z
      .number()
      .int()
      .refine((v) => (FONT_SCALES as readonly number[]).includes(v), `the font scale is one of ${FONT_SCALES.join(', ')} (percent)`),
  })
  .strict();
export type Preferences = z.infer<typeof preferencesSchema>;
export const DEFAULT_PREFERENCES: Preferences = { theme: 'dark', fontScale: 100 };

const clock = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'a time of day as HH:MM (24-hour)');
export const quietHoursSchema = z.object({ enabled: z.boolean(), start: clock, end: clock }).strict();
export type QuietHours = z.infer<typeof quietHoursSchema>;

export const notificationSettingsSchema = z
  .object({
    /** Desktop notifications when no one is looking at the console. */
    desktop: z.boolean(),
    /** The notification plays the system sound. */
    sound: z.boolean(),
    /** Low- and medium-priority notifications are held back in these hours; high priority never is. */
    quietHours: quietHoursSchema,
  })
  .strict();
export type NotificationSettings = z.infer<typeof notificationSettingsSchema>;
export const DEFAULT_NOTIFICATION_SETTINGS: NotificationSettings = {
  desktop: true,
  sound: true,
  quietHours: { enabled: false, start: '22:00', end: '06:00' },
};

/** The workstation's settings an administrator sets (IT may provision them instead). */
export const adminSettingsShape = {
  hubUrl: z
    .string()
    .trim()
    .url('a URL such as https://hub.agency.local:7400')
    .refine((u) => /^https?:\/\/[^/]/i.test(u), 'an http:// or https:// address, such as https://hub.agency.local:7400')
    .or(z.literal('')),
  workstationId: z.string().trim().min(1, 'a workstation id is needed').max(64),
  hubToken: z.string().max(512),
  agencyName: z.string().trim().max(200),
  agencyOri: z.string().trim().max(16),
  mapGeoJsonPath: z.string().max(1000),
  auditRetentionDays: z.number().int().min(365, 'audit records are kept at least 365 days').max(36_500),
};

/** Who may change what: `admin` keys only admins; `supervisor` keys supervisors and admins. */
export type SettingLevel = 'admin' | 'supervisor';
export interface SettingField {
  key: string;
  label: string;
  level: SettingLevel;
  /** Takes effect at the next start of the console. */
  restart: boolean;
  /** Never shown or logged. */
  secret?: boolean;
}

export const SETTING_FIELDS: readonly SettingField[] = [
  { key: 'hubUrl', label: 'Hub address', level: 'admin', restart: true },
  { key: 'workstationId', label: 'Workstation id', level: 'admin', restart: true },
  { key: 'hubToken', label: 'Workstation token at the hub', level: 'admin', restart: true, secret: true },
  { key: 'agencyName', label: 'Agency name', level: 'admin', restart: true },
  { key: 'agencyOri', label: 'Agency ORI', level: 'admin', restart: true },
  { key: 'mapGeoJsonPath', label: 'Map data file (GeoJSON)', level: 'admin', restart: true },
  { key: 'auditRetentionDays', label: 'Keep audit records (days)', level: 'admin', restart: false },
  { key: 'notifications.desktop', label: 'Desktop notifications', level: 'supervisor', restart: false },
  { key: 'notifications.sound', label: 'Notification sound', level: 'supervisor', restart: false },
  { key: 'notifications.quietHours', label: 'Quiet hours', level: 'supervisor', restart: false },
  { key: 'workflow.cletsAdapter', label: 'CLETS adapter', level: 'admin', restart: false },
  { key: 'workflow.unopenedAlertS', label: 'Alert again after (seconds unopened)', level: 'admin', restart: false },
  { key: 'workflow.escalateAfterS', label: 'Escalate to supervisors after (further seconds)', level: 'admin', restart: false },
];

export const LEVEL_ROLES: Readonly<Record<SettingLevel, readonly Role[]>> = {
  admin: ['admin'],
  supervisor: ['supervisor', 'admin'],
};

export const settingLockSchema = z
  .object({
    by: z.enum(['provisioning', 'environment', 'role']),
    /** In words, for the screen. */
    reason: z.string(),
  })
  .strict();
export type SettingLock = z.infer<typeof settingLockSchema>;

export const settingsViewSchema = z
  .object({
    values: z
      .object({
        hubUrl: z.string(),
        workstationId: z.string(),
        /** The token itself never leaves the core. */
        hubTokenSet: z.boolean(),
        agencyName: z.string(),
        agencyOri: z.string(),
        mapGeoJsonPath: z.string(),
        auditRetentionDays: z.number().int(),
        notifications: notificationSettingsSchema,
        workflow: z.object({ cletsAdapter: z.string(), unopenedAlertS: z.number().int(), escalateAfterS: z.number().int() }).strict(),
      })
      .strict(),
    /** Each field's lock, by key; a key absent here may be changed by this user. */
    locks: z.record(z.string(), settingLockSchema),
    /** Keys changed in the file that take effect at the next start. */
    restartPending: z.array(z.string()),
  })
  .strict();
export type SettingsView = z.infer<typeof settingsViewSchema>;

export const settingsUpdateSchema = z
  .object({
    ...adminSettingsShape,
    notifications: z
      .object({ desktop: z.boolean(), sound: z.boolean(), quietHours: quietHoursSchema })
      .partial()
      .strict(),
  })
  .partial()
  .strict()
  .refine((o) => Object.keys(o).length > 0, 'nothing to change');
export type SettingsUpdate = z.infer<typeof settingsUpdateSchema>;

export const settingsCalls = {
  'settings:get': call({
    input: empty,
    output: settingsViewSchema,
    access: 'signed-in',
    summary: 'The workstation settings, with which ones this user may change and why not.',
  }),
  'settings:update': call({
    input: settingsUpdateSchema,
    output: settingsViewSchema,
    access: 'signed-in',
    summary: 'Change workstation settings (each key by its level; provisioned keys refused); audited old to new.',
  }),
  'settings:preferences': call({
    input: empty,
    output: preferencesSchema,
    access: 'signed-in',
    summary: 'This user\'s display preferences (theme, font scale).',
  }),
  'settings:update-preferences': call({
    input: preferencesSchema.partial().strict(),
    output: preferencesSchema,
    access: 'signed-in',
    summary: 'Change this user\'s display preferences; audited.',
  }),
} as const;

export const hitFocusSchema = z.object({ hitId: z.string().min(1).max(200) }).strict();
export const settingsChangedSchema = z.object({ keys: z.array(z.string()) }).strict();

export const settingsEvents = {
  /** A desktop notification was clicked: the console opens this hit. */
  'hits:focus': hitFocusSchema,
  /** Workstation settings changed (screens showing them fetch again). */
  'settings:changed': settingsChangedSchema,
} as const;

/** Who receives the settings domain's events. */
export const SETTINGS_EVENT_ACCESS = {
  'hits:focus': HIT_WORKERS,
  'settings:changed': 'signed-in',
} as const;
