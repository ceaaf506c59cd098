import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import Database from 'better-sqlite3';
import {
  RETROACTIVE_HITS_MAX,
  hotlistAddAckSchema,
  hotlistUpdatedSchema,
  readSearchAckSchema,
} from '../../electron/contract/hub';
import { openDatabase } from '../../electron/core/db/open';
import { migration0001 } from '../../electron/hub/migrations/0001-initial';
import { patternRegExp, planPattern } from '../../electron/hub/reads/pattern';
import { openHubStore, type NewRead } from '../../electron/hub/store';
import { TRAINING_SITES } from '../../electron/hub/training/city';
import { randomPlate } from '../../electron/hub/training/hotlist';
import { mulberry32 } from '../../electron/hub/training/random';
import { TRAINING_READS_FILE } from '../../electron/hub/training/reads';
import { tempDir } from '../helpers/tmp';
import {
  connectAcking,
  DISPATCHER,
  DISPATCHER2,
  postHit,
  record,
  startTestHub,
  until,
  validHit,
  type Json,
} from './hub-fixtures';

const DAY = 86_400_000;
const search = (pattern: string, extra: Json = {}) => ({
  pattern,
  purpose: 'Stolen or wanted vehicle',
  caseNumber: 'PA-26-0042',
  user: DISPATCHER,
  ...extra,
});

/** Plain reads with plates from the training shapes, some repeated, over 30 days. */
function syntheticReads(count: number, seed: number): NewRead[] {
  const rand = mulberry32(seed);
  const plates = Array.from({ length: Math.ceil(count / 4) }, () => randomPlate(rand));
  const now = Date.now();
  return Array.from({ length: count }, () => {
    const p = plates[Math.floor(rand() * plates.length)]!;
    return {
      plate: p.plate,
      state: p.state,
      cameraId: TRAINING_SITES[Math.floor(rand() * TRAINING_SITES.length)]!.id,
      capturedAt: now - Math.floor(rand() * 30 * DAY),
      confidence: 0.9,
    };
  });
}

interface Held {
  id: string;
  plate: string;
  state: string;
  at: number;
  n: number;
}

/** What a search must answer, by brute force over every read. */
function bruteForce(all: readonly Held[], pattern: string, state?: string, limit = 500) {
  const re = patternRegExp(pattern);
  const hits = all
    .filter((r) => re.test(r.plate) && (!state || r.state === state))
    .sort((a, b) => b.at - a.at || b.n - a.n);
  return { ids: hits.slice(0, limit).map((r) => r.id), total: hits.length };
}

function heldIn(file: string, prefix: string): Held[] {
  const db = new Database(file, { readonly: true });
  try {
    return db
      .prepare<[], { id: number; plate: string; state: string; captured_at: number }>('SELECT id, plate, state, captured_at FROM reads')
      .all()
      .map((r) => ({ id: `${prefix}-${r.id}`, plate: r.plate, state: r.state, at: r.captured_at, n: r.id }));
  } finally {
    db.close();
  }
}

const PATTERNS = (plates: string[]) => {
  const [a, b, c] = plates as [string, string, string];
  return [
    a, // exact
    `${a.slice(0, 3)}*`, // trailing wildcard: prefix range
    `*${b.slice(-3)}`, // leading wildcard: reversed-plate range
    `${c.slice(0, 2)}?${c.slice(3, 6)}?`, // inner and trailing ?
    `?${a.slice(1, 4)}*`, // both ends: scan
    `*${b.slice(2, 4)}*`,
    `${a.slice(0, 1)}*${a.slice(-2)}`,
    '7?C????',
    '*1?3',
    'ZZZZ9*',
  ];
};

