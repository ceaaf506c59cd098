// Issue 5: session lock (CJIS AC-11) on a fake clock and on demand, data calls refused while
// locked, switch user; the training gate (no hit data until training is recorded and the
// policy acknowledged, again for a new version or after a year).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { hubHit } from '../helpers/hits';
import { authCore, PASSWORD } from '../helpers/auth-core';
import { acknowledgePolicy } from '../helpers/clearance';

const MIN = 60_000;

test('inactivity locks the session at the configured time; while locked every data call is refused; the password unlocks', async () => {
  const a = await authCore();
  try {
    a.core.hits.insertBatch('hub', [hubHit(1, { id: 'h-1' })]);
    const s = await a.session('disp', 'dispatcher');
    a.clock.advance(29 * MIN);
    assert.ok((await a.call(s, 'hits:open', { hitId: 'h-1' })).ok, 'activity before 30 minutes');
    a.clock.advance(29 * MIN);
    assert.ok((await a.call(s, 'session:activity')).ok);
    a.clock.advance(30 * MIN);
    const refused = await a.call(s, 'hits:queue');
    assert.equal(!refused.ok && refused.error.code, 'unauthenticated');
    assert.match(!refused.ok ? refused.error.message : '', /locked/);
    const lockRec = a.audit('session.lock');
    assert.equal(lockRec.length, 1);
    assert.deepEqual(lockRec[0]!.data, { reason: 'inactivity' });
    const current = await a.call(s, 'session:current');
    assert.equal(current.ok && (current.value as { locked: boolean }).locked, true);
    for (const [channel, input] of [['hits:open', { hitId: 'h-1' }], ['workflow:state', { hitId: 'h-1' }], ['audit:status', {}], ['hub:status', {}], ['map:geojson', {}], ['policy:current', {}]] as const) {
      const r = await a.call(s, channel, input);
      assert.equal(r.ok, false, `${channel} while locked`);
    }
    assert.equal((await a.call(s, 'session:unlock', { password: 'wrong-password' })).ok, false);
    assert.ok((await a.call(s, 'session:unlock', { password: PASSWORD })).ok);
    assert.ok((await a.call(s, 'hits:queue')).ok);
    assert.deepEqual(a.audit('session.unlock').map((r) => r.outcome), ['failed', 'ok']);

    // Admin setting: 5 minutes; the exemption turns the inactivity lock off.
    const adm = await a.session('adm', 'admin');
    const settings = (await a.call(adm, 'admin:security-settings')) as { ok: true; value: Record<string, unknown> };
    assert.equal(settings.value.lockAfterMinutes, 30, 'default 30 minutes');
    assert.ok((await a.call(adm, 'admin:update-security-settings', { ...settings.value, lockAfterMinutes: 5 })).ok);
    a.clock.advance(4 * MIN);
    assert.ok((await a.call(s, 'hits:open', { hitId: 'h-1' })).ok);
    a.clock.advance(5 * MIN);
    assert.equal((await a.call(s, 'hits:queue')).ok, false);
    assert.ok((await a.call(s, 'session:unlock', { password: PASSWORD })).ok);
    assert.ok((await a.call(adm, 'session:unlock', { password: PASSWORD })).ok, 'the admin console locked too');
    assert.ok((await a.call(adm, 'admin:update-security-settings', { ...settings.value, dispatchCenterExemption: true })).ok);
    a.clock.advance(600 * MIN);
    assert.ok((await a.call(s, 'hits:queue')).ok, 'exempt: no inactivity lock');
  } finally {
    await a.core.close();
  }
});

test('an idle console locks without any call: the core tells the window (session:locked) and hit events stop', async () => {
  const a = await authCore();
  try {
    const events: string[] = [];
    await a.core.users.create({ username: 'idle', password: PASSWORD, displayName: 'I', role: 'dispatcher', trainingDate: '2026-01-05' });
    const h = a.core.openSession({ ip: null });
    h.subscribe((name) => events.push(name));
    await a.call(h.id, 'session:sign-in', { username: 'idle', password: PASSWORD });
    await acknowledgePolicy(a.core, h.id);
    a.clock.advance(29 * MIN);
    await a.core.guard.tick();
    assert.deepEqual(events, []);
    a.clock.advance(1 * MIN);
    await a.core.guard.tick();
    assert.deepEqual(events, ['session:locked']);
    (a.core as unknown as { broadcast(n: string, p: unknown): void }).broadcast('hits:new', { list: 'SVS' });
    assert.deepEqual(events, ['session:locked']);
  } finally {
    await a.core.close();
  }
});

