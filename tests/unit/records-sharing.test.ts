// What a sharing export hands to another agency: only hits the exporter's role may see, and
// never a hit the plate check found misread (a sighting of another plate).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { authCore, callValue } from '../helpers/auth-core';
import { hubHit } from '../helpers/hits';

const ok = callValue;

test('a sharing export leaves out hits from hotlists the exporter may not see, hits found misread, and hits of withdrawn entries', async (t) => {
  const a = await authCore();
  const { core } = a;
  t.after(() => core.close());
  const hit = (seq: number, id: string, day: string, list: string) => {
    const h = hubHit(seq, { id, capturedAt: `2026-11-${day}T10:00:00.000Z`, read: { plate: '7SHARE1', state: 'CA', confidence: 0.9 } });
    h.matches = h.matches.map((m) => ({ ...m, list, plate: '7SHARE1' }));
    core.hits.insertBatch('test-hub', [h]);
  };
  hit(1, 'h-hidden', '20', 'NCIC Stolen');
  hit(2, 'h-misread', '21', 'Local BOLO');
  hit(3, 'h-seen', '22', 'Local BOLO');
  // An officer's entry since withdrawn (entered in error): its hit's list and reason no longer hold.
  hit(4, 'OFC-LOC-9-r-44', '23', 'Local BOLO');
  core.db
    .prepare(
      `INSERT INTO officer_hotlist (id, plate, state, list, reason, priority, list_updated_at, removed, seen_at)
       VALUES ('LOC-9', '7SHARE1', 'CA', 'Local BOLO', 'Burglary suspect', 'high', '2026-11-20T00:00:00Z', ?, '2026-11-24T00:00:00Z')`,
    )
    .run(JSON.stringify({ user: { username: 'o1', displayName: 'Off. One' }, workstationId: 'ws-1', at: '2026-11-24T00:00:00Z', reason: 'Entered in error' }));
  const disp = await a.session('disp', 'dispatcher');
  ok(await a.call(disp, 'hits:open', { hitId: 'h-misread' }));
  ok(await a.call(disp, 'workflow:misread', { hitId: 'h-misread', reason: 'wrong-characters', correctedPlate: '7SHARF1' }));

  const adm = await a.session('adm', 'admin');
  const settings = ok<Record<string, unknown>>(await a.call(adm, 'admin:security-settings'));
  ok(await a.call(adm, 'admin:update-security-settings', { ...settings, roleLists: { dispatcher: ['Local BOLO'], supervisor: ['Local BOLO'], admin: null, auditor: null } }));
  const purposes = ok<{ purposes: { id: number; label: string; active: boolean }[] }>(await a.call(adm, 'purposes:all')).purposes;
  const chosen = purposes.find((p) => p.label === 'Serial-crime investigation')!;
  const purposeId = chosen.id;

  const sup = await a.session('sup', 'supervisor');
  const { request } = ok<{ request: { id: number } }>(
    await a.call(sup, 'records:register-request', {
      agencyName: 'Lodi PD', agencyType: 'ca-law-enforcement', requesterName: 'Det. X', requesterContact: 'x@lodi.gov',
      purpose: 'Investigation', requestedOn: '2026-11-24', plates: ['7SHARE1'], periodFrom: '2026-11-01', periodTo: '2026-11-24',
    }),
  );
  ok(await a.call(sup, 'records:decide-request', { requestId: request.id, decision: 'approve', reason: 'ok' }));
  const out = ok<{ records: number; content: Uint8Array }>(
    await a.call(sup, 'records:export-request', { requestId: request.id, format: 'csv', lookup: { purposeId, caseNumber: 'C-1' } }),
  );
  const csv = new TextDecoder().decode(out.content);
  assert.equal(out.records, 1, csv);
  assert.match(csv, /h-seen/);
  assert.doesNotMatch(csv, /h-hidden|NCIC Stolen/, 'a list the supervisor may not see');
  assert.doesNotMatch(csv, /h-misread/, 'a hit found misread');
  assert.doesNotMatch(csv, /OFC-LOC-9/, 'a hit of a withdrawn entry');
  assert.equal(a.audit('records:export-request').pop()!.data.records, 1, 'the audit record counts what left');
  // The shared-with report names both purposes: the requester's and the one given for the export.
  const { entries } = ok<{ entries: { purpose: string; exportPurpose: string; caseNumber: string | null; records: number }[] }>(await a.call(sup, 'records:shared-with', {}));
  assert.deepEqual(entries.map((e) => [e.purpose, e.exportPurpose, e.caseNumber, e.records]), [['Investigation', chosen.label, 'C-1', 1]]);
});

test('the list of legal holds leaves out holds on hits from hotlists the reader may not see', async (t) => {
  const a = await authCore();
  const { core } = a;
  t.after(() => core.close());
  for (const [seq, id, list] of [[1, 'h-hidden', 'NCIC Stolen'], [2, 'h-seen', 'Local BOLO']] as const) {
    const h = hubHit(seq, { id });
    h.matches = h.matches.map((m) => ({ ...m, list }));
    core.hits.insertBatch('test-hub', [h]);
  }
  const adm = await a.session('adm', 'admin');
  for (const hitId of ['h-hidden', 'h-seen']) ok(await a.call(adm, 'records:place-hold', { target: { kind: 'hit', hitId }, caseNumber: 'C-1', reason: 'Evidence' }));
  const settings = ok<Record<string, unknown>>(await a.call(adm, 'admin:security-settings'));
  ok(await a.call(adm, 'admin:update-security-settings', { ...settings, roleLists: { dispatcher: ['Local BOLO'], supervisor: null, admin: null, auditor: null } }));
  const disp = await a.session('disp', 'dispatcher');
  assert.deepEqual(ok<{ holds: { hitId: string }[] }>(await a.call(disp, 'records:holds', {})).holds.map((h) => h.hitId), ['h-seen']);
  assert.equal(ok<{ holds: unknown[] }>(await a.call(adm, 'records:holds', {})).holds.length, 2);
});
