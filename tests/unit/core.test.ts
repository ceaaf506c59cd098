// The core's single entry point, driven as a transport drives it (no hub: hits are stored
// directly, as the hub client would).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { Core } from '../../electron/core/core';
import { verifyChain } from '../../electron/core/audit/log';
import { tempDir } from '../helpers/tmp';
import { hubHit } from '../helpers/hits';
import { signInCleared, TRAINED } from '../helpers/clearance';

async function newCore(extra: Partial<Parameters<typeof Core.open>[0]> = {}) {
  const dataDir = extra.dataDir ?? tempDir();
  const core = await Core.open({
    dataDir,
    workstationId: 'ws-07',
    hub: null,
    mode: 'headless',
    version: '0.0.0-test',
    agencyName: 'Test PD',
    ...extra,
  });
  return { core, dataDir };
}

function auditRows(core: Core) {
  return core.db.prepare('SELECT action, outcome, username, purpose, data, ip FROM audit_log ORDER BY seq').all() as {
    action: string; outcome: string; username: string | null; purpose: string | null; data: string; ip: string | null;
  }[];
}

test('first run: setup creates the first admin once, and signs them in', async () => {
  const { core } = await newCore();
  const s = core.openSession({ ip: '127.0.0.1' });
  assert.deepEqual(await core.dispatch(s.id, 'session:setup-status', {}), { ok: true, value: { needsSetup: true } });
  const weak = await core.dispatch(s.id, 'session:create-first-admin', { username: 'admin', password: 'short', displayName: 'A' });
  assert.equal(weak.ok, false);
  if (!weak.ok) assert.match(weak.error.details?.join() ?? '', /at least 8/);
  const made = await core.dispatch(s.id, 'session:create-first-admin', { username: 'admin', password: 'correct horse battery', displayName: 'Ada Admin' });
  assert.equal(made.ok, true);
  const again = await core.dispatch(s.id, 'session:create-first-admin', { username: 'admin2', password: 'correct horse battery', displayName: 'B' });
  assert.equal(again.ok, false);
  if (!again.ok) assert.equal(again.error.code, 'conflict');
  const current = await core.dispatch(s.id, 'session:current', {});
  assert.equal(current.ok && (current.value as { user: { role: string } }).user.role, 'admin');
  await core.close();
});

test('the bootstrap user is created with its role and training date into an empty console, later only as a missing administrator', async () => {
  const { core, dataDir } = await newCore({ bootstrapUser: 'disp1:hunter2hunter2:dispatcher:2026-10-01' });
  const s = core.openSession({ ip: null });
  const signed = await core.dispatch(s.id, 'session:sign-in', { username: 'disp1', password: 'hunter2hunter2' });
  assert.equal(signed.ok, true);
  if (signed.ok) {
    const user = (signed.value as { user: { role: string; trainingDate: string } }).user;
    assert.equal(user.role, 'dispatcher');
    assert.equal(user.trainingDate, '2026-10-01');
  }
  await core.close();
  const lines: string[] = [];
  const reopen = (bootstrapUser: string) =>
    Core.open({ dataDir, workstationId: 'ws-07', hub: null, mode: 'headless', version: '0', agencyName: 'x', bootstrapUser, log: (l) => lines.push(l) });
  // A console whose only user is a dispatcher has nobody to add users: the log says so, and
  // a bootstrap administrator is then taken; another dispatcher is not.
  let again = await reopen('disp2:hunter2hunter2:dispatcher');
  assert.equal(again.users.count(), 1);
  assert.ok(lines.some((l) => /bootstrap_user ignored: the console has users already/i.test(l)), lines.join('\n'));
  assert.ok(lines.some((l) => /WARNING: this console has no administrator/.test(l)));
  await again.close();
  lines.length = 0;
  again = await reopen('other:hunter2hunter2:admin');
  assert.equal(again.users.count(), 2);
  assert.ok(!lines.some((l) => /no administrator/.test(l)));
  await again.close();
  again = await reopen('third:hunter2hunter2:admin');
  assert.equal(again.users.count(), 2, 'an administrator exists: the variable is ignored');
  assert.ok(lines.some((l) => /ignored: the console has users already and an administrator/.test(l)));
  await again.close();
  await assert.rejects(newCore({ bootstrapUser: 'x:y' }), /username:password:role/);
});