test('reads:search answers exactly what a brute-force scan finds, over hits, plain reads and the training history', async (t) => {
  const dataDir = tempDir('alpr-hub-');
  const hub = await startTestHub({ dataDir, training: { ratePerMinute: 0.1, reads: 20_000, seed: 3 } });
  t.after(() => hub.close());
  await hub.readsSettled;
  const plain = syntheticReads(20_000, 11);
  await hub.store.addReads(plain);
  const hitId = await postHit(hub, plain[0]!.plate, (hit) => (hit.read.state = plain[0]!.state));
  const ws = await connectAcking(hub);
  t.after(() => ws.close());

  const all = [...heldIn(path.join(dataDir, 'hub.sqlite'), 'r'), ...heldIn(path.join(dataDir, TRAINING_READS_FILE), 't')];
  assert.ok(all.length > 40_000);
  const plates = [plain[0]!.plate, plain[1]!.plate, all[30_000]!.plate];
  for (const pattern of PATTERNS(plates)) {
    for (const state of [undefined, 'CA']) {
      const ack = await ws.emitWithAck('reads:search', search(pattern, state ? { state } : {}));
      assert.ok(readSearchAckSchema.safeParse(ack).success, JSON.stringify(ack).slice(0, 300));
      const expected = bruteForce(all, pattern, state);
      assert.equal(ack.total, expected.total, `${pattern} ${state ?? ''} (${planPattern(pattern).kind}): total`);
      assert.deepEqual(ack.reads.map((r: Json) => r.id), expected.ids, `${pattern} ${state ?? ''}: the newest, in order`);
      assert.equal(ack.truncated, expected.total > 500);
    }
  }
  const limited = await ws.emitWithAck('reads:search', search('*1*2', { limit: 7 }));
  assert.equal(limited.reads.length, 7);
  assert.equal(limited.truncated, true);
  assert.equal(limited.total, bruteForce(all, '*1*2').total);
  assert.deepEqual(limited.reads.map((r: Json) => r.id), bruteForce(all, '*1*2', undefined, 7).ids);

  const exact = await ws.emitWithAck('reads:search', search(plain[0]!.plate, { state: plain[0]!.state }));
  const hitRead = exact.reads.find((r: Json) => r.hitId === hitId);
  assert.ok(hitRead, 'the hit’s read is a read like any other');
  assert.equal(hitRead.hasImages, true);
  assert.deepEqual(hitRead.camera, validHit().camera);
  const plainRead = exact.reads.find((r: Json) => !r.hitId);
  assert.equal(plainRead.hasImages, false);
  const site = TRAINING_SITES.find((s) => s.id === plainRead.camera.id)!;
  assert.deepEqual(plainRead.camera, { id: site.id, name: site.name, lat: site.lat, lon: site.lon, direction: site.direction });
  assert.ok(Date.parse(plainRead.capturedAt) > Date.now() - 31 * DAY);
});

test('reads:search requires a purpose and a case number, refuses bad patterns, and logs every search', async (t) => {
  const hub = await startTestHub();
  t.after(() => hub.close());
  await hub.store.addReads(syntheticReads(500, 5));
  const ws = await connectAcking(hub);
  t.after(() => ws.close());
  const cases: [Json, RegExp][] = [
    [{ ...search('7AB*'), purpose: undefined }, /invalid reads:search: purpose: Required/],
    [search('7AB*', { purpose: '  ' }), /purpose: a search needs a purpose/],
    [{ ...search('7AB*'), caseNumber: undefined }, /caseNumber: Required/],
    [search('7AB*', { caseNumber: '' }), /caseNumber: a search needs a case number/],
    [search('7ab*'), /pattern: a plate pattern is capital letters, digits, \? \(one character\) and \* \(any run\)/],
    [search('7A**'), /pattern: write \*\* as \*/],
    [search('*7*'), /pattern: at least 2 characters that are not wildcards/],
    [search('7ABC1234567'), /at most 10 plate characters/],
    [search('7A[B]*'), /a plate pattern is capital letters/],
    [search('7AB*', { limit: 501 }), /limit: Number must be less than or equal to 500/],
    [search('7AB*', { user: undefined }), /user: Required/],
    [search('7AB*', { state: 'California' }), /state: a state is a two-letter code/],
  ];
  for (const [payload, error] of cases) {
    const ack = await ws.emitWithAck('reads:search', payload);
    assert.equal(ack.ok, false, JSON.stringify(payload));
    assert.match(ack.error, error);
  }
  const ok = await ws.emitWithAck('reads:search', search('*1*2', { state: 'CA' }));
  assert.equal(ok.ok, true);
  const log = await hub.store.searchLog();
  assert.equal(log.length, 1, 'refused payloads are not searches; the search is logged');
  assert.deepEqual(
    { ...log[0], searchedAt: 'x' },
    {
      workstation: 'ws-01',
      user: DISPATCHER,
      pattern: '*1*2',
      state: 'CA',
      purpose: 'Stolen or wanted vehicle',
      caseNumber: 'PA-26-0042',
      searchedAt: 'x',
      total: ok.total,
      outcome: 'answered',
    },
  );
});

