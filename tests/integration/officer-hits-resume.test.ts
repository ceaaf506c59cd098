import assert from 'node:assert/strict';
import path from 'node:path';
import { test } from 'node:test';
import Database from 'better-sqlite3';
import { RETROACTIVE_HITS_MAX } from '../../electron/contract/hub';
import { openHubStore, type NewRead } from '../../electron/hub/store';
import { TRAINING_SITES } from '../../electron/hub/training/city';
import { startCli } from '../helpers/processes';
import { tempDir } from '../helpers/tmp';
import type { Hub } from '../../electron/hub/server';
import { connectAcking, DISPATCHER, record, startTestHub, until, type Json } from './hub-fixtures';

const HOUR = 3_600_000;

/** `count` reads of one plate, an hour apart, the newest first. */
function readsOf(plate: string, count: number): NewRead[] {
  const now = Date.now();
  return Array.from({ length: count }, (_, i) => ({
    plate,
    state: 'CA',
    cameraId: TRAINING_SITES[i % TRAINING_SITES.length]!.id,
    capturedAt: now - (i + 1) * HOUR,
    confidence: 0.93,
  }));
}

function entryFor(id: string, plate: string) {
  return {
    id,
    plate,
    state: 'CA',
    list: 'Local BOLO',
    reason: 'Vehicle seen leaving a burglary',
    priority: 'high',
    expiresAt: new Date(Date.now() + 7 * 24 * HOUR).toISOString(),
    caseNumber: 'PA-26-0131',
  };
}

/** What the stopped hub's database holds: officer hits stored and still to raise, per entry. */
function heldAfterStop(dataDir: string, entryId: string): { stored: number; pending: number } {
  const db = new Database(path.join(dataDir, 'hub.sqlite'), { readonly: true });
  try {
    const stored = db.prepare<[string], { n: number }>('SELECT count(*) AS n FROM hits WHERE id LIKE ?').get(`RETRO-${entryId}-%`)!.n;
    const pending = db
      .prepare<[string], { n: number }>('SELECT count(*) AS n FROM officer_hits_pending WHERE entry_id = ?')
      .get(entryId)!.n;
    return { stored, pending };
  } finally {
    db.close();
  }
}

test('retroactive hits a stopped hub had not raised yet are raised when it starts again, each once', async (t) => {
  const dataDir = tempDir('alpr-hub-');
  let hub = await startTestHub({ dataDir });
  const wanted = readsOf('8XYZ123', 40);
  await hub.store.addReads([...wanted, ...readsOf('4KLM567', 3)]);
  const ws = await connectAcking(hub);
  const ack = await ws.emitWithAck('hotlist:add', { entry: entryFor('BOLO-31', '8XYZ123'), user: DISPATCHER });
  assert.equal(ack.ok, true, JSON.stringify(ack));
  assert.equal(ack.retroactiveHits, RETROACTIVE_HITS_MAX);
  // Stopped right after its answer, while it raises the hits one at a time.
  ws.close();
  await hub.close();
  const before = heldAfterStop(dataDir, 'BOLO-31');
  assert.ok(before.pending > 0, `the hub was stopped with hits left to raise (${JSON.stringify(before)})`);
  assert.equal(before.stored + before.pending, RETROACTIVE_HITS_MAX, 'every hit is either stored or written down');

  hub = await startTestHub({ dataDir });
  t.after(() => hub.close());
  let hits: Json[] = [];
  const console2 = await connectAcking(hub, {}, (s) => (hits = record(s, 'hit')));
  t.after(() => console2.close());
  await until(async () => (await hub.store.pendingOfficerHits()).length === 0, 30_000, 'the rest to be raised');
  await until(() => hits.length === RETROACTIVE_HITS_MAX, 10_000, 'every retroactive hit at the console');
  const ids = hits.map((h) => h.id as string);
  assert.equal(new Set(ids).size, RETROACTIVE_HITS_MAX, 'each hit once');
  assert.ok(ids.every((id) => id.startsWith('RETRO-BOLO-31-')), ids.join(' '));
  assert.ok(hits.every((h) => h.retroactive === true && h.read.plate === '8XYZ123'));
  assert.deepEqual(
    hits.map((h) => Date.parse(h.capturedAt)).sort(),
    wanted.slice(0, RETROACTIVE_HITS_MAX).map((r) => r.capturedAt).sort(),
    'the newest 25 reads, as the answer before the stop promised',
  );
});

