/**
 * The settings as the running core sees them: what each role may change, what IT or the
 * environment locked, and changes written back to the settings file (the module audits them).
 */
import {
  LEVEL_ROLES,
  SETTING_FIELDS,
  settingsUpdateSchema,
  type NotificationSettings,
  type Preferences,
  type Role,
  type SettingLock,
  type SettingsUpdate,
  type SettingsView,
} from '../../contract';
import {
  ENV_OVERRIDES,
  loadSettingsFull,
  migrate,
  preferencesOf,
  provisionedKeys,
  settingsSchema,
  describeZodIssues,
  SettingsLocked,
  type LoadedSettings,
  type LoadOptions,
  type Settings,
} from './settings';
import { preferencesSchema } from '../../contract/settings';
import { readableFile } from '../util/paths';

/** New values that do not pass the schema; `details` name each key. */
export class SettingsRefused extends Error {
  constructor(readonly details: string[]) {
    super('these settings cannot be used');
    this.name = 'SettingsRefused';
  }
}

export interface SettingChange {
  key: string;
  old: unknown;
  new: unknown;
}

const SECRET_KEYS = new Set(SETTING_FIELDS.filter((f) => f.secret).map((f) => f.key));
const HIDDEN = '(hidden)';

function valueAt(settings: Settings, key: string): unknown {
  return key.split('.').reduce<unknown>((v, part) => (v as Record<string, unknown> | undefined)?.[part], settings);
}

const same = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b);

/** The dotted keys a patch touches (`notifications.quietHours` is one key). */
export function patchKeys(patch: SettingsUpdate): string[] {
  return Object.entries(patch).flatMap(([k, v]) => (k === 'notifications' ? Object.keys(v as object).map((s) => `notifications.${s}`) : [k]));
}

export class SettingsStore {
  private loaded: LoadedSettings;
  /** What the console started with: keys marked `restart` differ from it until the next start. */
  private readonly startup: Settings;

  constructor(
    private readonly dataDir: string,
    private readonly opts: LoadOptions = {},
  ) {
    this.loaded = loadSettingsFull(dataDir, opts);
    this.startup = this.loaded.settings;
  }

  /** The settings in effect (re-read, so workflow changes made elsewhere are seen). */
  reload(): LoadedSettings {
    this.loaded = loadSettingsFull(this.dataDir, this.opts);
    return this.loaded;
  }

  notifications(): NotificationSettings {
    return this.loaded.settings.notifications;
  }

  /** Why `role` may not change each key it may not change. */
  locks(role: Role): Record<string, SettingLock> {
    const provisioned = new Set(provisionedKeys(this.loaded.provisioning));
    const envNames = Object.fromEntries(Object.entries(ENV_OVERRIDES).map(([name, key]) => [key, name]));
    const out: Record<string, SettingLock> = {};
    for (const f of SETTING_FIELDS) {
      const topOrSub = [...provisioned].some((p) => p === f.key || f.key.startsWith(`${p}.`) || p.startsWith(`${f.key}.`));
      if (topOrSub) {
        out[f.key] = { by: 'provisioning', reason: `Set by your IT department (${this.loaded.provisioning!.path}).` };
      } else if ((this.loaded.fromEnv as string[]).includes(f.key)) {
        out[f.key] = { by: 'environment', reason: `Set at this workstation's start by the environment variable ${envNames[f.key]}.` };
      } else if (!LEVEL_ROLES[f.level].includes(role)) {
        out[f.key] = {
          by: 'role',
          reason: f.level === 'admin' ? 'Only an administrator can change this.' : 'Only a supervisor or an administrator can change this.',
        };
      }
    }
    return out;
  }

