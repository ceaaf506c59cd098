// The supervisor's shift log at the core: real SQLite, real contract calls, hits seeded straight
// into the console's tables. Expected figures are recomputed from hits and hit_events by brute
// force, never from the shift log's own table.
process.env.TZ = 'America/Los_Angeles';
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { authCore, type AuthCore } from '../helpers/auth-core';
import { seedShiftHits, SEED_DISPATCHERS } from '../bench/shiftlog';
import type { ShiftRow } from '../../electron/contract';
import { readPdf } from '../helpers/pdf-text';

// Nights of 24 November 2026 in Lodi (PST, UTC-8): 18:00 on the 24th to 06:00 on the 25th.
const NIGHT_FROM = Date.parse('2026-11-25T02:00:00Z');
const NIGHT_TO = Date.parse('2026-11-25T14:00:00Z');

let a: AuthCore;
let sup: string;

interface Truth {
  id: string;
  read: number;
  camera: string;
  list: string;
  disposition: string | null;
  plateCheck: string | null;
  dispatcher: string | null;
  broadcastAfter: number | null;
}

/** Every hit as the base tables hold it, folded in plain JS. */
function truth(): Truth[] {
  const db = a.core.db;
  const events = db.prepare('SELECT hit_id, step, outcome, at, username FROM hit_events ORDER BY at, id').all() as { hit_id: string; step: string; outcome: string | null; at: string; username: string }[];
  const byHit = new Map<string, typeof events>();
  for (const e of events) byHit.set(e.hit_id, [...(byHit.get(e.hit_id) ?? []), e]);
  const hits = db.prepare('SELECT h.id, h.captured_at, h.camera_id, h.disposition, m.list FROM hits h JOIN hit_matches m ON m.hit_id = h.id AND m.ord = 0').all() as { id: string; captured_at: string; camera_id: string; disposition: string | null; list: string }[];
  return hits.map((h) => {
    const ev = byHit.get(h.id) ?? [];
    const check = ev.find((e) => e.step === 'plate-check');
    const opened = ev.find((e) => e.step === 'opened');
    const broadcast = ev.find((e) => e.step === 'broadcast');
    const read = Date.parse(h.captured_at);
    return {
      id: h.id,
      read,
      camera: h.camera_id,
      list: h.list,
      disposition: h.disposition,
      plateCheck: check?.outcome ?? null,
      dispatcher: check?.username ?? opened?.username ?? null,
      broadcastAfter: broadcast ? Date.parse(broadcast.at) - read : null,
    };
  });
}

const inNight = (t: Truth) => t.read >= NIGHT_FROM && t.read < NIGHT_TO;
const median = (xs: number[]) => {
  const s = [...xs].sort((x, y) => x - y);
  return s.length ? s[Math.ceil(s.length / 2) - 1]! : null;
};

async function open(sid: string, input: unknown) {
  const res = await a.call(sid, 'shiftlog:open', input);
  if (!res.ok) throw new Error(`shiftlog:open refused: ${res.error.message}`);
  return res.value as {
    viewId: string;
    period: { from: string; to: string; label: string };
    total: number;
    summary: { hits: number; misreads: number; confirmed: number; open: number; medianToBroadcastMs: number | null; dispatchers: { username: string; handled: number; misreads: number; medianToBroadcastMs: number | null }[]; charts: { perBucket: { count: number }[]; cameras: { cameraId: string; hits: number; misreads: number }[]; toBroadcast: number[]; outcomes: { outcome: string; count: number }[] } };
    options: { cameras: { id: string }[]; dispatchers: { username: string }[]; lists: string[] };
    rows: ShiftRow[];
  };
}

async function allRows(sid: string, viewId: string, total: number): Promise<ShiftRow[]> {
  const rows: ShiftRow[] = [];
  for (let offset = 0; offset < total; offset += 500) {
    const res = await a.call(sid, 'shiftlog:rows', { viewId, offset, limit: 500 });
    assert.ok(res.ok, 'rows page');
    rows.push(...(res.value as { rows: ShiftRow[] }).rows);
  }
  return rows;
}

