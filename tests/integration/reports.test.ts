/**
 * Audit review, audit extract, purposes and lookup rules through the real core (real SQLite
 * file, real audit chain): filters, paging, flagged lookups, role access, one audit record per
 * search and export, CSV and PDF content, purposes kept by admins.
 */
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { authCore, type AuthCore } from '../helpers/auth-core';
import { actorOf } from '../../electron/core/context';
import type { AuditRecordView, User } from '../../electron/contract';
import { readPdf } from '../helpers/pdf-text';

type Ok<T> = { ok: true; value: T };
interface Page { records: AuditRecordView[]; next: { at: string; seq: number } | null; total: number; totalCapped: boolean; facets?: { usernames: string[]; actions: string[]; purposes: string[]; workstations: string[] } }

let ac: AuthCore;
let sup: string;
let disp: string;
let adm: string;
let aud: string;
const cores: AuthCore[] = [];
after(async () => {
  for (const c of cores) await c.core.close();
});

async function fresh(): Promise<AuthCore> {
  const c = await authCore({ agencyName: 'Lodi Police Department' });
  cores.push(c);
  return c;
}

const userOf = (c: AuthCore, username: string) => c.core.users.byId((c.core.db.prepare('SELECT id FROM users WHERE username = ?').get(username) as { id: number }).id) as User;

/** Lookups written the way the workflow and searches write them: through the real audit log. */
async function seed(c: AuthCore): Promise<void> {
  const a = actorOf(userOf(c, 'disp'));
  const s = actorOf(userOf(c, 'sup'));
  await c.core.db.transaction(() => {
    for (let i = 0; i < 120; i++) {
      c.core.audit.append({ action: 'hits:open', outcome: 'granted', actor: a, ip: '10.0.0.5', data: { hitId: `hit-${i}`, plate: i % 2 ? '7ABC123' : `8XYZ${100 + i}`, state: 'CA' }, purpose: 'Hit confirmation' });
    }
    c.core.audit.append({ action: 'search.plates', outcome: 'granted', actor: a, ip: '10.0.0.5', data: { pattern: '7AB*' }, purpose: 'Stolen or wanted vehicle' });
    c.core.audit.append({ action: 'search.plates', outcome: 'granted', actor: s, ip: '10.0.0.6', data: { pattern: '4QRS5*' }, purpose: 'Suspect apprehension', caseNumber: 'LPD-26-0042' });
    c.core.audit.append({ action: 'search.plates', outcome: 'refused', actor: a, ip: '10.0.0.5', data: { pattern: '9*', reason: 'no purpose given' } });
  })();
}

async function ok<T>(p: ReturnType<AuthCore['call']>): Promise<T> {
  const r = await p;
  assert.equal(r.ok, true, r.ok ? '' : `${r.error.code}: ${r.error.message}`);
  return (r as Ok<T>).value;
}

const search = (c: AuthCore, s: string, filters: Record<string, unknown>, extra: Record<string, unknown> = {}) => ok<Page>(c.call(s, 'reports:audit-search', { filters, ...extra }));

test('setup', async () => {
  ac = await fresh();
  sup = await ac.session('sup', 'supervisor');
  disp = await ac.session('disp', 'dispatcher');
  adm = await ac.session('adm', 'admin');
  aud = await ac.session('aud', 'auditor');
  await seed(ac);
});