test('bad calls get clear errors and the core keeps serving', async () => {
  const { core } = await newCore({ bootstrapUser: 'disp1:hunter2hunter2:dispatcher' });
  const s = core.openSession({ ip: null });
  const unknown = await core.dispatch(s.id, 'hits:delete-everything', {});
  assert.deepEqual(unknown.ok ? null : unknown.error.code, 'unknown-channel');
  const proto = await core.dispatch(s.id, '__proto__', {});
  assert.equal(proto.ok, false);
  const wrongType = await core.dispatch(s.id, 'session:sign-in', { username: 42, password: [] });
  assert.equal(wrongType.ok, false);
  if (!wrongType.ok) {
    assert.equal(wrongType.error.code, 'invalid-input');
    assert.ok(wrongType.error.details?.some((d) => d.startsWith('username:')));
  }
  const extra = await core.dispatch(s.id, 'session:sign-in', { username: 'disp1', password: 'hunter2hunter2', admin: true });
  assert.equal(extra.ok, false);
  const wrongPassword = await core.dispatch(s.id, 'session:sign-in', { username: 'disp1', password: 'nope' });
  assert.equal(wrongPassword.ok ? null : wrongPassword.error.message, 'wrong username or password');
  const noUser = await core.dispatch(s.id, 'session:sign-in', { username: 'ghost', password: 'nope' });
  assert.equal(noUser.ok ? null : noUser.error.message, 'wrong username or password');
  const good = await core.dispatch(s.id, 'session:sign-in', { username: 'disp1', password: 'hunter2hunter2' });
  assert.equal(good.ok, true);
  await core.close();
});

test('no data before sign-in, and the refusal is itself logged', async () => {
  const { core } = await newCore({ bootstrapUser: `disp1:hunter2hunter2:dispatcher:${TRAINED}` });
  core.hits.insertBatch('hub', [hubHit(1, { id: 'h-1' })]);
  const s = core.openSession({ ip: '10.1.2.3' });
  const queue = await core.dispatch(s.id, 'hits:queue', {});
  assert.equal(queue.ok ? null : queue.error.code, 'unauthenticated');
  const open = await core.dispatch(s.id, 'hits:open', { hitId: 'h-1' });
  assert.equal(open.ok, false);
  const refusals = auditRows(core).filter((r) => r.outcome === 'refused');
  assert.deepEqual(refusals.map((r) => r.action), ['hits:queue', 'hits:open']);
  assert.equal(refusals[1]!.ip, '10.1.2.3');
  await core.close();
});

test('auditors may not work hits', async () => {
  const { core } = await newCore({ bootstrapUser: 'aud:hunter2hunter2:auditor' });
  const s = core.openSession({ ip: null });
  await core.dispatch(s.id, 'session:sign-in', { username: 'aud', password: 'hunter2hunter2' });
  const queue = await core.dispatch(s.id, 'hits:queue', {});
  assert.equal(queue.ok ? null : queue.error.code, 'forbidden');
  await core.close();
});

