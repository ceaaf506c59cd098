/**
 * Plate search and officers' hotlist entries through the real core, against a real hub on
 * loopback, with real SQLite files: purpose and case number enforced and logged, the audit
 * record before the answer, a hub that is down, the expiry limit, retroactive and new-read
 * hits from a partial plate, and notes encrypted at rest on both sides.
 */
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import type { Hub } from '../../electron/hub/server';
import type { NewRead } from '../../electron/hub/store';
import { saveLookupRules } from '../../electron/core/reports/rules';
import { patternToRegExp } from '../../electron/core/search/pattern';
import { authCore, callValue, type AuthCore } from '../helpers/auth-core';
import { HubRequestError } from '../../electron/core/hub-client/client';
import { postHit, startTestHub, until, validHit } from './hub-fixtures';

const DAY = 86_400_000;
const NOW = Date.parse('2026-11-25T12:00:00Z');

async function stack(t: { after(fn: () => unknown): void }): Promise<{ hub: Hub; a: AuthCore; purposeId: number }> {
  const hub = await startTestHub();
  const a = await authCore({
    workstationId: 'ws-01',
    hub: { url: hub.url, token: 'secret1', hubKey: hub.url, training: false },
    // Entries expire against the real clock at the hub, so the core runs on it too.
    now: () => new Date(),
  });
  t.after(async () => {
    await a.core.close();
    await hub.close();
  });
  await until(() => a.core.hubState().state === 'connected', 10_000, 'the console to connect');
  const purposeId = (a.core.db.prepare("SELECT id FROM purposes WHERE label = 'Stolen or wanted vehicle'").get() as { id: number }).id;
  return { hub, a, purposeId };
}

function reads(plates: [string, string][], hoursAgo = 5): NewRead[] {
  return plates.map(([plate, state], i) => ({
    plate,
    state,
    cameraId: 'cam-07',
    capturedAt: Date.now() - (hoursAgo + i) * 3_600_000,
    confidence: 0.9,
  }));
}

const hitCount = (a: AuthCore, where = '1') => (a.core.db.prepare(`SELECT count(*) AS n FROM hits WHERE ${where}`).get() as { n: number }).n;

test('a search without a purpose or a case number is refused, logged, and searches nothing', async (t) => {
  const { hub, a, purposeId } = await stack(t);
  const s = await a.session('disp1', 'dispatcher');
  const noPurpose = await a.call(s, 'search:plates', { pattern: '7AB*' });
  assert.equal(noPurpose.ok, false);
  const noCase = await a.call(s, 'search:plates', { pattern: '7AB*', purpose: { purposeId } });
  assert.equal(noCase.ok, false);
  assert.match(noCase.ok ? '' : noCase.error.message, /case number is required/);
  // The console's own purposes are not a plate search's: they would read as workflow or
  // audit work in the audit review, which flags neither.
  const label = (l: string) => (a.core.db.prepare('SELECT id FROM purposes WHERE label = ?').get(l) as { id: number }).id;
  const asAudit = await a.call(s, 'search:plates', { pattern: '7AB*', purpose: { purposeId: label('Audit / administration'), caseNumber: 'PA-1' } });
  assert.match(asAudit.ok ? '' : asAudit.error.message, /"Audit \/ administration" is for exports of audit and shift records/);
  const asWorkflow = await a.call(s, 'search:plates', { pattern: '7AB*', purpose: { purposeId: label('Hit confirmation'), caseNumber: 'PA-1' } });
  assert.match(asWorkflow.ok ? '' : asWorkflow.error.message, /recorded by the console inside the hit workflow/);
  const refused = a.audit().filter((r) => r.outcome === 'refused' && (r.action === 'search.plates' || r.action === 'search:plates'));
  assert.equal(refused.length, 4, JSON.stringify(a.audit()));
  assert.equal(refused[1]!.data.pattern, '7AB*');
  assert.equal(a.audit('search.plates').filter((r) => r.outcome === 'granted').length, 0);
  assert.deepEqual(await hub.store.searchLog(), [], 'the hub was never asked');

  // Where the agency's rule no longer asks a case number of every search, the purpose decides.
  saveLookupRules(a.core.db, { caseRequiredForSearch: false, caseRequiredForExport: true });
  const own = Number(a.core.db.prepare("INSERT INTO purposes (label, requires_case_number) VALUES ('Officer safety check', 0)").run().lastInsertRowid);
  assert.ok((await a.call(s, 'search:plates', { pattern: '7AB*', purpose: { purposeId: own } })).ok);
  assert.equal((await a.call(s, 'search:plates', { pattern: '7AB*', purpose: { purposeId } })).ok, false, 'this purpose needs one');

  const auditor = await a.session('aud1', 'auditor');
  const byRole = await a.call(auditor, 'search:plates', { pattern: '7AB*', purpose: { purposeId, caseNumber: 'PA-1' } });
  assert.equal(byRole.ok ? '' : byRole.error.code, 'forbidden');
});

