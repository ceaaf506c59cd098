// The settings file: defaults, versioned migration of an older file, environment and IT's
// provisioning file (which wins and locks), and invalid values refused naming the key.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import Conf from 'conf';
import {
  loadSettings,
  loadSettingsFull,
  saveWorkflowSettings,
  SettingsError,
  SettingsLocked,
  SETTINGS_VERSION,
  storeBackend,
} from '../../electron/core/settings/settings';
import { provisioningPath, ProvisioningError } from '../../electron/core/settings/provisioning';
import { SettingsRefused, SettingsStore } from '../../electron/core/settings/store';
import { DEFAULT_WORKFLOW_SETTINGS } from '../../electron/contract/workflow';
import { tempDir } from '../helpers/tmp';

const readFile = (dir: string) => JSON.parse(fs.readFileSync(path.join(dir, 'settings.json'), 'utf8')) as Record<string, unknown>;

function provisioning(values: unknown): NodeJS.ProcessEnv {
  const file = path.join(tempDir(), 'provisioning.json');
  fs.writeFileSync(file, typeof values === 'string' ? values : JSON.stringify(values));
  return { ALPR_PROVISIONING_FILE: file };
}

test('defaults: no hub (training), audit records kept 730 days, notifications on, quiet hours off', () => {
  const s = loadSettings(tempDir(), {});
  assert.equal(s.hubUrl, '');
  assert.equal(s.auditRetentionDays, 730);
  assert.equal(s.settingsVersion, SETTINGS_VERSION);
  assert.deepEqual(s.notifications, { desktop: true, sound: true, quietHours: { enabled: false, start: '22:00', end: '06:00' } });
  assert.deepEqual(s.workflow, DEFAULT_WORKFLOW_SETTINGS);
});

test('environment variables win over the file', () => {
  const dir = tempDir();
  fs.writeFileSync(path.join(dir, 'settings.json'), JSON.stringify({ workstationId: 'from-file', hubUrl: 'http://127.0.0.1:1' }));
  const s = loadSettings(dir, { ALPR_WORKSTATION_ID: 'from-env', ALPR_HUB_TOKEN: 'tok' });
  assert.equal(s.workstationId, 'from-env');
  assert.equal(s.hubUrl, 'http://127.0.0.1:1');
  assert.equal(s.hubToken, 'tok');
});

test('audit retention below 365 days is refused with a clear message', () => {
  const dir = tempDir();
  fs.writeFileSync(path.join(dir, 'settings.json'), JSON.stringify({ auditRetentionDays: 90 }));
  assert.throws(() => loadSettings(dir, {}), (err: unknown) => err instanceof SettingsError && /auditRetentionDays: audit records are kept at least 365 days/.test(err.message));
});

test('a version 1 settings file (no version, notifications a plain on/off) is migrated and written back, keeping its values', () => {
  const dir = tempDir();
  const v1 = { hubUrl: 'https://hub.example.org:7400', workstationId: 'ws-old', hubToken: 'secret-1', notifications: false, workflow: { order: 'clets-first' } };
  fs.writeFileSync(path.join(dir, 'settings.json'), JSON.stringify(v1));
  const loaded = loadSettingsFull(dir, { env: {} });
  assert.equal(loaded.migratedFrom, 1);
  assert.equal(loaded.settings.workstationId, 'ws-old');
  assert.equal(loaded.settings.hubUrl, 'https://hub.example.org:7400');
  assert.equal(loaded.settings.workflow.order, 'clets-first');
  assert.equal(loaded.settings.workflow.cletsAdapter, DEFAULT_WORKFLOW_SETTINGS.cletsAdapter, 'a setting the old file lacked gets its default');
  assert.equal(loaded.settings.notifications.desktop, false, 'notifications: false became desktop: false');
  assert.equal(loaded.settings.notifications.quietHours.enabled, false);
  const onDisk = readFile(dir);
  assert.equal(onDisk.settingsVersion, SETTINGS_VERSION);
  assert.deepEqual(onDisk.notifications, { desktop: false, sound: true, quietHours: { enabled: false, start: '22:00', end: '06:00' } });
  assert.equal(onDisk.hubToken, 'secret-1');
  // Opened again: nothing left to migrate.
  assert.equal(loadSettingsFull(dir, { env: {} }).migratedFrom, null);
});

test('a file written by a newer console is refused, not overwritten', () => {
  const dir = tempDir();
  const text = JSON.stringify({ settingsVersion: SETTINGS_VERSION + 1, workstationId: 'ws-new' });
  fs.writeFileSync(path.join(dir, 'settings.json'), text);
  assert.throws(() => loadSettings(dir, {}), /settingsVersion: the file is version 3, written by a newer console/);
  assert.equal(fs.readFileSync(path.join(dir, 'settings.json'), 'utf8'), text);
});

