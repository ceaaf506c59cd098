// Evidence packages (issue 6 item 9, Lodi 431.4) against a real hub and a real console: a hit
// worked through the plate check, CLETS and a disposition is exported by a supervisor; the
// package is unpacked with the system's tar and every file checks against its manifest (and
// sha256sum), the images are the bytes posted to the hub, the audit records are those of the
// console's chain with hashes that recompute; the hit is under a legal hold that survives the
// retention purge; the export is on file and logged with purpose and case number. Refusals
// (a role, no case number, an unknown hit, a list the role may not see) are logged and export
// nothing.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import crypto from 'node:crypto';
import { execFileSync } from 'node:child_process';
import { startHub } from '../../electron/hub/server';
import { Core } from '../../electron/core/core';
import { chainHash } from '../../electron/core/audit/chain-check';
import { verifyAudit } from '../../electron/core/audit/verify';
import { parseHubTokens, type PostedHit } from '../../electron/contract/hub';
import type { EvidenceManifest, EvidenceExport, LegalHold } from '../../electron/contract';
import type { StoredAuditRow } from '../../electron/core/records/evidence';
import { tempDir } from '../helpers/tmp';
import { postedHit, SHARED_PLATES, hubHit } from '../helpers/hits';
import { waitFor } from '../helpers/wait';
import { signInCleared, TRAINED } from '../helpers/clearance';
import { authCore } from '../helpers/auth-core';

const DAY = 24 * 3600_000;
const TOKENS = parseHubTokens('ws-01=secret-one');
const sha256 = (b: Uint8Array | string) => crypto.createHash('sha256').update(b).digest('hex');

interface Package {
  fileName: string;
  mime: string;
  content: Uint8Array;
  sha256: string;
  manifest: EvidenceManifest;
  exportId: number;
}

type Dispatch = Awaited<ReturnType<Core['dispatch']>>;
function value<T>(r: Dispatch): T {
  if (!r.ok) throw new Error(`${r.error.code}: ${r.error.message} ${r.error.details?.join('; ') ?? ''}`);
  return r.value as T;
}

/** Unpacks a tar with the system's tar; returns the package folder and every file in it (relative names). */
function untar(content: Uint8Array): { folder: string; files: string[] } {
  const dir = tempDir();
  const file = path.join(dir, 'package.tar');
  fs.writeFileSync(file, content);
  const out = path.join(dir, 'out');
  fs.mkdirSync(out);
  execFileSync('tar', ['-xf', file, '-C', out]);
  const top = fs.readdirSync(out);
  assert.equal(top.length, 1, `one folder at the top: ${top.join(', ')}`);
  const folder = path.join(out, top[0]!);
  const files: string[] = [];
  const walk = (d: string) => {
    for (const e of fs.readdirSync(d, { withFileTypes: true })) {
      const p = path.join(d, e.name);
      if (e.isDirectory()) walk(p);
      else files.push(path.relative(folder, p).split(path.sep).join('/'));
    }
  };
  walk(folder);
  return { folder, files: files.sort() };
}

