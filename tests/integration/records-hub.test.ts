// The hub's retention purge against a real hub and a real console on loopback: holds placed on
// the console reach the hub in the audit trail and keep their hits and reads; everything else
// past the period goes; the consoles' audit records stay; a hub down for days purges at start.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { startHub, type Hub } from '../../electron/hub/server';
import { purgeHubData, lastHubPurge, hubRetentionDays } from '../../electron/hub/retention';
import { Core } from '../../electron/core/core';
import { parseHubTokens } from '../../electron/contract/hub';
import { openDatabase } from '../../electron/core/db/open';
import { hubMigrations } from '../../electron/hub/migrations';
import { tempDir } from '../helpers/tmp';
import { postedHit } from '../helpers/hits';
import { waitFor } from '../helpers/wait';
import { signInCleared, TRAINED } from '../helpers/clearance';

const DAY = 24 * 3600_000;
const TOKENS = parseHubTokens('ws-01=secret-one');

async function post(hub: Hub, body: unknown): Promise<string> {
  const res = await fetch(`${hub.url}/hits`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
  assert.equal(res.status, 202);
  return ((await res.json()) as { id: string }).id;
}

function count(dataDir: string, sql: string, ...params: unknown[]): number {
  const db = openDatabase(path.join(dataDir, 'hub.sqlite'), { migrations: hubMigrations, readonly: true });
  try {
    return db.prepare(sql).pluck().get(...params) as number;
  } finally {
    db.close();
  }
}

/** A console as workstation ws-01 of `hub`, in a fresh data folder, with supervisor `sup`. */
function openConsole(hub: Hub): Promise<Core> {
  return Core.open({
    dataDir: tempDir(),
    workstationId: 'ws-01',
    hub: { url: hub.url, token: 'secret-one', hubKey: hub.url, training: false },
    mode: 'headless',
    version: '0-test',
    agencyName: 'Test PD',
    bootstrapUser: `sup:hunter2hunter2:supervisor:${TRAINED}`,
  });
}

test('the hub keeps what a console holds and purges the rest past its period, audit records included in neither', async () => {
  const hubDir = tempDir();
  const hub = await startHub({ port: 0, dataDir: hubDir, tokens: TOKENS });
  const core = await openConsole(hub);
  try {
    const held = await post(hub, postedHit({ read: { plate: '1HELD11', state: 'CA', confidence: 0.9 } }));
    const gone = await post(hub, postedHit({ read: { plate: '2GONE22', state: 'CA', confidence: 0.9 } }));
    const now = Date.now();
    await hub.store.addReads([
      { plate: '3PLATE3', state: 'CA', cameraId: 'cam-07', capturedAt: now - 2 * DAY, confidence: 0.9 }, // in the held period
      { plate: '3PLATE3', state: 'CA', cameraId: 'cam-07', capturedAt: now - 40 * DAY, confidence: 0.9 }, // outside it
      { plate: '4PLAIN4', state: 'CA', cameraId: 'cam-07', capturedAt: now - DAY, confidence: 0.9 },
    ]);
    await waitFor('both hits at the console', () => core.hits.exists(held) && core.hits.exists(gone));

    const s = core.openSession({ ip: '127.0.0.1' });
    await signInCleared(core, s.id, 'sup', 'hunter2hunter2');
    const hold = await core.dispatch(s.id, 'records:place-hold', { target: { kind: 'hit', hitId: held }, caseNumber: 'C-1', reason: 'Evidence' });
    assert.ok(hold.ok);
    const day = (ms: number) => new Date(ms).toISOString().slice(0, 10);
    const plateHold = await core.dispatch(s.id, 'records:place-hold', { target: { kind: 'plate', plate: '3PLATE3', from: day(now - 5 * DAY), to: day(now) }, caseNumber: 'C-2', reason: 'Discovery' });
    assert.ok(plateHold.ok);
    // A third hold, placed and released: it keeps nothing.
    const released = await core.dispatch(s.id, 'records:place-hold', { target: { kind: 'hit', hitId: gone }, caseNumber: 'C-3', reason: 'Maybe' });
    assert.ok(released.ok);
    assert.ok((await core.dispatch(s.id, 'records:release-hold', { holdId: (released.value as { hold: { id: number } }).hold.id, reason: 'Not needed' })).ok);
    await waitFor('the hold records at the hub', () => count(hubDir, "SELECT count(*) FROM audit_records WHERE record LIKE '%records.hold-%'") === 4);
    const auditAtHub = count(hubDir, 'SELECT count(*) FROM audit_records');

    const result = purgeHubData({ dataDir: hubDir, now: new Date(now + 400 * DAY), retentionDays: 365 });
    assert.equal(result.holds, 2);
    assert.equal(result.hits, 1);
    assert.equal(result.images, 2);
    assert.equal(result.reads, 3, "the purged hit's read, the plate's read outside the held period, the plain read");
    assert.equal(result.keptByHold, 2, 'the held hit and the held plate read');
    assert.equal(count(hubDir, 'SELECT count(*) FROM hits WHERE id = ?', held), 1);
    assert.equal(count(hubDir, 'SELECT count(*) FROM hits WHERE id = ?', gone), 0);
    assert.equal(count(hubDir, "SELECT count(*) FROM reads WHERE plate = '3PLATE3'"), 1);
    assert.equal(count(hubDir, "SELECT count(*) FROM reads WHERE plate IN ('2GONE22', '4PLAIN4')"), 0);
    assert.equal(count(hubDir, 'SELECT count(*) FROM deliveries WHERE hit_id = ?', gone), 0);
    assert.ok(count(hubDir, 'SELECT count(*) FROM audit_records') >= auditAtHub, 'the audit records are never purged');
    // The hub still serves: a new hit arrives and reaches the console.
    const fresh = await post(hub, postedHit());
    await waitFor('a new hit after the purge', () => core.hits.exists(fresh));
    // The console's second reading (OCR worker) is done with every hit before it closes.
    await waitFor('second readings done', () => core.db.prepare('SELECT count(*) FROM hits WHERE id NOT IN (SELECT hit_id FROM hit_ocr)').pluck().get() === 0, 30_000);
  } finally {
    await core.close();
    await hub.close();
  }
});

test('a hub that was down for more than a day purges at start and records the run', async () => {
  const hubDir = tempDir();
  let hub = await startHub({ port: 0, dataDir: hubDir, tokens: TOKENS });
  await waitFor('the first run on file', () => lastHubPurge(hubDir));
  await hub.store.addReads([{ plate: '5OLD555', state: 'CA', cameraId: 'cam-07', capturedAt: Date.now() - 400 * DAY, confidence: 0.9 }]);
  await hub.close();
  assert.equal(count(hubDir, "SELECT count(*) FROM reads WHERE plate = '5OLD555'"), 1);
  // The last run was two days ago.
  const last = lastHubPurge(hubDir)!;
  fs.writeFileSync(path.join(hubDir, 'retention.json'), JSON.stringify({ ...last, at: new Date(Date.now() - 2 * DAY).toISOString() }));
  hub = await startHub({ port: 0, dataDir: hubDir, tokens: TOKENS });
  try {
    await waitFor('the purge at start', () => count(hubDir, "SELECT count(*) FROM reads WHERE plate = '5OLD555'") === 0);
    await waitFor('the run on file', () => (lastHubPurge(hubDir)?.reads ?? 0) === 1);
  } finally {
    await hub.close();
  }
  const logs: string[] = [];
  assert.equal(hubRetentionDays({ ALPR_HUB_RETENTION_DAYS: '90' }, (l) => logs.push(l)), 365);
  assert.match(logs.join(''), /at least 365 days/);
  assert.equal(hubRetentionDays({ ALPR_HUB_RETENTION_DAYS: '730' }), 730);
});

test('a reinstalled workstation (same id, hold ids from 1 again) does not end the first install\'s hold at the hub', async () => {
  const hubDir = tempDir();
  const hub = await startHub({ port: 0, dataDir: hubDir, tokens: TOKENS });
  const now = Date.now();
  await hub.store.addReads([{ plate: '1AAA111', state: 'CA', cameraId: 'cam-07', capturedAt: now - 2 * DAY, confidence: 0.9 }]);
  const day = (ms: number) => new Date(ms).toISOString().slice(0, 10);
  const open = () => openConsole(hub);
  const holdRecords = () => count(hubDir, "SELECT count(*) FROM audit_records WHERE record LIKE '%records.hold-%'");
  const hold = async (core: Core, plate: string) => {
    const s = core.openSession({ ip: '127.0.0.1' });
    await signInCleared(core, s.id, 'sup', 'hunter2hunter2');
    const r = await core.dispatch(s.id, 'records:place-hold', { target: { kind: 'plate', plate, from: day(now - 5 * DAY), to: day(now) }, caseNumber: 'C-1', reason: 'Evidence' });
    assert.ok(r.ok, JSON.stringify(r));
    return { s, id: (r.value as { hold: { id: number } }).hold.id };
  };
  try {
    const a = await open();
    assert.equal((await hold(a, '1AAA111')).id, 1);
    await waitFor('first hold at the hub', () => holdRecords() === 1);
    await a.close();
    // The same workstation id with a fresh data folder: its first hold is number 1 again; placed and released.
    const b = await open();
    const placed = await hold(b, '2BBB222');
    assert.equal(placed.id, 1);
    const released = await b.dispatch(placed.s.id, 'records:release-hold', { holdId: 1, reason: 'case closed, evidence returned' });
    assert.ok(released.ok, JSON.stringify(released));
    await waitFor('both holds and the release at the hub', () => holdRecords() === 3);
    await b.close();
  } finally {
    await hub.close();
  }
  const result = purgeHubData({ dataDir: hubDir, now: new Date(now + 400 * DAY), retentionDays: 365 });
  assert.equal(result.holds, 1, 'the first install\'s hold is still active');
  assert.equal(count(hubDir, "SELECT count(*) FROM reads WHERE plate = '1AAA111'"), 1, 'and still keeps its read');
});

test('images posted with plain reads are purged with them', async () => {
  const hubDir = tempDir();
  const hub = await startHub({ port: 0, dataDir: hubDir, tokens: TOKENS });
  const img = { mime: 'image/png' as const, data: Buffer.from('89504e470d0a1a0a', 'hex') };
  const now = Date.now();
  try {
    await hub.store.addReads([
      { plate: '1OLD111', state: 'CA', cameraId: 'cam-07', capturedAt: now - 400 * DAY, confidence: 0.9, images: { plate: img, overview: img } },
      { plate: '2NEW222', state: 'CA', cameraId: 'cam-07', capturedAt: now - DAY, confidence: 0.9, images: { plate: img } },
    ]);
  } finally {
    await hub.close();
  }
  const result = purgeHubData({ dataDir: hubDir, now: new Date(now), retentionDays: 365 });
  assert.equal(result.reads, 1);
  assert.equal(result.images, 2, 'the old read\'s two images');
  assert.equal(count(hubDir, 'SELECT count(*) FROM read_images'), 1, 'only the recent read\'s image is left');
  assert.equal(count(hubDir, "SELECT count(*) FROM read_images i JOIN reads r ON r.id = i.read_id WHERE r.plate = '2NEW222'"), 1);
});

test('a plate hold keeps the hits an officer\'s hotlist entry raised for that plate, not only plain reads', async () => {
  const hubDir = tempDir();
  const hub = await startHub({ port: 0, dataDir: hubDir, tokens: TOKENS });
  const core = await openConsole(hub);
  try {
    await waitFor('linked', () => core.hubState().state === 'connected');
    const s = core.openSession({ ip: '127.0.0.1' });
    await signInCleared(core, s.id, 'sup', 'hunter2hunter2');
    const now = Date.now();
    const added = await core.dispatch(s.id, 'hotlist:add', { plate: '7OFF123', list: 'SVS', reason: 'Stolen', priority: 'high', expiresAt: new Date(now + 5 * DAY).toISOString() });
    assert.ok(added.ok, JSON.stringify(added));
    const camera = { id: 'cam-07', name: 'Main St & 5th Ave', lat: 37.8, lon: -121.3, direction: 'NB' };
    const res = await fetch(`${hub.url}/reads`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ reads: [{ capturedAt: new Date(now - DAY).toISOString(), camera, read: { plate: '7OFF123', state: 'CA', confidence: 0.9 } }] }),
    });
    assert.ok(res.ok, `POST /reads ${res.status}`);
    await waitFor('the entry raised a hit', () => count(hubDir, "SELECT count(*) FROM hits WHERE json_extract(hit, '$.read.plate') = '7OFF123'") === 1);
    const day = (ms: number) => new Date(ms).toISOString().slice(0, 10);
    assert.ok((await core.dispatch(s.id, 'records:place-hold', { target: { kind: 'plate', plate: '7OFF123', from: day(now - 5 * DAY), to: day(now) }, caseNumber: 'C-9', reason: 'Evidence' })).ok);
    await waitFor('the hold at the hub', () => count(hubDir, "SELECT count(*) FROM audit_records WHERE record LIKE '%records.hold-place%'") === 1);

    const result = purgeHubData({ dataDir: hubDir, now: new Date(now + 400 * DAY), retentionDays: 365 });
    assert.equal(result.hits, 0, 'the held plate\'s hit stays');
    assert.equal(count(hubDir, "SELECT count(*) FROM hits WHERE json_extract(hit, '$.read.plate') = '7OFF123'"), 1);
  } finally {
    await core.close();
    await hub.close();
  }
});