test('opening a hit writes the lookup record first, in the same commit, then shows it', async () => {
  const { core, dataDir } = await newCore({ bootstrapUser: `disp1:hunter2hunter2:dispatcher:${TRAINED}` });
  core.hits.insertBatch('hub', [hubHit(1, { id: 'low-1', matches: [{ list: 'Local BOLO', reason: 'BOLO', priority: 'low', plate: '5LOW001', state: 'CA', listUpdatedAt: '2026-11-24T00:00:00Z' }], read: { plate: '5LOW001', state: 'CA', confidence: 0.8 } })]);
  core.hits.insertBatch('hub', [hubHit(2, { id: 'high-1', read: { plate: '7HIGH01', state: 'CA', confidence: 0.9 } })]);
  const s = core.openSession({ ip: '10.0.0.9' });
  await signInCleared(core, s.id, 'disp1', 'hunter2hunter2');
  const queue = await core.dispatch(s.id, 'hits:queue', {});
  assert.ok(queue.ok);
  const ids = (queue.value as { hits: { id: string }[] }).hits.map((h) => h.id);
  assert.deepEqual(ids, ['high-1', 'low-1'], 'high priority first even though it came later');

  const opened = await core.dispatch(s.id, 'hits:open', { hitId: 'high-1' });
  assert.ok(opened.ok);
  const detail = opened.value as { lookupId: string; read: { plate: string }; matches: { notes?: string }[]; images: { plate: { data: Uint8Array } } };
  assert.equal(detail.read.plate, '7HIGH01');
  assert.equal(detail.matches[0]!.notes, 'Owner: Jane Roe, reported 11/24');
  assert.ok(detail.images.plate.data.byteLength > 0);
  const lookup = core.db.prepare('SELECT * FROM audit_log WHERE id = ?').get(detail.lookupId) as { action: string; purpose: string; username: string; workstation_id: string; ip: string; data: string; outcome: string };
  assert.equal(lookup.action, 'hits:open');
  assert.equal(lookup.outcome, 'granted');
  assert.equal(lookup.purpose, 'Hit confirmation');
  assert.equal(lookup.username, 'disp1');
  assert.equal(lookup.workstation_id, 'ws-07');
  assert.equal(lookup.ip, '10.0.0.9');
  assert.deepEqual(JSON.parse(lookup.data), { hitId: 'high-1', plate: '7HIGH01', state: 'CA' });
  assert.equal(verifyChain(core.db).ok, true);

  const missing = await core.dispatch(s.id, 'hits:open', { hitId: 'nope' });
  assert.equal(missing.ok ? null : missing.error.code, 'not-found');
  await core.close();

  // Notes name people: they are not in the database file in clear.
  const raw = fs.readFileSync(path.join(dataDir, 'console.sqlite'));
  const wal = fs.existsSync(path.join(dataDir, 'console.sqlite-wal')) ? fs.readFileSync(path.join(dataDir, 'console.sqlite-wal')) : Buffer.alloc(0);
  assert.equal(Buffer.concat([raw, wal]).includes('Jane Roe'), false);
});

test('a hub number already stored under another hit (a hub that renumbered without saying so) keeps both hits; a resent hit is still stored once', async () => {
  const { core } = await newCore();
  try {
    assert.deepEqual(core.hits.insertBatch('hub', [hubHit(1, { id: 'a-1' }), hubHit(2, { id: 'a-2' })]).map((h) => h.id), ['a-1', 'a-2']);
    assert.deepEqual(core.hits.resumePoint('hub'), { lastSeq: 2, lastHit: { seq: 2, id: 'a-2' } });
    // The same hit again (the hub did not see the acknowledgement): not new.
    assert.deepEqual(core.hits.insertBatch('hub', [hubHit(2, { id: 'a-2' })]), []);
    // Another hit under number 2: taken, and a-2 stays.
    assert.deepEqual(core.hits.insertBatch('hub', [hubHit(2, { id: 'b-2' })]).map((h) => h.id), ['b-2']);
    assert.deepEqual(core.hits.queue().map((q) => q.id).sort(), ['a-1', 'a-2', 'b-2']);
    assert.deepEqual(core.hits.resumePoint('hub'), { lastSeq: 2, lastHit: { seq: 2, id: 'b-2' } });
    // A resync sets the later numbers aside and goes back to the resume point.
    assert.equal(core.hits.resync('hub', 1, new Date('2026-11-27T10:00:00Z')), 1);
    assert.deepEqual(core.hits.resumePoint('hub'), { lastSeq: 1, lastHit: { seq: 1, id: 'a-1' } });
    assert.equal(core.hits.count(), 3);
    // The hub sends b-2 again under its number: the same hit takes its number back, no new alert.
    assert.deepEqual(core.hits.insertBatch('hub', [hubHit(2, { id: 'b-2' })]), []);
    assert.deepEqual(core.hits.resumePoint('hub'), { lastSeq: 2, lastHit: { seq: 2, id: 'b-2' } });
    assert.equal(core.hits.count(), 3);
    // Retention purges every hit: the newest this hub sent is still named on connect.
    core.db.transaction(() => {
      for (const table of ['hit_images', 'hit_matches']) core.db.prepare(`DELETE FROM ${table}`).run();
      core.db.prepare('DELETE FROM hits').run();
    })();
    assert.deepEqual(core.hits.resumePoint('hub'), { lastSeq: 2, lastHit: { seq: 2, id: 'b-2' } });
    // A resync before it forgets it (it is of the old history); the next hit is remembered.
    core.hits.resync('hub', 1, new Date('2026-11-27T11:00:00Z'));
    assert.deepEqual(core.hits.resumePoint('hub'), { lastSeq: 1 });
    core.hits.insertBatch('hub', [hubHit(2, { id: 'c-2' })]);
    assert.deepEqual(core.hits.resumePoint('hub'), { lastSeq: 2, lastHit: { seq: 2, id: 'c-2' } });
  } finally {
    await core.close();
  }
});

