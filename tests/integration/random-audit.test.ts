// Issue 6 item 10, random audits, at the core with a real SQLite file holding thousands of
// audit records: the draw respects its period, size and criteria, never includes the
// auditor's own lookups, draws every record with equal chance and none twice, and replays
// from its stored seed; findings are required before closing, a closed audit is final and
// kept; admins and dispatchers are refused (and audited); every step writes its audit record;
// the report exports as CSV and PDF with the findings.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import type { RandomAudit } from '../../electron/contract';
import type { Actor } from '../../electron/core/audit/log';
import { authCore, PASSWORD, type AuthCore } from '../helpers/auth-core';
import { TRAINED } from '../helpers/clearance';
import { readPdf } from '../helpers/pdf-text';
import { drawSample, newSeed } from '../../electron/core/random-audit/sample';

const MIN = 60_000;
let a: AuthCore;
let aud: string;
let aud2: string;
let sup: string;
/** The generated lookups: seq, time, user, action, outcome. */
const made: { seq: number; at: string; username: string; action: string; outcome: string }[] = [];
let periodStart: string;
let periodEnd: string;

function actor(username: string): Actor {
  const u = a.core.db.prepare('SELECT id, username, display_name AS displayName FROM users WHERE username = ?').get(username) as { id: number; username: string; displayName: string };
  return { userId: u.id, username: u.username, displayName: u.displayName, badge: null, agency: null };
}

type Ok<T> = { ok: true; value: T };
async function ok<T>(p: Promise<unknown>): Promise<T> {
  const r = (await p) as { ok: boolean; value?: T; error?: unknown };
  assert.ok(r.ok, JSON.stringify(r));
  return (r as Ok<T>).value;
}
const recordsSince = (seq: number) =>
  (a.core.db.prepare('SELECT action, outcome, username, purpose, case_number AS caseNumber, data FROM audit_log WHERE seq > ? ORDER BY seq').all(seq) as { action: string; outcome: string; username: string; purpose: string | null; caseNumber: string | null; data: string }[]).map((r) => ({ ...r, data: JSON.parse(r.data) as Record<string, unknown> }));
const head = () => a.core.db.prepare('SELECT max(seq) FROM audit_log').pluck().get() as number;

before(async () => {
  a = await authCore({ agencyName: 'San Jose Police Department' });
  const roles = { aud: 'auditor', aud2: 'auditor', sup: 'supervisor', disp1: 'dispatcher', disp2: 'dispatcher', adm: 'admin' } as const;
  for (const [username, role] of Object.entries(roles)) {
    await a.core.users.create({ username, password: PASSWORD, displayName: `${username} name`, role, trainingDate: TRAINED });
  }
  // 3,000 lookups, one a minute, by five people; one in ten refused.
  a.clock.advance(60 * MIN);
  periodStart = new Date(a.clock.t).toISOString();
  const people = ['disp1', 'disp2', 'aud', 'sup', 'adm'];
  const actions = ['hits:open', 'search.plates', 'shiftlog.view', 'audit.export'];
  a.core.db.transaction(() => {
    for (let i = 0; i < 3000; i++) {
      a.clock.advance(MIN);
      const username = people[i % people.length]!;
      const action = actions[i % actions.length]!;
      const outcome = i % 10 === 9 ? 'refused' : 'granted';
      const rec = a.core.audit.append({ action, outcome, actor: actor(username), ip: '10.1.1.1', purpose: outcome === 'granted' ? 'Serial-crime investigation' : null, caseNumber: `C-${i}`, data: { plate: `7ABC${String(i % 1000).padStart(3, '0')}` } });
      made.push({ seq: rec.seq, at: rec.at, username, action, outcome });
    }
  })();
  a.clock.advance(MIN);
  periodEnd = new Date(a.clock.t).toISOString();
  a.clock.advance(60 * MIN);
  // Signed in after the clock has moved on, so no session is locked for inactivity.
  aud = await a.session('aud', 'auditor');
  aud2 = await a.session('aud2', 'auditor');
  sup = await a.session('sup', 'supervisor');
});

after(async () => {
  await a.core.close();
});