  view(role: Role): SettingsView {
    const { settings, stored } = this.reload();
    const restartPending = SETTING_FIELDS.filter((f) => f.restart && !same(valueAt(stored, f.key), valueAt(this.startup, f.key)) && !this.loaded.fromEnv.includes(f.key as never))
      .map((f) => f.key);
    return {
      values: {
        hubUrl: settings.hubUrl,
        workstationId: settings.workstationId,
        hubTokenSet: settings.hubToken !== '',
        agencyName: settings.agencyName,
        agencyOri: settings.agencyOri,
        mapGeoJsonPath: settings.mapGeoJsonPath,
        auditRetentionDays: settings.auditRetentionDays,
        notifications: settings.notifications,
        workflow: {
          cletsAdapter: settings.workflow.cletsAdapter,
          unopenedAlertS: settings.workflow.unopenedAlertS,
          escalateAfterS: settings.workflow.escalateAfterS,
        },
      },
      locks: this.locks(role),
      restartPending,
    };
  }

  /**
   * Checks the role and locks of every key, validates the whole result, writes it. Returns the
   * changes (old -> new; secrets as "(hidden)"). Throws SettingsLocked or SettingsRefused.
   */
  update(role: Role, patch: SettingsUpdate): SettingChange[] {
    const checked = settingsUpdateSchema.safeParse(patch);
    if (!checked.success) throw new SettingsRefused(describeZodIssues(checked.error));
    const { stored, settings: current } = this.reload();
    const keys = patchKeys(checked.data);
    const locks = this.locks(role);
    const locked = keys.filter((k) => locks[k]);
    if (locked.length) {
      const reasons = [...new Set(locked.map((k) => locks[k]!.reason))];
      throw new SettingsLocked(locked, reasons.join(' '));
    }
    const next: Record<string, unknown> = { ...stored, ...checked.data };
    if (checked.data.notifications) next.notifications = { ...stored.notifications, ...checked.data.notifications };
    const parsed = settingsSchema.safeParse(next);
    if (!parsed.success) throw new SettingsRefused(describeZodIssues(parsed.error));
    // A map the console cannot read would only fail when a dispatcher opens a hit's map.
    if (checked.data.mapGeoJsonPath && !readableFile(checked.data.mapGeoJsonPath)) {
      throw new SettingsRefused([`mapGeoJsonPath: no readable file at ${checked.data.mapGeoJsonPath}`]);
    }
    // A hub address without the workstation's token would stop the next start: both, or neither.
    const effective = { ...current, ...checked.data };
    if (effective.hubUrl && !effective.hubToken) throw new SettingsRefused(["hubToken: a hub address needs this workstation's hub token: set both"]);
    const changes = keys
      .map((key) => ({ key, old: valueAt(stored, key), new: valueAt(parsed.data, key) }))
      .filter((c) => !same(c.old, c.new))
      .map((c) => (SECRET_KEYS.has(c.key) ? { key: c.key, old: HIDDEN, new: HIDDEN } : c));
    if (changes.length === 0) return [];
    this.writeRaw((raw) => {
      for (const [k, v] of Object.entries(checked.data)) raw[k] = k === 'notifications' ? parsed.data.notifications : v;
    });
    this.reload();
    return changes;
  }

  preferences(userId: number): Preferences {
    return preferencesOf(this.loaded.settings, userId);
  }

  /** Returns the change (old -> new) and the preferences now in use. */
  setPreferences(userId: number, patch: Partial<Preferences>): { before: Preferences; after: Preferences } {
    const before = preferencesOf(this.reload().settings, userId);
    const parsed = preferencesSchema.safeParse({ ...before, ...patch });
    if (!parsed.success) throw new SettingsRefused(describeZodIssues(parsed.error));
    this.writeRaw((raw) => {
      raw.userPreferences = { ...((raw.userPreferences as object | undefined) ?? {}), [String(userId)]: parsed.data };
    });
    this.reload();
    return { before, after: parsed.data };
  }

  /** Read, migrate, change, write: only the keys changed are touched. */
  private writeRaw(change: (raw: Record<string, unknown>) => void): void {
    const raw = migrate(this.loaded.backend.read()).data;
    change(raw);
    this.loaded.backend.write(raw);
  }
}
