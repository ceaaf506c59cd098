// Sharing requests and legal holds (issue 6 item 8, item 7's holds) on a real core: refusals by
// rule with their reasons, the records unit, approve/deny, exports only for approved requests
// and logged against them, the shared-with report, and who may do what.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import { PDFDocument } from 'pdf-lib';
import { authCore, callValue, type AuthCore } from '../helpers/auth-core';
import { hubHit } from '../helpers/hits';
import { waitFor } from '../helpers/wait';

type Result = Awaited<ReturnType<AuthCore['call']>>;
const value = callValue;
const code = (r: Result) => (r.ok ? 'ok' : r.error.code);

interface Req { id: number; status: string; statusReason: string | null; exports: number }
interface File { fileName: string; mime: string; content: Uint8Array; records: number }

const request = (over: Record<string, unknown> = {}) => ({
  agencyName: 'Stockton Police Department',
  agencyType: 'ca-law-enforcement',
  requesterName: 'Det. Ana Ruiz',
  requesterContact: 'aruiz@stockton.example',
  purpose: 'Robbery investigation: vehicle seen near the scene',
  caseNumber: 'SPD-26-1188',
  requestedOn: '2026-11-20',
  plates: ['7ABC123'],
  periodFrom: '2026-11-01',
  periodTo: '2026-11-24',
  ...over,
});

async function setup() {
  const t = await authCore();
  await waitFor('the start-up purge', () => t.core.db.prepare('SELECT 1 FROM retention_runs').get());
  const mk = (seq: number, plate: string, capturedAt: string) => hubHit(seq, { id: `h-${seq}`, capturedAt, read: { plate, state: 'CA', confidence: 0.9 } });
  t.core.hits.insertBatch('test-hub', [
    mk(1, '7ABC123', '2026-11-05T10:00:00Z'),
    mk(2, '7ABC123', '2026-11-24T23:59:00Z'),
    mk(3, '7ABC123', '2026-10-30T10:00:00Z'), // before the period
    mk(4, '8OTHER8', '2026-11-06T10:00:00Z'), // another plate
  ]);
  const sup = await t.session('sup', 'supervisor');
  const purpose = value<{ purposes: { id: number; label: string }[] }>(await t.call(sup, 'purposes:list', {})).purposes.find((p) => p.label === 'Serial-crime investigation')!;
  return { t, sup, purposeId: purpose.id };
}

test('requests the law forbids are refused by rule at registration, the public goes to the records unit, with reasons on file', async () => {
  const { t, sup, purposeId } = await setup();
  const cases: [string, string, RegExp][] = [
    ['out-of-state', 'refused', /1798\.90\.55\(b\).*out-of-state/],
    ['federal', 'refused', /1798\.90\.55\(b\).*federal/],
    ['private', 'refused', /1798\.90\.55\(b\).*not one/],
    ['public', 'referred', /records unit.*Public Records Act/],
    ['ca-public-other', 'referred', /records unit.*Lodi 431\.7/],
  ];
  for (const [agencyType, status, reason] of cases) {
    const { request: r } = value<{ request: Req }>(await t.call(sup, 'records:register-request', request({ agencyType, agencyName: `${agencyType} body` })));
    assert.equal(r.status, status, agencyType);
    assert.match(r.statusReason ?? '', reason, agencyType);
    // Final: no decision, no export.
    assert.equal(code(await t.call(sup, 'records:decide-request', { requestId: r.id, decision: 'approve', reason: 'try' })), 'conflict', agencyType);
    assert.equal(code(await t.call(sup, 'records:export-request', { requestId: r.id, format: 'csv', lookup: { purposeId, caseNumber: 'C-1' } })), 'conflict', agencyType);
  }
  const regs = t.audit('records.request-register');
  assert.deepEqual(regs.map((r) => [r.data.agencyType, r.outcome]), cases.map(([type, status]) => [type, status === 'refused' ? 'refused' : 'ok']));
  assert.ok(regs.every((r) => typeof r.data.rule === 'string'));
  const refusedExports = t.audit('records:export-request');
  assert.equal(refusedExports.length, cases.length);
  assert.ok(refusedExports.every((r) => r.outcome === 'refused'));
  assert.equal(t.core.db.prepare('SELECT count(*) AS n FROM sharing_exports').pluck().get(), 0);
  // The requester's name is encrypted at rest.
  assert.equal(t.core.db.prepare("SELECT count(*) FROM sharing_requests WHERE CAST(requester_name_enc AS TEXT) LIKE '%Ruiz%'").pluck().get(), 0);
  await t.core.close();
});

