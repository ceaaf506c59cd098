// Retention (issue 6 item 7) on a real core and SQLite file with the core's clock: the purge
// removes hits past the period with their images and rows, keeps held ones and the whole audit
// trail (which still verifies), logs counts only, and runs at start when a day has passed.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { authCore, callValue, type AuthCore } from '../helpers/auth-core';
import { hubHit } from '../helpers/hits';
import { waitFor } from '../helpers/wait';
import { Core } from '../../electron/core/core';
import { verifyAudit } from '../../electron/core/audit/verify';
import type { HubHit } from '../../electron/contract/hub';

const DAY = 24 * 3600_000;
const NOW = Date.parse('2026-11-25T12:00:00Z');
const daysAgo = (n: number) => new Date(NOW - n * DAY).toISOString();
const MARKER = Buffer.from('PURGE-ME-IMAGE-BYTES-0123456789'.repeat(40));

function hit(id: string, plate: string, capturedAt: string, image?: Buffer): HubHit {
  const h = hubHit(0, { id, capturedAt, read: { plate, state: 'CA', confidence: 0.9 } });
  const seq = Number(id.replace(/\D/g, '')) || 1;
  return image ? { ...h, seq, images: { plate: { mime: 'image/png', data: image }, overview: { mime: 'image/png', data: image } } } : { ...h, seq };
}

const value = callValue;

/** The test's hits arrived when they were read (insertBatch stamps them as stored now). */
function arrivedWhenRead(core: Core, except: string[] = []): void {
  core.db.prepare('UPDATE hits SET stored_at = captured_at WHERE id NOT IN (SELECT value FROM json_each(?))').run(JSON.stringify(except));
}

/** A fresh core; its start-up purge (never run before) is over before the test adds hits. */
async function freshCore(): Promise<AuthCore> {
  const t = await authCore();
  await waitFor('the start-up purge', () => t.core.db.prepare("SELECT 1 FROM retention_runs WHERE trigger = 'start'").get());
  return t;
}

interface Run { hits: number; images: number; relatedRows: number; keptByHold: number; trigger: string; error: string | null }