test('search: local hits and hub reads by wildcard, state, camera and page; one audit record written before the answer', async (t) => {
  const { hub, a, purposeId } = await stack(t);
  for (const plate of ['7ABC123', '7ABD123', '7XBC123', '8ABC12']) await postHit(hub, plate);
  await until(() => hitCount(a) === 4, 10_000, 'the hits to arrive');
  const held = reads([['7ABZ999', 'CA'], ['7ABC123', 'NV'], ['9ZZZ111', 'CA'], ['7AB1', 'CA']]);
  await hub.store.addReads(held);
  const s = await a.session('disp1', 'dispatcher');
  const purpose = { purposeId, caseNumber: 'PA-26-0042' };

  const r = await a.call(s, 'search:plates', { pattern: '7ab?1*', purpose });
  assert.ok(r.ok, JSON.stringify(r));
  const v = r.value as any;
  assert.deepEqual(v.local.hits.map((h: any) => h.plate).sort(), ['7ABC123', '7ABD123']);
  assert.equal(v.local.total, 2);
  assert.ok(v.local.hits.every((h: any) => h.thumbnail && h.thumbnail.data.length > 0 && h.cameraName === 'Main St & 5th Ave'));
  assert.equal(v.hub.status, 'ok');
  // The hub holds each hit's read too, and the plain reads.
  const expectHub = ['7ABC123', '7ABD123', '7XBC123', '8ABC12', ...held.map((h) => h.plate)].filter((p) => patternToRegExp('7AB?1*').test(p));
  assert.deepEqual(v.hub.reads.map((x: any) => x.plate).sort(), expectHub.sort());
  assert.ok(v.hub.reads.filter((x: any) => x.hitId).every((x: any) => x.image !== null), 'a hit read comes with its image');

  const records = a.audit('search.plates');
  assert.equal(records.length, 1);
  assert.equal(records[0]!.outcome, 'granted');
  assert.equal(records[0]!.data.pattern, '7AB?1*');
  assert.equal(records[0]!.data.localResults, 2);
  assert.equal(records[0]!.data.hubResults, expectHub.length);
  const row = a.core.db.prepare("SELECT purpose, case_number FROM audit_log WHERE action = 'search.plates'").get() as { purpose: string; case_number: string };
  assert.deepEqual(row, { purpose: 'Stolen or wanted vehicle', case_number: 'PA-26-0042' });
  assert.equal(v.auditId, (a.core.db.prepare("SELECT id FROM audit_log WHERE action = 'search.plates'").get() as { id: string }).id);

  const nv = await a.call(s, 'search:plates', { pattern: '7ABC123', state: 'NV', purpose });
  assert.ok(nv.ok);
  assert.equal((nv.value as any).local.total, 0);
  assert.deepEqual((nv.value as any).hub.reads.map((x: any) => `${x.plate} ${x.state}`), ['7ABC123 NV']);

  const page1 = await a.call(s, 'search:plates', { pattern: '*123', pageSize: 2, page: 1, purpose });
  assert.ok(page1.ok);
  assert.equal((page1.value as any).local.total, 3);
  assert.equal((page1.value as any).local.hits.length, 1, 'the third of three on page 2 of 2');

  // If the record cannot be written, nothing is returned.
  a.core.db.exec(`CREATE TEMP TRIGGER no_search_records BEFORE INSERT ON audit_log WHEN NEW.action = 'search.plates'
                  BEGIN SELECT RAISE(ABORT, 'audit storage failed'); END`);
  const blocked = await a.call(s, 'search:plates', { pattern: '7AB*', purpose });
  assert.equal(blocked.ok, false);
  assert.equal(JSON.stringify(blocked).includes('7ABC123'), false, 'no result leaves without its record');
});