test('a settings file that is not JSON is refused naming the file and what to do, and left as it is', () => {
  const dir = tempDir();
  const text = '{ hubUrl: "http://hub:7000", }';
  fs.writeFileSync(path.join(dir, 'settings.json'), text);
  assert.throws(
    () => loadSettings(dir, {}),
    (err: unknown) =>
      err instanceof SettingsError &&
      err.message.includes(path.join(dir, 'settings.json')) &&
      /is not valid JSON .*: correct it, or move it away to start from the defaults$/.test(err.message),
  );
  assert.equal(fs.readFileSync(path.join(dir, 'settings.json'), 'utf8'), text);
});

test('invalid values in the file are refused naming each key', () => {
  const dir = tempDir();
  fs.writeFileSync(
    path.join(dir, 'settings.json'),
    JSON.stringify({ hubUrl: 'not a url', notifications: { quietHours: { enabled: true, start: '25:00', end: '06:00' } }, userPreferences: { 7: { theme: 'purple', fontScale: 100 } } }),
  );
  assert.throws(
    () => loadSettings(dir, {}),
    (err: unknown) =>
      err instanceof SettingsError &&
      /hubUrl: a URL such as/.test(err.message) &&
      /notifications\.quietHours\.start: a time of day as HH:MM/.test(err.message) &&
      /userPreferences\.7\.theme/.test(err.message),
  );
});

test('IT provisioning file wins over the file and the environment, and locks its keys', () => {
  const dir = tempDir();
  fs.writeFileSync(path.join(dir, 'settings.json'), JSON.stringify({ hubUrl: 'http://user-choice:1', agencyName: 'Users PD' }));
  const env = {
    ...provisioning({ hubUrl: 'https://hub.agency.example:7400', workflow: { cletsAdapter: 'manual' }, notifications: { quietHours: { enabled: true, start: '23:00', end: '05:00' } } }),
    ALPR_HUB_URL: 'http://from-env:2',
  };
  const loaded = loadSettingsFull(dir, { env });
  assert.equal(loaded.settings.hubUrl, 'https://hub.agency.example:7400');
  assert.equal(loaded.settings.workflow.cletsAdapter, 'manual');
  assert.equal(loaded.settings.workflow.order, 'claremont', 'the rest of the workflow keeps its value');
  assert.deepEqual(loaded.settings.notifications.quietHours, { enabled: true, start: '23:00', end: '05:00' });
  assert.equal(loaded.settings.agencyName, 'Users PD');

  const store = new SettingsStore(dir, { env });
  const locks = store.locks('admin');
  for (const key of ['hubUrl', 'workflow.cletsAdapter', 'notifications.quietHours']) {
    assert.equal(locks[key]?.by, 'provisioning', key);
    assert.match(locks[key]!.reason, /Set by your IT department/);
  }
  assert.equal(locks.agencyName, undefined, 'an admin may change what IT did not set');
  assert.throws(() => store.update('admin', { hubUrl: 'http://other:3' }), (err: unknown) => err instanceof SettingsLocked && /hubUrl: Set by your IT department/.test(err.message));
  assert.throws(() => saveWorkflowSettings(dir, { ...loaded.settings.workflow, cletsAdapter: 'hub' }, env), SettingsLocked);
  // Changing another workflow setting is fine, and the provisioned one stays as IT set it.
  saveWorkflowSettings(dir, { ...loaded.settings.workflow, order: 'clets-first' }, env);
  assert.equal(loadSettings(dir, env).workflow.order, 'clets-first');
  assert.equal(readFile(dir).hubUrl, 'http://user-choice:1', 'the user file is not rewritten with IT values');
});

test('an invalid provisioning file stops the start naming the file and the key', () => {
  const dir = tempDir();
  assert.throws(() => loadSettings(dir, provisioning({ auditRetentionDays: 30 })), (err: unknown) => err instanceof ProvisioningError && /provisioning\.json is invalid: auditRetentionDays: audit records are kept at least 365 days/.test(err.message));
  assert.throws(() => loadSettings(dir, provisioning({ workflow: { cletsAdapter: 'fax' } })), /workflow\.cletsAdapter/);
  assert.throws(() => loadSettings(dir, provisioning({ hubUrll: 'http://x' })), /hubUrll: not a setting IT can provision/);
  assert.throws(() => loadSettings(dir, provisioning('{ "hubUrl": ')), /is not valid JSON/);
  assert.throws(() => loadSettings(dir, { ALPR_PROVISIONING_FILE: path.join(dir, 'missing.json') }), /cannot be read/, 'a file named explicitly must exist');
});

test('the machine-wide provisioning file per platform, unless ALPR_PROVISIONING_FILE names one', () => {
  assert.equal(provisioningPath('linux', {}), '/etc/alpr-hit-console/provisioning.json');
  assert.equal(provisioningPath('darwin', {}), '/Library/Application Support/ALPR Hit Console/provisioning.json');
  assert.equal(provisioningPath('win32', { ProgramData: 'D:\\PD' }), 'D:\\PD\\ALPR Hit Console\\provisioning.json');
  assert.equal(provisioningPath('linux', { ALPR_PROVISIONING_FILE: '/opt/p.json' }), '/opt/p.json');
});