before(async () => {
  a = await authCore();
  // 5,000 hits over the night shift and two hours either side of it.
  seedShiftHits(a.core.db, { count: 5000, from: NIGHT_FROM - 2 * 3_600_000, to: NIGHT_TO + 2 * 3_600_000 });
  sup = await a.session('sup1', 'supervisor');
});
after(async () => {
  await a.core.close();
});

test('the agency starts with Days 06:00-18:00 and Nights 18:00-06:00', async () => {
  const res = await a.call(sup, 'shiftlog:shifts');
  assert.ok(res.ok);
  assert.deepEqual((res.value as { shifts: { name: string; start: string; end: string }[] }).shifts.map((s) => `${s.name} ${s.start}-${s.end}`), ['Days 06:00-18:00', 'Nights 18:00-06:00']);
  // The console's clock says 04:00 on the 25th in Lodi: the night that began on the 24th.
  assert.deepEqual((res.value as { current: unknown }).current, { shiftId: 2, date: '2026-11-24' });
});

test('the night shift crosses midnight, and its numbers equal what the database holds for 5,000 hits', async () => {
  const v = await open(sup, { period: { shiftId: 2, date: '2026-11-24' } });
  assert.equal(v.period.from, new Date(NIGHT_FROM).toISOString());
  assert.equal(v.period.to, new Date(NIGHT_TO).toISOString());
  const night = truth().filter(inNight);
  assert.ok(night.length > 2500 && night.length < 5000);
  assert.equal(v.total, night.length);
  assert.equal(v.summary.hits, night.length);
  assert.equal(v.summary.misreads, night.filter((t) => t.plateCheck === 'misread').length);
  assert.equal(v.summary.confirmed, night.filter((t) => t.plateCheck === 'confirmed').length);
  assert.equal(v.summary.open, night.filter((t) => t.disposition === null).length);
  assert.equal(v.summary.medianToBroadcastMs, median(night.flatMap((t) => (t.broadcastAfter === null ? [] : [t.broadcastAfter]))));
  assert.equal(v.summary.charts.perBucket.length, 12);
  assert.equal(v.summary.charts.perBucket.reduce((s, b) => s + b.count, 0), night.length);
  assert.equal(v.summary.charts.toBroadcast.reduce((s, n) => s + n, 0), night.filter((t) => t.broadcastAfter !== null).length);
  assert.equal(v.summary.charts.outcomes.reduce((s, o) => s + o.count, 0), night.length);
  for (const d of SEED_DISPATCHERS) {
    const mine = night.filter((t) => t.dispatcher === d);
    const got = v.summary.dispatchers.find((x) => x.username === d)!;
    assert.equal(got.handled, mine.length, `${d} handled`);
    assert.equal(got.misreads, mine.filter((t) => t.plateCheck === 'misread').length, `${d} misreads`);
    assert.equal(got.medianToBroadcastMs, median(mine.flatMap((t) => (t.broadcastAfter === null ? [] : [t.broadcastAfter]))), `${d} median`);
  }
  for (const c of v.summary.charts.cameras) {
    const mine = night.filter((t) => t.camera === c.cameraId);
    assert.deepEqual([c.hits, c.misreads], [mine.length, mine.filter((t) => t.plateCheck === 'misread').length], c.cameraId);
  }
  // Paging through the whole shift gives every hit once, in read order.
  const rows = await allRows(sup, v.viewId, v.total);
  assert.deepEqual(rows.map((r) => r.hitId).sort(), night.map((t) => t.id).sort());
  assert.ok(rows.every((r, i) => i === 0 || r.readAt >= rows[i - 1]!.readAt));
  assert.deepEqual(v.rows, rows.slice(0, v.rows.length));
});

