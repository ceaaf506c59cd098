/**
 * Typed console settings: one zod schema with defaults and versioned migrations, stored in
 * `settings.json` in the data folder through a backend: `conf` under plain Node (headless mode,
 * tests) and electron-store inside Electron (main.ts registers it with `useSettingsBackend`;
 * electron-store is built on conf and writes the same file). What the console uses is, lowest
 * first: defaults < the file < environment variables (scripted installs: ALPR_HUB_URL,
 * ALPR_WORKSTATION_ID, ALPR_HUB_TOKEN, ALPR_AGENCY_NAME, ALPR_AGENCY_ORI) < IT's provisioning
 * file (provisioning.ts), whose keys are locked. Per-user display preferences (theme, font
 * scale) are kept in the same file, by user id.
 */
import Conf from 'conf';
import path from 'node:path';
import { z } from 'zod';
import { DEFAULT_WORKFLOW_SETTINGS, workflowSettingsSchema, type WorkflowSettings } from '../../contract/workflow';
import {
  adminSettingsShape,
  DEFAULT_NOTIFICATION_SETTINGS,
  DEFAULT_PREFERENCES,
  notificationSettingsSchema,
  preferencesSchema,
  type NotificationSettings,
  type Preferences,
} from '../../contract/settings';
import { readProvisioning, type Provisioning } from './provisioning';

/** The version this code writes; older files are migrated up on open (MIGRATIONS). */
export const SETTINGS_VERSION = 2;

export const settingsSchema = z
  .object({
    settingsVersion: z.literal(SETTINGS_VERSION),
    /** Empty: no hub configured, so the console runs the built-in training hub. */
    hubUrl: adminSettingsShape.hubUrl,
    workstationId: adminSettingsShape.workstationId,
    hubToken: adminSettingsShape.hubToken,
    agencyName: adminSettingsShape.agencyName,
    agencyOri: adminSettingsShape.agencyOri,
    /** Desktop notifications, their sound, and quiet hours (never for high-priority hits). */
    notifications: notificationSettingsSchema,
    /** An agency's own street map (GeoJSON file); empty uses the bundled training city. */
    mapGeoJsonPath: adminSettingsShape.mapGeoJsonPath,
    /**
     * How long audit records are kept (San Jose: at least two years). Never below 365 days;
     * the hit retention job never purges audit records.
     */
    auditRetentionDays: adminSettingsShape.auditRetentionDays,
    /** The verification workflow: order, misread reasons, disposition codes, timers, CLETS. */
    workflow: workflowSettingsSchema,
    /** Display preferences per user id (theme, font scale). */
    userPreferences: z.record(z.string(), preferencesSchema),
  })
  .strict();
export type Settings = z.infer<typeof settingsSchema>;

export const DEFAULT_SETTINGS: Settings = {
  settingsVersion: SETTINGS_VERSION,
  hubUrl: '',
  workstationId: 'training-ws',
  hubToken: '',
  agencyName: 'Training Police Department',
  agencyOri: 'CA0000000',
  notifications: DEFAULT_NOTIFICATION_SETTINGS,
  mapGeoJsonPath: '',
  auditRetentionDays: 730,
  workflow: DEFAULT_WORKFLOW_SETTINGS,
  userPreferences: {},
};

/** The top-level keys whose values are settings (not bookkeeping). */
export type SettingKey = Exclude<keyof Settings, 'settingsVersion' | 'userPreferences'>;

export const ENV_OVERRIDES: Readonly<Record<string, SettingKey>> = {
  ALPR_HUB_URL: 'hubUrl',
  ALPR_WORKSTATION_ID: 'workstationId',
  ALPR_HUB_TOKEN: 'hubToken',
  ALPR_AGENCY_NAME: 'agencyName',
  ALPR_AGENCY_ORI: 'agencyOri',
};

export class SettingsError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'SettingsError';
  }
}

/** A change to a key IT provisioned (or that the role may not make): refused, naming the key. */
export class SettingsLocked extends SettingsError {
  constructor(readonly keys: string[], why: string) {
    super(`${keys.join(', ')}: ${why}`);
    this.name = 'SettingsLocked';
  }
}