test('a draw takes the size asked for, in the period, granted lookups only, none of the auditor\'s own, none twice; the seed replays it', async () => {
  // The middle third of the period.
  const from = made[1000]!.at;
  const to = made[2000]!.at;
  const before = head();
  const drawn = await ok<RandomAudit>(a.call(aud, 'audits:draw', { from, to, size: 120 }));
  assert.equal(drawn.items.length, 120);
  assert.equal(drawn.audit.drawn, 120);
  assert.equal(drawn.audit.status, 'open');
  const eligible = made.filter((m) => m.at >= from && m.at < to && m.outcome === 'granted' && m.username !== 'aud');
  assert.equal(drawn.audit.population, eligible.length);
  const bySeq = new Map(made.map((m) => [m.seq, m]));
  const seqs = drawn.items.map((i) => i.seq);
  assert.equal(new Set(seqs).size, 120, 'no record twice');
  for (const it of drawn.items) {
    const m = bySeq.get(it.seq);
    assert.ok(m, `seq ${it.seq} is one of the generated lookups`);
    assert.ok(m.at >= from && m.at < to, `in the period: ${m.at}`);
    assert.equal(m.outcome, 'granted');
    assert.notEqual(it.username, 'aud', "never the auditor's own");
    assert.equal(it.caseNumber, `C-${made.indexOf(m)}`);
    assert.equal(it.finding, null);
  }
  // The stored seed and the population replay the same sample, in draw order.
  const stored = a.core.db.prepare('SELECT seq FROM random_audit_items WHERE audit_id = ? ORDER BY ord').pluck().all(drawn.audit.id) as number[];
  assert.deepEqual(drawSample(drawn.seed, eligible.map((m) => m.seq), 120), stored);
  // One record of the draw, granted, for audit administration, naming the sample.
  const recs = recordsSince(before);
  assert.equal(recs.length, 1);
  assert.equal(recs[0]!.action, 'random-audit.draw');
  assert.equal(recs[0]!.outcome, 'granted');
  assert.equal(recs[0]!.purpose, 'Audit / administration');
  assert.equal(recs[0]!.caseNumber, null);
  assert.deepEqual(recs[0]!.data.seqs, stored);
});

test('filters: an action and a user narrow the population; asking for more than there are draws them all', async () => {
  const drawn = await ok<RandomAudit>(a.call(aud, 'audits:draw', { from: periodStart, to: periodEnd, size: 500, actions: ['hits:open'], username: 'disp1' }));
  const eligible = made.filter((m) => m.action === 'hits:open' && m.username === 'disp1' && m.outcome === 'granted');
  assert.ok(eligible.length > 0 && eligible.length < 500, `${eligible.length}`);
  assert.equal(drawn.items.length, eligible.length);
  assert.deepEqual(drawn.items.map((i) => i.seq).sort((x, y) => x - y), eligible.map((m) => m.seq));
  // Refused lookups only when asked for.
  const refused = await ok<RandomAudit>(a.call(aud, 'audits:draw', { from: periodStart, to: periodEnd, size: 10, outcomes: ['refused'] }));
  assert.ok(refused.items.every((i) => i.outcome === 'refused'));
});

test("a supervisor's draw leaves out the supervisor's own lookups; asking for them is refused and audited", async () => {
  const drawn = await ok<RandomAudit>(a.call(sup, 'audits:draw', { from: periodStart, to: periodEnd, size: 500 }));
  assert.equal(drawn.items.length, 500);
  assert.ok(drawn.items.every((i) => i.username !== 'sup'));
  assert.ok(drawn.items.some((i) => i.username === 'aud'), "another auditor's lookups are in scope");
  const before = head();
  const r = await a.call(sup, 'audits:draw', { from: periodStart, to: periodEnd, size: 5, username: 'sup' });
  assert.equal(r.ok, false);
  if (!r.ok) assert.equal(r.error.code, 'forbidden');
  const recs = recordsSince(before);
  assert.equal(recs.length, 1);
  assert.deepEqual([recs[0]!.action, recs[0]!.outcome], ['random-audit.draw', 'refused']);
});

