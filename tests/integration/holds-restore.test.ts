// Legal holds across consoles when the hub is restored from an older backup, records reach it
// out of order, or a workstation is reinstalled: a hold in force is never lost, and a released
// one never lingers.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import { startHub, type Hub } from '../../electron/hub/server';
import { activeHolds } from '../../electron/hub/retention';
import { Core } from '../../electron/core/core';
import { parseHubTokens } from '../../electron/contract/hub';
import { openDatabase } from '../../electron/core/db/open';
import { hubMigrations } from '../../electron/hub/migrations';
import { outboxSize } from '../../electron/core/audit/log';
import { tempDir } from '../helpers/tmp';
import { copyHubFolder, restoreHubFolder } from '../helpers/hub-backup';
import { postedHit } from '../helpers/hits';
import { waitFor } from '../helpers/wait';
import { signInCleared, TRAINED } from '../helpers/clearance';

const DAY = 24 * 3600_000;
const tokens = parseHubTokens('ws-01=secret-one,ws-02=secret-two');

async function post(hub: Hub, body: unknown): Promise<string> {
  const res = await fetch(`${hub.url}/hits`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
  assert.equal(res.status, 202);
  return ((await res.json()) as { id: string }).id;
}
const hubHolds = (dir: string) => {
  const db = openDatabase(path.join(dir, 'hub.sqlite'), { migrations: hubMigrations });
  try { return activeHolds(db); } finally { db.close(); }
};

function opener(url: string) {
  return (workstationId: string, token: string, now?: () => Date, dataDir = tempDir(), lines: string[] = []) =>
    Core.open({
      dataDir, workstationId,
      hub: { url, token, hubKey: url, training: false },
      mode: 'headless', version: '0-test', agencyName: 'Test PD',
      bootstrapUser: `sup:hunter2hunter2:supervisor:${TRAINED}`,
      log: (l) => lines.push(l),
      ...(now ? { now } : {}),
    });
}

async function backupRestart(hubDir: string, hub: Hub): Promise<{ hub: Hub; backup: string }> {
  const port = hub.port;
  await hub.close();
  const backup = copyHubFolder(hubDir);
  return { hub: await startHub({ port, dataDir: hubDir, tokens }), backup };
}
async function restore(hubDir: string, backup: string, hub: Hub): Promise<Hub> {
  const port = hub.port;
  await hub.close().catch(() => {});
  restoreHubFolder(backup, hubDir);
  return startHub({ port, dataDir: hubDir, tokens });
}
const agencyCount = async (core: Core, sid: string) => {
  const r = await core.dispatch(sid, 'records:retention', {});
  return r.ok ? (r.value as { agencyHolds: { count: number } }).agencyHolds.count : -1;
};

/**
 * A hit on both consoles, the hub backed up (stopped, its folder copied, started again), and a
 * hold on the hit placed on `a` after the backup, by a signed-in supervisor.
 */
async function holdAfterBackup(hubDir: string, hub: Hub, a: Core, b: Core) {
  const held = await post(hub, postedHit({ read: { plate: '1HELD11', state: 'CA', confidence: 0.9 } }));
  await waitFor('hits', () => a.hits.exists(held) && b.hits.exists(held));
  const restarted = await backupRestart(hubDir, hub);
  await waitFor('up', () => a.hubState().state === 'connected' && b.hubState().state === 'connected');
  const s = a.openSession({ ip: '127.0.0.1' });
  await signInCleared(a, s.id, 'sup', 'hunter2hunter2');
  const placed = await a.dispatch(s.id, 'records:place-hold', { target: { kind: 'hit', hitId: held }, caseNumber: 'C-1', reason: 'Evidence' });
  assert.ok(placed.ok);
  return { ...restarted, held, session: s.id, holdId: (placed.value as { hold: { id: number } }).hold.id };
}

test('a release that reaches a restored hub before its placement is sent again still ends that hold', { timeout: 120_000 }, async () => {
  const hubDir = tempDir();
  let hub = await startHub({ port: 0, dataDir: hubDir, tokens });
  const open = opener(hub.url);
  const a = await open('ws-01', 'secret-one');
  const b = await open('ws-02', 'secret-two');
  try {
    const setup = await holdAfterBackup(hubDir, hub, a, b);
    hub = setup.hub;
    const { backup } = setup;
    await waitFor('placement acked', () => outboxSize(a.db) === 0);
    await hub.close();
    await waitFor('down', () => a.hubState().state !== 'connected');
    const rel = await a.dispatch(setup.session, 'records:release-hold', { holdId: setup.holdId, reason: 'Case closed' });
    assert.ok(rel.ok);
    const before = a.hubState().since;
    hub = await restore(hubDir, backup, hub);
    await waitFor('all sent again', () => a.hubState().state === 'connected' && a.hubState().since !== before && outboxSize(a.db) === 0, 30_000);
    await new Promise((r) => setTimeout(r, 1500));
    await waitFor('all sent again (2)', () => outboxSize(a.db) === 0, 30_000);
    const order = openDatabase(path.join(hubDir, 'hub.sqlite'), { migrations: hubMigrations });
    const seen = order.prepare(`SELECT json_extract(record,'$.action') a, json_extract(record,'$.seq') s FROM audit_records WHERE record LIKE '%records.hold-%' ORDER BY ord`).all();
    order.close();
    assert.deepEqual((seen as { a: string }[]).map((r) => r.a), ['records.hold-release', 'records.hold-place'], 'the release reached the restored hub first');
    const ob = b.openSession({ ip: '127.0.0.1' });
    await signInCleared(b, ob.id, 'sup', 'hunter2hunter2');
    await b.dispatch(ob.id, 'records:purge-now', {}).catch(() => {});
    assert.equal(hubHolds(hubDir).length, 0, 'the released hold is not in force at the hub');
    await waitFor('ws-02 lists none', async () => (await agencyCount(b, ob.id)) === 0);
  } finally {
    await a.close(); await b.close(); await hub.close().catch(() => {});
  }
});

test('a hub restored from a backup older than a hold does not make another console purge the held hit', { timeout: 120_000 }, async () => {
  const hubDir = tempDir();
  let hub = await startHub({ port: 0, dataDir: hubDir, tokens });
  const open = opener(hub.url);
  let later = Date.now();
  const a = await open('ws-01', 'secret-one');
  const bLines: string[] = [];
  const b = await open('ws-02', 'secret-two', () => new Date(later), tempDir(), bLines);
  try {
    const setup = await holdAfterBackup(hubDir, hub, a, b);
    hub = setup.hub;
    const { backup, held } = setup;
    const o = b.openSession({ ip: '127.0.0.1' });
    await signInCleared(b, o.id, 'sup', 'hunter2hunter2');
    await waitFor('ws-02 heard the hold', async () => (await agencyCount(b, o.id)) === 1);
    await a.close(); // the placing console is off for the weekend
    // (ws-02's clock stands still: count its connections in its log.)
    const connections = () => bLines.filter((l) => l.startsWith('hub link connected')).length;
    const before = connections();
    hub = await restore(hubDir, backup, hub);
    await waitFor('ws-02 back on the restored hub', () => b.hubState().state === 'connected' && connections() > before);
    later += 400 * DAY;
    const o2 = b.openSession({ ip: '127.0.0.1' });
    await signInCleared(b, o2.id, 'sup', 'hunter2hunter2');
    const run = await b.dispatch(o2.id, 'records:purge-now', {});
    assert.ok(run.ok, `${JSON.stringify(run)}\n${bLines.join('\n')}`);
    assert.equal((run.value as { keptByHold: number }).keptByHold, 1);
    assert.equal(b.hits.exists(held), true, 'the held hit survives on ws-02');
    assert.equal(await agencyCount(b, o2.id), 1, 'the hold the restored hub no longer lists stays in force');
  } finally {
    await a.close().catch(() => {}); await b.close(); await hub.close().catch(() => {});
  }
});

test('a reinstalled workstation lists the holds its first install placed', { timeout: 120_000 }, async () => {
  const hub = await startHub({ port: 0, dataDir: tempDir(), tokens });
  const open = opener(hub.url);
  let a = await open('ws-01', 'secret-one');
  try {
    const held = await post(hub, postedHit({ read: { plate: '1HELD11', state: 'CA', confidence: 0.9 } }));
    await waitFor('hit', () => a.hits.exists(held));
    const s = a.openSession({ ip: '127.0.0.1' });
    await signInCleared(a, s.id, 'sup', 'hunter2hunter2');
    assert.ok((await a.dispatch(s.id, 'records:place-hold', { target: { kind: 'hit', hitId: held }, caseNumber: 'C-1', reason: 'Evidence' })).ok);
    await waitFor('sent', () => outboxSize(a.db) === 0);
    await a.close();
    a = await open('ws-01', 'secret-one'); // reinstalled: new data folder, same id
    const s2 = a.openSession({ ip: '127.0.0.1' });
    await signInCleared(a, s2.id, 'sup', 'hunter2hunter2');
    await waitFor('list heard', async () => (await agencyCount(a, s2.id)) === 1);
    const listed = await a.dispatch(s2.id, 'records:holds', {});
    assert.ok(listed.ok && ((listed.value as { holds: unknown[]; elsewhere: unknown[] }).holds.length + (listed.value as { elsewhere: unknown[] }).elsewhere.length) === 1, 'the hold in force must be listed somewhere');
  } finally {
    await a.close(); await hub.close();
  }
});
