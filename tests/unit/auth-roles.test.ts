// Issue 5: every contract call with every role is allowed or refused exactly as the contract
// says, by the core. Calls carry an input no schema accepts, so an allowed call answers
// `invalid-input` without running; a refused one never gets that far.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { calls, CHANNELS, ROLES, roleAllowed, type Role } from '../../electron/contract';
import { hubHit } from '../helpers/hits';
import { authCore } from '../helpers/auth-core';

test('role matrix: each call × each role (and no session) as the contract lists', async () => {
  const a = await authCore();
  try {
    const sessions: Record<Role | 'none', string> = {
      none: a.core.openSession({ ip: null }).id,
      dispatcher: await a.session('disp', 'dispatcher'),
      supervisor: await a.session('sup', 'supervisor'),
      admin: await a.session('adm', 'admin'),
      auditor: await a.session('aud', 'auditor'),
    };
    const problems: string[] = [];
    for (const channel of CHANNELS) {
      for (const who of ['none', ...ROLES] as const) {
        const r = await a.call(sessions[who], channel, { __matrix: true });
        const allowed = roleAllowed(calls[channel].access, who === 'none' ? null : who);
        const code = r.ok ? 'ok' : r.error.code;
        const expected = allowed ? 'invalid-input' : who === 'none' ? 'unauthenticated' : 'forbidden';
        if (code !== expected) problems.push(`${channel} as ${who}: ${code}, expected ${expected}`);
      }
    }
    assert.deepEqual(problems, []);
    // Roles of the issue: admins and supervisors work hits, auditors do not; admin calls are admins' only.
    for (const c of CHANNELS.filter((c) => c.startsWith('admin:'))) assert.deepEqual(calls[c].access, ['admin'], c);
    assert.equal(roleAllowed(calls['hits:open'].access, 'auditor'), false);
    assert.equal(roleAllowed(calls['hits:open'].access, 'supervisor'), true);
  } finally {
    await a.core.close();
  }
});

test('a refused call reveals nothing: the same answer whether the data exists or not', async () => {
  const a = await authCore();
  try {
    a.core.hits.insertBatch('hub', [hubHit(1, { id: 'real-hit' })]);
    const aud = await a.session('aud', 'auditor');
    const disp = await a.session('disp', 'dispatcher');
    const adm = await a.session('adm', 'admin');
    const existing = await a.call(aud, 'hits:open', { hitId: 'real-hit' });
    const missing = await a.call(aud, 'hits:open', { hitId: 'no-such-hit' });
    assert.deepEqual(existing, missing);
    assert.equal(!existing.ok && existing.error.code, 'forbidden');
    const realUser = await a.call(disp, 'admin:unlock-user', { id: 1 });
    const ghostUser = await a.call(disp, 'admin:unlock-user', { id: 999 });
    assert.deepEqual(realUser, ghostUser);

    // Hotlist categories: a hit from a list the role may not see answers as if it did not exist.
    const settings = await a.call(adm, 'admin:security-settings');
    assert.ok(settings.ok);
    const saved = await a.call(adm, 'admin:update-security-settings', { ...(settings.value as object), roleLists: { dispatcher: ['Local BOLO'], supervisor: null, admin: null, auditor: null } });
    assert.ok(saved.ok, JSON.stringify(saved));
    const hidden = await a.call(disp, 'hits:open', { hitId: 'real-hit' });
    const none = await a.call(disp, 'hits:open', { hitId: 'no-such-hit' });
    assert.deepEqual(hidden, none);
    const queue = await a.call(disp, 'hits:queue');
    assert.ok(queue.ok);
    assert.deepEqual((queue.value as { hits: unknown[] }).hits, []);
    const supQueue = await a.call(await a.session('sup', 'supervisor'), 'hits:queue');
    assert.equal(supQueue.ok && (supQueue.value as { hits: unknown[] }).hits.length, 1);
    assert.equal(a.audit('settings.security').length, 1);
  } finally {
    await a.core.close();
  }
});