test('hub down: local results still show, with a clear message that the hub reads are missing', async (t) => {
  const { hub, a, purposeId } = await stack(t);
  await postHit(hub, '5KLM234');
  await until(() => hitCount(a) === 1, 10_000, 'the hit');
  await hub.close();
  await until(() => a.core.hubState().state !== 'connected', 10_000, 'the link to drop');
  const s = await a.session('disp1', 'dispatcher');
  const r = await a.call(s, 'search:plates', { pattern: '5KL*', purpose: { purposeId, caseNumber: 'PA-9' } });
  assert.ok(r.ok, JSON.stringify(r));
  const v = r.value as any;
  assert.deepEqual(v.local.hits.map((h: any) => h.plate), ['5KLM234']);
  assert.equal(v.hub.status, 'unavailable');
  assert.match(v.hub.message, /Hub reads are missing from these results: the hub is not reachable\. Only this console's hits were searched\./);
  const rec = a.audit('search.plates')[0]!;
  assert.equal(rec.data.localResults, 1);
  assert.equal(rec.data.hubResults, null);
  assert.match(String(rec.data.hubMissing), /not reachable/);

  const add = await a.call(s, 'hotlist:add', {
    plate: '5KLM234', list: 'Local BOLO', reason: 'Seen leaving a burglary', priority: 'medium',
    expiresAt: new Date(Date.now() + DAY).toISOString(),
  });
  assert.equal(add.ok ? '' : add.error.code, 'unavailable');
  assert.match(add.ok ? '' : add.error.message, /was not added: the hub is not reachable/);
  assert.equal(a.audit('hotlist.add')[0]!.outcome, 'refused');
});

test('hotlist expiry: at most the agency limit (30 days unless an admin sets another), refused with a clear message and logged', async (t) => {
  const { a } = await stack(t);
  const s = await a.session('disp1', 'dispatcher');
  const entry = { plate: '4TUV*', list: 'Felony want', reason: 'Armed robbery suspect vehicle', priority: 'high' };
  const late = await a.call(s, 'hotlist:add', { ...entry, expiresAt: new Date(Date.now() + 31 * DAY).toISOString() });
  assert.equal(late.ok, false);
  assert.match(late.ok ? '' : late.error.message, /31 days away; this agency allows at most 30 days/);
  const past = await a.call(s, 'hotlist:add', { ...entry, expiresAt: new Date(Date.now() - 1000).toISOString() });
  assert.match(past.ok ? '' : past.error.message, /already passed/);
  assert.deepEqual(a.audit('hotlist.add').map((r) => r.outcome), ['refused', 'refused']);
  const tooFew = await a.call(s, 'hotlist:add', { ...entry, plate: '4T*', expiresAt: new Date(Date.now() + DAY).toISOString() });
  assert.equal(tooFew.ok ? '' : tooFew.error.code, 'invalid-input');

  const notAdmin = await a.call(s, 'hotlist:set-limit', { maxExpiryDays: 45 });
  assert.equal(notAdmin.ok ? '' : notAdmin.error.code, 'forbidden');
  const admin = await a.session('admin1', 'admin');
  assert.ok((await a.call(admin, 'hotlist:set-limit', { maxExpiryDays: 45 })).ok);
  assert.equal(a.audit('settings.hotlist-limit')[0]!.data.to, 45);
  const ok = await a.call(s, 'hotlist:add', { ...entry, expiresAt: new Date(Date.now() + 31 * DAY).toISOString() });
  assert.ok(ok.ok, JSON.stringify(ok));
  assert.equal(((await a.call(s, 'search:options', {})) as any).value.maxExpiryDays, 45);
});

test('a partial-plate entry raises retroactive hits for the reads held and matches new reads until removed; notes encrypted at rest', async (t) => {
  const { hub, a } = await stack(t);
  const held = reads([['6WXY123', 'CA'], ['6WXQ123', 'CA'], ['6WXY12', 'CA'], ['6WXY999', 'CA'], ['6WXY123', 'NV']], 30);
  await hub.store.addReads(held);
  // Older than the retention period: not raised.
  await hub.store.addReads([{ plate: '6WXA1ZZ', state: 'CA', cameraId: 'cam-07', capturedAt: Date.now() - 400 * DAY, confidence: 0.9 }]);
  const s = await a.session('disp1', 'dispatcher');
  const NOTE = 'Driver may be Jordan Q. Example, armed';
  const add = await a.call(s, 'hotlist:add', {
    plate: '6wx?1*', state: 'CA', list: 'Felony want', reason: 'Partial plate from a witness', priority: 'high',
    expiresAt: new Date(Date.now() + 7 * DAY).toISOString(), vehicle: 'Blue pickup', notes: NOTE, caseNumber: 'PA-26-0100',
  });
  assert.ok(add.ok, JSON.stringify(add));
  const v = add.value as any;
  assert.equal(v.entry.plate, '6WX?1*');
  // 6WXY123 CA, 6WXQ123 CA, 6WXY12 CA match; 6WXY999 and the NV read do not; the 400-day read is past retention.
  assert.equal(v.matchedReads, 4);
  assert.equal(v.retroactiveHits, 3);
  await until(() => hitCount(a, 'retroactive = 1') === 3, 20_000, 'the retroactive hits');
  const retro = a.core.db.prepare('SELECT read_plate, captured_at FROM hits WHERE retroactive = 1 ORDER BY captured_at').all() as { read_plate: string; captured_at: string }[];
  const expected = held.filter((r) => ['6WXY123', '6WXQ123', '6WXY12'].includes(r.plate) && r.state === 'CA').sort((x, y) => x.capturedAt - y.capturedAt);
  assert.deepEqual(retro.map((r) => `${r.read_plate} ${Date.parse(r.captured_at)}`), expected.map((r) => `${r.plate} ${r.capturedAt}`), 'each with the read\'s original time');
  const queue = (await a.call(s, 'hits:queue', {})) as any;
  assert.equal(queue.value.hits.filter((h: any) => h.retroactive).length, 3);

  // New reads: a matching one becomes a hit (not retroactive), another does not.
  const capturedAt = new Date().toISOString();
  const post = async (plate: string, id?: string) => {
    const res = await fetch(`${hub.url}/reads`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ reads: [{ ...(id ? { id } : {}), capturedAt, camera: validHit().camera, read: { plate, state: 'CA', confidence: 0.93 } }] }),
    });
    return { status: res.status, json: (await res.json()) as any };
  };
  const matched = await post('6WXZ1AB', 'cam-07-read-881');
  assert.equal(matched.status, 202);
  assert.equal(matched.json.hits.length, 1);
  assert.equal((await post('6WXZ2AB')).json.hits.length, 0);
  await until(() => hitCount(a, "read_plate = '6WXZ1AB' AND retroactive = 0") === 1, 20_000, 'the new read\'s hit');
  assert.equal(hitCount(a, "read_plate = '6WXZ2AB'"), 0);
  // The camera system sends the batch again (its answer timed out): kept once, no second hit.
  const again = await post('6WXZ1AB', 'cam-07-read-881');
  assert.deepEqual([again.status, again.json], [202, { stored: 0, hits: [], duplicates: 1 }]);
  const heldReads = (hub.store as any).db.prepare("SELECT count(*) AS n FROM reads WHERE plate = '6WXZ1AB'").get().n;
  assert.equal(heldReads, 1, 'the read is held once');
  await new Promise((r) => setTimeout(r, 300));
  assert.equal(hitCount(a, "read_plate = '6WXZ1AB'"), 1, 'one hit at the console');

  const listed = (await a.call(s, 'hotlist:entries', {})) as any;
  assert.equal(listed.value.source, 'hub');
  assert.deepEqual(listed.value.entries.map((e: any) => [e.plate, e.notes]), [['6WX?1*', NOTE]]);
  const removed = await a.call(s, 'hotlist:remove', { id: v.entry.id, reason: 'Vehicle located' });
  assert.ok(removed.ok, JSON.stringify(removed));
  assert.equal(((await a.call(s, 'hotlist:entries', {})) as any).value.entries.length, 0);
  assert.equal((await post('6WXZ1CD')).json.hits.length, 0, 'a removed entry matches nothing new');
  // Its hits still in the queue (3 retroactive, 1 new) say the entry was withdrawn, and why.
  const withdrawnItems = async () => ((await a.call(s, 'hits:queue', {})) as any).value.hits.filter((h: any) => h.withdrawn);
  await until(async () => (await withdrawnItems()).length === 4, 10_000, 'the entry\'s hits marked withdrawn');
  const marked = await withdrawnItems();
  assert.deepEqual([...new Set(marked.map((h: any) => `${h.withdrawn.by}: ${h.withdrawn.reason}`))], ['disp1 name: Vehicle located'], 'by the display name of who removed it');
  assert.ok(marked.every((h: any) => h.plate.startsWith('6WX')));
  const review = (await a.call(s, 'hits:open', { hitId: marked[0].id })) as any;
  assert.equal(review.value.withdrawn.reason, 'Vehicle located', 'the review says so too');
  // What the list held is the pattern, not the read's plate shown as the list's.
  assert.equal(review.value.matches[0].pattern, '6WX?1*');
  assert.equal(review.value.matches[0].plate, review.value.read.plate);
  assert.equal(review.value.matches[0].anyState, undefined, 'the entry named CA');
  assert.ok(!((await a.call(s, 'hits:queue', {})) as any).value.hits.some((h: any) => h.withdrawn && !h.plate.startsWith('6WX')), 'other hits are not marked');
  assert.deepEqual(a.audit().filter((r) => r.action.startsWith('hotlist.')).map((r) => `${r.action} ${r.outcome}`), [
    'hotlist.add ok', 'hotlist.list ok', 'hotlist.remove ok', 'hotlist.list ok',
  ]);
  assert.equal(JSON.stringify(a.audit('hotlist.add')).includes('Jordan'), false, 'the audit trail names data elements, not the notes');

  // Notes at rest: not in the raw bytes of either database (nor their write-ahead logs).
  const hubDir = path.dirname((hub.store as any).db.name);
  for (const file of [path.join(a.dataDir, 'console.sqlite'), path.join(hubDir, 'hub.sqlite')]) {
    for (const f of [file, `${file}-wal`]) {
      if (!fs.existsSync(f)) continue;
      const bytes = fs.readFileSync(f);
      assert.equal(bytes.includes(Buffer.from('Jordan Q. Example')), false, `note text in ${path.basename(f)}`);
    }
  }
  // ... and still readable where it is needed: the retroactive hit's match.
  const hitId = (a.core.db.prepare('SELECT id FROM hits WHERE retroactive = 1 LIMIT 1').get() as { id: string }).id;
  const opened = (await a.call(s, 'hits:open', { hitId })) as any;
  assert.ok(opened.ok, JSON.stringify(opened).slice(0, 300));
  assert.equal(opened.value.matches[0].notes, NOTE);
  assert.equal(opened.value.retroactive, true);
  assert.match(opened.value.matches[0].reason, /partial plate 6WX\?1\*/);
});

