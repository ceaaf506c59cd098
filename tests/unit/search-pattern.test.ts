/**
 * Wildcard semantics, property-style: for random patterns over random plates, the SQL the
 * console (core/search/pattern.ts) and the hub (hub/reads/pattern.ts) run selects exactly the
 * plates the regular-expression reading of the pattern accepts (`?` one character, `*` any run).
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import Database from 'better-sqlite3';
import { patternToGlob, patternToRegExp, plateCondition } from '../../electron/core/search/pattern';
import { normalizePlatePattern, officerEntryInputSchema, plateSearchInputSchema } from '../../electron/contract/search';
import { patternRegExp, planPattern, reversePlate } from '../../electron/hub/reads/pattern';
import { sqliteReadSource } from '../../electron/hub/reads/source';
import { READS_INDEXES_SQL, READS_TABLE_SQL } from '../../electron/hub/reads/schema';
import { mulberry32 } from '../../electron/hub/training/random';

// A small alphabet makes collisions (and so real matches) common.
const ALPHABET = 'AB01';
function randomPlate(rand: () => number): string {
  const n = 1 + Math.floor(rand() * 7);
  let p = '';
  for (let i = 0; i < n; i++) p += ALPHABET[Math.floor(rand() * ALPHABET.length)];
  return p;
}
function randomPattern(rand: () => number): string {
  const n = 1 + Math.floor(rand() * 6);
  let p = '';
  for (let i = 0; i < n; i++) {
    const r = rand();
    p += r < 0.2 ? '?' : r < 0.35 ? '*' : ALPHABET[Math.floor(rand() * ALPHABET.length)];
  }
  return p.replace(/\*{2,}/g, '*');
}

test('console: plateCondition over an indexed hits table selects exactly what the regex accepts', () => {
  const rand = mulberry32(42);
  const db = new Database(':memory:');
  db.exec('CREATE TABLE hits (id INTEGER PRIMARY KEY, read_plate TEXT NOT NULL); CREATE INDEX hits_by_plate ON hits (read_plate)');
  const plates = Array.from({ length: 3000 }, () => randomPlate(rand));
  const insert = db.prepare('INSERT INTO hits (read_plate) VALUES (?)');
  db.transaction(() => plates.forEach((p) => insert.run(p)))();
  let nonEmpty = 0;
  for (let i = 0; i < 400; i++) {
    const pattern = randomPattern(rand);
    const cond = plateCondition('read_plate', pattern);
    const got = (db.prepare(`SELECT id FROM hits WHERE ${cond.sql} ORDER BY id`).all(cond.params) as { id: number }[]).map((r) => r.id);
    const re = patternToRegExp(pattern);
    const want = plates.flatMap((p, k) => (re.test(p) ? [k + 1] : []));
    assert.deepEqual(got, want, pattern);
    if (want.length) nonEmpty++;
  }
  assert.ok(nonEmpty > 100, `most patterns match something (${nonEmpty})`);
});

test('console: an exact plate or a pattern with a literal head is answered from the plate index, not a scan', () => {
  const db = new Database(':memory:');
  db.exec('CREATE TABLE hits (id INTEGER PRIMARY KEY, read_plate TEXT NOT NULL, captured_at TEXT); CREATE INDEX hits_by_plate ON hits (read_plate, captured_at)');
  const plan = (pattern: string) => {
    const c = plateCondition('read_plate', pattern);
    return (db.prepare(`EXPLAIN QUERY PLAN SELECT id FROM hits WHERE ${c.sql}`).all(c.params) as { detail: string }[]).map((r) => r.detail).join('; ');
  };
  assert.match(plan('7AB*'), /SEARCH hits USING COVERING INDEX hits_by_plate \(read_plate>\? AND read_plate<\?\)/);
  assert.match(plan('7ABC123'), /SEARCH hits USING COVERING INDEX hits_by_plate \(read_plate=\?\)/);
});

test('GLOB escaping: the only other GLOB special, [, matches itself', () => {
  const db = new Database(':memory:');
  assert.equal(patternToGlob('A[B]*'), 'A[[]B]*');
  const matches = (text: string, pattern: string) => (db.prepare('SELECT ? GLOB ? AS m').get(text, patternToGlob(pattern)) as { m: number }).m === 1;
  assert.equal(matches('A[B]C', 'A[B]*'), true);
  assert.equal(matches('ABC', 'A[B]*'), false, 'not a character class');
  assert.equal(patternToRegExp('A[B]*').test('A[B]C'), true);
  assert.equal(patternToRegExp('A.B').test('AXB'), false, 'regex specials are literal');
});

test('hub: planPattern over both read indexes selects exactly what the regex accepts, with state filters', async () => {
  const rand = mulberry32(7);
  const db = new Database(':memory:');
  db.exec(READS_TABLE_SQL);
  db.exec(READS_INDEXES_SQL);
  const rows = Array.from({ length: 3000 }, (_, k) => ({ plate: randomPlate(rand), state: rand() < 0.5 ? 'CA' : 'NV', at: k }));
  const insert = db.prepare('INSERT INTO reads (plate, plate_rev, state, camera_id, captured_at, confidence) VALUES (?, ?, ?, ?, ?, 0.9)');
  db.transaction(() => rows.forEach((r) => insert.run(r.plate, reversePlate(r.plate), r.state, 'cam', r.at)))();
  const source = sqliteReadSource(db);
  for (let i = 0; i < 300; i++) {
    const pattern = randomPattern(rand);
    const state = i % 3 === 0 ? 'CA' : null;
    const { rows: got, total } = await source.find(planPattern(pattern), { state }, 5000);
    const re = patternRegExp(pattern);
    assert.deepEqual(re.source, patternToRegExp(pattern).source.replace(/\\/g, ''), 'both sides read a pattern the same way');
    const want = rows.filter((r) => re.test(r.plate) && (!state || r.state === state));
    assert.equal(total, want.length, pattern);
    assert.deepEqual(got.map((r) => r.captured_at).sort((a, b) => a - b), want.map((r) => r.at), pattern);
  }
});

test('input: patterns are normalised and checked; bad ones are refused with the reason', () => {
  assert.equal(normalizePlatePattern(' 7ab-c ** '), '7ABC*');
  const purpose = { purposeId: 1, caseNumber: 'X' };
  assert.equal(plateSearchInputSchema.parse({ pattern: '7ab c?', purpose }).pattern, '7ABC?');
  for (const bad of ['7', '**', '7$AB', '?*?', '7ABCDEFGHJKL']) {
    assert.equal(plateSearchInputSchema.safeParse({ pattern: bad, purpose }).success, false, bad);
  }
  const entry = { list: 'Local BOLO', reason: 'r', priority: 'high', expiresAt: '2026-12-01T00:00:00Z' };
  assert.equal(officerEntryInputSchema.safeParse({ ...entry, plate: '7A*' }).success, false, 'an entry needs 3 plate characters');
  assert.equal(officerEntryInputSchema.safeParse({ ...entry, plate: '7A?C*' }).success, true);
  assert.equal(officerEntryInputSchema.safeParse({ ...entry, plate: '7ABC', list: 'Made up' }).success, false);
});