test('a worked hit exported as evidence: files check against the manifest, images as posted, audit records from the chain, held past the purge, logged', async (t) => {
  const hub = await startHub({ port: 0, dataDir: tempDir(), tokens: TOKENS });
  let skew = 0;
  const dataDir = tempDir();
  const core = await Core.open({
    dataDir,
    workstationId: 'ws-01',
    hub: { url: hub.url, token: 'secret-one', hubKey: hub.url, training: false },
    mode: 'headless',
    version: '1.2.3-test',
    agencyName: 'Lodi Police Department',
    bootstrapUser: `sup:hunter2hunter2:supervisor:${TRAINED}`,
    now: () => new Date(Date.now() + skew),
  });
  t.after(async () => {
    await core.close();
    await hub.close();
  });
  await core.users.create({ username: 'dana', password: 'hunter2hunter2', displayName: 'Dana Disp', role: 'dispatcher', badge: '7101', agency: 'CA0390100', trainingDate: TRAINED });
  const session = async (user: string) => {
    const s = core.openSession({ ip: '10.1.2.3' });
    await signInCleared(core, s.id, user, 'hunter2hunter2');
    return (channel: string, input: unknown) => core.dispatch(s.id, channel, input);
  };
  const dana = await session('dana');
  let sup = await session('sup');
  await waitFor('connected to the hub', () => core.hubState().state === 'connected');

  // Two real photos, different for the plate and the overview, posted as JPEG.
  const plateJpg = fs.readFileSync(path.join(SHARED_PLATES, 'us', 'car1.jpg'));
  const overviewJpg = fs.readFileSync(path.join(SHARED_PLATES, 'us', 'car11.jpg'));
  const NOTES = 'Owner: Jane Roe; stolen from 12 Elm St on 11/24';
  const posted = (plate: string): PostedHit => {
    const h = postedHit({ read: { plate, state: 'CA', confidence: 0.93 } });
    h.images = { plate: { mime: 'image/jpeg', base64: plateJpg.toString('base64') }, overview: { mime: 'image/jpeg', base64: overviewJpg.toString('base64') } };
    h.matches[0] = { ...h.matches[0]!, plate, notes: NOTES };
    return h;
  };
  const post = async (hit: PostedHit) => {
    const res = await fetch(`${hub.url}/hits`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(hit) });
    assert.equal(res.status, 202);
    return ((await res.json()) as { id: string }).id;
  };
  const evidenceHit = posted('7EVD001');
  const hitId = await post(evidenceHit);
  const misreadId = await post(posted('7EVD002'));
  await waitFor('both hits at the console', () => core.hits.exists(hitId) && core.hits.exists(misreadId));

  // The dispatcher works the hit: plate check, broadcast, CLETS through the hub, disposition.
  value(await dana('hits:open', { hitId }));
  value(await dana('workflow:confirm-plate', { hitId }));
  value(await dana('workflow:mark-broadcast', { hitId }));
  const clets = value<{ clets: { response: { text: string } | null } }>(await dana('workflow:run-clets', { hitId }));
  assert.ok(clets.clets.response, 'the hub answered the CLETS query');
  value(await dana('workflow:mark-results-broadcast', { hitId }));
  value(await dana('workflow:dispose', { hitId, code: 'vehicle-located', notes: 'Driver detained by unit 4A12', units: ['4A12'] }));
  // The other one was a misread: not evidence, no hold.
  value(await dana('hits:open', { hitId: misreadId }));
  value(await dana('workflow:misread', { hitId: misreadId, reason: 'other', note: 'Frame hides the last character' }));

  const purposes = value<{ purposes: { id: number; label: string }[] }>(await sup('purposes:list', {})).purposes;
  const purposeId = purposes.find((p) => p.label === 'Serial-crime investigation')!.id;
  const CASE = 'LPD-26-04471';
  const REASON = 'Vehicle used in an armed robbery; DA requested the ALPR record';

  const pkg = value<Package>(await sup('records:evidence-export', { hitId, reason: REASON, purpose: { purposeId, caseNumber: CASE } }));
  assert.equal(pkg.mime, 'application/x-tar');
  assert.match(pkg.fileName, /^evidence-LPD-26-04471-.+\.tar$/);
  assert.equal(pkg.sha256, sha256(pkg.content), 'the SHA-256 given is that of the bytes handed over');
  assert.equal(pkg.content.byteLength % 10240, 0, 'a whole number of tar records');

  // ---- Unpacked by the system's tar, every file checks. -------------------------------------
  const { folder, files } = untar(pkg.content);
  const m = JSON.parse(fs.readFileSync(path.join(folder, 'MANIFEST.json'), 'utf8')) as EvidenceManifest;
  assert.deepEqual(m, pkg.manifest, 'the manifest in the package is the one returned');
  assert.deepEqual(files, [...m.files.map((f) => f.name), 'MANIFEST.json', 'MANIFEST.sha256'].sort(), 'exactly the files the manifest lists');
  assert.deepEqual(m.files.map((f) => f.name).sort(), [
    'README.txt', 'audit-records.json', 'clets.json', 'hotlist-matches.json', 'images/overview.jpg', 'images/plate.jpg', 'read.json', 'timeline.json',
  ]);
  for (const f of m.files) {
    const bytes = fs.readFileSync(path.join(folder, f.name));
    assert.equal(bytes.byteLength, f.bytes, `${f.name}: size`);
    assert.equal(sha256(bytes), f.sha256, `${f.name}: SHA-256`);
  }
  const sums = fs.readFileSync(path.join(folder, 'MANIFEST.sha256'), 'utf8').trim().split('\n').map((l) => l.split('  ') as [string, string]);
  assert.deepEqual(sums.map(([, n]) => n).sort(), [...m.files.map((f) => f.name), 'MANIFEST.json'].sort());
  for (const [hash, name] of sums) assert.equal(sha256(fs.readFileSync(path.join(folder, name))), hash, `MANIFEST.sha256: ${name}`);
  // As the README tells the evidence technician to check it.
  const checked = execFileSync('sha256sum', ['-c', 'MANIFEST.sha256'], { cwd: folder, encoding: 'utf8' });
  assert.equal(checked.trim().split('\n').filter((l) => l.endsWith(': OK')).length, sums.length, checked);

  // Who, when, where, why; the console's version.
  assert.equal(m.hitId, hitId);
  assert.equal(m.plate, '7EVD001');
  assert.equal(m.caseNumber, CASE);
  assert.equal(m.purpose, 'Serial-crime investigation');
  assert.equal(m.reason, REASON);
  assert.equal(m.agencyName, 'Lodi Police Department');
  assert.equal(m.workstationId, 'ws-01');
  assert.equal(m.consoleVersion, '1.2.3-test');
  assert.equal(m.exportedBy.username, 'sup');
  assert.ok(Math.abs(Date.parse(m.exportedAt) - Date.now()) < 60_000);

  // The images are the bytes posted to the hub.
  assert.ok(fs.readFileSync(path.join(folder, 'images/plate.jpg')).equals(plateJpg), 'plate image byte-identical');
  assert.ok(fs.readFileSync(path.join(folder, 'images/overview.jpg')).equals(overviewJpg), 'overview image byte-identical');

  // The read, the match (notes decrypted for the court), the timeline, the CLETS return.
  const read = JSON.parse(fs.readFileSync(path.join(folder, 'read.json'), 'utf8')) as Record<string, unknown>;
  assert.equal(read.plate, '7EVD001');
  assert.equal(read.state, 'CA');
  assert.equal(read.confidence, 0.93);
  assert.equal(read.capturedAt, evidenceHit.capturedAt);
  assert.deepEqual(read.camera, evidenceHit.camera);
  assert.equal(typeof read.hubReceivedAt, 'string');
  const matches = JSON.parse(fs.readFileSync(path.join(folder, 'hotlist-matches.json'), 'utf8')) as { list: string; notes?: string }[];
  assert.deepEqual(matches.map((x) => [x.list, x.notes]), [['SVS', NOTES]]);
  const timeline = JSON.parse(fs.readFileSync(path.join(folder, 'timeline.json'), 'utf8')) as { disposition: { code: string; notes: string; units: string[] }; steps: { step: string; username: string }[] };
  assert.deepEqual(
    timeline.steps.map((s) => s.step).filter((s) => s !== 'claimed' && s !== 'released'),
    ['opened', 'plate-check', 'broadcast', 'clets-sent', 'clets-result', 'results-broadcast', 'disposed'],
  );
  assert.ok(timeline.steps.every((s) => s.username === 'dana'));
  assert.equal(timeline.disposition.code, 'vehicle-located');
  assert.equal(timeline.disposition.notes, 'Driver detained by unit 4A12', 'decrypted');
  assert.deepEqual(timeline.disposition.units, ['4A12'], 'the units as a list, not JSON inside a string');
  const cletsFile = JSON.parse(fs.readFileSync(path.join(folder, 'clets.json'), 'utf8')) as { query: string; returnText: string; via: string };
  assert.equal(cletsFile.via, 'hub');
  assert.equal(cletsFile.returnText, clets.clets.response!.text);
  assert.match(cletsFile.query, /7EVD001/);

  // ---- The audit records: those of the chain naming this hit, hashes that recompute. --------
  const exportRow = core.db.prepare("SELECT * FROM audit_log WHERE action = 'records.evidence-export' AND outcome = 'granted'").get() as StoredAuditRow;
  const records = JSON.parse(fs.readFileSync(path.join(folder, 'audit-records.json'), 'utf8')) as StoredAuditRow[];
  const expected = core.db
    .prepare("SELECT * FROM audit_log WHERE json_extract(data, '$.hitId') = ? AND seq < ? ORDER BY seq")
    .all(hitId, exportRow.seq) as StoredAuditRow[];
  assert.ok(records.length >= 8, `the lookup, the workflow steps and the hold: ${records.map((r) => r.action).join(', ')}`);
  assert.deepEqual(records, expected, 'every record naming the hit, as stored');
  for (const r of records) {
    const { hash, ...fields } = r;
    const canonical = [fields.seq, fields.id, fields.at, fields.user_id, fields.username, fields.display_name, fields.badge, fields.agency,
      fields.workstation_id, fields.ip, fields.action, fields.data, fields.purpose, fields.case_number, fields.outcome, fields.prev_hash];
    assert.equal(chainHash(r.prev_hash, canonical), hash, `record ${r.seq} (${r.action}) recomputes`);
  }
  const actions = new Set(records.map((r) => r.action));
  assert.ok(actions.has('hits:open') && actions.has('records.hold-place'), [...actions].join(', '));
  assert.ok(!records.some((r) => (JSON.parse(r.data) as { hitId?: string }).hitId === misreadId));
  // The export's own record comes right after the package's chain head and carries its hash.
  assert.equal(m.auditChainHead.seq, exportRow.seq - 1);
  assert.equal(exportRow.prev_hash, m.auditChainHead.hash);
  assert.equal(exportRow.purpose, 'Serial-crime investigation');
  assert.equal(exportRow.case_number, CASE);
  assert.equal(exportRow.username, 'sup');
  const exportData = JSON.parse(exportRow.data) as Record<string, unknown>;
  assert.equal(exportData.hitId, hitId);
  assert.equal(exportData.sha256, pkg.sha256);
  assert.equal(exportData.reason, REASON);
  assert.equal(exportData.holdPlaced, true);

  // ---- Held, on file, and the hold survives the purge. ---------------------------------------
  const holds = value<{ holds: LegalHold[] }>(await sup('records:holds', {})).holds;
  assert.deepEqual(holds.map((h) => [h.kind, h.hitId, h.caseNumber, h.reason]), [['hit', hitId, CASE, REASON]]);
  assert.equal(m.legalHold.id, holds[0]!.id);
  assert.equal(m.legalHold.placedWithExport, true);
  const list = value<{ exports: EvidenceExport[] }>(await sup('records:evidence-list', {})).exports;
  assert.deepEqual(list.map((e) => [e.hitId, e.caseNumber, e.sha256, e.bytes, e.holdId, e.purpose]), [[hitId, CASE, pkg.sha256, pkg.content.byteLength, holds[0]!.id, 'Serial-crime investigation']]);
  assert.match(list[0]!.exportedBy, /\(sup\)/);

  // A second package for the same case: the hold it has is kept, no second hold; a new file.
  const again = value<Package>(await sup('records:evidence-export', { hitId, reason: 'Copy for the defence (discovery)', purpose: { purposeId, caseNumber: CASE } }));
  assert.equal(again.manifest.legalHold.id, holds[0]!.id);
  assert.equal(again.manifest.legalHold.placedWithExport, false);
  const againRecords = JSON.parse(new TextDecoder().decode(fileIn(again.content, 'audit-records.json'))) as StoredAuditRow[];
  assert.ok(againRecords.some((r) => r.seq === exportRow.seq), 'the first export is on the second package');
  assert.equal(value<{ holds: LegalHold[] }>(await sup('records:holds', {})).holds.length, 1);

  // 400 days on: the purge takes the misread hit and keeps the evidence.
  skew = 400 * DAY;
  sup = await session('sup');
  const run = value<{ hits: number; keptByHold: number }>(await sup('records:purge-now', {}));
  assert.equal(run.hits, 1);
  assert.equal(run.keptByHold, 1);
  assert.ok(core.hits.exists(hitId), 'the evidence is kept');
  assert.ok(!core.hits.exists(misreadId), 'the misread is gone');
  // Still exportable after the purge; the file of exports stays whole.
  value<Package>(await sup('records:evidence-export', { hitId, reason: 'Trial exhibit', purpose: { purposeId, caseNumber: CASE } }));
  assert.equal(value<{ exports: EvidenceExport[] }>(await sup('records:evidence-list', { hitId })).exports.length, 3);
  const gone = await sup('records:evidence-export', { hitId: misreadId, reason: 'Too late', purpose: { purposeId, caseNumber: CASE } });
  assert.equal(!gone.ok && gone.error.code, 'not-found');
  const report = await verifyAudit({ dataDir, workers: 1 });
  assert.ok(report.ok, report.problems.join('; '));
});