test('a hit whose officer entry was withdrawn ends as "entry withdrawn" before any broadcast; after one, patrol gets the disregard', async (t) => {
  const { hub, a } = await stack(t);
  await hub.store.addReads(reads([['8WDN101', 'CA'], ['8WDN102', 'CA'], ['8WDN103', 'CA']]));
  const s = await a.session('disp1', 'dispatcher');
  const value = async (channel: string, input: object) => callValue<any>(await a.call(s, channel as never, input as never));
  const add = await a.call(s, 'hotlist:add', {
    plate: '8WDN10*', state: 'CA', list: 'Felony want', reason: 'Robbery suspect vehicle', priority: 'high',
    expiresAt: new Date(Date.now() + 7 * DAY).toISOString(), caseNumber: 'PA-26-0200',
  });
  assert.ok(add.ok, JSON.stringify(add));
  await until(() => hitCount(a, 'retroactive = 1') === 3, 20_000, 'the retroactive hits');
  const ids = (a.core.db.prepare("SELECT id FROM hits WHERE read_plate LIKE '8WDN%' ORDER BY read_plate").all() as { id: string }[]).map((r) => r.id);
  const [first, second, third] = ids as [string, string, string];
  // One hit is worked to its broadcast while the entry still stands.
  await value('hits:open', { hitId: second });
  await value('workflow:confirm-plate', { hitId: second });
  await value('workflow:mark-broadcast', { hitId: second });
  // Before the withdrawal nothing offers the ending, and it is refused.
  const early = (await value('hits:open', { hitId: first })) as any;
  assert.equal(early.workflow.withdrawnEnd, undefined);
  const notYet = await a.call(s, 'workflow:end-withdrawn', { hitId: first });
  assert.match(notYet.ok ? '' : notYet.error.message, /has not been withdrawn/);

  assert.ok((await a.call(s, 'hotlist:remove', { id: (add.value as any).entry.id, reason: 'Vehicle recovered' })).ok);
  await until(async () => ((await value('hits:queue', {})) as any).hits.filter((h: any) => h.withdrawn).length === 3, 10_000, 'the hits marked withdrawn');

  // Opened, not yet plate-checked: it may end here, and nothing goes on the radio.
  const opened = (await value('workflow:state', { hitId: first })) as any;
  assert.deepEqual(opened.withdrawnEnd, { allowed: true, reason: null });
  const ended = (await value('workflow:end-withdrawn', { hitId: first, notes: 'Per Sgt. Diaz' })) as any;
  assert.equal(ended.status, 'entry-withdrawn');
  assert.equal(ended.next, null);
  assert.equal(ended.ending.label, 'Entry withdrawn (not broadcast)');
  assert.equal(ended.ending.notes, 'Per Sgt. Diaz');
  assert.equal(ended.hitScript, null, 'no broadcast script');
  assert.deepEqual(ended.stages.map((st: any) => st.state), ['skipped', 'skipped', 'skipped', 'skipped', 'skipped']);
  assert.match(ended.timeline.at(-1).detail, /^Entry withdrawn by disp1 name at .*: Vehicle recovered; Nothing broadcast; Per Sgt\. Diaz$/);
  assert.ok(!((await value('hits:queue', {})) as any).hits.some((h: any) => h.id === first), 'it leaves the queue');
  const record = a.audit('workflow.disposed').at(-1)!;
  assert.deepEqual([record.outcome, record.data.outcome, record.data.plate], ['ok', 'entry-withdrawn', '8WDN101']);
  // The hub has the ending, for every other console.
  await until(async () => (await hub.store.hitEvents(first)).some((e) => e.step === 'disposed' && e.outcome === 'entry-withdrawn'), 10_000, 'the ending at the hub');

  // Already broadcast: the ending is not offered, says why, and is refused (patrol needs the disregard).
  const broadcast = (await value('workflow:state', { hitId: second })) as any;
  assert.equal(broadcast.withdrawnEnd.allowed, false);
  assert.match(broadcast.withdrawnEnd.reason, /patrol needs the disregard/);
  const late = await a.call(s, 'workflow:end-withdrawn', { hitId: second });
  assert.match(late.ok ? '' : late.error.message, /^Refused: the hit has been broadcast/);
  assert.equal(a.audit('workflow.disposed').filter((r) => r.outcome === 'refused').length, 2, 'both refusals recorded under the step');

  // Its results broadcast tells patrol the entry is gone, whatever CLETS says.
  await value('workflow:run-clets', { hitId: second, manual: true });
  await value('workflow:record-clets', { hitId: second, status: 'no-record' });
  const disregard = (await value('workflow:state', { hitId: second })) as any;
  assert.equal(disregard.resultsScript.kind, 'disregard');
  assert.ok(disregard.resultsScript.lines.some((l: any) => l.strong && /entry behind this hit was withdrawn at \d\d:\d\d: Vehicle recovered\.$/.test(l.text)));

  // Not opened: opened first (the lookup is recorded before anything is shown).
  const unopened = await a.call(s, 'workflow:end-withdrawn', { hitId: third });
  assert.match(unopened.ok ? '' : unopened.error.message, /open the hit first/);
  // A Dispose with the workflow's own code is still refused.
  await value('hits:open', { hitId: third });
  const asCode = await a.call(s, 'workflow:dispose', { hitId: third, code: 'entry-withdrawn' });
  assert.equal(asCode.ok ? '' : asCode.error.code, 'invalid-input');
  // Confirmed, it has no script to read and cannot be broadcast: it ends with W.
  const confirmed = (await value('workflow:confirm-plate', { hitId: third })) as any;
  assert.equal(confirmed.hitScript, null, 'nothing to read on the radio');
  const broadcastIt = await a.call(s, 'workflow:mark-broadcast', { hitId: third });
  assert.match(broadcastIt.ok ? '' : broadcastIt.error.message, /entry behind this hit was withdrawn: nothing goes out on the radio/);
  const endedThird = (await value('workflow:end-withdrawn', { hitId: third })) as any;
  assert.deepEqual(endedThird.stages.map((st: any) => st.state), ['done', 'skipped', 'skipped', 'skipped', 'skipped'], 'the plate check done, nothing else');
});