/**
 * Versioned migrations. A file without `settingsVersion` is version 1 (written before versions
 * existed: `notifications` was a plain on/off). Each step takes the raw object of version
 * `to - 1` and returns version `to`; unknown keys are left for the schema to name.
 */
export const MIGRATIONS: readonly { to: number; up(raw: Record<string, unknown>): Record<string, unknown> }[] = [
  {
    to: 2,
    up(raw) {
      const out: Record<string, unknown> = { ...raw };
      if (typeof raw.notifications === 'boolean') {
        out.notifications = { ...DEFAULT_NOTIFICATION_SETTINGS, desktop: raw.notifications };
      }
      return out;
    },
  },
];

export function migrate(raw: Record<string, unknown>): { data: Record<string, unknown>; from: number } {
  const found = raw.settingsVersion;
  const from = found === undefined ? 1 : typeof found === 'number' && Number.isInteger(found) ? found : NaN;
  if (!(from >= 1)) throw new SettingsError(`settingsVersion: ${JSON.stringify(found)} is not a settings version`);
  if (from > SETTINGS_VERSION) {
    throw new SettingsError(`settingsVersion: the file is version ${from}, written by a newer console; this one reads up to ${SETTINGS_VERSION}`);
  }
  let data = { ...raw };
  for (const m of MIGRATIONS) {
    if (m.to > from) data = m.up(data);
  }
  data.settingsVersion = SETTINGS_VERSION;
  return { data, from };
}

/** Where the settings object is kept: conf under Node, electron-store in Electron. */
export interface SettingsBackend {
  readonly path: string;
  read(): Record<string, unknown>;
  write(data: Record<string, unknown>): void;
}

/** Any conf-based store (conf itself, or electron-store, which extends it). */
export function storeBackend(store: { store: Record<string, unknown>; readonly path: string }): SettingsBackend {
  return {
    path: store.path,
    read: () => ({ ...store.store }),
    write: (data) => {
      store.store = data;
    },
  };
}

export function confBackend(dataDir: string): SettingsBackend {
  // No defaults and no conf schema: zod validates, and the file holds only what was written.
  return storeBackend(new Conf<Record<string, unknown>>({ cwd: dataDir, configName: 'settings', configFileMode: 0o600 }));
}

let backendFactory: (dataDir: string) => SettingsBackend = confBackend;

/** Inside Electron, main.ts registers electron-store here before the console starts. */
export function useSettingsBackend(factory: (dataDir: string) => SettingsBackend): void {
  backendFactory = factory;
}

export function openBackend(dataDir: string): SettingsBackend {
  try {
    return backendFactory(dataDir);
  } catch (err) {
    // conf and electron-store parse the file as they open it: say which file, and what to do.
    if (err instanceof SyntaxError) {
      throw new SettingsError(
        `the settings file ${path.join(dataDir, 'settings.json')} is not valid JSON (${err.message}): correct it, or move it away to start from the defaults`,
      );
    }
    throw err;
  }
}

export function describeZodIssues(error: z.ZodError): string[] {
  return error.issues.map((i) => `${i.path.join('.') || '(settings)'}: ${i.message}`);
}

/** Fills what a file lacks from the defaults, one level into the nested objects. */
function withDefaults(stored: Record<string, unknown>): Record<string, unknown> {
  const nested = (key: 'workflow' | 'notifications') => {
    const v = stored[key];
    return v && typeof v === 'object' && !Array.isArray(v) ? { ...DEFAULT_SETTINGS[key], ...(v as object) } : (v ?? DEFAULT_SETTINGS[key]);
  };
  const merged: Record<string, unknown> = { ...DEFAULT_SETTINGS, ...stored, workflow: nested('workflow'), notifications: nested('notifications') };
  const qh = (merged.notifications as { quietHours?: unknown }).quietHours;
  if (qh && typeof qh === 'object') {
    (merged.notifications as Record<string, unknown>).quietHours = { ...DEFAULT_NOTIFICATION_SETTINGS.quietHours, ...(qh as object) };
  }
  return merged;
}

