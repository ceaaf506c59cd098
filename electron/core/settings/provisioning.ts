/**
 * IT's provisioning file, for mass deployment: a JSON object with any of the workstation
 * settings (`hubUrl`, `workstationId`, `hubToken`, `agencyName`, `agencyOri`, `mapGeoJsonPath`,
 * `auditRetentionDays`, `notifications` {desktop, sound, quietHours}, `workflow` {...}). What it
 * sets wins over the user's file and environment variables, and is locked in the console.
 * Where: ALPR_PROVISIONING_FILE, else the machine-wide place for the platform (provisioningPath).
 * A file that exists but is unreadable or invalid stops the start with a message naming the key.
 */
import fs from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import { adminSettingsShape, notificationSettingsSchema } from '../../contract/settings';
import { workflowSettingsSchema } from '../../contract/workflow';

export const provisioningSchema = z
  .object({
    ...adminSettingsShape,
    notifications: notificationSettingsSchema.partial().strict(),
    workflow: workflowSettingsSchema.partial().strict(),
  })
  .partial()
  .strict();
export type ProvisionedValues = z.infer<typeof provisioningSchema>;

export interface Provisioning {
  path: string;
  values: ProvisionedValues;
}

export const PROVISIONING_FILE_NAME = 'provisioning.json';

/** The machine-wide provisioning file for a platform (only administrators can write there). */
export function provisioningPath(platform: NodeJS.Platform, env: NodeJS.ProcessEnv): string {
  if (env.ALPR_PROVISIONING_FILE) return path.resolve(env.ALPR_PROVISIONING_FILE);
  switch (platform) {
    case 'win32':
      return path.win32.join(env.ProgramData ?? 'C:\\ProgramData', 'ALPR Hit Console', PROVISIONING_FILE_NAME);
    case 'darwin':
      return path.posix.join('/Library/Application Support/ALPR Hit Console', PROVISIONING_FILE_NAME);
    default:
      return path.posix.join('/etc/alpr-hit-console', PROVISIONING_FILE_NAME);
  }
}

export class ProvisioningError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ProvisioningError';
  }
}

/** The provisioning file, or null when there is none. */
export function readProvisioning(env: NodeJS.ProcessEnv, platform: NodeJS.Platform): Provisioning | null {
  const file = provisioningPath(platform, env);
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT' && !env.ALPR_PROVISIONING_FILE) return null;
    throw new ProvisioningError(`the provisioning file ${file} cannot be read: ${(err as Error).message}`);
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (err) {
    throw new ProvisioningError(`the provisioning file ${file} is not valid JSON: ${(err as Error).message}`);
  }
  const parsed = provisioningSchema.safeParse(json);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((i) =>
      i.code === 'unrecognized_keys' ? `${i.keys.map((k) => [...i.path, k].join('.')).join(', ')}: not a setting IT can provision` : `${i.path.join('.') || '(file)'}: ${i.message}`,
    );
    throw new ProvisioningError(`the provisioning file ${file} is invalid: ${problems.join('; ')}`);
  }
  return { path: file, values: parsed.data };
}