test('filters: user, plate (exact and wildcard, plate or search pattern), purpose, action, outcome, workstation, period', async () => {
  const all = await search(ac, sup, {});
  assert.equal(all.records.length, 50);
  assert.ok(all.total >= 123);
  assert.equal(all.records[0]!.action, 'search.plates', 'newest first');
  assert.ok(all.facets?.usernames.includes('disp') && all.facets.actions.includes('hits:open') && all.facets.workstations.includes('ws-auth'));

  const plate = await search(ac, sup, { plate: '7abc123' });
  assert.equal(plate.total, 60);
  assert.ok(plate.records.every((r) => r.data.plate === '7ABC123'));

  const wild = await search(ac, sup, { plate: '7AB*' });
  assert.equal(wild.total, 61, 'the 60 opened hits and the search whose pattern was 7AB*');

  const byUser = await search(ac, sup, { username: 'SUP', action: 'search.plates' });
  assert.deepEqual(byUser.records.map((r) => r.caseNumber), ['LPD-26-0042']);
  // An action is found by its start, in any case.
  assert.equal((await search(ac, sup, { action: 'SEARCH' })).total, (await search(ac, sup, { action: 'search.plates' })).total);
  assert.ok((await search(ac, sup, { action: 'search' })).total >= 3);
  assert.equal((await search(ac, sup, { action: 'search.platesX' })).total, 0);

  const byPurpose = await search(ac, sup, { purpose: 'Stolen or wanted vehicle' });
  assert.deepEqual(byPurpose.records.map((r) => r.data.pattern), ['7AB*']);

  const refused = await search(ac, sup, { outcome: 'refused', action: 'search.plates' });
  assert.equal(refused.total, 1);
  assert.equal(refused.records[0]!.data.reason, 'no purpose given');

  assert.equal((await search(ac, sup, { workstationId: 'ws-elsewhere' })).total, 0);
  assert.ok((await search(ac, sup, { workstationId: 'ws-auth', action: 'hits:open' })).total === 120);

  const now = ac.clock.t;
  assert.equal((await search(ac, sup, { action: 'hits:open', from: new Date(now - 60_000).toISOString(), to: new Date(now + 60_000).toISOString() })).total, 120);
  assert.equal((await search(ac, sup, { action: 'hits:open', from: new Date(now + 60_000).toISOString() })).total, 0);
});

test('a record naming several plates (a sharing export) is found by a search for any one of them', async () => {
  ac.core.audit.append({ action: 'records:export-request', outcome: 'granted', actor: actorOf(userOf(ac, 'sup')), ip: '10.0.0.6', data: { requestId: 9, plates: ['4SHR001', '5SHR002'], records: 3 }, purpose: 'Serial-crime investigation', caseNumber: 'SJ-1' });
  for (const plate of ['5shr002', '4SHR001', '5SHR*']) {
    const found = await search(ac, sup, { plate });
    assert.deepEqual(found.records.map((r) => r.action), ['records:export-request'], plate);
  }
  assert.equal((await search(ac, sup, { plate: '6SHR003' })).total, 0);
});

test('each record comes with every field, as stored in the chain', async () => {
  const { records } = await search(ac, sup, { username: 'sup', action: 'search.plates' });
  const r = records[0]!;
  const row = ac.core.db.prepare('SELECT * FROM audit_log WHERE seq = ?').get(r.seq) as Record<string, unknown>;
  assert.equal(r.id, row.id);
  assert.equal(r.hash, row.hash);
  assert.equal(r.prevHash, row.prev_hash);
  assert.equal(r.ip, '10.0.0.6');
  assert.equal(r.displayName, 'sup name');
  assert.equal(r.workstationId, 'ws-auth');
  assert.equal(r.purpose, 'Suspect apprehension');
  assert.deepEqual(r.data, JSON.parse(row.data as string));
});

test('paging: pages follow each other newest first, without repeats or gaps', async () => {
  const seen: number[] = [];
  let next: Page['next'] = null;
  let pages = 0;
  do {
    const p: Page = await search(ac, sup, { action: 'hits:open' }, { limit: 50, cursor: next });
    seen.push(...p.records.map((r) => r.seq));
    next = p.next;
    pages++;
    if (pages > 1) assert.equal(p.facets, undefined, 'facets come with the first page only');
  } while (next);
  assert.equal(pages, 3);
  const expected = (ac.core.db.prepare("SELECT seq FROM audit_log WHERE action = 'hits:open' ORDER BY seq DESC").all() as { seq: number }[]).map((r) => r.seq);
  assert.deepEqual(seen, expected);
});

test('flagged lookups: granted data with no related hit and no case number', async () => {
  const flagged = await search(ac, sup, { onlyFlagged: true });
  assert.deepEqual(flagged.records.map((r) => [r.action, r.data.pattern, r.flagged]), [['search.plates', '7AB*', true]]);
  const { records } = await search(ac, sup, { action: 'search.plates' });
  assert.deepEqual(records.map((r) => r.flagged), [false, false, true], 'refused, with a case number, and the flagged one');
  const audits = await search(ac, sup, { action: 'audit.search' });
  assert.ok(audits.records.length > 0 && audits.records.every((r) => !r.flagged), 'reading the log itself is not flagged');
});