test('filters by outcome, camera, list and dispatcher narrow the log to what the database holds', async () => {
  const night = truth().filter(inNight);
  const period = { shiftId: 2, date: '2026-11-24' };
  const cases: [Record<string, string>, (t: Truth) => boolean][] = [
    [{ outcome: 'misread' }, (t) => t.disposition === 'misread'],
    [{ outcome: 'open' }, (t) => t.disposition === null],
    [{ cameraId: 'cam-03' }, (t) => t.camera === 'cam-03'],
    [{ list: 'Amber' }, (t) => t.list === 'Amber'],
    [{ dispatcher: 'disp-cho', outcome: 'stale-list' }, (t) => t.dispatcher === 'disp-cho' && t.disposition === 'stale-list'],
  ];
  for (const [filters, keep] of cases) {
    const v = await open(sup, { period, filters });
    const want = night.filter(keep);
    assert.ok(want.length > 0, JSON.stringify(filters));
    assert.equal(v.total, want.length, JSON.stringify(filters));
    const rows = await allRows(sup, v.viewId, v.total);
    assert.deepEqual(rows.map((r) => r.hitId).sort(), want.map((t) => t.id).sort(), JSON.stringify(filters));
    // The filter choices stay those of the whole shift.
    assert.equal(v.options.cameras.length, new Set(night.map((t) => t.camera)).size);
  }
});

test('each view is one audit record with its period and filters; paging adds none', async () => {
  const before = a.audit('shiftlog.view').length;
  const v = await open(sup, { period: { shiftId: 2, date: '2026-11-24' }, filters: { cameraId: 'cam-05' } });
  await allRows(sup, v.viewId, v.total);
  const records = a.audit('shiftlog.view');
  assert.equal(records.length, before + 1);
  const r = records.at(-1)!;
  assert.equal(r.outcome, 'granted');
  assert.equal(r.username, 'sup1');
  assert.deepEqual(r.data.shift, { id: 2, name: 'Nights', date: '2026-11-24' });
  assert.deepEqual(r.data.filters, { cameraId: 'cam-05' });
  assert.equal(r.data.from, new Date(NIGHT_FROM).toISOString());
  assert.equal(r.data.hits, v.total);
  const purpose = a.core.db.prepare("SELECT purpose FROM audit_log WHERE action = 'shiftlog.view' ORDER BY seq DESC LIMIT 1").get() as { purpose: string };
  assert.equal(purpose.purpose, 'Audit / administration');
});

test('dispatchers may not open a shift log, and the refusal is logged; a view is only for the session that opened it', async () => {
  const disp = await a.session('disp1', 'dispatcher');
  const res = await a.call(disp, 'shiftlog:open', { period: { shiftId: 1, date: '2026-11-24' } });
  assert.equal(res.ok, false);
  assert.equal(!res.ok && res.error.code, 'forbidden');
  assert.ok(a.audit('shiftlog.view').some((r) => r.outcome === 'refused' && r.username === 'disp1'));

  const auditor = await a.session('aud1', 'auditor');
  const mine = await open(auditor, { period: { from: new Date(NIGHT_FROM).toISOString(), to: new Date(NIGHT_TO).toISOString() } });
  const other = await a.call(sup, 'shiftlog:rows', { viewId: mine.viewId, offset: 0, limit: 10 });
  assert.equal(!other.ok && other.error.code, 'not-found');
});

test('bad periods are refused with a clear error and nothing is shown', async () => {
  const bad: [unknown, string][] = [
    [{ period: { from: '2026-11-25T10:00:00Z', to: '2026-11-25T09:00:00Z' } }, 'invalid-input'],
    [{ period: { shiftId: 1, date: '2026-02-30' } }, 'invalid-input'],
    [{ period: { shiftId: 99, date: '2026-11-24' } }, 'not-found'],
    [{ period: { shiftId: 1, date: '2026-11-24' }, filters: { plate: 'X' } }, 'invalid-input'],
  ];
  for (const [input, code] of bad) {
    const res = await a.call(sup, 'shiftlog:open', input);
    assert.equal(!res.ok && res.error.code, code, JSON.stringify(input));
  }
});