test('every record of the population can be drawn, with about equal chance', async () => {
  // At the core: 60 draws of 3 from 11 lookups draw each of the 11 (a miss has chance (8/11)^60).
  const from = made[500]!.at;
  const to = made[512]!.at;
  const pop = made.filter((m) => m.at >= from && m.at < to && m.outcome === 'granted' && m.username !== 'aud2').map((m) => m.seq);
  assert.equal(pop.length, 11);
  const seen = new Set<number>();
  for (let i = 0; i < 60; i++) {
    const d = await ok<RandomAudit>(a.call(aud2, 'audits:draw', { from, to, size: 3 }));
    assert.equal(new Set(d.items.map((x) => x.seq)).size, 3);
    for (const it of d.items) seen.add(it.seq);
  }
  assert.deepEqual([...seen].sort((x, y) => x - y), pop);
  // The draw itself: 20,000 samples of 5 from 20, each member drawn 5,000 times give or take
  // (standard deviation about 61): a bias of a tenth would show.
  const counts = new Array<number>(20).fill(0);
  const members = Array.from({ length: 20 }, (_, i) => i);
  for (let i = 0; i < 20_000; i++) for (const x of drawSample(newSeed(), members, 5)) counts[x]!++;
  for (const c of counts) assert.ok(c > 4600 && c < 5400, `counts ${counts.join(' ')}`);
});

test('bad input is refused, audited and stores nothing; an empty period is refused', async () => {
  const audits = () => a.core.db.prepare('SELECT count(*) FROM random_audits').pluck().get() as number;
  const n = audits();
  for (const input of [
    { from: periodStart, to: periodEnd, size: 0 },
    { from: periodStart, to: periodEnd, size: 501 },
    { from: periodEnd, to: periodStart, size: 5 },
    { from: 'yesterday', to: periodEnd, size: 5 },
  ]) {
    const before = head();
    const r = await a.call(aud, 'audits:draw', input);
    assert.equal(r.ok, false, JSON.stringify(input));
    if (!r.ok) assert.equal(r.error.code, 'invalid-input');
    const recs = recordsSince(before);
    assert.deepEqual(recs.map((x) => [x.action, x.outcome]), [['random-audit.draw', 'refused']]);
  }
  const empty = await a.call(aud, 'audits:draw', { from: '2001-01-01T00:00:00Z', to: '2001-02-01T00:00:00Z', size: 5 });
  assert.equal(empty.ok, false);
  if (!empty.ok) assert.match(empty.error.message, /^no lookups by others match this period: nothing to draw$/);
  // A mistyped user or action is named in the refusal, not left to guess.
  const ghost = await a.call(aud, 'audits:draw', { from: '2001-01-01T00:00:00Z', to: '2030-02-01T00:00:00Z', size: 5, username: 'nobody-here' });
  assert.match(!ghost.ok ? ghost.error.message : '', /no user named nobody-here/);
  const typo = await a.call(aud, 'audits:draw', { from: '2001-01-01T00:00:00Z', to: '2030-02-01T00:00:00Z', size: 5, actions: ['search.plate'] });
  assert.match(!typo.ok ? typo.error.message : '', /the actions search\.plate: nothing to draw/);
  assert.equal(audits(), n);
});