test('a California agency request is exported only once approved, logged against the request, and listed in the shared-with report', async () => {
  const { t, sup, purposeId } = await setup();
  const { request: r } = value<{ request: Req }>(await t.call(sup, 'records:register-request', request()));
  assert.equal(r.status, 'pending');
  const lookup = { purposeId, caseNumber: 'SPD-26-1188' };
  assert.equal(code(await t.call(sup, 'records:export-request', { requestId: r.id, format: 'csv', lookup })), 'conflict', 'not before approval');
  assert.equal(code(await t.call(sup, 'records:decide-request', { requestId: r.id, decision: 'approve', reason: '' })), 'invalid-input', 'a decision needs a reason');

  const approved = value<{ request: Req & { decidedBy: string } }>(await t.call(sup, 'records:decide-request', { requestId: r.id, decision: 'approve', reason: 'Written request on file; Lt. Moore reviewed' }));
  assert.equal(approved.request.status, 'approved');
  assert.match(approved.request.decidedBy, /sup/);
  assert.equal(code(await t.call(sup, 'records:decide-request', { requestId: r.id, decision: 'deny', reason: 'changed mind' })), 'conflict');

  assert.equal(code(await t.call(sup, 'records:export-request', { requestId: r.id, format: 'csv', lookup: { purposeId } })), 'invalid-input', 'an export needs a case number');
  // Another console ended h-5 as "entry withdrawn" (this console only heard the ending): not shared.
  t.core.hits.insertBatch('test-hub', [hubHit(5, { id: 'h-5', capturedAt: '2026-11-06T10:00:00Z', read: { plate: '7ABC123', state: 'CA', confidence: 0.9 } })]);
  t.core.db.prepare("UPDATE hits SET status = 'entry-withdrawn', disposition = 'entry-withdrawn', ended_at = '2026-11-06T10:05:00Z' WHERE id = 'h-5'").run();
  // A dispatcher compared h-1 with its image; nobody has checked h-2.
  const disp = await t.session('disp', 'dispatcher');
  value(await t.call(disp, 'hits:open', { hitId: 'h-1' }));
  value(await t.call(disp, 'workflow:confirm-plate', { hitId: 'h-1' }));
  const csv = value<File>(await t.call(sup, 'records:export-request', { requestId: r.id, format: 'csv', lookup }));
  const text = new TextDecoder().decode(csv.content);
  assert.equal(csv.records, 2);
  assert.match(csv.fileName, /^sharing-SR-\d+-2026-11-25\.csv$/);
  assert.ok(text.includes('h-1') && text.includes('h-2'), 'both hits of the plate in the period');
  assert.ok(!text.includes('h-3') && !text.includes('h-4') && !text.includes('8OTHER8'), 'nothing outside the request');
  // A head (who asked, who exported it, why), an empty line, then the table.
  const lines = text.split('\r\n');
  assert.match(lines[0]!, /^ALPR data shared with [^,]+,request SR-\d+$/);
  const table = lines.indexOf('');
  assert.ok(table > 0, 'an empty line after the head');
  assert.equal(lines[table + 1], 'Request,Hit,Plate,State,Captured (UTC),Camera,Camera name,Direction,Hotlist,Reason,Plate check,CLETS');
  assert.equal(lines.slice(table + 2).filter(Boolean).length, 2, 'two rows');
  // Each row says whether anyone checked the read: the receiving agency can tell.
  assert.match(lines.find((l) => l.includes(',h-1,'))!, /,confirmed,$/);
  assert.match(lines.find((l) => l.includes(',h-2,'))!, /,not checked,$/);

  const pdf = value<File>(await t.call(sup, 'records:export-request', { requestId: r.id, format: 'pdf', lookup }));
  assert.equal(pdf.mime, 'application/pdf');
  assert.ok((await PDFDocument.load(pdf.content)).getPageCount() >= 1);

  const logged = t.audit('records:export-request').filter((a) => a.outcome === 'granted');
  assert.equal(logged.length, 2);
  const row = t.core.db.prepare("SELECT purpose, case_number, data FROM audit_log WHERE action = 'records:export-request' AND outcome = 'granted' LIMIT 1").get() as { purpose: string; case_number: string; data: string };
  assert.equal(row.purpose, 'Serial-crime investigation');
  assert.equal(row.case_number, 'SPD-26-1188');
  assert.deepEqual(JSON.parse(row.data), {
    requestId: r.id,
    agency: 'Stockton Police Department',
    agencyType: 'ca-law-enforcement',
    requesterPurpose: 'Robbery investigation: vehicle seen near the scene',
    plates: ['7ABC123'],
    period: ['2026-11-01', '2026-11-24'],
    format: 'csv',
    records: 2,
  });

  const report = value<{ entries: { requestId: number; agencyName: string; records: number; plates: string[]; format: string }[] }>(await t.call(sup, 'records:shared-with', {}));
  assert.deepEqual(report.entries.map((e) => [e.requestId, e.agencyName, e.records, e.plates, e.format]), [
    [r.id, 'Stockton Police Department', 2, ['7ABC123'], 'csv'],
    [r.id, 'Stockton Police Department', 2, ['7ABC123'], 'pdf'],
  ]);
  const reportCsv = new TextDecoder().decode(value<File>(await t.call(sup, 'records:shared-with-csv', {})).content);
  assert.equal(reportCsv.trim().split('\r\n').length, 3);
  assert.match(reportCsv, new RegExp(`SR-${r.id},Stockton Police Department,California public law-enforcement agency,Det. Ana Ruiz`));
  assert.equal(t.audit('records:shared-with-csv').length, 1);

  // Only what a dispatcher confirmed against the image, when the exporter asks for that: the
  // head says so, and so does the export's audit record.
  const confirmed = value<File>(await t.call(sup, 'records:export-request', { requestId: r.id, format: 'csv', lookup, confirmedOnly: true }));
  const confirmedText = new TextDecoder().decode(confirmed.content);
  assert.equal(confirmed.records, 1);
  assert.ok(confirmedText.includes(',h-1,') && !confirmedText.includes(',h-2,'), 'the unchecked hit is left out');
  assert.ok(confirmedText.split('\r\n').includes('Hits included,only those whose plate a dispatcher confirmed against the image'));
  assert.ok(text.split('\r\n').some((l) => l.startsWith('Hits included,all but those found misread')), 'the first export said it held every hit');
  const lastExport = t.audit('records:export-request').filter((a) => a.outcome === 'granted').at(-1)!;
  assert.equal((lastExport.data as { confirmedOnly?: boolean; records: number }).confirmedOnly, true);
  assert.equal((lastExport.data as { records: number }).records, 1);

  // A denied request exports nothing either.
  const { request: d } = value<{ request: Req }>(await t.call(sup, 'records:register-request', request({ agencyName: 'San Joaquin DA', agencyType: 'ca-prosecutor' })));
  value(await t.call(sup, 'records:decide-request', { requestId: d.id, decision: 'deny', reason: 'No case nexus given' }));
  assert.equal(code(await t.call(sup, 'records:export-request', { requestId: d.id, format: 'csv', lookup })), 'conflict');
  await t.core.close();
});