test('a hold placed on one console keeps the held hits on every console; without the agency\'s list the purge waits', { timeout: 120_000 }, async () => {
  const tokens = parseHubTokens('ws-01=secret-one,ws-02=secret-two');
  const hub = await startHub({ port: 0, dataDir: tempDir(), tokens });
  // ws-02's clock moves 400 days on once it has the hits: every one is past the period there.
  let later = Date.now();
  const open = (workstationId: string, token: string, lines: string[] = [], now?: () => Date, dataDir = tempDir()) =>
    Core.open({
      dataDir,
      workstationId,
      hub: { url: hub.url, token, hubKey: hub.url, training: false },
      mode: 'headless',
      version: '0-test',
      agencyName: 'Test PD',
      bootstrapUser: `sup:hunter2hunter2:supervisor:${TRAINED}`,
      log: (l) => lines.push(l),
      ...(now ? { now } : {}),
    });
  const placing = await open('ws-01', 'secret-one');
  const lines: string[] = [];
  const otherDir = tempDir();
  let other = await open('ws-02', 'secret-two', lines, () => new Date(later), otherDir);
  try {
    const heldHit = await post(hub, postedHit({ read: { plate: '1HELD11', state: 'CA', confidence: 0.9 } }));
    const byPlate = await post(hub, postedHit({ read: { plate: '3PLATE3', state: 'CA', confidence: 0.9 } }));
    const gone = await post(hub, postedHit({ read: { plate: '2GONE22', state: 'CA', confidence: 0.9 } }));
    const all = [heldHit, byPlate, gone];
    await waitFor('the hits on both consoles', () => all.every((id) => placing.hits.exists(id) && other.hits.exists(id)));
    later += 400 * DAY;

    const s = placing.openSession({ ip: '127.0.0.1' });
    await signInCleared(placing, s.id, 'sup', 'hunter2hunter2');
    const today = new Date().toISOString().slice(0, 10);
    const hitHold = await placing.dispatch(s.id, 'records:place-hold', { target: { kind: 'hit', hitId: heldHit }, caseNumber: 'C-1', reason: 'Evidence' });
    assert.ok(hitHold.ok);
    assert.ok((await placing.dispatch(s.id, 'records:place-hold', { target: { kind: 'plate', plate: '3PLATE3', from: today, to: today }, caseNumber: 'C-2', reason: 'Discovery' })).ok);

    // ws-02 hears of both holds (holds:changed) and its purge keeps those hits.
    const o = other.openSession({ ip: '127.0.0.1' });
    await signInCleared(other, o.id, 'sup', 'hunter2hunter2');
    await waitFor('both holds heard at ws-02', async () => {
      const r = await other.dispatch(o.id, 'records:retention', {});
      return r.ok && (r.value as { agencyHolds: { count: number } }).agencyHolds.count === 2;
    });
    // Its supervisors see them, with who placed them where, for which case.
    const listed = await other.dispatch(o.id, 'records:holds', {});
    assert.ok(listed.ok);
    const { holds: own, elsewhere } = listed.value as { holds: unknown[]; elsewhere: { workstationId: string; kind: string; hitId: string | null; plate: string | null; caseNumber: string; placedBy: string }[] };
    assert.deepEqual(own, []);
    assert.deepEqual(
      elsewhere.map((h) => [h.workstationId, h.kind, h.hitId ?? h.plate, h.caseNumber, h.placedBy]).sort(),
      [
        ['ws-01', 'hit', heldHit, 'C-1', 'sup (sup)'],
        ['ws-01', 'plate', '3PLATE3', 'C-2', 'sup (sup)'],
      ].sort(),
    );
    const run = await other.dispatch(o.id, 'records:purge-now', {});
    assert.ok(run.ok, JSON.stringify(run));
    assert.equal((run.value as { hits: number; keptByHold: number }).hits, 1);
    assert.equal((run.value as { keptByHold: number }).keptByHold, 2);
    assert.deepEqual(all.map((id) => other.hits.exists(id)), [true, true, false]);

    // Released on ws-01: ws-02 lets the hit go at its next purge.
    assert.ok((await placing.dispatch(s.id, 'records:release-hold', { holdId: (hitHold.value as { hold: { id: number } }).hold.id, reason: 'Case closed' })).ok);
    await waitFor('the release heard at ws-02', async () => {
      const r = await other.dispatch(o.id, 'records:retention', {});
      return r.ok && (r.value as { agencyHolds: { count: number } }).agencyHolds.count === 1;
    });
    const second = await other.dispatch(o.id, 'records:purge-now', {});
    assert.equal(second.ok && (second.value as { hits: number }).hits, 1);
    assert.deepEqual(all.map((id) => other.hits.exists(id)), [false, true, false]);

    // A day without the hub: the list is stale, and the purge waits rather than guess.
    await hub.close();
    await waitFor('ws-02 offline', () => other.hubState().state !== 'connected');
    later += 2 * DAY;
    const o2 = other.openSession({ ip: '127.0.0.1' });
    await signInCleared(other, o2.id, 'sup', 'hunter2hunter2');
    const waiting = await other.dispatch(o2.id, 'records:purge-now', {});
    assert.equal(waiting.ok, false);
    assert.equal(!waiting.ok && waiting.error.code, 'unavailable');
    assert.match(!waiting.ok ? waiting.error.message : '', /^The purge waits: the agency's legal holds were last heard from the hub at .+, over a day ago\. Nothing was removed/);
    assert.equal(other.hits.exists(byPlate), true);
    // Restarted meanwhile, its purge at start waits too, and says so in its log.
    await other.close();
    other = await open('ws-02', 'secret-two', lines, () => new Date(later), otherDir);
    await waitFor('the purge at start waiting', () => lines.some((l) => l.startsWith("retention purge waits: the agency's legal holds were last heard")));
    assert.equal(other.hits.exists(byPlate), true);
  } finally {
    await placing.close();
    await other.close();
    await hub.close().catch(() => {});
  }
});
