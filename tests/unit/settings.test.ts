import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { loadSettings, SettingsError } from '../../electron/core/settings/settings';
import { tempDir } from '../helpers/tmp';

test('defaults: no hub (training), audit records kept 730 days', () => {
  const s = loadSettings(tempDir(), {});
  assert.equal(s.hubUrl, '');
  assert.equal(s.auditRetentionDays, 730);
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