test('a console started on a real hub drops the simulated hits of the built-in training hub, and says so', async () => {
  const { core: training, dataDir } = await newCore();
  training.hits.insertBatch('builtin-training', [hubHit(1, { id: 'sim-1', read: { plate: '901F65', state: 'CA', confidence: 0.9 } })]);
  training.hits.insertBatch('https://hub.agency.local', [hubHit(1, { id: 'real-1', read: { plate: '7REAL01', state: 'CA', confidence: 0.9 } })]);
  await training.close();
  // IT points it at the agency's hub (not reachable in this test: the link only retries).
  const { core } = await newCore({ dataDir, hub: { url: 'http://127.0.0.1:9', token: 'ws-07-token', hubKey: 'https://hub.agency.local', training: false } });
  try {
    assert.deepEqual(core.hits.queue().map((h) => h.id), ['real-1'], 'only the real hit is in the queue');
    assert.equal(core.db.prepare("SELECT count(*) FROM shift_hits WHERE hit_id = 'sim-1'").pluck().get(), 0, 'nor in the shift log');
    const rec = auditRows(core).filter((r) => r.action === 'records.purge-training');
    assert.equal(rec.length, 1);
    assert.equal(JSON.parse(rec[0]!.data).hits, 1);
  } finally {
    await core.close();
  }
  // Started in training again, nothing real is dropped.
  const { core: again } = await newCore({ dataDir });
  try {
    assert.deepEqual(again.hits.queue().map((h) => h.id), ['real-1']);
  } finally {
    await again.close();
  }
});

test('a data call that fails inside the console still leaves its attempt on the audit record', async () => {
  const { core } = await newCore({ bootstrapUser: `disp1:hunter2hunter2:dispatcher:${TRAINED}` });
  try {
    core.hits.insertBatch('hub', [hubHit(1, { id: 'h-1', read: { plate: '7FAIL01', state: 'CA', confidence: 0.9 } })]);
    const s = core.openSession({ ip: '10.0.0.9' });
    await signInCleared(core, s.id, 'disp1', 'hunter2hunter2');
    assert.ok((await core.dispatch(s.id, 'hits:open', { hitId: 'h-1' })).ok);
    // A fault the step did not foresee (a bug, a damaged row): what it did is rolled back.
    core.workflow.markBroadcast = async () => {
      throw new Error('simulated fault');
    };
    const r = await core.dispatch(s.id, 'workflow:mark-broadcast', { hitId: 'h-1' });
    assert.equal(!r.ok && r.error.code, 'internal');
    const last = auditRows(core).at(-1)!;
    assert.deepEqual([last.action, last.outcome, last.username, last.ip], ['workflow.broadcast', 'failed', 'disp1', '10.0.0.9']);
    assert.deepEqual(JSON.parse(last.data), { reason: 'the console could not complete this', hitId: 'h-1', plate: '7FAIL01', state: 'CA' });
  } finally {
    await core.close();
  }
});

test('a hit of an officer\'s entry since withdrawn is not alerted again nor escalated', async () => {
  const { core } = await newCore();
  try {
    core.hits.insertBatch('hub', [hubHit(1, { id: 'OFC-LOC-7-r-1' }), hubHit(2, { id: 'OFC-LOC-8-r-2' })]);
    core.db
      .prepare(
        `INSERT INTO officer_hotlist (id, plate, state, list, reason, priority, list_updated_at, removed, seen_at)
         VALUES ('LOC-7', '7ABC123', 'CA', 'Local BOLO', 'Burglary', 'high', '2026-11-20T00:00:00Z', ?, '2026-11-24T00:00:00Z')`,
      )
      .run(JSON.stringify({ user: { username: 'o1', displayName: 'Off. One' }, workstationId: 'ws-1', at: '2026-11-24T00:00:00Z', reason: 'Vehicle recovered' }));
    const due = core.workflow.store.unopened(new Date(Date.now() + 86_400_000).toISOString()).map((r) => r.id);
    assert.deepEqual(due, ['OFC-LOC-8-r-2'], 'only the hit whose entry still stands');
    assert.deepEqual(core.hits.queueItem('OFC-LOC-7-r-1')!.withdrawn, { at: '2026-11-24T00:00:00Z', by: 'Off. One', reason: 'Vehicle recovered' });
  } finally {
    await core.close();
  }
});