test('findings: each recorded and audited, notes sealed at rest, required before closing; a closed audit is final and kept', async () => {
  const d = await ok<RandomAudit>(a.call(aud, 'audits:draw', { from: periodStart, to: periodEnd, size: 4 }));
  const id = d.audit.id;
  const [i1, i2, i3, i4] = d.items;
  let before = head();
  const f1 = await ok<{ audit: RandomAudit['audit'] }>(a.call(aud, 'audits:record-finding', { auditId: id, itemId: i1!.itemId, finding: 'legitimate' }));
  assert.equal(f1.audit.counts.pending, 3);
  // A violation is acted on later: it must say what was found.
  const bare = await a.call(aud, 'audits:record-finding', { auditId: id, itemId: i2!.itemId, finding: 'violation' });
  assert.equal(!bare.ok && bare.error.code, 'invalid-input');
  assert.match(!bare.ok ? (bare.error.details ?? []).join() : '', /^note: say what was found/);
  await ok(a.call(aud, 'audits:record-finding', { auditId: id, itemId: i2!.itemId, finding: 'violation', note: 'Plate looked up with no case: ask Sgt. Ruiz' }));
  await ok(a.call(aud, 'audits:record-finding', { auditId: id, itemId: i3!.itemId, finding: 'needs-follow-up', note: 'Case number unreadable' }));
  let recs = recordsSince(before);
  assert.deepEqual(recs.map((r) => [r.action, r.outcome, r.purpose]), Array(3).fill(['random-audit.finding', 'ok', 'Audit / administration']));
  assert.deepEqual(recs.map((r) => r.data.seq), [i1!.seq, i2!.seq, i3!.seq]);
  assert.equal(recs[1]!.data.finding, 'violation');
  assert.ok(!JSON.stringify(recs).includes('Sgt. Ruiz'), 'the note is not copied into the audit log');
  // Sealed at rest.
  const raw = a.core.db.prepare('SELECT note_enc FROM random_audit_items WHERE id = ?').get(i2!.itemId) as { note_enc: Buffer };
  assert.ok(raw.note_enc.length > 0 && !raw.note_enc.toString('latin1').includes('Ruiz'));

  // Another auditor may read but not record findings on it.
  before = head();
  const other = await a.call(aud2, 'audits:record-finding', { auditId: id, itemId: i4!.itemId, finding: 'legitimate' });
  assert.equal(other.ok, false);
  if (!other.ok) assert.equal(other.error.code, 'forbidden');
  // Closing with a finding missing is refused.
  const early = await a.call(aud, 'audits:close', { auditId: id, summary: 'Done' });
  assert.equal(early.ok, false);
  if (!early.ok) {
    assert.equal(early.error.code, 'conflict');
    assert.match(early.error.message, /1 sampled lookup has no finding yet/);
  }
  recs = recordsSince(before);
  assert.deepEqual(recs.map((r) => [r.action, r.outcome]), [['random-audit.finding', 'refused'], ['random-audit.close', 'refused']]);

  await ok(a.call(aud, 'audits:record-finding', { auditId: id, itemId: i4!.itemId, finding: 'legitimate', note: 'Hit confirmation' }));
  before = head();
  const closed = await ok<{ audit: RandomAudit['audit'] }>(a.call(aud, 'audits:close', { auditId: id, summary: 'One violation referred to Internal Affairs.' }));
  assert.equal(closed.audit.status, 'closed');
  assert.deepEqual(closed.audit.counts, { legitimate: 2, needsFollowUp: 1, violation: 1, pending: 0 });
  assert.equal(closed.audit.summary, 'One violation referred to Internal Affairs.');
  recs = recordsSince(before);
  assert.deepEqual(recs.map((r) => [r.action, r.outcome, r.data.violation]), [['random-audit.close', 'ok', 1]]);

  // Final: a finding cannot change, and the file refuses deletes whatever code runs.
  const late = await a.call(aud, 'audits:record-finding', { auditId: id, itemId: i1!.itemId, finding: 'violation', note: 'second thoughts' });
  assert.equal(late.ok, false);
  if (!late.ok) assert.equal(late.error.code, 'conflict');
  assert.throws(() => a.core.db.prepare('DELETE FROM random_audit_items WHERE audit_id = ?').run(id), /random audits are kept/);
  assert.throws(() => a.core.db.prepare('DELETE FROM random_audits WHERE id = ?').run(id), /random audits are kept/);
  assert.throws(() => a.core.db.prepare("UPDATE random_audit_items SET finding = 'legitimate' WHERE audit_id = ?").run(id), /cannot change/);

  // Opening it is logged, and shows the findings and notes.
  before = head();
  const opened = await ok<RandomAudit>(a.call(aud2, 'audits:open', { auditId: id }));
  assert.equal(opened.items.find((i) => i.itemId === i2!.itemId)!.note, 'Plate looked up with no case: ask Sgt. Ruiz');
  assert.deepEqual(recordsSince(before).map((r) => [r.action, r.outcome, r.username]), [['random-audit.open', 'granted', 'aud2']]);
  const listed = await ok<{ audits: RandomAudit['audit'][] }>(a.call(sup, 'audits:list', {}));
  assert.equal(listed.audits.find((x) => x.id === id)!.status, 'closed');

  // The report, as CSV and as PDF, each export logged.
  before = head();
  const csv = await ok<{ fileName: string; mime: string; text: string; rows: number }>(a.call(aud, 'audits:export', { auditId: id, format: 'csv' }));
  assert.equal(csv.mime, 'text/csv');
  assert.match(csv.fileName, new RegExp(`^random-audit-RA-${id}-\\d{4}-\\d{2}-\\d{2}\\.csv$`));
  const lines = csv.text.split('\r\n');
  assert.equal(lines[0], 'Random audit report,San Jose Police Department');
  assert.ok(lines.includes(`Period (UTC),${periodStart},${periodEnd}`), lines.slice(0, 6).join('\n'));
  assert.ok(lines.includes('Auditor,aud name (aud)'));
  assert.ok(lines.includes('Findings,legitimate 2; needs follow-up 1; violation 1; pending 0'));
  assert.ok(lines.includes('Summary,One violation referred to Internal Affairs.'));
  assert.ok(lines.some((l) => l.startsWith('Exported by,aud name (aud)')));
  const h = lines.findIndex((l) => l.startsWith('#,Seq,Record ID'));
  const rows = lines.slice(h + 1).filter(Boolean);
  assert.equal(rows.length, 4);
  assert.ok(rows.some((r) => r.includes(`,${i2!.seq},`) && r.includes(',Violation,Plate looked up with no case: ask Sgt. Ruiz,')), rows.join('\n'));
  const pdf = await ok<{ fileName: string; mime: string; data: Uint8Array }>(a.call(aud, 'audits:export', { auditId: id, format: 'pdf' }));
  assert.equal(pdf.mime, 'application/pdf');
  const text = await readPdf(pdf.data);
  const all = text.pages.flat().join('\n');
  assert.equal(text.pages[0]![0], 'San Jose Police Department');
  assert.ok(all.includes(`Random audit RA-${id}`));
  assert.match(all, /Findings: legitimate 2; needs follow-up 1; violation 1; pending 0/);
  assert.match(all, /Violation/);
  assert.match(all, /Exported by aud name \(aud\)/);
  recs = recordsSince(before);
  assert.deepEqual(recs.map((r) => [r.action, r.outcome, r.purpose, r.caseNumber, r.data.format]), [
    ['random-audit.export', 'granted', 'Audit / administration', null, 'csv'],
    ['random-audit.export', 'granted', 'Audit / administration', null, 'pdf'],
  ]);
});