test('one audit record per search, with the filters as its data, before the results come back', async () => {
  const before = ac.audit('audit.search').length;
  const page = await search(ac, aud, { plate: '7ABC123', onlyFlagged: false });
  const records = ac.audit('audit.search');
  assert.equal(records.length, before + 1);
  const last = records.at(-1)!;
  assert.equal(last.username, 'aud');
  assert.equal(last.outcome, 'granted');
  assert.deepEqual(last.data.filters, { plate: '7ABC123', onlyFlagged: false });
  assert.equal(last.data.matched, page.total);
  const row = ac.core.db.prepare("SELECT purpose FROM audit_log WHERE action = 'audit.search' ORDER BY seq DESC LIMIT 1").get() as { purpose: string };
  assert.equal(row.purpose, 'Audit / administration');
  // The search's own record is found by the next search.
  const mine = await search(ac, sup, { username: 'aud', action: 'audit.search' });
  assert.equal(mine.total, 1);
});

test('dispatchers may not read the audit log; the refusal is itself logged', async () => {
  const before = ac.audit('audit.search').filter((r) => r.outcome === 'refused').length;
  const r = await ac.call(disp, 'reports:audit-search', { filters: {} });
  assert.equal(r.ok, false);
  assert.equal(!r.ok && r.error.code, 'forbidden');
  const refusals = ac.audit('audit.search').filter((r) => r.outcome === 'refused');
  assert.equal(refusals.length, before + 1);
  assert.equal(refusals.at(-1)!.outcome, 'refused');
  assert.equal(refusals.at(-1)!.username, 'disp');
  const ex = await ac.call(disp, 'reports:audit-export', { filters: {}, format: 'csv', purpose: { purposeId: 9 } });
  assert.equal(!ex.ok && ex.error.code, 'forbidden');
  assert.equal(ac.audit('audit.export').at(-1)!.outcome, 'refused');
});

test('bad filters are refused with a clear error and logged', async () => {
  const r = await ac.call(sup, 'reports:audit-search', { filters: { plate: "7AB'; DROP TABLE audit_log" } });
  assert.equal(!r.ok && r.error.code, 'invalid-input');
  assert.ok(!r.ok && r.error.details?.some((d) => d.includes('plate')));
  const period = await ac.call(sup, 'reports:audit-search', { filters: { from: '2026-11-02T00:00:00Z', to: '2026-11-01T00:00:00Z' } });
  assert.ok(!period.ok && period.error.details?.some((d) => d.includes('ends before')));
  assert.ok((ac.core.db.prepare('SELECT count(*) AS n FROM audit_log').get() as { n: number }).n > 120, 'nothing lost');
});

const purposeId = (c: AuthCore, label: string) => (c.core.db.prepare('SELECT id FROM purposes WHERE label = ?').get(label) as { id: number }).id;