test('admins edit the shifts (audited with before and after); bad shifts are refused and change nothing', async () => {
  const admin = await a.session('adm1', 'admin');
  const denied = await a.call(sup, 'shiftlog:save-shifts', { shifts: [{ name: 'All day', start: '00:00', end: '23:59' }] });
  assert.equal(!denied.ok && denied.error.code, 'forbidden');
  for (const shifts of [[{ name: 'Bad', start: '25:00', end: '06:00' }], [{ name: 'Same', start: '06:00', end: '06:00' }], [{ name: 'A', start: '06:00', end: '14:00' }, { name: 'a', start: '14:00', end: '22:00' }]]) {
    const res = await a.call(admin, 'shiftlog:save-shifts', { shifts });
    assert.equal(!res.ok && res.error.code, 'invalid-input', JSON.stringify(shifts));
  }
  const three = [
    { id: 1, name: 'Days', start: '06:00', end: '14:00' },
    { name: 'Swing', start: '14:00', end: '22:00' },
    { id: 2, name: 'Nights', start: '22:00', end: '06:00' },
  ];
  const saved = await a.call(admin, 'shiftlog:save-shifts', { shifts: three });
  assert.ok(saved.ok);
  const list = (await a.call(sup, 'shiftlog:shifts')).ok && ((await a.call(sup, 'shiftlog:shifts')) as { value: { shifts: { id: number; name: string; start: string; end: string }[] } }).value.shifts;
  assert.deepEqual(list && list.map((s) => `${s.name} ${s.start}-${s.end}`), ['Days 06:00-14:00', 'Swing 14:00-22:00', 'Nights 22:00-06:00']);
  const rec = a.audit('shiftlog.shifts-update').at(-1)!;
  assert.equal(rec.username, 'adm1');
  assert.equal((rec.data.before as unknown[]).length, 2);
  assert.equal((rec.data.after as unknown[]).length, 3);
  // The night shift now starts at 22:00 and still ends the next morning.
  const v = await open(sup, { period: { shiftId: 2, date: '2026-11-24' } });
  assert.equal(v.period.from, '2026-11-25T06:00:00.000Z');
  assert.equal(v.period.to, '2026-11-25T14:00:00.000Z');
  assert.equal(v.total, truth().filter((t) => t.read >= Date.parse(v.period.from) && t.read < Date.parse(v.period.to)).length);
  await a.call(admin, 'shiftlog:save-shifts', { shifts: [{ id: 1, name: 'Days', start: '06:00', end: '18:00' }, { id: 2, name: 'Nights', start: '18:00', end: '06:00' }] });
});

test('a CSV shift report needs a purpose and a case number, is logged, and holds the shift rows', async () => {
  const purposes = (await a.call(sup, 'purposes:list')).ok ? ((await a.call(sup, 'purposes:list')) as { value: { purposes: { id: number; label: string }[] } }).value.purposes : [];
  const auditPurpose = purposes.find((p) => p.label === 'Audit / administration')!.id;
  const selection = { period: { shiftId: 2, date: '2026-11-24' }, filters: { outcome: 'misread' } };
  const refused = await a.call(sup, 'shiftlog:export', { selection, format: 'csv', purpose: { purposeId: auditPurpose } });
  assert.equal(!refused.ok && refused.error.code, 'invalid-input');
  assert.match(!refused.ok ? refused.error.message : '', /case number/);
  assert.ok(a.audit('shiftlog.export').some((r) => r.outcome === 'refused'));

  const res = await a.call(sup, 'shiftlog:export', { selection, format: 'csv', purpose: { purposeId: auditPurpose, caseNumber: 'AUD-2026-17' } });
  assert.ok(res.ok, !res.ok ? res.error.message : '');
  const out = res.value as { fileName: string; text: string; rows: number };
  const want = truth().filter((t) => inNight(t) && t.disposition === 'misread');
  assert.equal(out.rows, want.length);
  assert.match(out.fileName, /^shift-report-nights-2026-11-24.*\.csv$/);
  const lines = out.text.trimEnd().split('\r\n');
  assert.equal(lines[0], 'Shift report,Test PD');
  assert.ok(lines.some((l) => l.startsWith('Exported by,sup1 name (sup1')));
  assert.ok(lines.some((l) => l.startsWith('Times (s),seconds from the read to each step')), 'the file says how its times differ from the screen');
  const header = lines.findIndex((l) => l.startsWith('Read at (UTC),Plate'));
  assert.equal(lines.length - header - 1, want.length);
  const rec = a.core.db.prepare("SELECT purpose, case_number, data FROM audit_log WHERE action = 'shiftlog.export' AND outcome = 'granted'").get() as { purpose: string; case_number: string; data: string };
  assert.equal(rec.purpose, 'Audit / administration');
  assert.equal(rec.case_number, 'AUD-2026-17');
  assert.equal(JSON.parse(rec.data).rows, want.length);
  // An auditor asking who saw a plate finds the export by any plate it holds.
  const plate = (a.core.db.prepare('SELECT read_plate FROM hits WHERE id = ?').get(want[0]!.id) as { read_plate: string }).read_plate;
  assert.ok(JSON.parse(rec.data).plates.includes(plate));
  const auditor = await a.session('aud1', 'auditor');
  const found = await a.call(auditor, 'reports:audit-search', { filters: { plate, action: 'shiftlog' } });
  assert.ok(found.ok, !found.ok ? found.error.message : '');
  assert.ok((found.value as { records: { action: string }[] }).records.some((r) => r.action === 'shiftlog.export'));
});