test('the camera filter offers every camera the hub knows, not only those of this console\'s hits', async (t) => {
  const { hub, a } = await stack(t);
  await hub.store.upsertCameras([
    { id: 'cam-21', name: 'Harbor Blvd & 3rd Ave', lat: 37.8, lon: -121.3, direction: 'SB' },
    { id: 'cam-22', name: 'Oak St & 9th Ave', lat: 37.81, lon: -121.28, direction: 'EB' },
  ]);
  await postHit(hub, '7CAM001');
  await until(() => hitCount(a) === 1, 10_000, 'the hit at the console');
  const s = await a.session('disp', 'dispatcher');
  const options = (await a.call(s, 'search:options', {})) as { ok: true; value: { cameras: { id: string; name: string }[] } };
  assert.ok(options.ok);
  const ids = options.value.cameras.map((c) => c.id);
  assert.ok(ids.includes('cam-21') && ids.includes('cam-22'), `hub cameras offered: ${ids.join(', ')}`);
  assert.ok(ids.includes(validHit().camera.id), 'and the camera of the console\'s own hit');
  assert.deepEqual(ids, [...new Set(ids)], 'each once');
  // The hotlist form asks for the lists only: no cameras, the hub not asked.
  const forHotlist = (await a.call(s, 'search:options', { cameras: false })) as { ok: true; value: { cameras: unknown[]; lists: string[] } };
  assert.deepEqual(forHotlist.value.cameras, []);
  assert.ok(forHotlist.value.lists.length > 0);
  // Without the hub, the console's own cameras still come.
  await hub.close();
  await until(() => a.core.hubState().state !== 'connected', 10_000, 'the link down');
  const offline = (await a.call(s, 'search:options', {})) as { ok: true; value: { cameras: { id: string }[] } };
  assert.deepEqual(offline.value.cameras.map((c) => c.id), [validHit().camera.id]);
});