test('bad input is refused with the field named and files nothing', async () => {
  const { t, sup } = await setup();
  const bad = await t.call(sup, 'records:register-request', request({ plates: ['7abc 123'], periodFrom: '2026-12-01', agencyType: 'martian' }));
  assert.equal(code(bad), 'invalid-input');
  if (!bad.ok) assert.ok(bad.error.details?.some((d) => d.startsWith('plates.0')), bad.error.details?.join('; '));
  const backwards = await t.call(sup, 'records:register-request', request({ periodFrom: '2026-12-01', periodTo: '2026-11-01' }));
  assert.equal(code(backwards), 'invalid-input');
  assert.equal(t.core.db.prepare('SELECT count(*) FROM sharing_requests').pluck().get(), 0);
  await t.core.close();
});

test('roles: dispatchers place holds but neither release them nor touch sharing; auditors read the file but decide nothing', async () => {
  const { t, sup } = await setup();
  const disp = await t.session('disp', 'dispatcher');
  const aud = await t.session('aud', 'auditor');
  const admin = await t.session('boss', 'admin');
  const { hold } = value<{ hold: { id: number; placedBy: string; caseNumber: string } }>(await t.call(disp, 'records:place-hold', { target: { kind: 'hit', hitId: 'h-1' }, caseNumber: 'C-9', reason: 'Evidence' }));
  assert.match(hold.placedBy, /disp/);
  assert.equal(code(await t.call(disp, 'records:place-hold', { target: { kind: 'hit', hitId: 'nope' }, caseNumber: 'C-9', reason: 'x' })), 'not-found');
  assert.equal(code(await t.call(disp, 'records:place-hold', { target: { kind: 'plate', plate: '7ABC123', from: '2026-11-10', to: '2026-11-01' }, caseNumber: 'C-9', reason: 'x' })), 'invalid-input');
  // A hold keeps what exists (today is 2026-11-25): not every later read for years; nor twice for one case.
  const future = await t.call(disp, 'records:place-hold', { target: { kind: 'plate', plate: '7ABC123', from: '2026-11-01', to: '2099-12-31' }, caseNumber: 'C-9', reason: 'x' });
  assert.match(future.ok ? '' : future.error.message, /ends today \(2026-11-25\) at the latest/);
  assert.equal(code(await t.call(disp, 'records:place-hold', { target: { kind: 'plate', plate: '7ABC123', from: '2026-11-01', to: '2026-11-25' }, caseNumber: 'C-9', reason: 'x' })), 'ok');
  const twice = await t.call(disp, 'records:place-hold', { target: { kind: 'hit', hitId: 'h-1' }, caseNumber: 'C-9', reason: 'again' });
  assert.match(twice.ok ? '' : twice.error.message, new RegExp(`legal hold ${hold.id} already keeps this for case C-9`));
  assert.equal(code(await t.call(disp, 'records:place-hold', { target: { kind: 'hit', hitId: 'h-1' }, caseNumber: 'C-10', reason: 'Another case' })), 'ok');
  // A sharing request is for reads that exist, asked for in writing already.
  const standing = await t.call(sup, 'records:register-request', request({ periodTo: '2099-12-31' }));
  assert.match(standing.ok ? '' : standing.error.message, /the period ends today \(2026-11-25\) at the latest/);
  const postdated = await t.call(sup, 'records:register-request', request({ requestedOn: '2027-03-01' }));
  assert.match(postdated.ok ? '' : postdated.error.message, /the request's date \(2027-03-01\) is after today/);
  assert.equal(t.audit('records.request-register').filter((r) => r.outcome === 'refused').length, 2);
  assert.equal(code(await t.call(disp, 'records:release-hold', { holdId: hold.id, reason: 'x' })), 'forbidden');
  assert.equal(code(await t.call(aud, 'records:place-hold', { target: { kind: 'hit', hitId: 'h-1' }, caseNumber: 'C-9', reason: 'x' })), 'forbidden');
  assert.equal(code(await t.call(disp, 'records:register-request', request())), 'forbidden');
  assert.equal(code(await t.call(disp, 'records:requests', {})), 'forbidden');
  assert.equal(code(await t.call(disp, 'records:purge-now', {})), 'forbidden');
  assert.equal(code(await t.call(aud, 'records:requests', {})), 'ok');
  assert.equal(code(await t.call(aud, 'records:shared-with', {})), 'ok');
  assert.equal(code(await t.call(aud, 'records:decide-request', { requestId: 1, decision: 'approve', reason: 'x' })), 'forbidden');
  assert.equal(code(await t.call(sup, 'records:set-retention', { retentionDays: 400 })), 'forbidden');
  assert.equal(code(await t.call(admin, 'records:release-hold', { holdId: hold.id, reason: 'Case closed' })), 'ok');
  // Refusals of calls that reveal data are logged.
  assert.ok(t.audit('records:requests').some((r) => r.outcome === 'refused' && r.username === 'disp'));
  // Every attempt at placing a hold is under one action: granted, refused by the handler (no
  // such hit), by the input check (a period that ends before it starts) and by role.
  assert.deepEqual(t.audit('records.hold-place').map((r) => [r.username, r.data.hitId ?? null, r.outcome, r.data.reason ?? null]), [
    ['disp', 'h-1', 'ok', 'Evidence'],
    ['disp', 'nope', 'refused', 'no such hit on this console'],
    ['disp', null, 'refused', 'invalid-input'],
    ['disp', null, 'refused', 'a hold keeps reads that exist: its period ends today (2026-11-25) at the latest'],
    ['disp', null, 'ok', 'x'],
    ['disp', 'h-1', 'refused', 'legal hold 1 already keeps this for case C-9'],
    ['disp', 'h-1', 'ok', 'Another case'],
    ['aud', null, 'refused', 'forbidden'],
  ]);
  await t.core.close();
});

test('a release names the audit record that placed its hold, also for holds placed before the console kept that record with them', async () => {
  const { t, sup } = await setup();
  const place = async (hitId: string, caseNumber: string) =>
    value<{ hold: { id: number } }>(await t.call(sup, 'records:place-hold', { target: { kind: 'hit', hitId }, caseNumber, reason: 'Evidence' })).hold.id;
  const placedBy = (db: AuthCore['core']['db'], holdId: number) =>
    db.prepare<[number], string>("SELECT id FROM audit_log WHERE action = 'records.hold-place' AND outcome = 'ok' AND json_extract(data, '$.holdId') = ?").pluck().get(holdId);
  const releasedNaming = (db: AuthCore['core']['db'], holdId: number) =>
    (JSON.parse(db.prepare<[number], string>("SELECT data FROM audit_log WHERE action = 'records.hold-release' AND json_extract(data, '$.holdId') = ?").pluck().get(holdId)!) as { placeRecordId?: string }).placeRecordId;
  const before = await place('h-1', 'C-1');
  const releasedEarly = await place('h-4', 'C-4');
  assert.equal(code(await t.call(sup, 'records:release-hold', { holdId: releasedEarly, reason: 'Case closed' })), 'ok');
  const now = await place('h-2', 'C-2');
  assert.equal(code(await t.call(sup, 'records:release-hold', { holdId: now, reason: 'Case closed' })), 'ok');
  assert.equal(releasedNaming(t.core.db, now), placedBy(t.core.db, now));
  assert.equal(releasedNaming(t.core.db, releasedEarly), placedBy(t.core.db, releasedEarly));
  await t.core.close();

  // The file as a build before migration 22 left it: the holds without their placing record.
  const Database = (await import('better-sqlite3')).default;
  const raw = new Database(path.join(t.dataDir, 'console.sqlite'));
  raw.exec('ALTER TABLE legal_holds DROP COLUMN place_record_id');
  raw.pragma('user_version = 21');
  raw.close();
  const upgraded = await authCore({ dataDir: t.dataDir });
  const sup2 = await upgraded.session('sup', 'supervisor');
  assert.equal(code(await upgraded.call(sup2, 'records:release-hold', { holdId: before, reason: 'Case closed' })), 'ok');
  assert.ok(placedBy(upgraded.core.db, before));
  assert.equal(releasedNaming(upgraded.core.db, before), placedBy(upgraded.core.db, before), 'the upgrade found the record that placed the hold');
  await upgraded.core.close();
});

test('a plate hold takes the plate and state as a person types them, and refuses a state no plate is issued in', async () => {
  const { t, sup } = await setup();
  const target = { kind: 'plate', plate: '7abc 123', state: ' ca', from: '2026-11-01', to: '2026-11-24' };
  const { hold } = value<{ hold: { plate: string; state: string } }>(await t.call(sup, 'records:place-hold', { target, caseNumber: 'C-1', reason: 'Evidence' }));
  assert.deepEqual([hold.plate, hold.state], ['7ABC123', 'CA']);
  const made = await t.call(sup, 'records:place-hold', { target: { ...target, state: 'ZZ' }, caseNumber: 'C-2', reason: 'Evidence' });
  assert.equal(code(made), 'invalid-input');
  assert.match(made.ok ? '' : (made.error.details ?? []).join(), /ZZ is not a US state, territory or Canadian province code/);
  await t.core.close();
});