test('a shift log view is found by an audit search for any plate it showed', async () => {
  const camera = truth().find((t) => inNight(t) && t.disposition === 'misread')!.camera;
  const want = truth().filter((t) => inNight(t) && t.disposition === 'misread' && t.camera === camera);
  const v = await open(sup, { period: { shiftId: 2, date: '2026-11-24' }, filters: { outcome: 'misread', cameraId: camera } });
  assert.equal(v.total, want.length);
  const rec = a.audit('shiftlog.view').at(-1)!;
  const plates = new Set(want.map((t) => (a.core.db.prepare('SELECT read_plate FROM hits WHERE id = ?').get(t.id) as { read_plate: string }).read_plate));
  assert.deepEqual(new Set(rec.data.plates as string[]), plates, 'every plate of the view, each once');
  const last = [...plates].at(-1)!;
  const auditor = await a.session('aud2', 'auditor');
  const found = await a.call(auditor, 'reports:audit-search', { filters: { plate: last, action: 'shiftlog.view' } });
  assert.ok(found.ok, !found.ok ? found.error.message : '');
  assert.ok((found.value as { records: { action: string; actor: { username: string } }[] }).records.some((r) => r.action === 'shiftlog.view'));
  // A whole night names 500 of its plates and says there are more.
  const all = await open(sup, { period: { shiftId: 2, date: '2026-11-24' }, filters: {} });
  const whole = a.audit('shiftlog.view').at(-1)!.data as { plates: string[]; morePlates?: boolean; hits: number };
  const night = new Set(truth().filter(inNight).map((t) => (a.core.db.prepare('SELECT read_plate FROM hits WHERE id = ?').get(t.id) as { read_plate: string }).read_plate));
  assert.ok(night.size > 500, 'the seeded night has more than 500 plates');
  assert.equal(whole.hits, all.total);
  assert.equal(new Set(whole.plates).size, 500);
  assert.ok(whole.plates.every((p) => night.has(p)), 'only plates of that night');
  assert.equal(whole.morePlates, true);
});

test('the PDF shift report opens and holds the agency, the period, who exported it and the shift totals', async () => {
  const purposes = ((await a.call(sup, 'purposes:list')) as { value: { purposes: { id: number; label: string }[] } }).value.purposes;
  const purposeId = purposes.find((p) => p.label === 'Audit / administration')!.id;
  const res = await a.call(sup, 'shiftlog:export', { selection: { period: { shiftId: 2, date: '2026-11-24' }, filters: { dispatcher: 'disp-ben' } }, format: 'pdf', purpose: { purposeId, caseNumber: 'AUD-2026-18' } });
  assert.ok(res.ok, !res.ok ? res.error.message : '');
  const out = res.value as { fileName: string; mime: string; data: Uint8Array; rows: number };
  assert.equal(out.mime, 'application/pdf');
  assert.match(out.fileName, /\.pdf$/);
  const mine = truth().filter((t) => inNight(t) && t.dispatcher === 'disp-ben');
  assert.equal(out.rows, mine.length);
  const pdf = await readPdf(out.data);
  const text = pdf.pages.flat();
  assert.equal(pdf.pages[0]![0], 'Test PD');
  assert.ok(text.some((l) => l.includes('Shift report: Nights 2026-11-24 18:00 to 2026-11-25 06:00')));
  assert.ok(text.some((l) => l.includes('Exported by sup1 name (sup1)')));
  const misreads = mine.filter((t) => t.plateCheck === 'misread').length;
  const confirmed = mine.filter((t) => t.plateCheck === 'confirmed').length;
  const totals = text.join(' ');
  assert.ok(totals.includes(`Totals: ${mine.length} hits, ${confirmed} confirmed, ${misreads} misreads`), 'the totals line');
  assert.equal(a.audit('shiftlog.export').at(-1)!.data.format, 'pdf');
});