test('CSV extract: the current search, headed by agency, period, exporter; injection-safe; logged with purpose and case number', async () => {
  const csvOf = async (filters: Record<string, unknown>, purpose: Record<string, unknown>) =>
    ok<{ fileName: string; mime: string; text: string; rows: number }>(ac.call(sup, 'reports:audit-export', { filters, format: 'csv', purpose }));

  // A case number is required for exports by default: refused, logged, nothing returned.
  const refused = await ac.call(sup, 'reports:audit-export', { filters: {}, format: 'csv', purpose: { purposeId: purposeId(ac, 'Serial-crime investigation') } });
  assert.equal(refused.ok, false);
  assert.match(!refused.ok ? refused.error.message : '', /case number is required/);
  const refusal = ac.audit('audit.export').at(-1)!;
  assert.equal(refusal.outcome, 'refused');

  const out = await csvOf({ action: 'search.plates' }, { purposeId: purposeId(ac, 'Audit / administration'), caseNumber: '=HYPERLINK("http://x")' });
  assert.match(out.fileName, /^audit-extract-\d{8}-\d{6}\.csv$/);
  assert.equal(out.mime, 'text/csv');
  assert.equal(out.rows, 3);
  const lines = out.text.split('\r\n');
  assert.equal(lines[0], 'Audit extract,Lodi Police Department');
  assert.ok(lines.includes('Filters,action = search.plates'));
  assert.ok(lines.some((l) => l === 'Exported by,sup name (sup)'));
  assert.ok(lines.some((l) => l.startsWith('Exported at,2026-11-25T12:00')));
  const header = lines.indexOf('Seq,Record ID,Time (UTC),User ID,Username,Display name,Badge,Agency (ORI),Workstation,IP,Action,Data elements,Purpose,Case number,Outcome,Flagged,Hash');
  assert.ok(header > 0);
  const body = lines.slice(header + 1).filter(Boolean);
  assert.equal(body.length, 3);
  assert.ok(body[0]!.includes('"{""pattern"":""7AB*""}"'), 'data elements as JSON, quoted');
  assert.ok(body.some((l) => l.includes('LPD-26-0042')));

  const exp = ac.core.db.prepare("SELECT * FROM audit_log WHERE action = 'audit.export' ORDER BY seq DESC LIMIT 1").get() as { outcome: string; purpose: string; case_number: string; data: string };
  assert.equal(exp.outcome, 'granted');
  assert.equal(exp.purpose, 'Audit / administration');
  assert.equal(exp.case_number, '=HYPERLINK("http://x")');
  assert.deepEqual(JSON.parse(exp.data), { filters: { action: 'search.plates' }, format: 'csv', rows: 3 });

  // The export's own record is now in the log, with its case number that a spreadsheet would run: quoted away.
  const again = await csvOf({ action: 'audit.export', outcome: 'granted' }, { purposeId: purposeId(ac, 'Audit / administration'), caseNumber: 'C-1' });
  assert.ok(again.text.includes(`"'=HYPERLINK(""http://x"")"`), 'a formula-looking cell is prefixed with a quote');
  assert.ok(!/,=HYPERLINK/.test(again.text));
});

test('PDF extract: opens as a PDF with the agency, period, exporter and the records', async () => {
  const from = new Date(ac.clock.t - 3_600_000).toISOString();
  const to = new Date(ac.clock.t + 3_600_000).toISOString();
  const out = await ok<{ fileName: string; mime: string; data: Uint8Array; rows: number }>(
    ac.call(aud, 'reports:audit-export', { filters: { action: 'hits:open', from, to }, format: 'pdf', purpose: { purposeId: purposeId(ac, 'Audit / administration'), caseNumber: 'AUD-7' } }),
  );
  assert.equal(out.mime, 'application/pdf');
  assert.match(out.fileName, /\.pdf$/);
  assert.equal(out.rows, 120);
  assert.equal(Buffer.from(out.data.subarray(0, 5)).toString(), '%PDF-');
  const pdf = await readPdf(out.data);
  assert.ok(pdf.pageCount >= 3, `${pdf.pageCount} pages for 120 records`);
  const first = pdf.pages[0]!;
  assert.equal(first[0], 'Lodi Police Department');
  assert.ok(first.includes('Audit extract'));
  assert.ok(first.includes(`Period: ${from} to ${to}`));
  pdf.pages.forEach((p, i) => {
    assert.ok(p.includes(`Exported by aud name (aud) at ${new Date(ac.clock.t).toISOString()}`), `page ${i + 1} footer`);
    assert.ok(p.includes(`Page ${i + 1} of ${pdf.pageCount}`));
  });
  const hitLines = pdf.pages.flat().filter((s) => s.startsWith('hitId=hit-'));
  assert.equal(hitLines.length, 120, 'each record once');
  assert.ok(pdf.pages.flat().includes('Filters: action = hits:open; from = ' + from + '; to = ' + to));
  assert.equal(ac.audit('audit.export').at(-1)!.data.format, 'pdf');
});