test('training history: searches say it is still loading until it is written; a restart reuses the file', async (t) => {
  const dataDir = tempDir('alpr-hub-');
  let hub = await startTestHub({ dataDir, training: { ratePerMinute: 0.1, reads: 150_000 } });
  let ws = await connectAcking(hub);
  const early = await ws.emitWithAck('reads:search', search('*123'));
  assert.equal(early.ok, false);
  assert.match(early.error, /^read history still loading \(\d+ of 150000 reads written\); try again shortly$/);
  assert.equal(early.retryAfterMs, 2000);
  assert.ok(readSearchAckSchema.safeParse(early).success);
  assert.match((await hub.store.searchLog())[0]!.outcome, /^refused: read history still loading/);
  await hub.readsSettled;
  const ready = await ws.emitWithAck('reads:search', search('*123'));
  assert.equal(ready.ok, true);
  assert.ok(ready.total > 50, `${ready.total} reads end in 123`);
  ws.close();
  await hub.close();

  const file = path.join(dataDir, TRAINING_READS_FILE);
  const written = fs.statSync(file).mtimeMs;
  assert.equal(fs.existsSync(`${file}.tmp`), false);
  hub = await startTestHub({ dataDir, training: { ratePerMinute: 0.1, reads: 150_000 } });
  t.after(() => hub.close());
  ws = await connectAcking(hub);
  t.after(() => ws.close());
  const again = await ws.emitWithAck('reads:search', search('*123'));
  assert.equal(again.ok, true, 'searchable at once');
  assert.equal(again.total, ready.total);
  assert.equal(fs.statSync(file).mtimeMs, written, 'not written again');
});

test('hotlist:add: a partial plate is kept, announced to every console, and checked against the reads held', async (t) => {
  const hub = await startTestHub();
  t.after(() => hub.close());
  const reads = syntheticReads(5000, 9);
  await hub.store.addReads(reads);
  const ws1 = await connectAcking(hub, { workstationId: 'ws-01' });
  const ws2 = await connectAcking(hub, { workstationId: 'ws-02' });
  t.after(() => {
    ws1.close();
    ws2.close();
  });
  const updates = record(ws2, 'hotlist:updated');
  const hits = record(ws2, 'hit');
  const expiresAt = new Date(Date.now() + 7 * DAY).toISOString();
  const pattern = `${reads[0]!.plate.slice(0, 2)}?${reads[0]!.plate.slice(3, 5)}*`;
  const entry = {
    id: 'BOLO-2026-17',
    plate: pattern,
    state: reads[0]!.state,
    list: 'Local BOLO',
    reason: 'Partial plate from a witness: armed robbery at 5th & Main',
    priority: 'high',
    expiresAt,
    notes: 'Dark sedan, two occupants',
    caseNumber: 'PA-26-0099',
  };
  const ack = await ws1.emitWithAck('hotlist:add', { entry, user: DISPATCHER });
  assert.ok(hotlistAddAckSchema.safeParse(ack).success, JSON.stringify(ack));
  const expected = reads.filter((r) => patternRegExp(pattern).test(r.plate) && r.state === entry.state).length;
  assert.ok(expected > 0);
  // Every synthetic read is within the retention period: the newest (at most 25) are raised.
  const raised = Math.min(expected, RETROACTIVE_HITS_MAX);
  assert.deepEqual(ack, { ok: true, id: 'BOLO-2026-17', matchedReads: expected, retroactiveHits: raised });
  await until(() => hits.length === raised, 30_000, 'the retroactive hits');
  const newest = reads
    .filter((r) => patternRegExp(pattern).test(r.plate) && r.state === entry.state)
    .sort((a, b) => b.capturedAt - a.capturedAt)
    .slice(0, raised);
  assert.deepEqual(
    hits.map((h) => `${h.read.plate} ${Date.parse(h.capturedAt)}`).sort(),
    newest.map((r) => `${r.plate} ${r.capturedAt}`).sort(),
    'each is a held read, with its own capture time',
  );
  for (const h of hits) {
    assert.equal(h.retroactive, true);
    assert.equal(h.matches[0].reason, `${entry.reason} (partial plate ${pattern})`);
    assert.equal(h.matches[0].notes, entry.notes);
  }

  await until(() => updates.length === 1, 5000, 'hotlist:updated');
  assert.ok(hotlistUpdatedSchema.safeParse(updates[0]).success, JSON.stringify(updates[0]));
  const { enteredBy, listUpdatedAt, ...rest } = updates[0].entry;
  assert.deepEqual(rest, { ...entry, source: 'console', cleared: false });
  assert.deepEqual(enteredBy, { user: DISPATCHER, workstationId: 'ws-01', at: listUpdatedAt });
  assert.ok((await hub.store.hotlist()).some((e) => e.id === 'BOLO-2026-17' && e.plate === pattern));

  assert.deepEqual(await ws1.emitWithAck('hotlist:add', { entry, user: DISPATCHER }), ack, 'sent again: the same answer');
  await new Promise((r) => setTimeout(r, 50));
  assert.equal(updates.length, 1, 'and not announced twice');
  assert.equal(hits.length, raised, 'nor raised twice');
  const taken = await ws2.emitWithAck('hotlist:add', { entry, user: DISPATCHER2 });
  assert.equal(taken.ok, false);
  assert.match(taken.error, /entry\.id: BOLO-2026-17 is already the id of another hotlist entry/);

  const anyState = await ws1.emitWithAck('hotlist:add', { entry: { ...entry, id: undefined, state: undefined }, user: DISPATCHER });
  assert.equal(anyState.ok, true);
  assert.match(anyState.id, /^LOC-/);
  assert.equal(anyState.matchedReads, reads.filter((r) => patternRegExp(pattern).test(r.plate)).length, 'no state: every state');
});