test('steps that reach the console before their hit are still on the hit once it arrives', async () => {
  const db = a.core.db;
  db.prepare(`INSERT INTO hit_events (hit_id, step, outcome, at, username, display_name, workstation_id, source) VALUES ('early-1', 'opened', NULL, '2026-11-25T03:00:10Z', 'disp-zed', 'Zed', 'ws-2', 'hub')`).run();
  db.prepare(`INSERT INTO hit_events (hit_id, step, outcome, at, username, display_name, workstation_id, source) VALUES ('early-1', 'plate-check', 'misread', '2026-11-25T03:00:20+00:00', 'disp-zed', 'Zed', 'ws-2', 'hub')`).run();
  db.prepare(`INSERT INTO hits (id, seq, hub_key, received_at, stored_at, captured_at, camera_id, camera_name, camera_lat, camera_lon, direction, read_plate, read_state, read_confidence, priority, priority_rank)
    VALUES ('early-1', 1, 'other', '2026-11-25T03:00:01Z', '2026-11-25T03:00:02Z', '2026-11-24T19:00:00-08:00', 'cam-99', 'Camera 99', 0, 0, 'N', 'EARLY1', 'CA', 0.9, 'high', 0)`).run();
  db.prepare(`INSERT INTO hit_matches (hit_id, ord, list, reason, priority, plate, state, list_updated_at) VALUES ('early-1', 0, 'SVS', 'Stolen', 'high', 'EARLY1', 'CA', '2026-11-24T00:00:00Z')`).run();
  const v = await open(sup, { period: { shiftId: 2, date: '2026-11-24' }, filters: { cameraId: 'cam-99' } });
  assert.equal(v.total, 1);
  const row = v.rows[0]!;
  assert.equal(row.readAt, '2026-11-25T03:00:00.000Z');
  assert.deepEqual([row.opened, row.plateCheck, row.plateCheckOutcome, row.dispatcher], [10_000, 20_000, 'misread', 'disp-zed']);
});

