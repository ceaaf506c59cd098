// Settings through the core's one entry point: who may change what, every change audited
// (old -> new, no secrets), refusals audited, IT's keys locked even for admins, preferences per user.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import type { CallResult, SettingsView } from '../../electron/contract';
import { authCore } from '../helpers/auth-core';
import { tempDir } from '../helpers/tmp';

const value = <T>(r: CallResult<unknown>): T => {
  assert.ok(r.ok, r.ok ? '' : `${r.error.code}: ${r.error.message}`);
  return r.value as T;
};
const error = (r: CallResult<unknown>) => {
  assert.equal(r.ok, false);
  return (r as { error: { code: string; message: string; details?: string[] } }).error;
};

test('a dispatcher sees admin settings locked with the reason, and a change is refused and audited', async () => {
  const a = await authCore({ env: {} });
  try {
    const d = await a.session('disp', 'dispatcher');
    const view = value<SettingsView>(await a.call(d, 'settings:get'));
    assert.deepEqual(view.locks.hubUrl, { by: 'role', reason: 'Only an administrator can change this.' });
    assert.equal(view.locks['notifications.quietHours']?.by, 'role');
    assert.equal(view.values.hubTokenSet, false);
    const refused = error(await a.call(d, 'settings:update', { hubUrl: 'http://evil:1' }));
    assert.equal(refused.code, 'forbidden');
    assert.match(refused.message, /hubUrl: Only an administrator/);
    assert.deepEqual(a.audit('settings.update').map((r) => [r.outcome, r.username, r.data.keys]), [['refused', 'disp', ['hubUrl']]]);
    assert.equal(fs.existsSync(path.join(a.dataDir, 'settings.json')) ? JSON.parse(fs.readFileSync(path.join(a.dataDir, 'settings.json'), 'utf8')).hubUrl : undefined, undefined);
  } finally {
    await a.core.close();
  }
});

test('an admin change is audited old -> new with the token hidden', async () => {
  const a = await authCore({ env: {} });
  try {
    const admin = await a.session('root', 'admin');
    const sup = await a.session('sup', 'supervisor');
    const view = value<SettingsView>(await a.call(admin, 'settings:update', { hubUrl: 'https://hub.agency.example:7400', hubToken: 'tok-123456', agencyName: 'Lodi PD' }));
    assert.equal(view.values.hubUrl, 'https://hub.agency.example:7400');
    assert.equal(view.values.hubTokenSet, true);
    assert.deepEqual(view.restartPending, ['hubUrl', 'hubToken', 'agencyName']);
    const [rec] = a.audit('settings.update');
    assert.equal(rec!.outcome, 'ok');
    assert.deepEqual(rec!.data.changes, [
      { key: 'hubUrl', old: '', new: 'https://hub.agency.example:7400' },
      { key: 'hubToken', old: '(hidden)', new: '(hidden)' },
      { key: 'agencyName', old: 'Training Police Department', new: 'Lodi PD' },
    ]);
    assert.ok(!JSON.stringify(a.audit()).includes('tok-123456'), 'the secret is in no audit record');
    // A supervisor may set quiet hours; invalid values are refused naming the key and change nothing.
    const bad = error(await a.call(sup, 'settings:update', { notifications: { quietHours: { enabled: true, start: '7pm', end: '06:00' } } }));
    assert.equal(bad.code, 'invalid-input');
    assert.match(bad.details!.join(), /notifications\.quietHours\.start: a time of day as HH:MM/);
    value(await a.call(sup, 'settings:update', { notifications: { quietHours: { enabled: true, start: '19:00', end: '06:00' } } }));
    assert.deepEqual(a.core.settings.notifications().quietHours, { enabled: true, start: '19:00', end: '06:00' }, 'in effect at once');
    const noChange = a.audit('settings.update').length;
    value(await a.call(admin, 'settings:update', { agencyName: 'Lodi PD' }));
    assert.equal(a.audit('settings.update').length, noChange, 'setting the same value again is no change to log');
  } finally {
    await a.core.close();
  }
});

test('keys IT provisioned are locked for admins too', async () => {
  const file = path.join(tempDir(), 'provisioning.json');
  fs.writeFileSync(file, JSON.stringify({ agencyOri: 'CA0390100', notifications: { desktop: true } }));
  const a = await authCore({ env: { ALPR_PROVISIONING_FILE: file } });
  try {
    const admin = await a.session('root', 'admin');
    const view = value<SettingsView>(await a.call(admin, 'settings:get'));
    assert.equal(view.values.agencyOri, 'CA0390100');
    assert.equal(view.locks.agencyOri?.by, 'provisioning');
    assert.match(view.locks['notifications.desktop']!.reason, /Set by your IT department/);
    assert.equal(view.locks.agencyName, undefined);
    const e = error(await a.call(admin, 'settings:update', { agencyOri: 'CA9999999' }));
    assert.equal(e.code, 'forbidden');
    assert.match(e.message, /agencyOri: Set by your IT department/);
  } finally {
    await a.core.close();
  }
});

test('a workflow setting IT provisioned is refused plainly through workflow:update-settings, and the attempt logged', async () => {
  const file = path.join(tempDir(), 'provisioning.json');
  fs.writeFileSync(file, JSON.stringify({ workflow: { cletsAdapter: 'manual' } }));
  const a = await authCore({ env: { ALPR_PROVISIONING_FILE: file } });
  try {
    const admin = await a.session('root', 'admin');
    const e = error(await a.call(admin, 'workflow:update-settings', { cletsAdapter: 'hub' }));
    assert.equal(e.code, 'forbidden');
    assert.match(e.message, /set by your IT department.*cletsAdapter/);
    assert.equal(a.audit('workflow.settings').at(-1)?.outcome, 'refused');
    assert.equal((value(await a.call(admin, 'workflow:settings')) as { cletsAdapter: string }).cletsAdapter, 'manual');
  } finally {
    await a.core.close();
  }
});

test('display preferences are per user and audited; an auditor has them too', async () => {
  const a = await authCore({ env: {} });
  try {
    const d = await a.session('disp', 'dispatcher');
    const au = await a.session('aud', 'auditor');
    assert.deepEqual(value(await a.call(d, 'settings:update-preferences', { theme: 'light', fontScale: 150 })), { theme: 'light', fontScale: 150 });
    assert.deepEqual(value(await a.call(d, 'settings:preferences')), { theme: 'light', fontScale: 150 });
    assert.deepEqual(value(await a.call(au, 'settings:preferences')), { theme: 'dark', fontScale: 100 });
    assert.equal(error(await a.call(au, 'settings:update-preferences', { fontScale: 300 })).code, 'invalid-input');
    assert.deepEqual(a.audit('settings.preferences').map((r) => [r.username, r.data.changes]), [
      ['disp', [{ key: 'theme', old: 'dark', new: 'light' }, { key: 'fontScale', old: 100, new: 150 }]],
    ]);
  } finally {
    await a.core.close();
  }
});