/** One file of a tar, read with a small ustar reader (the test's own, independent of the writer). */
function fileIn(tar: Uint8Array, name: string): Uint8Array {
  const buf = Buffer.from(tar);
  for (let at = 0; at + 512 <= buf.length; ) {
    const header = buf.subarray(at, at + 512);
    if (header.every((b) => b === 0)) break;
    const field = (from: number, to: number) => header.subarray(from, to).toString('ascii').replace(/\0.*$/s, '');
    // ustar: a long path's folder is in the prefix field.
    const entry = [field(345, 500), field(0, 100)].filter(Boolean).join('/');
    const size = parseInt(header.subarray(124, 136).toString('ascii').replace(/\0.*$/s, '').trim(), 8);
    // The header checksum: the sum of its bytes with the checksum field as spaces.
    const stored = parseInt(header.subarray(148, 156).toString('ascii').replace(/[\0 ].*$/s, ''), 8);
    let sum = 0;
    for (let i = 0; i < 512; i++) sum += i >= 148 && i < 156 ? 32 : header[i]!;
    assert.equal(sum, stored, `${entry}: header checksum`);
    if (entry.endsWith(`/${name}`)) return buf.subarray(at + 512, at + 512 + size);
    at += 512 + Math.ceil(size / 512) * 512;
  }
  throw new Error(`${name} is not in the package`);
}