test('a retroactive hit is in the log of the shift it was raised and worked in, not of its old read', async () => {
  const db = a.core.db;
  // Read on the night of 10 November; raised tonight (02:10 local on the 25th) by an officer's new entry, broadcast 90 s later.
  db.prepare(`INSERT INTO hits (id, seq, hub_key, received_at, stored_at, captured_at, camera_id, camera_name, camera_lat, camera_lon, direction, read_plate, read_state, read_confidence, priority, priority_rank, retroactive)
    VALUES ('retro-1', 1, 'retro', '2026-11-25T10:10:00Z', '2026-11-25T10:10:01Z', '2026-11-11T05:00:00Z', 'cam-98', 'Camera 98', 0, 0, 'N', 'RETRO01', 'CA', 0.9, 'high', 0, 1)`).run();
  db.prepare(`INSERT INTO hit_matches (hit_id, ord, list, reason, priority, plate, state, list_updated_at) VALUES ('retro-1', 0, 'Felony want', 'Officer entry', 'high', 'RETRO01', 'CA', '2026-11-25T10:09:00Z')`).run();
  for (const [step, outcome, at] of [['opened', null, '2026-11-25T10:10:30Z'], ['plate-check', 'confirmed', '2026-11-25T10:11:00Z'], ['broadcast', null, '2026-11-25T10:11:30Z']] as const) {
    db.prepare(`INSERT INTO hit_events (hit_id, step, outcome, at, username, display_name, workstation_id, source) VALUES ('retro-1', ?, ?, ?, 'disp-ann', 'Ann', 'ws-1', 'local')`).run(step, outcome, at);
  }
  const tonight = await open(sup, { period: { shiftId: 2, date: '2026-11-24' }, filters: { cameraId: 'cam-98' } });
  assert.equal(tonight.total, 1, 'in the log of the night it was worked');
  const row = tonight.rows[0]!;
  assert.equal(row.retroactive, true);
  assert.equal(row.readAt, '2026-11-11T05:00:00.000Z', 'still saying when the car was read');
  assert.equal(row.broadcast! - row.received, 90_000, 'broadcast 90 s after it was raised');
  assert.equal(tonight.summary.medianToBroadcastMs, 90_000, 'timed from when it was raised, not 14 days from its read');
  assert.equal(tonight.summary.charts.perBucket.findIndex((b) => b.count > 0), 8, 'charted in the hour it was raised (02:00-03:00)');
  // The PDF report's figures are the screen's.
  const purposeId = ((await a.call(sup, 'purposes:list')) as { value: { purposes: { id: number; label: string }[] } }).value.purposes.find((p) => p.label === 'Audit / administration')!.id;
  const pdf = await a.call(sup, 'shiftlog:export', { selection: { period: { shiftId: 2, date: '2026-11-24' }, filters: { cameraId: 'cam-98' } }, format: 'pdf', purpose: { purposeId, caseNumber: 'AUD-2026-19' } });
  assert.ok(pdf.ok, !pdf.ok ? pdf.error.message : '');
  const pdfText = (await readPdf((pdf.value as { data: Uint8Array }).data)).pages.flat().join(' ');
  assert.match(pdfText, /Read to broadcast: median 90(\.0)? s/);
  const readNight = await open(sup, { period: { shiftId: 2, date: '2026-11-10' }, filters: {} });
  assert.equal(readNight.total, 0, 'the reviewed log of the read\'s night does not change after the fact');
  // A live hit's place is still its read.
  assert.equal((await open(sup, { period: { shiftId: 2, date: '2026-11-24' }, filters: { cameraId: 'cam-99' } })).rows[0]?.retroactive, undefined);
});