test('manual lock refuses data and sends no hit events; another user signing in ends the first session (logged)', async () => {
  const a = await authCore();
  try {
    const s = await a.session('disp', 'dispatcher');
    await a.session('sup', 'supervisor');
    const handle = [...(a.core as unknown as { sessionsById: Map<string, { listener: unknown }> }).sessionsById.keys()].includes(s);
    assert.ok(handle);
    assert.ok((await a.call(s, 'session:lock')).ok);
    assert.deepEqual(a.audit('session.lock').map((r) => r.data), [{ reason: 'manual' }]);
    const q = await a.call(s, 'hits:queue');
    assert.equal(!q.ok && q.error.code, 'unauthenticated');
    const switched = await a.call(s, 'session:sign-in', { username: 'sup', password: PASSWORD });
    assert.ok(switched.ok);
    const out = a.audit('session.sign-out');
    assert.equal(out.length, 1);
    assert.equal(out[0]!.username, 'disp');
    assert.equal(out[0]!.data.reason, 'switch user');
    const cur = await a.call(s, 'session:current');
    assert.equal(cur.ok && (cur.value as { user: { username: string }; locked: boolean }).user.username, 'sup');
    assert.equal(cur.ok && (cur.value as { locked: boolean }).locked, false);
    assert.ok((await a.call(s, 'hits:queue')).ok);
  } finally {
    await a.core.close();
  }
});

test('hit and hotlist events reach only unlocked, cleared sessions', async () => {
  const a = await authCore();
  try {
    const got: Record<string, string[]> = { cleared: [], locked: [], unacked: [] };
    const mk = async (name: keyof typeof got, username: string, opts: { acknowledge?: boolean } = {}) => {
      await a.core.users.create({ username, password: PASSWORD, displayName: username, role: 'dispatcher', trainingDate: '2026-01-05' });
      const h = a.core.openSession({ ip: null });
      h.subscribe((ev) => got[name]!.push(ev));
      await a.call(h.id, 'session:sign-in', { username, password: PASSWORD });
      if (opts.acknowledge !== false) await acknowledgePolicy(a.core, h.id);
      return h.id;
    };
    await mk('cleared', 'd1');
    const locked = await mk('locked', 'd2');
    await mk('unacked', 'd3', { acknowledge: false });
    await a.call(locked, 'session:lock');
    const broadcast = (a.core as unknown as { broadcast(n: string, p: unknown): void }).broadcast.bind(a.core);
    broadcast('hits:new', { list: 'SVS' });
    // A hotlist entry carries its notes; a desktop notification's hit id is data too.
    broadcast('hotlist:changed', { entry: { list: 'BOLO', plate: '7ABC123', notes: 'armed' } });
    broadcast('hits:focus', { hitId: 'h-1' });
    const seen = (who: string) => got[who]!.filter((e) => ['hits:new', 'hotlist:changed', 'hits:focus'].includes(e));
    assert.deepEqual(seen('cleared'), ['hits:new', 'hotlist:changed', 'hits:focus']);
    assert.deepEqual(seen('locked'), []);
    assert.deepEqual(seen('unacked'), []);
    assert.ok(got.locked!.includes('session:locked'));
  } finally {
    await a.core.close();
  }
});