test('hits left to raise for an entry removed while the hub was down are dropped, with a log line', async () => {
  const dataDir = tempDir('alpr-hub-');
  let hub = await startTestHub({ dataDir });
  await hub.store.addReads(readsOf('6PQR890', 30));
  const ws = await connectAcking(hub);
  const ack = await ws.emitWithAck('hotlist:add', { entry: entryFor('BOLO-32', '6PQR890'), user: DISPATCHER });
  assert.equal(ack.retroactiveHits, RETROACTIVE_HITS_MAX);
  ws.close();
  await hub.close();
  const before = heldAfterStop(dataDir, 'BOLO-32');
  assert.ok(before.pending > 0, JSON.stringify(before));

  // Taken off the list (as hotlist:remove does) before the hub starts again.
  const store = openHubStore(dataDir);
  const at = new Date().toISOString();
  await store.removeHotlistEntry('BOLO-32', { user: DISPATCHER, workstationId: 'ws-01', at, reason: 'Vehicle recovered' });
  await store.close();

  const lines: string[] = [];
  hub = await startTestHub({ dataDir, log: (line: string) => lines.push(line) });
  try {
    await until(() => lines.some((l) => /officer hit\(s\) left to raise/.test(l)), 10_000, 'the resume log line');
    assert.deepEqual(await hub.store.pendingOfficerHits(), []);
    assert.ok(lines.some((l) => l.includes(`${before.pending} dropped (entry no longer in force`)), lines.join('\n'));
    await new Promise((r) => setTimeout(r, 200));
    assert.equal(await hub.store.hitCount(), before.stored, 'nothing raised for a removed entry');
  } finally {
    await hub.close();
  }
});

test('an entry removed while its retroactive hits are being raised raises no more of them', async (t) => {
  const lines: string[] = [];
  const hub = await startTestHub({ dataDir: tempDir('alpr-hub-'), log: (line: string) => lines.push(line) });
  t.after(() => hub.close());
  await hub.store.addReads(readsOf('7WRONG1', 30));
  const ws = await connectAcking(hub);
  t.after(() => ws.close());
  const ack = await ws.emitWithAck('hotlist:add', { entry: entryFor('BOLO-33', '7WRONG1'), user: DISPATCHER });
  assert.equal(ack.retroactiveHits, RETROACTIVE_HITS_MAX);
  // Entered in error: taken off the list at once.
  const removed = await ws.emitWithAck('hotlist:remove', { id: 'BOLO-33', reason: 'Entered in error', user: DISPATCHER });
  assert.equal(removed.ok, true, JSON.stringify(removed));
  const atRemoval = await hub.store.hitCount();
  assert.ok(atRemoval < RETROACTIVE_HITS_MAX, `the removal came while hits were still being raised (${atRemoval} stored)`);
  await until(async () => (await hub.store.pendingOfficerHits()).length === 0, 10_000, 'the rest dropped');
  await new Promise((r) => setTimeout(r, 300));
  assert.ok((await hub.store.hitCount()) <= atRemoval + 1, 'at most the hit being raised at the removal');
  assert.ok(lines.some((l) => /BOLO-33 \(7WRONG1\) is no longer in force; \d+ hit\(s\) not raised/.test(l)), lines.join('\n'));
});

test('a hub killed (SIGKILL) right after it answered hotlist:add raises every retroactive hit when it starts again', async (t) => {
  const dataDir = tempDir('alpr-hub-');
  const wanted = readsOf('5DEF246', 30);
  const store = openHubStore(dataDir);
  await store.addReads(wanted);
  await store.close();
  const startProcess = () =>
    startCli('electron/hub/cli.ts', ['--port', '0', '--data', dataDir], /^hub ready (http:\/\/127\.0\.0\.1:\d+)$/, {
      ALPR_HUB_TOKENS: 'ws-01=secret1',
    });
  const first = await startProcess();
  t.after(() => first.stop('SIGKILL'));
  const ws = await connectAcking({ url: first.url } as Hub);
  const ack = await ws.emitWithAck('hotlist:add', { entry: entryFor('BOLO-33', '5DEF246'), user: DISPATCHER });
  assert.equal(ack.retroactiveHits, RETROACTIVE_HITS_MAX, JSON.stringify(ack));
  await first.stop('SIGKILL');
  ws.close();
  const before = heldAfterStop(dataDir, 'BOLO-33');
  assert.ok(before.pending > 0, JSON.stringify(before));
  assert.equal(before.stored + before.pending, RETROACTIVE_HITS_MAX);

  const second = await startProcess();
  t.after(() => second.stop());
  let hits: Json[] = [];
  const console2 = await connectAcking({ url: second.url } as Hub, {}, (s) => (hits = record(s, 'hit')));
  t.after(() => console2.close());
  await until(() => hits.length === RETROACTIVE_HITS_MAX, 30_000, 'every retroactive hit after the restart');
  assert.equal(new Set(hits.map((h) => h.id)).size, RETROACTIVE_HITS_MAX, 'each once');
  assert.ok(second.output.some((l) => l.includes(`hub: ${before.pending} officer hit(s) left to raise by the last run`)), second.output.join('\n'));
});