test('a live hit that reached the console late (hub down) is in the log of the shift that worked it, timed from its arrival', async () => {
  const db = a.core.db;
  // Read at 17:30 on the 24th (Days); the hub was down and it reached this console at 19:00
  // (Nights), where it was opened, confirmed and broadcast 90 s later.
  db.prepare(`INSERT INTO hits (id, seq, hub_key, received_at, stored_at, captured_at, camera_id, camera_name, camera_lat, camera_lon, direction, read_plate, read_state, read_confidence, priority, priority_rank)
    VALUES ('late-1', 1, 'late', '2026-11-25T02:59:59Z', '2026-11-25T03:00:00Z', '2026-11-25T01:30:00Z', 'cam-97', 'Camera 97', 0, 0, 'N', 'LATE001', 'CA', 0.9, 'high', 0)`).run();
  db.prepare(`INSERT INTO hit_matches (hit_id, ord, list, reason, priority, plate, state, list_updated_at) VALUES ('late-1', 0, 'SVS', 'Stolen', 'high', 'LATE001', 'CA', '2026-11-24T00:00:00Z')`).run();
  for (const [step, outcome, at] of [['opened', null, '2026-11-25T03:00:30Z'], ['plate-check', 'confirmed', '2026-11-25T03:01:00Z'], ['broadcast', null, '2026-11-25T03:01:30Z']] as const) {
    db.prepare(`INSERT INTO hit_events (hit_id, step, outcome, at, username, display_name, workstation_id, source) VALUES ('late-1', ?, ?, ?, 'disp-ann', 'Ann', 'ws-1', 'local')`).run(step, outcome, at);
  }
  const night = await open(sup, { period: { shiftId: 2, date: '2026-11-24' }, filters: { cameraId: 'cam-97' } });
  assert.equal(night.total, 1, 'in the log of the night that worked it');
  const row = night.rows[0]!;
  assert.equal(row.readAt, '2026-11-25T01:30:00.000Z', 'still saying when the car was read');
  assert.equal(row.late, 90 * 60_000, 'reached this console 90 min after the read');
  assert.equal(row.retroactive, undefined);
  assert.equal(night.summary.medianToBroadcastMs, 90_000, 'timed from its arrival, not from the read 91.5 min before');
  const days = await open(sup, { period: { shiftId: 1, date: '2026-11-24' }, filters: { cameraId: 'cam-97' } });
  assert.equal(days.total, 0, 'not in the log of the day shift, which never had it');
  // The exports say so: the CSV's column, the PDF's note.
  const purposeId = ((await a.call(sup, 'purposes:list')) as { value: { purposes: { id: number; label: string }[] } }).value.purposes.find((p) => p.label === 'Audit / administration')!.id;
  const selection = { period: { shiftId: 2, date: '2026-11-24' }, filters: { cameraId: 'cam-97' } };
  const csv = await a.call(sup, 'shiftlog:export', { selection, format: 'csv', purpose: { purposeId, caseNumber: 'AUD-2026-20' } });
  assert.ok(csv.ok, !csv.ok ? csv.error.message : '');
  const lines = (csv.value as { text: string }).text.split('\r\n');
  const header = lines.findIndex((l) => l.startsWith('Read at (UTC),Plate'));
  assert.ok(lines[header]!.endsWith(',Reached this console late (s)'));
  assert.ok(lines[header + 1]!.endsWith(',5400.0'), lines[header + 1]);
  const pdf = await a.call(sup, 'shiftlog:export', { selection, format: 'pdf', purpose: { purposeId, caseNumber: 'AUD-2026-20' } });
  assert.ok(pdf.ok, !pdf.ok ? pdf.error.message : '');
  const pdfText = (await readPdf((pdf.value as { data: Uint8Array }).data)).pages.flat().join(' ');
  assert.match(pdfText, /Read to broadcast: median 90(\.0)? s/);
  assert.match(pdfText, /1 hit reached this console more than 15 min after the read/);
  // A hit a few minutes late (a slow link) keeps its read's place.
  db.prepare(`INSERT INTO hits (id, seq, hub_key, received_at, stored_at, captured_at, camera_id, camera_name, camera_lat, camera_lon, direction, read_plate, read_state, read_confidence, priority, priority_rank)
    VALUES ('slow-1', 2, 'late', '2026-11-25T01:39:00Z', '2026-11-25T01:40:00Z', '2026-11-25T01:30:00Z', 'cam-96', 'Camera 96', 0, 0, 'N', 'SLOW001', 'CA', 0.9, 'high', 0)`).run();
  db.prepare(`INSERT INTO hit_matches (hit_id, ord, list, reason, priority, plate, state, list_updated_at) VALUES ('slow-1', 0, 'SVS', 'Stolen', 'high', 'SLOW001', 'CA', '2026-11-24T00:00:00Z')`).run();
  const slow = await open(sup, { period: { shiftId: 1, date: '2026-11-24' }, filters: { cameraId: 'cam-96' } });
  assert.deepEqual([slow.total, slow.rows[0]?.late], [1, undefined]);
});

test('100,000 hits: the log opens with the first page only, and any page comes back on its own', { timeout: 600_000 }, async () => {
  const from = Date.parse('2026-12-01T14:00:00Z');
  seedShiftHits(a.core.db, { count: 100_000, from, to: from + 12 * 3_600_000, prefix: 'big', seed: 11 });
  const v = await open(sup, { period: { shiftId: 1, date: '2026-12-01' } });
  assert.equal(v.total, 100_000);
  assert.equal(v.rows.length, 200);
  const last = await a.call(sup, 'shiftlog:rows', { viewId: v.viewId, offset: 99_800, limit: 500 });
  assert.ok(last.ok);
  const rows = (last.value as { rows: ShiftRow[] }).rows;
  assert.equal(rows.length, 200);
  const latest = a.core.db.prepare("SELECT id FROM hits WHERE id LIKE 'big-%' ORDER BY julianday(captured_at) DESC, id DESC LIMIT 1").get() as { id: string };
  assert.equal(rows.at(-1)!.hitId, latest.id);
  const limit = await a.call(sup, 'shiftlog:rows', { viewId: v.viewId, offset: 0, limit: 100_000 });
  assert.equal(!limit.ok && limit.error.code, 'invalid-input');
});