test('the purge removes old hits with their images and rows, keeps held ones and the whole audit trail', async () => {
  const t = await freshCore();
  const { core } = t;
  core.hits.insertBatch('test-hub', [
    hit('h-1', '1OLD001', daysAgo(400), MARKER), // old: purged
    hit('h-2', '2HELD02', daysAgo(400)), // old, held by a hit hold
    hit('h-3', '3PLATE3', daysAgo(380)), // old, held by a plate hold covering its day
    hit('h-4', '3PLATE3', daysAgo(500)), // same plate, outside the held period: purged
    hit('h-5', '5NEW005', daysAgo(10)), // inside the period: kept
    hit('h-6', '6EDGE06', daysAgo(364)), // inside the period: kept
    hit('h-7', '7OPEN07', daysAgo(400)), // old read, but a hit that arrived today and is still open: kept
  ]);
  // The old hits arrived when they were read; h-7 (a retroactive hit, say) arrived today.
  arrivedWhenRead(core, ['h-7']);
  // Another console's workflow step for the old hit: it belongs to the hit too.
  core.db.prepare("INSERT INTO hit_events (hit_id, step, at, username, display_name, workstation_id, source) VALUES ('h-1', 'claimed', ?, 'x', 'X', 'ws-2', 'hub')").run(daysAgo(400));
  const disp = await t.session('disp', 'dispatcher');
  const sup = await t.session('sup', 'supervisor');
  value(await t.call(disp, 'hits:open', { hitId: 'h-1' }));
  value(await t.call(disp, 'records:place-hold', { target: { kind: 'hit', hitId: 'h-2' }, caseNumber: 'C-100', reason: 'Evidence in a burglary case' }));
  const heldDay = daysAgo(380).slice(0, 10);
  value(await t.call(sup, 'records:place-hold', { target: { kind: 'plate', plate: '3PLATE3', from: heldDay, to: heldDay }, caseNumber: 'C-101', reason: 'Discovery request' }));
  // Every table that names a hit (other domains add theirs: shift log, OCR ...).
  const hitTables = (core.db.prepare("SELECT m.name FROM sqlite_master m WHERE m.type = 'table' AND EXISTS (SELECT 1 FROM pragma_table_info(m.name) c WHERE c.name = 'hit_id')").all() as { name: string }[])
    .map((r) => r.name)
    .filter((n) => !['legal_holds'].includes(n));
  const rowsOf = (ids: string) => hitTables.filter((n) => n !== 'hit_images').reduce((sum, n) => sum + (core.db.prepare(`SELECT count(*) AS n FROM ${n} WHERE hit_id IN (${ids})`).get() as { n: number }).n, 0);
  const related = rowsOf("'h-1', 'h-4'");
  assert.ok(related >= 3, 'two hotlist matches and a workflow step at least');
  const auditBefore = (core.db.prepare('SELECT count(*) AS n FROM audit_log').get() as { n: number }).n;

  const run = value<Run>(await t.call(sup, 'records:purge-now', {}));
  assert.deepEqual({ hits: run.hits, images: run.images, keptByHold: run.keptByHold, trigger: run.trigger, error: run.error }, { hits: 2, images: 4, keptByHold: 2, trigger: 'manual', error: null });
  assert.equal(run.relatedRows, related);

  const left = (core.db.prepare('SELECT id FROM hits ORDER BY id').all() as { id: string }[]).map((r) => r.id);
  assert.deepEqual(left, ['h-2', 'h-3', 'h-5', 'h-6', 'h-7']);
  for (const table of hitTables) {
    const n = (core.db.prepare(`SELECT count(*) AS n FROM ${table} WHERE hit_id IN ('h-1', 'h-4')`).get() as { n: number }).n;
    assert.equal(n, 0, `${table} rows of purged hits`);
  }
  assert.equal((core.db.prepare("SELECT count(*) AS n FROM hit_images WHERE hit_id = 'h-2'").get() as { n: number }).n, 2, 'a held hit keeps its images');

  // Every audit record is still there (the lookup of the purged hit included) plus the purge's own.
  const auditAfter = core.db.prepare('SELECT action, data, outcome FROM audit_log ORDER BY seq').all() as { action: string; data: string; outcome: string }[];
  assert.equal(auditAfter.length, auditBefore + 1);
  assert.ok(auditAfter.some((r) => r.action === 'hits:open' && r.data.includes('h-1')));
  const purge = auditAfter.at(-1)!;
  assert.equal(purge.action, 'records.purge');
  const data = JSON.parse(purge.data) as Record<string, unknown>;
  assert.deepEqual(Object.keys(data).sort(), ['cutoff', 'hits', 'images', 'keptByHold', 'relatedRows', 'retentionDays', 'run', 'trigger']);
  for (const secret of ['1OLD001', '3PLATE3', 'h-1', 'h-4']) assert.ok(!purge.data.includes(secret), `the purge record names ${secret}`);

  const state = value<{ lastRun: Run | null }>(await t.call(sup, 'records:retention', {}));
  assert.equal(state.lastRun?.hits, 2);

  await core.close();
  const report = await verifyAudit({ dataDir: t.dataDir, workers: 1 });
  assert.equal(report.ok, true, report.problems.join('; '));
  // The purged image is not left in the database file or its log.
  for (const file of ['console.sqlite', 'console.sqlite-wal']) {
    const p = path.join(t.dataDir, file);
    if (fs.existsSync(p)) assert.equal(fs.readFileSync(p).indexOf(MARKER.subarray(0, 64)), -1, `image bytes left in ${file}`);
  }
});

test('a released hold no longer keeps its hit; only supervisors and admins release, with a reason', async () => {
  const t = await freshCore();
  t.core.hits.insertBatch('test-hub', [hit('h-7', '7HOLD07', daysAgo(400))]);
  arrivedWhenRead(t.core);
  const disp = await t.session('disp', 'dispatcher');
  const sup = await t.session('sup', 'supervisor');
  const { hold } = value<{ hold: { id: number } }>(await t.call(disp, 'records:place-hold', { target: { kind: 'hit', hitId: 'h-7' }, caseNumber: 'C-7', reason: 'Evidence' }));
  assert.equal(value<Run>(await t.call(sup, 'records:purge-now', {})).keptByHold, 1);
  assert.ok(t.core.hits.exists('h-7'));

  const refused = await t.call(disp, 'records:release-hold', { holdId: hold.id, reason: 'done' });
  assert.equal(refused.ok ? 'ok' : refused.error.code, 'forbidden');
  const noReason = await t.call(sup, 'records:release-hold', { holdId: hold.id, reason: '  ' });
  assert.equal(noReason.ok ? 'ok' : noReason.error.code, 'invalid-input');
  assert.ok(t.core.hits.exists('h-7'), 'nothing changed on refusals');

  const released = value<{ hold: { releasedBy: string; releaseReason: string } }>(await t.call(sup, 'records:release-hold', { holdId: hold.id, reason: 'Case closed, court order 22-41' }));
  assert.match(released.hold.releasedBy, /sup/);
  assert.equal(released.hold.releaseReason, 'Case closed, court order 22-41');
  const again = await t.call(sup, 'records:release-hold', { holdId: hold.id, reason: 'again' });
  assert.equal(again.ok ? 'ok' : again.error.code, 'conflict');
  assert.equal(t.audit('records.hold-release').filter((r) => r.outcome === 'ok').length, 1);

  assert.equal(value<Run>(await t.call(sup, 'records:purge-now', {})).hits, 1);
  assert.equal(t.core.hits.exists('h-7'), false);
  await t.core.close();
});