test('the hotlist entries list shows a role only the categories it may see, notes included', async (t) => {
  const { a } = await stack(t);
  const adm = await a.session('adm', 'admin');
  const settings = callValue<Record<string, unknown>>(await a.call(adm, 'admin:security-settings', {}));
  callValue(await a.call(adm, 'admin:update-security-settings', { ...settings, roleLists: { dispatcher: ['Felony want'], supervisor: null, admin: null, auditor: null } }));
  const sup = await a.session('sup', 'supervisor');
  const expiresAt = new Date(Date.now() + DAY).toISOString();
  callValue(await a.call(sup, 'hotlist:add', { plate: '7SAFE77', list: 'Officer safety', reason: 'Armed', priority: 'high', expiresAt, notes: 'Informant J. Doe, do not disclose' }));
  callValue(await a.call(sup, 'hotlist:add', { plate: '7FEL001', list: 'Felony want', reason: 'Robbery', priority: 'high', expiresAt }));
  const disp = await a.session('disp', 'dispatcher');
  const seen = callValue<{ entries: { plate: string }[] }>(await a.call(disp, 'hotlist:entries', {}));
  assert.deepEqual(seen.entries.map((e) => e.plate), ['7FEL001']);
  assert.equal(callValue<{ entries: unknown[] }>(await a.call(sup, 'hotlist:entries', {})).entries.length, 2, 'every list for a role with no limit');
});

test('a hotlist entry the hub did not confirm is not called "not added": it may be there, and the list is to be checked', async (t) => {
  const { a } = await stack(t);
  const s = await a.session('disp1', 'dispatcher');
  const hub = a.core.hub!;
  const request = hub.request.bind(hub);
  // The hub takes the entry but its answer is lost.
  hub.request = (async (event: string, payload: unknown, schema: never, timeoutMs?: number) => {
    const answer = await request(event, payload, schema, timeoutMs);
    if (event === 'hotlist:add') throw new HubRequestError('timeout', 'no answer from the hub within 10 s (hotlist:add)');
    return answer;
  }) as typeof hub.request;
  const r = await a.call(s, 'hotlist:add', { plate: '7LOST77', list: 'SVS', reason: 'Stolen', priority: 'high', expiresAt: new Date(Date.now() + DAY).toISOString() });
  assert.equal(r.ok, false);
  assert.match(!r.ok ? r.error.message : '', /may have been added: check the list before entering it again/);
  hub.request = request;
  const listed = callValue<{ entries: { plate: string }[] }>(await a.call(s, 'hotlist:entries', {}));
  assert.deepEqual(listed.entries.map((e) => e.plate), ['7LOST77'], 'and it is there');
});