export interface LoadedSettings {
  settings: Settings;
  /** What the user (an admin) stored, before environment and provisioning. */
  stored: Settings;
  provisioning: Provisioning | null;
  /** Keys set by environment variables. */
  fromEnv: SettingKey[];
  backend: SettingsBackend;
  migratedFrom: number | null;
}

export interface LoadOptions {
  env?: NodeJS.ProcessEnv;
  platform?: NodeJS.Platform;
  backend?: SettingsBackend;
}

/**
 * Reads, migrates (and writes back the migrated file), validates and applies environment and
 * provisioning. Throws SettingsError naming the key of any invalid value.
 */
export function loadSettingsFull(dataDir: string, opts: LoadOptions = {}): LoadedSettings {
  const env = opts.env ?? process.env;
  const backend = opts.backend ?? openBackend(dataDir);
  const raw = backend.read();
  const { data, from } = migrate(raw);
  const storedParse = settingsSchema.safeParse(withDefaults(data));
  if (!storedParse.success) {
    throw new SettingsError(`settings in ${backend.path} are invalid: ${describeZodIssues(storedParse.error).join('; ')}`);
  }
  let migratedFrom: number | null = null;
  if (from < SETTINGS_VERSION) {
    backend.write(data);
    migratedFrom = from;
  }
  const effective: Record<string, unknown> = { ...storedParse.data };
  const fromEnv: SettingKey[] = [];
  for (const [name, key] of Object.entries(ENV_OVERRIDES)) {
    const value = env[name];
    if (value !== undefined && value !== '') {
      effective[key] = value;
      fromEnv.push(key);
    }
  }
  const provisioning = readProvisioning(env, opts.platform ?? process.platform);
  if (provisioning) {
    for (const [key, value] of Object.entries(provisioning.values)) {
      effective[key] = key === 'workflow' || key === 'notifications' ? { ...(effective[key] as object), ...(value as object) } : value;
    }
  }
  const parsed = settingsSchema.safeParse(effective);
  if (!parsed.success) {
    const where = [fromEnv.length ? 'environment variables' : '', provisioning ? provisioning.path : ''].filter(Boolean).join(' or ');
    throw new SettingsError(`settings from ${where || backend.path} are invalid: ${describeZodIssues(parsed.error).join('; ')}`);
  }
  return { settings: parsed.data, stored: storedParse.data, provisioning, fromEnv, backend, migratedFrom };
}

export function loadSettings(dataDir: string, env: NodeJS.ProcessEnv = process.env): Settings {
  return loadSettingsFull(dataDir, { env }).settings;
}

/** The dotted names of everything IT's provisioning file sets (`workflow.cletsAdapter` ...). */
export function provisionedKeys(p: Provisioning | null): string[] {
  if (!p) return [];
  return Object.entries(p.values).flatMap(([k, v]) =>
    k === 'workflow' || k === 'notifications' ? Object.keys(v as object).map((sub) => `${k}.${sub}`) : [k],
  );
}

/** Writes the workflow settings (already validated) to the settings file; provisioned keys stay as IT set them. */
export function saveWorkflowSettings(dataDir: string, workflow: WorkflowSettings, env: NodeJS.ProcessEnv = process.env): void {
  const loaded = loadSettingsFull(dataDir, { env });
  const locked = provisionedKeys(loaded.provisioning).filter((k) => {
    if (!k.startsWith('workflow.')) return false;
    const sub = k.slice('workflow.'.length) as keyof WorkflowSettings;
    return JSON.stringify(workflow[sub]) !== JSON.stringify(loaded.settings.workflow[sub]);
  });
  if (locked.length) throw new SettingsLocked(locked, `set by your IT department (${loaded.provisioning!.path})`);
  const raw = migrate(loaded.backend.read()).data;
  loaded.backend.write({ ...raw, workflow });
}

/** The display preferences of one user (defaults when none are stored). */
export function preferencesOf(settings: Settings, userId: number): Preferences {
  return { ...DEFAULT_PREFERENCES, ...(settings.userPreferences[String(userId)] ?? {}) };
}

export type { NotificationSettings, Preferences };
export const SETTINGS_FILE = (dataDir: string) => path.join(dataDir, 'settings.json');