test('purposes: admins add, rename their own, retire and reactivate, set the case rule; every change audited; a retired purpose is refused', async () => {
  const c = await fresh();
  const admin = await c.session('adm', 'admin');
  const supervisor = await c.session('sup', 'supervisor');
  const added = (await ok<{ purpose: { id: number; label: string; builtin: boolean; requiresCaseNumber: boolean } }>(c.call(admin, 'purposes:add', { label: 'Internal affairs review', requiresCaseNumber: false }))).purpose;
  assert.equal(added.builtin, false);
  assert.deepEqual(c.audit('purpose.add').at(-1)!.data.purpose, { ...added, active: true });

  const dup = await c.call(admin, 'purposes:add', { label: 'internal AFFAIRS review', requiresCaseNumber: false });
  assert.equal(!dup.ok && dup.error.code, 'conflict');

  const renamed = (await ok<{ purpose: { label: string } }>(c.call(admin, 'purposes:update', { id: added.id, label: 'Internal affairs' }))).purpose;
  assert.equal(renamed.label, 'Internal affairs');
  const rec = c.audit('purpose.update').at(-1)!;
  assert.equal((rec.data.before as { label: string }).label, 'Internal affairs review');
  assert.equal((rec.data.after as { label: string }).label, 'Internal affairs');

  const builtin = purposeId(c, 'Special event protection');
  const rename = await c.call(admin, 'purposes:update', { id: builtin, label: 'Parades' });
  assert.equal(rename.ok, false);
  assert.match(!rename.ok ? rename.error.message : '', /built in/);
  const own = await c.call(admin, 'purposes:update', { id: purposeId(c, 'Hit confirmation'), active: false });
  assert.match(!own.ok ? own.error.message : '', /console's own purpose/);

  // Exports need a case number by default; this purpose does not, so turn the rule off first.
  const rules = await ok<{ caseRequiredForSearch: boolean; caseRequiredForExport: boolean }>(c.call(supervisor, 'reports:rules', {}));
  assert.deepEqual(rules, { caseRequiredForSearch: true, caseRequiredForExport: true });
  const denied = await c.call(supervisor, 'reports:update-rules', { caseRequiredForSearch: true, caseRequiredForExport: false });
  assert.equal(!denied.ok && denied.error.code, 'forbidden');
  await ok(c.call(admin, 'reports:update-rules', { caseRequiredForSearch: true, caseRequiredForExport: false }));
  assert.deepEqual(c.audit('settings.lookup-rules').at(-1)!.data, { before: rules, after: { caseRequiredForSearch: true, caseRequiredForExport: false } });

  const exportWith = (id: number) => c.call(supervisor, 'reports:audit-export', { filters: { action: 'purpose.add' }, format: 'csv', purpose: { purposeId: id } });
  assert.equal((await exportWith(added.id)).ok, true, 'no case number needed now');

  await ok(c.call(admin, 'purposes:update', { id: added.id, active: false }));
  assert.equal((c.audit('purpose.update').at(-1)!.data.after as { active: boolean }).active, false);
  const retired = await exportWith(added.id);
  assert.equal(retired.ok, false);
  assert.match(!retired.ok ? retired.error.message : '', /retired/);
  const refusal = c.audit('audit.export').at(-1)!;
  assert.equal(refusal.outcome, 'refused');
  assert.match(String(refusal.data.reason), /retired/);
  const listed = await ok<{ purposes: { id: number; active: boolean }[] }>(c.call(supervisor, 'purposes:list', {}));
  assert.equal(listed.purposes.find((p) => p.id === added.id)!.active, false);

  await ok(c.call(admin, 'purposes:update', { id: added.id, active: true, requiresCaseNumber: true }));
  const needsCase = await exportWith(added.id);
  assert.match(!needsCase.ok ? needsCase.error.message : '', /case number is required/);

  const byDispatcher = await c.call(await c.session('d2', 'dispatcher'), 'purposes:add', { label: 'Curiosity', requiresCaseNumber: false });
  assert.equal(!byDispatcher.ok && byDispatcher.error.code, 'forbidden');
  const all = await ok<{ purposes: { label: string }[] }>(c.call(admin, 'purposes:all', {}));
  assert.ok(!all.purposes.some((p) => p.label === 'Curiosity'));
});