test('training gate: no hit data without recorded training and an acknowledged policy; a new version or a year asks again', async () => {
  const a = await authCore();
  try {
    a.core.hits.insertBatch('hub', [hubHit(1, { id: 'h-1' })]);
    const adm = await a.session('adm', 'admin');
    const s = await a.session('newbie', 'dispatcher', { trained: false, acknowledge: false });
    const noData = async (why: string) => {
      // Officers' hotlist entries too: their notes, and the reads an added entry matches.
      for (const [c, i] of [['hits:queue', {}], ['hits:open', { hitId: 'h-1' }], ['workflow:state', { hitId: 'h-1' }], ['hotlist:entries', {}], ['hotlist:add', { plate: '7AB*', state: 'CA', list: 'Felony want', reason: 'Robbery', priority: 'high', expiresAt: new Date(a.clock.t + 86_400_000).toISOString(), caseNumber: 'C-1' }]] as const) {
        const r = await a.call(s, c, i);
        assert.equal(!r.ok && r.error.code, 'forbidden', `${c}: ${why}`);
      }
    };
    await noData('untrained, unacknowledged');
    const cur = await a.call(s, 'session:current');
    assert.deepEqual(cur.ok && (cur.value as { clearance: unknown }).clearance, { trained: false, policyAcknowledged: false, policyVersion: 1, passwordChangeRequired: false });
    await acknowledgePolicy(a.core, s);
    await noData('acknowledged but untrained');
    const id = a.core.db.prepare("SELECT id FROM users WHERE username = 'newbie'").pluck().get() as number;
    assert.ok((await a.call(adm, 'admin:record-training', { id, date: '2026-11-01', course: 'ALPR dispatcher course', trainer: 'Sgt. Ray' })).ok);
    const q = await a.call(s, 'hits:queue');
    assert.ok(q.ok);
    assert.equal((q.value as { hits: unknown[] }).hits.length, 1);

    // The policy text shown in full; a new version asks again.
    const policy = await a.call(s, 'policy:current');
    assert.match(policy.ok ? (policy.value as { text: string }).text : '', /official, legitimate law enforcement/);
    assert.ok((await a.call(adm, 'admin:update-policy', { text: 'Version two of the usage and privacy policy: use ALPR data for official purposes only.' })).ok);
    await noData('new policy version');
    const stale = await a.call(s, 'policy:acknowledge', { version: 1 });
    assert.equal(!stale.ok && stale.error.code, 'conflict');
    await acknowledgePolicy(a.core, s);
    assert.ok((await a.call(s, 'hits:queue')).ok);
    // A year later: asked again.
    a.clock.advance(366 * 24 * 60 * 60_000);
    assert.ok((await a.call(s, 'session:unlock', { password: PASSWORD })).ok);
    await noData('a year since the acknowledgement');
    assert.deepEqual(a.audit('policy.acknowledge').filter((r) => r.username === 'newbie').map((r) => r.data.version), [1, 2]);
    assert.ok(a.audit('hits:queue').some((r) => r.outcome === 'refused' && r.data.reason === 'not cleared'));
  } finally {
    await a.core.close();
  }
});

test('a bootstrap training date that is no date, in the future or before 2000 stops the start, naming it', async () => {
  for (const [date, why] of [['2026-13-45', /not a real date/], ['2099-01-01', /in the future/], ['1900-01-01', /before 2000/]] as const) {
    await assert.rejects(authCore({ bootstrapUser: `boot:hunter2hunter2:dispatcher:${date}` }), (err: Error) => err.message.startsWith('bootstrap user: ') && why.test(err.message) && err.message.includes(date), date);
  }
});

test('bootstrap training date is recorded and audited as provisioning; the policy is still asked at first sign-in', async () => {
  const a = await authCore({ bootstrapUser: 'boot:hunter2hunter2:dispatcher:2026-10-01' });
  try {
    const rec = a.audit('user.training');
    assert.equal(rec.length, 1);
    assert.equal(rec[0]!.data.via, 'ALPR_CONSOLE_BOOTSTRAP_USER');
    const s = await a.session('boot', 'dispatcher', { acknowledge: false });
    const cur = await a.call(s, 'session:current');
    assert.deepEqual(cur.ok && (cur.value as { clearance: unknown }).clearance, { trained: true, policyAcknowledged: false, policyVersion: 1, passwordChangeRequired: false });
    assert.equal((await a.call(s, 'hits:queue')).ok, false);
  } finally {
    await a.core.close();
  }
});

test('a locked console may ask how many hits wait unopened and how urgent, never which; an uncleared user hears of none', async () => {
  const a = await authCore();
  try {
    a.core.hits.insertBatch('test-hub', [
      hubHit(1, { id: 'w-1', matches: [{ ...hubHit(1).matches[0]!, priority: 'low' }] }),
      hubHit(2, { id: 'w-2', matches: [{ ...hubHit(2).matches[0]!, priority: 'high' }] }),
    ]);
    const s = await a.session('disp', 'dispatcher');
    assert.ok((await a.call(s, 'session:lock')).ok);
    const waiting = await a.call(s, 'session:waiting');
    assert.deepEqual(waiting.ok && waiting.value, { count: 2, priority: 'high' });
    const untrained = await a.session('new', 'dispatcher', { trained: false });
    const none = await a.call(untrained, 'session:waiting');
    assert.deepEqual(none.ok && none.value, { count: 0, priority: null });
  } finally {
    await a.core.close();
  }
});
