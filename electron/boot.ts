/**
 * Starting a console, shared by the Electron shell and headless mode (no `electron` import).
 * Reads settings and environment, starts the built-in training hub when no hub is configured,
 * and opens the core.
 */
import { consoleTimeZone } from './core/util/time-zone';
import crypto from 'node:crypto';
import path from 'node:path';
import { Core, type HubLink } from './core/core';
import { DEFAULT_SETTINGS, loadSettings } from './core/settings/settings';
import type { NotifySink } from './core/notify/notifier';
import { startHub } from './hub/server';
import { parseHubTokens } from './contract/hub';
import { adminSettingsShape } from './contract/settings';
import { TRAINING_HUB_KEY } from './core/records/retention';
import { appRoot, readableFile, unwritableFolderReason } from './core/util/paths';
import { lockDataFolder } from './core/util/folder-lock';
import { openAppLog, type AppLog } from './shell/app-log';

export interface BootOptions {
  dataDir: string;
  mode: 'electron' | 'headless';
  /** --hub URL; wins over settings. */
  hubUrl?: string;
  env?: NodeJS.ProcessEnv;
  notify?: NotifySink;
  log?: (line: string) => void;
  /** Hits per minute of the built-in training hub. */
  trainingRate?: number;
  /** The data key unsealed by the Electron shell (core/auth/key-store.ts). */
  dataKey?: Buffer;
  /** The application log (default: opened here, in <dataDir>/logs); every `log` line goes there too. */
  appLog?: AppLog;
}

export interface Booted {
  core: Core;
  /** Simulated hits: from the built-in training hub, or from a hub started with --training. */
  training: boolean;
  /** The built-in training hub runs in this process (no hub configured). */
  builtInHub: boolean;
  hubUrl: string;
  /** The folder of the application log (Help > Open log folder). */
  logDir: string;
  close(): Promise<void>;
}

export function appVersion(): string {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  return (require(path.join(appRoot(), 'package.json')) as { version: string }).version;
}

export async function bootConsole(opts: BootOptions): Promise<Booted> {
  const env = opts.env ?? process.env;
  const unusable = unwritableFolderReason(opts.dataDir);
  if (unusable) throw new Error(`data folder ${opts.dataDir} cannot be used: ${unusable}`);
  const release = lockDataFolder(opts.dataDir);
  try {
    return await boot(opts, env, release);
  } catch (err) {
    release();
    throw err;
  }
}

async function boot(opts: BootOptions, env: NodeJS.ProcessEnv, release: () => void): Promise<Booted> {
  const appLog = opts.appLog ?? openAppLog(opts.dataDir);
  const toConsole = opts.log ?? ((line: string) => console.error(line));
  // main.ts hands in a log that already writes to its AppLog; otherwise write both here.
  const log = opts.appLog ? toConsole : (line: string) => {
    appLog.write(line);
    toConsole(line);
  };
  const settings = loadSettings(opts.dataDir, env);
  const configuredUrl = opts.hubUrl ?? settings.hubUrl;
  let link: HubLink;
  let trainingHub: { close(): Promise<void> } | null = null;
  let workstationId = settings.workstationId;

  if (configuredUrl) {
    // --hub is checked as the settings file's hubUrl is.
    const checked = adminSettingsShape.hubUrl.safeParse(configuredUrl);
    if (!checked.success) throw new Error(`hub address ${JSON.stringify(configuredUrl)} cannot be used: ${checked.error.issues[0]!.message}`);
    if (!settings.hubToken) {
      throw new Error(`a hub is configured (${configuredUrl}) but no workstation token: set ALPR_HUB_TOKEN`);
    }
    // A hub started with --training posts simulated hits: every screen then says TRAINING, as
    // with the built-in one. Asked once at start; a hub not answering counts as a real one.
    const training = await hubSaysTraining(configuredUrl);
    link = { url: configuredUrl, token: settings.hubToken, hubKey: configuredUrl, training };
    if (training) log(`TRAINING: the hub at ${configuredUrl} posts simulated hits (it runs with --training)`);
    // The training agency's name and ORI would go into CLETS queries and reports as this agency's.
    const defaults = (['agencyName', 'agencyOri'] as const).filter((k) => settings[k] === DEFAULT_SETTINGS[k]);
    if (defaults.length && !training) {
      log(`WARNING: on a real hub with the training ${defaults.map((k) => (k === 'agencyName' ? `agency name (${DEFAULT_SETTINGS[k]})` : `ORI (${DEFAULT_SETTINGS[k]})`)).join(' and ')}: CLETS queries and reports carry it; set ${defaults.map((k) => (k === 'agencyName' ? 'ALPR_AGENCY_NAME' : 'ALPR_AGENCY_ORI')).join(' and ')} or Settings`);
    }
  } else {
    // No hub configured: run the built-in training hub in-process, on loopback, with a token
    // that exists only for this launch.
    const token = crypto.randomBytes(18).toString('base64url');
    workstationId = 'training-ws';
    const hub = await startHub({
      port: 0,
      dataDir: path.join(opts.dataDir, 'training-hub'),
      tokens: parseHubTokens(`${workstationId}=${token}`),
      training: { ratePerMinute: opts.trainingRate ?? 2 },
      claimReleaseAfterMs: settings.workflow.claimReleaseAfterS * 1000,
      log,
    });
    trainingHub = hub;
    link = { url: hub.url, token, hubKey: TRAINING_HUB_KEY, training: true };
    log(`TRAINING: no hub configured; started the built-in training hub at ${hub.url}`);
  }

  // Shifts, hold and sharing periods are this console's calendar: say which, for IT.
  const zone = consoleTimeZone();
  log(`time zone: ${zone.label}`);
  if (zone.utc && !link.training) {
    log(`WARNING: this console keeps UTC: shifts, hold periods and sharing periods follow it; where the agency keeps local time, start it with TZ set (e.g. TZ=America/Los_Angeles)`);
  }
  if (settings.mapGeoJsonPath && !readableFile(settings.mapGeoJsonPath)) {
    log(`WARNING: the map file ${settings.mapGeoJsonPath} (mapGeoJsonPath) cannot be read: hits' maps will say so until it can`);
  }
  const core = await Core.open({
    dataDir: opts.dataDir,
    workstationId,
    hub: link,
    mode: opts.mode,
    version: appVersion(),
    agencyName: settings.agencyName,
    mapGeoJsonPath: settings.mapGeoJsonPath,
    bootstrapUser: env.ALPR_CONSOLE_BOOTSTRAP_USER,
    dataKey: opts.dataKey,
    notify: opts.notify,
    env,
    log,
  });
  return {
    core,
    training: link.training,
    builtInHub: trainingHub !== null,
    hubUrl: link.url,
    logDir: appLog.dir,
    close: async () => {
      await core.close();
      await trainingHub?.close();
      release();
    },
  };
}

/** Whether the hub's `/health` says it posts simulated hits; false when it cannot be asked. */
async function hubSaysTraining(url: string): Promise<boolean> {
  try {
    const res = await fetch(new URL('/health', url), { signal: AbortSignal.timeout(2000) });
    const body = (await res.json()) as { training?: unknown };
    return res.ok && body.training === true;
  } catch {
    return false;
  }
}