test('updates: roles per key, values validated as a whole, only the keys changed are written', () => {
  const dir = tempDir();
  fs.writeFileSync(path.join(dir, 'settings.json'), JSON.stringify({ settingsVersion: 2, workstationId: 'ws-5', extra: undefined }));
  const store = new SettingsStore(dir, { env: {} });
  assert.throws(() => store.update('dispatcher', { hubUrl: 'http://h:1' }), /hubUrl: Only an administrator can change this/);
  assert.throws(() => store.update('dispatcher', { notifications: { sound: false } }), /notifications\.sound: Only a supervisor or an administrator/);
  assert.throws(() => store.update('admin', { hubUrl: 'hub without scheme' }), (err: unknown) => err instanceof SettingsRefused && err.details.some((d) => d.startsWith('hubUrl: a URL such as')));
  // Only a hub's own kind of address: not a script, not another protocol, not a typo of one.
  for (const bad of ['javascript:alert(1)', 'ftp://hub.example', 'htp:/garbage']) {
    assert.throws(() => store.update('admin', { hubUrl: bad, hubToken: 'tok' }), (err: unknown) => err instanceof SettingsRefused && err.details.some((d) => d.startsWith('hubUrl: ')), bad);
  }
  // A map file that is not there would fail only when a dispatcher opens a hit's map.
  assert.throws(() => store.update('admin', { mapGeoJsonPath: path.join(dir, 'no-such-map.geojson') }), (err: unknown) => err instanceof SettingsRefused && err.details.some((d) => d.startsWith('mapGeoJsonPath: no readable file at ')));
  // A hub address without a token would stop the next start.
  assert.throws(() => store.update('admin', { hubUrl: 'https://hub.example:7400' }), (err: unknown) => err instanceof SettingsRefused && err.details.some((d) => /hub token: set both/.test(d)));
  assert.deepEqual(readFile(dir), { settingsVersion: 2, workstationId: 'ws-5' }, 'refused changes leave the file as it was');
  const changes = store.update('admin', { hubUrl: 'https://hub.example:7400', hubToken: 'new-secret' });
  assert.deepEqual(changes, [
    { key: 'hubUrl', old: '', new: 'https://hub.example:7400' },
    { key: 'hubToken', old: '(hidden)', new: '(hidden)' },
  ]);
  assert.deepEqual(store.update('supervisor', { notifications: { quietHours: { enabled: true, start: '22:00', end: '06:00' } } }), [
    { key: 'notifications.quietHours', old: { enabled: false, start: '22:00', end: '06:00' }, new: { enabled: true, start: '22:00', end: '06:00' } },
  ]);
  const file = readFile(dir);
  assert.equal(file.hubToken, 'new-secret');
  assert.equal(file.workstationId, 'ws-5');
  assert.deepEqual(file.notifications, { desktop: true, sound: true, quietHours: { enabled: true, start: '22:00', end: '06:00' } });
  assert.deepEqual(store.view('admin').restartPending, ['hubUrl', 'hubToken']);
});

test('per-user display preferences: defaults, stored per user, invalid scale refused naming the key', () => {
  const dir = tempDir();
  const store = new SettingsStore(dir, { env: {} });
  assert.deepEqual(store.preferences(1), { theme: 'dark', fontScale: 100 });
  store.setPreferences(1, { theme: 'light', fontScale: 150 });
  assert.deepEqual(store.preferences(1), { theme: 'light', fontScale: 150 });
  assert.deepEqual(store.preferences(2), { theme: 'dark', fontScale: 100 });
  assert.throws(() => store.setPreferences(1, { fontScale: 120 }), (err: unknown) => err instanceof SettingsRefused && /fontScale: the font scale is one of/.test(err.details.join()));
  assert.deepEqual(new SettingsStore(dir, { env: {} }).preferences(1), { theme: 'light', fontScale: 150 });
});

test('one module, two backends: any conf-based store (electron-store extends conf) holds the same file', () => {
  const dir = tempDir();
  const backend = storeBackend(new Conf<Record<string, unknown>>({ cwd: dir, configName: 'settings' }));
  fs.writeFileSync(path.join(dir, 'settings.json'), JSON.stringify({ notifications: true, agencyName: 'Via backend PD' }));
  const loaded = loadSettingsFull(dir, { env: {}, backend });
  assert.equal(loaded.settings.agencyName, 'Via backend PD');
  assert.equal(loaded.backend.path, path.join(dir, 'settings.json'));
  assert.equal(readFile(dir).settingsVersion, SETTINGS_VERSION);
});
