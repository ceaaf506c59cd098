/**
 * Typed console settings. One zod schema; stored with `conf` under plain Node (headless mode,
 * tests) and with electron-store (built on conf, same file format) inside Electron.
 * Environment variables win over the file, for scripted installs:
 * ALPR_HUB_URL, ALPR_WORKSTATION_ID, ALPR_HUB_TOKEN, ALPR_AGENCY_NAME, ALPR_AGENCY_ORI.
 */
import Conf from 'conf';
import { z } from 'zod';
import { DEFAULT_WORKFLOW_SETTINGS, workflowSettingsSchema, type WorkflowSettings } from '../../contract/workflow';

export const settingsSchema = z
  .object({
    /** Empty: no hub configured, so the console runs the built-in training hub. */
    hubUrl: z.string().url().or(z.literal('')),
    workstationId: z.string().min(1).max(64),
    hubToken: z.string().max(512),
    agencyName: z.string().max(200),
    agencyOri: z.string().max(16),
    notifications: z.boolean(),
    /** An agency's own street map (GeoJSON file); empty uses the bundled training city. */
    mapGeoJsonPath: z.string(),
    /**
     * How long audit records are kept (San Jose: at least two years). Never below 365 days;
     * the hit retention job never purges audit records.
     */
    auditRetentionDays: z.number().int().min(365, 'audit records are kept at least 365 days'),
    /** The verification workflow: order, misread reasons, disposition codes, timers, CLETS. */
    workflow: workflowSettingsSchema,
  })
  .strict();
export type Settings = z.infer<typeof settingsSchema>;

export const DEFAULT_SETTINGS: Settings = {
  hubUrl: '',
  workstationId: 'training-ws',
  hubToken: '',
  agencyName: 'Training Police Department',
  agencyOri: 'CA0000000',
  notifications: true,
  mapGeoJsonPath: '',
  auditRetentionDays: 730,
  workflow: DEFAULT_WORKFLOW_SETTINGS,
};

const ENV: Record<string, keyof Settings> = {
  ALPR_HUB_URL: 'hubUrl',
  ALPR_WORKSTATION_ID: 'workstationId',
  ALPR_HUB_TOKEN: 'hubToken',
  ALPR_AGENCY_NAME: 'agencyName',
  ALPR_AGENCY_ORI: 'agencyOri',
};

export class SettingsError extends Error {}

function openStore(dataDir: string): Conf<Settings> {
  return new Conf<Settings>({ cwd: dataDir, configName: 'settings', defaults: DEFAULT_SETTINGS });
}

export function loadSettings(dataDir: string, env: NodeJS.ProcessEnv = process.env): Settings {
  const store = openStore(dataDir);
  const stored = store.store;
  // A settings file from before a workflow setting existed keeps its values and gains the default.
  const merged: Record<string, unknown> = {
    ...DEFAULT_SETTINGS,
    ...stored,
    workflow: { ...DEFAULT_WORKFLOW_SETTINGS, ...(stored.workflow ?? {}) },
  };
  for (const [name, key] of Object.entries(ENV)) {
    const value = env[name];
    if (value !== undefined && value !== '') merged[key] = value;
  }
  const parsed = settingsSchema.safeParse(merged);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`);
    throw new SettingsError(`settings in ${store.path} are invalid: ${problems.join('; ')}`);
  }
  return parsed.data;
}

/** Writes the workflow settings (already validated) to the settings file. */
export function saveWorkflowSettings(dataDir: string, workflow: WorkflowSettings): void {
  openStore(dataDir).set('workflow', workflow);
}