test('hotlist:add refuses bad entries with the field at fault', async (t) => {
  const hub = await startTestHub();
  t.after(() => hub.close());
  const ws = await connectAcking(hub);
  t.after(() => ws.close());
  const entry = {
    plate: '7AB*',
    list: 'Local BOLO',
    reason: 'Suspect vehicle',
    priority: 'medium',
    expiresAt: new Date(Date.now() + DAY).toISOString(),
  };
  const cases: [Json, RegExp][] = [
    [{ entry: { ...entry, expiresAt: '2020-01-01T00:00:00Z' }, user: DISPATCHER }, /entry\.expiresAt: 2020-01-01T00:00:00\.000Z has passed/],
    [{ entry: { ...entry, expiresAt: undefined }, user: DISPATCHER }, /invalid hotlist:add: entry\.expiresAt: Required/],
    [{ entry: { ...entry, plate: '7A*' }, user: DISPATCHER }, /entry\.plate: at least 3 characters that are not wildcards/],
    [{ entry: { ...entry, plate: '7ab*' }, user: DISPATCHER }, /entry\.plate: a plate pattern is/],
    [{ entry: { ...entry, priority: 'urgent' }, user: DISPATCHER }, /entry\.priority: Invalid enum value/],
    [{ entry: { ...entry, cleared: true }, user: DISPATCHER }, /Unrecognized key\(s\) in object: 'cleared'/],
    [{ entry }, /user: Required/],
    [entry, /entry: Required/],
  ];
  for (const [payload, error] of cases) {
    const ack = await ws.emitWithAck('hotlist:add', payload);
    assert.equal(ack.ok, false, JSON.stringify(payload));
    assert.match(ack.error, error);
  }
  assert.equal((await hub.store.hotlist()).length, 0);
});

test('migration 0002 carries existing hits over: their reads become searchable and their matches hotlist entries', async (t) => {
  const dataDir = tempDir('alpr-hub-');
  const old = openDatabase(path.join(dataDir, 'hub.sqlite'), { migrations: [migration0001] });
  const { images: _images, ...hit } = validHit('5OLD123');
  old.prepare("INSERT INTO hits (seq, id, received_at, hit) VALUES (1, 'old-1', '2026-11-25T00:00:00Z', ?)").run(JSON.stringify(hit));
  old.close();
  const store = openHubStore(dataDir);
  t.after(() => store.close());
  const found = await store.reads.find(planPattern('5OLD123'), null, 10);
  assert.equal(found.total, 1);
  assert.equal(found.rows[0]!.hit_id, 'old-1');
  assert.equal(found.rows[0]!.captured_at, Date.parse(hit.capturedAt));
  assert.deepEqual(await store.cameras(['cam-07']), [hit.camera]);
  const entries = await store.hotlistForPlate('5OLD123', 'CA');
  assert.deepEqual(entries.map((e) => [e.source, e.list]), [['intake', 'SVS']]);
});