test('admins set the period, never below 365 days; others may not', async () => {
  const t = await freshCore();
  const admin = await t.session('boss', 'admin');
  const sup = await t.session('sup', 'supervisor');
  const low = await t.call(admin, 'records:set-retention', { retentionDays: 180 });
  assert.equal(low.ok, false);
  if (!low.ok) assert.match([low.error.message, ...(low.error.details ?? [])].join(' '), /at least 365 days/);
  const bySup = await t.call(sup, 'records:set-retention', { retentionDays: 400 });
  assert.equal(bySup.ok ? 'ok' : bySup.error.code, 'forbidden');
  assert.equal(value<{ retentionDays: number }>(await t.call(sup, 'records:retention', {})).retentionDays, 365);

  value(await t.call(admin, 'records:set-retention', { retentionDays: 730 }));
  assert.deepEqual(t.audit('records.retention-change').map((r) => r.data), [{ before: 365, after: 730 }]);
  t.core.hits.insertBatch('test-hub', [hit('h-8', '8KEEP08', daysAgo(400))]);
  assert.equal(value<Run>(await t.call(sup, 'records:purge-now', {})).hits, 0, 'kept two years now');
  assert.ok(t.core.hits.exists('h-8'));
  await t.core.close();
});

test('a console that was off for more than a day purges at start; within a day it does not', async () => {
  const t = await authCore();
  // The first start ran the purge (never run before): nothing to remove, on file only.
  await waitFor('the start-up purge', () => t.core.db.prepare("SELECT 1 FROM retention_runs WHERE trigger = 'start'").get());
  assert.equal(t.audit('records.purge').length, 0, 'a scheduled run that removed nothing writes no audit record');
  t.core.hits.insertBatch('test-hub', [hit('h-9', '9OLD009', daysAgo(366)), hit('h-10', '1NEW010', daysAgo(300))]);
  arrivedWhenRead(t.core);
  await t.core.close();

  const reopen = (at: number) =>
    Core.open({ dataDir: t.dataDir, workstationId: 'ws-auth', hub: null, mode: 'headless', version: '0-test', agencyName: 'Test PD', now: () => new Date(at) });
  const sameDay = await reopen(NOW + 3600_000);
  await new Promise((r) => setTimeout(r, 200));
  assert.ok(sameDay.hits.exists('h-9'), 'not due again within a day');
  await sameDay.close();

  const later = await reopen(NOW + 2 * DAY);
  await waitFor('the purge at start', () => !later.hits.exists('h-9'));
  assert.ok(later.hits.exists('h-10'));
  const rec = later.db.prepare("SELECT actor, data FROM (SELECT username AS actor, data FROM audit_log WHERE action = 'records.purge')").all() as { actor: string | null; data: string }[];
  assert.equal(rec.length, 1);
  assert.equal(rec[0]!.actor, null, 'the schedule, not a person');
  assert.equal((JSON.parse(rec[0]!.data) as { trigger: string; hits: number }).hits, 1);
  await later.close();
});

test('an old read whose hit arrived lately is kept while the hit is open, and goes once it has ended', async () => {
  const t = await freshCore();
  const sup = await t.session('sup', 'supervisor');
  // Retroactive hits on reads 360 days old, raised today; the console is 10 days later.
  t.core.hits.insertBatch('test-hub', [hit('h-11', '1RETRO1', daysAgo(370)), hit('h-12', '2RETRO2', daysAgo(370))]);
  t.core.db.prepare('UPDATE hits SET stored_at = ?').run(daysAgo(10));
  t.core.db.prepare("UPDATE hits SET ended_at = ?, status = 'misread', disposition = 'misread' WHERE id = 'h-12'").run(daysAgo(9));
  assert.equal(value<Run>(await t.call(sup, 'records:purge-now', {})).hits, 1);
  assert.ok(t.core.hits.exists('h-11'), 'still being worked: kept');
  assert.equal(t.core.hits.exists('h-12'), false, 'ended: purged with its read');
  // An open hit is not kept for ever: a period after it arrived, it goes too.
  t.core.db.prepare("UPDATE hits SET stored_at = ? WHERE id = 'h-11'").run(daysAgo(366));
  assert.equal(value<Run>(await t.call(sup, 'records:purge-now', {})).hits, 1);
  assert.equal(t.core.hits.exists('h-11'), false);
  await t.core.close();
});