test('refused and logged: a dispatcher, no case number, an unknown hit, a list the role may not see; nothing exported or held', async () => {
  const a = await authCore();
  try {
    a.core.hits.insertBatch('hub', [hubHit(1, { id: 'h-svs', read: { plate: '7ABC123', state: 'CA', confidence: 0.9 } })]);
    const disp = await a.session('disp', 'dispatcher');
    const sup = await a.session('sup', 'supervisor');
    const adm = await a.session('adm', 'admin');
    const purposeId = (a.core.db.prepare("SELECT id FROM purposes WHERE label = 'Serial-crime investigation'").pluck().get() as number);
    const input = (over: Record<string, unknown> = {}) => ({ hitId: 'h-svs', reason: 'Evidence', purpose: { purposeId, caseNumber: 'C-77' }, ...over });
    const before = () => (a.core.db.prepare('SELECT max(seq) FROM audit_log').pluck().get() as number);
    const since = (seq: number) => a.core.db.prepare('SELECT action, outcome, purpose, case_number, data FROM audit_log WHERE seq > ? ORDER BY seq').all(seq) as { action: string; outcome: string; purpose: string | null; case_number: string | null; data: string }[];

    // A dispatcher may not export (a supervisor's act); refused and logged.
    let from = before();
    const byDisp = await a.call(disp, 'records:evidence-export', input());
    assert.equal(!byDisp.ok && byDisp.error.code, 'forbidden');
    assert.deepEqual(since(from).map((r) => [r.action, r.outcome]), [['records.evidence-export', 'refused']]);

    // No case number: refused, the reason on the record.
    from = before();
    const noCase = await a.call(sup, 'records:evidence-export', input({ purpose: { purposeId } }));
    assert.equal(!noCase.ok && noCase.error.code, 'invalid-input');
    const [rec] = since(from);
    assert.equal(rec!.outcome, 'refused');
    assert.match(JSON.parse(rec!.data).reason as string, /case number is required/);
    assert.equal((JSON.parse(rec!.data) as { hitId: string }).hitId, 'h-svs');

    // A blank reason: refused by the input check, the field named.
    const noReason = await a.call(sup, 'records:evidence-export', input({ reason: '  ' }));
    assert.equal(!noReason.ok && noReason.error.code, 'invalid-input');
    assert.match(JSON.stringify(!noReason.ok && noReason.error), /reason/);

    // An unknown hit, and a hit from a list the supervisor's role may not see: the same answer.
    const settings = value<object>(await a.call(adm, 'admin:security-settings'));
    value(await a.call(adm, 'admin:update-security-settings', { ...settings, roleLists: { dispatcher: null, supervisor: ['Local BOLO'], admin: null, auditor: null } }));
    from = before();
    const hidden = await a.call(sup, 'records:evidence-export', input());
    const unknown = await a.call(sup, 'records:evidence-export', input({ hitId: 'no-such-hit' }));
    assert.deepEqual(hidden, unknown);
    assert.equal(!hidden.ok && hidden.error.code, 'not-found');
    const refusals = since(from);
    assert.deepEqual(refusals.map((r) => [r.action, r.outcome, r.purpose, r.case_number, (JSON.parse(r.data) as { reason: string }).reason]), [
      ['records.evidence-export', 'refused', 'Serial-crime investigation', 'C-77', 'list not visible to role'],
      ['records.evidence-export', 'refused', 'Serial-crime investigation', 'C-77', 'no such hit on this console'],
    ]);

    // Nothing exported, nothing held.
    assert.equal(a.core.db.prepare('SELECT count(*) FROM evidence_exports').pluck().get(), 0);
    assert.equal(a.core.db.prepare('SELECT count(*) FROM legal_holds').pluck().get(), 0);
    // The admin (who sees every list) may export it.
    const ok = value<Package>(await a.call(adm, 'records:evidence-export', input()));
    assert.equal(ok.manifest.exportedBy.username, 'adm');
    // An auditor reads the file of exports; a dispatcher does not.
    const aud = await a.session('aud', 'auditor');
    assert.equal(value<{ exports: EvidenceExport[] }>(await a.call(aud, 'records:evidence-list', {})).exports.length, 1);
    const dispList = await a.call(disp, 'records:evidence-list', {});
    assert.equal(!dispList.ok && dispList.error.code, 'forbidden');
  } finally {
    await a.core.close();
  }
});