test('admins and dispatchers are refused every random-audit call; the revealing ones are audited', async () => {
  const adm = await a.session('adm', 'admin');
  const disp = await a.session('disp1', 'dispatcher');
  const some = (await ok<{ audits: { id: number }[] }>(a.call(aud, 'audits:list', {}))).audits[0]!.id;
  const inputs: Record<string, unknown> = {
    'audits:list': {},
    'audits:draw': { from: periodStart, to: periodEnd, size: 5 },
    'audits:open': { auditId: some },
    'audits:record-finding': { auditId: some, itemId: 1, finding: 'legitimate' },
    'audits:close': { auditId: some, summary: 'x' },
    'audits:export': { auditId: some, format: 'csv' },
  };
  const revealing: Record<string, string> = { 'audits:draw': 'random-audit.draw', 'audits:open': 'random-audit.open', 'audits:export': 'random-audit.export' };
  for (const [session, name] of [[adm, 'adm'], [disp, 'disp1']] as const) {
    for (const [channel, input] of Object.entries(inputs)) {
      const before = head();
      const r = await a.call(session, channel, input);
      assert.equal(r.ok, false, `${channel} by ${name}`);
      if (!r.ok) assert.equal(r.error.code, 'forbidden');
      const recs = recordsSince(before);
      if (revealing[channel]) assert.deepEqual(recs.map((x) => [x.action, x.outcome, x.username]), [[revealing[channel], 'refused', name]], channel);
      else assert.equal(recs.length, 0, channel);
    }
  }
});
