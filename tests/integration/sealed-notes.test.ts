// Free text typed by dispatchers is encrypted at rest (migration 0010 on the console, hub schema
// 4): a misread note, disposition notes and the timeline's details (CLETS summaries with
// cautions, broadcast scripts, notes) never reach the raw SQLite files or their WALs in clear,
// at the console that typed them, at a console that follows the hit, or at the hub; the views
// still show them. Databases from older versions get their clear rows sealed at start.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { startHub, type Hub } from '../../electron/hub/server';
import { Core } from '../../electron/core/core';
import { openDatabase } from '../../electron/core/db/open';
import { consoleMigrations } from '../../electron/core/db/migrations';
import { HitStore } from '../../electron/core/hits/store';
import { FieldCipher } from '../../electron/core/util/field-crypto';
import { hubBasicAuth, parseHubTokens, type HitEvent } from '../../electron/contract/hub';
import type { HitDetail, WorkflowView } from '../../electron/contract';
import { tempDir } from '../helpers/tmp';
import { hubHit, postedHit } from '../helpers/hits';
import { waitFor } from '../helpers/wait';
import { signInCleared, TRAINED } from '../helpers/clearance';

const TOKENS = parseHubTokens('ws-01=secret-one,ws-02=secret-two');

/** Which of `secrets` are in the raw bytes of the database files (utf8 or utf16le). */
function scan(dataDir: string, base: 'console.sqlite' | 'hub.sqlite', secrets: readonly string[]): string[] {
  const found: string[] = [];
  for (const name of [base, `${base}-wal`, `${base}-shm`]) {
    const file = path.join(dataDir, name);
    if (!fs.existsSync(file)) continue;
    const raw = fs.readFileSync(file);
    for (const s of secrets) {
      for (const enc of ['utf8', 'utf16le'] as const) if (raw.includes(Buffer.from(s, enc))) found.push(`${name}: ${s} (${enc})`);
    }
  }
  return found;
}

interface Desk {
  core: Core;
  dataDir: string;
  call(channel: string, input: unknown): ReturnType<Core['dispatch']>;
  step(channel: string, input: unknown): Promise<WorkflowView>;
}

async function desk(opts: { hub: Hub | null; ws: string; user: string; role: string; dataDir?: string; log?: (line: string) => void }): Promise<Desk> {
  const dataDir = opts.dataDir ?? tempDir();
  const core = await Core.open({
    dataDir,
    workstationId: opts.ws,
    hub: opts.hub ? { url: opts.hub.url, token: opts.ws === 'ws-01' ? 'secret-one' : 'secret-two', hubKey: 'hub', training: false } : null,
    mode: 'headless',
    version: '0-test',
    agencyName: 'Test PD',
    bootstrapUser: `${opts.user}:hunter2hunter2:${opts.role}:${TRAINED}`,
    ...(opts.log ? { log: opts.log } : {}),
  });
  const s = core.openSession({ ip: null });
  await signInCleared(core, s.id, opts.user, 'hunter2hunter2');
  if (opts.hub) await waitFor(`${opts.ws} connected`, () => core.hubState().state === 'connected');
  const call = (channel: string, input: unknown) => core.dispatch(s.id, channel, input);
  return {
    core,
    dataDir,
    call,
    async step(channel, input) {
      const r = await call(channel, input);
      assert.ok(r.ok, `${opts.ws} ${channel}: ${r.ok ? '' : `${r.error.message} ${r.error.details?.join('; ') ?? ''}`}`);
      return r.value as WorkflowView;
    },
  };
}

async function postHit(hub: Hub, plate: string, notes: string): Promise<string> {
  const hit = postedHit({ read: { plate, state: 'CA', confidence: 0.92 } });
  hit.matches[0] = { ...hit.matches[0]!, plate, notes };
  const res = await fetch(`${hub.url}/hits`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(hit) });
  assert.equal(res.status, 202);
  return ((await res.json()) as { id: string }).id;
}

async function hubTimeline(hub: Hub, hitId: string): Promise<HitEvent[]> {
  return (await (await fetch(`${hub.url}/hits/${hitId}/events`, { headers: { authorization: hubBasicAuth('ws-01', TOKENS.get('ws-01')!) } })).json()) as HitEvent[];
}

const detailOf = (v: WorkflowView, step: string) => v.timeline.filter((e) => e.step === step).map((e) => e.detail ?? '').join(' | ');

test('misread notes, disposition notes and CLETS summaries are not in the raw console or hub files; the views still show them', async (t) => {
  const hubDir = tempDir();
  const hub = await startHub({ port: 0, dataDir: hubDir, tokens: TOKENS });
  const a = await desk({ hub, ws: 'ws-01', user: 'dana', role: 'dispatcher' });
  // A second console follows the hit through the hub and keeps its timeline too.
  const b = await desk({ hub, ws: 'ws-02', user: 'pat', role: 'supervisor' });
  let closed = false;
  t.after(async () => {
    if (closed) return;
    await a.core.close();
    await b.core.close();
    await hub.close();
  });

  const MISREAD_NOTE = 'Driver is Bartholomew Quenby-Ashdown; plate frame covers the 7';
  const DISPOSITION_NOTES = 'Released to registered owner Wilhelmina Strathcarron-Vale';
  // The hotlist notes (encrypted at rest already) make the CLETS simulator return a caution and
  // echo them; the console's CLETS summary in the timeline names the caution.
  const misreadId = await postHit(hub, '7SEAL01', 'Owner reported it');
  const cletsId = await postHit(hub, '7SEAL02', 'Escaped custody; passenger Ottoline Fairweather-Pryce');
  await waitFor('hits at both consoles', () => [misreadId, cletsId].every((id) => a.core.hits.exists(id) && b.core.hits.exists(id)));

  assert.ok((await a.call('hits:open', { hitId: misreadId })).ok);
  const misread = await a.step('workflow:misread', { hitId: misreadId, reason: 'other', note: MISREAD_NOTE });
  assert.equal(misread.misread!.note, MISREAD_NOTE);

  assert.ok((await a.call('hits:open', { hitId: cletsId })).ok);
  await a.step('workflow:confirm-plate', { hitId: cletsId });
  await a.step('workflow:mark-broadcast', { hitId: cletsId });
  const answered = await a.step('workflow:run-clets', { hitId: cletsId });
  assert.equal(answered.clets.via, 'hub');
  assert.match(answered.clets.response!.text, /FAIRWEATHER-PRYCE/);
  await a.step('workflow:mark-results-broadcast', { hitId: cletsId });
  await a.step('workflow:dispose', { hitId: cletsId, code: 'vehicle-located', notes: DISPOSITION_NOTES, units: ['4A12'] });

  // A supervisor takes a hit over with a reason that names someone.
  const TAKEOVER_REASON = 'Dana is with Rosalind Achterberg-Quist at the front desk';
  const takenId = await postHit(hub, '7SEAL03', 'Owner reported it');
  await waitFor('the third hit at both consoles', () => a.core.hits.exists(takenId) && b.core.hits.exists(takenId));
  assert.ok((await a.call('hits:open', { hitId: takenId })).ok);
  // The supervisor looks (a lookup on the record) before anything of the hit is shown to them.
  assert.ok((await b.call('hits:open', { hitId: takenId, intent: 'review' })).ok);
  await waitFor('ws-02 sees the claim', async () => (await b.step('workflow:state', { hitId: takenId })).claim.holder !== null);
  const took = await b.step('workflow:take-over', { hitId: takenId, reason: TAKEOVER_REASON });
  assert.match(detailOf(took, 'taken-over'), /Achterberg-Quist at the front desk/, 'the reason is in the timeline');
  const takeoverAudit = JSON.parse((b.core.db.prepare("SELECT data FROM audit_log WHERE action = 'workflow.take-over' AND outcome = 'ok'").get() as { data: string }).data);
  assert.deepEqual(Object.keys(takeoverAudit).sort(), ['hitId', 'plate', 'previous', 'state'], 'and not in the audit record');

  // Everything reported to the hub and passed on to the other console.
  await waitFor('steps reported', async () => {
    const views = await Promise.all([misreadId, cletsId].map((hitId) => a.step('workflow:state', { hitId })));
    return views.every((v) => v.timeline.every((e) => e.report === 'sent' || e.report === null));
  });
  for (const hitId of [cletsId, misreadId]) assert.ok((await b.call('hits:open', { hitId, intent: 'review' })).ok);
  await waitFor('the other console has the disposition', async () => detailOf(await b.step('workflow:state', { hitId: cletsId }), 'disposed') !== '');

  // What the dispatcher and the following console see: the texts, decrypted.
  const mv = await a.step('workflow:state', { hitId: misreadId });
  assert.equal(mv.misread!.note, MISREAD_NOTE);
  assert.match(detailOf(mv, 'plate-check'), /Quenby-Ashdown; plate frame covers the 7/);
  const opened = await a.call('hits:open', { hitId: cletsId });
  assert.ok(opened.ok);
  const cv = (opened.value as HitDetail).workflow;
  assert.equal(cv.ending!.notes, DISPOSITION_NOTES);
  assert.match(detailOf(cv, 'clets-result'), /^ACTIVE · .*CAUTION ESCAPE RISK/);
  assert.match(detailOf(cv, 'results-broadcast'), /Caution: escape risk/);
  assert.match(detailOf(cv, 'disposed'), /Strathcarron-Vale/);
  assert.match(cv.clets.response!.text, /FAIRWEATHER-PRYCE/);
  const followed = await b.step('workflow:state', { hitId: cletsId });
  assert.match(detailOf(followed, 'disposed'), /Strathcarron-Vale/);
  assert.match(detailOf(followed, 'clets-result'), /CAUTION ESCAPE RISK/);
  assert.match(detailOf(await b.step('workflow:state', { hitId: misreadId }), 'plate-check'), /Quenby-Ashdown/);
  // The hub's timeline (what a takeover catches up from) is decrypted too.
  const atHub = await hubTimeline(hub, cletsId);
  assert.match(atHub.find((e) => e.step === 'disposed')!.detail ?? '', /Strathcarron-Vale/);
  assert.match((await hubTimeline(hub, misreadId)).find((e) => e.step === 'plate-check')!.detail ?? '', /Quenby-Ashdown/);

  // The clear columns stay empty.
  for (const d of [a, b]) {
    const clear = d.core.db
      .prepare('SELECT (SELECT count(*) FROM hits WHERE misread_note IS NOT NULL OR disposition_notes IS NOT NULL) + (SELECT count(*) FROM hit_events WHERE detail IS NOT NULL) AS n')
      .get() as { n: number };
    assert.equal(clear.n, 0);
  }

  const SECRETS = ['Achterberg-Quist', 'Quenby-Ashdown', 'plate frame covers the 7', 'Strathcarron-Vale', 'Fairweather-Pryce', 'FAIRWEATHER-PRYCE', 'ESCAPE RISK', 'Caution: escape risk'];
  // The scan does see what is stored in clear (the plate), so an empty result means something.
  assert.notDeepEqual(scan(a.dataDir, 'console.sqlite', ['7SEAL02']), []);
  assert.ok(fs.existsSync(path.join(a.dataDir, 'console.sqlite-wal')), 'a WAL to scan');
  assert.deepEqual(scan(a.dataDir, 'console.sqlite', SECRETS), [], 'the console that typed them, while running');
  assert.deepEqual(scan(b.dataDir, 'console.sqlite', SECRETS), [], 'the console that followed, while running');
  assert.deepEqual(scan(hubDir, 'hub.sqlite', SECRETS), [], 'the hub, while running');

  closed = true;
  await a.core.close();
  await b.core.close();
  await hub.close();
  assert.deepEqual(scan(a.dataDir, 'console.sqlite', SECRETS), [], 'after close (checkpointed)');
  assert.deepEqual(scan(b.dataDir, 'console.sqlite', SECRETS), []);
  assert.deepEqual(scan(hubDir, 'hub.sqlite', SECRETS), []);
});

test('a console database from before 0010 with clear notes and timeline details is sealed once at start, and still reads', async () => {
  const dataDir = tempDir();
  const file = path.join(dataDir, 'console.sqlite');
  const SECRETS = ['Cornelius Vandersloot', 'Oyelaran-Marsh', 'CAUTION VIOLENT TENDENCIES'];
  {
    // As an older version left it: schema 9, notes and details written in clear.
    const db = openDatabase(file, { migrations: consoleMigrations.slice(0, 9) });
    assert.equal(db.pragma('user_version', { simple: true }), 9);
    // Today's HitStore writes columns later schemas added (0017's match pattern): they are
    // there only while it writes.
    db.exec('ALTER TABLE hit_matches ADD COLUMN pattern TEXT; ALTER TABLE hit_matches ADD COLUMN any_state INTEGER NOT NULL DEFAULT 0');
    new HitStore(db, FieldCipher.forDataDir(dataDir)).insertBatch('old-hub', [
      hubHit(1, { id: 'old-1', read: { plate: '8OLD001', state: 'CA', confidence: 0.8 } }),
      hubHit(2, { id: 'old-2', read: { plate: '8OLD002', state: 'CA', confidence: 0.9 } }),
    ]);
    db.exec('ALTER TABLE hit_matches DROP COLUMN pattern; ALTER TABLE hit_matches DROP COLUMN any_state');
    const at = (s: number) => `2026-11-20T10:00:${String(s).padStart(2, '0')}.000Z`;
    db.prepare(
      `UPDATE hits SET status = 'misread', workflow_order = 'claremont', misread_reason = 'other', misread_note = 'Looked like Cornelius Vandersloot',
         disposition = 'misread', ended_at = ?, last_step_at = ?, claim_workstation = 'ws-old', claim_username = 'old', claim_display_name = 'Old', claim_at = ?
       WHERE id = 'old-1'`,
    ).run(at(2), at(2), at(0));
    db.prepare(
      `UPDATE hits SET status = 'disposed', workflow_order = 'claremont', clets_status = 'active', disposition = 'vehicle-located',
         disposition_notes = 'Handed to Persephone Oyelaran-Marsh', disposition_units = '[]', ended_at = ?, last_step_at = ?
       WHERE id = 'old-2'`,
    ).run(at(9), at(9));
    const event = db.prepare(
      `INSERT INTO hit_events (hit_id, step, outcome, detail, at, username, display_name, workstation_id, source, report)
       VALUES (?, ?, ?, ?, ?, 'old', 'Old', 'ws-old', ?, ?)`,
    );
    event.run('old-1', 'opened', null, null, at(1), 'local', 'sent');
    event.run('old-1', 'plate-check', 'misread', 'Other: Looked like Cornelius Vandersloot.', at(2), 'local', 'sent');
    event.run('old-1', 'disposed', 'misread', 'Set by the workflow: Misread.', at(2), 'local', 'sent');
    event.run('old-2', 'plate-check', 'confirmed', null, at(3), 'hub', null);
    event.run('old-2', 'clets-result', 'active', 'ACTIVE · STOLEN VEHICLE · CAUTION VIOLENT TENDENCIES', at(5), 'hub', null);
    event.run('old-2', 'disposed', 'vehicle-located', 'Vehicle located; Handed to Persephone Oyelaran-Marsh', at(9), 'hub', null);
    db.close();
  }
  assert.deepEqual(scan(dataDir, 'console.sqlite', SECRETS).length > 0, true, 'the old file does hold them in clear');

  const lines: string[] = [];
  const d = await desk({ hub: null, ws: 'ws-01', user: 'dana', role: 'dispatcher', dataDir, log: (l) => lines.push(l) });
  assert.deepEqual(
    lines.filter((l) => l.startsWith('encrypted the notes')),
    ['encrypted the notes of 2 hit(s) and 4 timeline entries stored in clear by an older version'],
  );
  const counts = d.core.db
    .prepare(
      `SELECT (SELECT count(*) FROM hits WHERE misread_note IS NOT NULL OR disposition_notes IS NOT NULL) AS clearHits,
              (SELECT count(*) FROM hit_events WHERE detail IS NOT NULL) AS clearEvents,
              (SELECT count(*) FROM hits WHERE misread_note_enc IS NOT NULL OR disposition_notes_enc IS NOT NULL) AS sealedHits,
              (SELECT count(*) FROM hit_events WHERE detail_enc IS NOT NULL) AS sealedEvents`,
    )
    .get();
  assert.deepEqual(counts, { clearHits: 0, clearEvents: 0, sealedHits: 2, sealedEvents: 4 });
  assert.deepEqual(scan(dataDir, 'console.sqlite', SECRETS), [], 'sealed in the file and its WAL while running');

  const check = async (x: Desk) => {
    for (const hitId of ['old-1', 'old-2']) assert.ok((await x.call('hits:open', { hitId, intent: 'review' })).ok);
    const v1 = await x.step('workflow:state', { hitId: 'old-1' });
    assert.equal(v1.misread!.note, 'Looked like Cornelius Vandersloot');
    assert.deepEqual(v1.timeline.map((e) => e.detail), [null, 'Other: Looked like Cornelius Vandersloot.', 'Set by the workflow: Misread.']);
    const v2 = await x.step('workflow:state', { hitId: 'old-2' });
    assert.equal(v2.ending!.notes, 'Handed to Persephone Oyelaran-Marsh');
    assert.equal(detailOf(v2, 'clets-result'), 'ACTIVE · STOLEN VEHICLE · CAUTION VIOLENT TENDENCIES');
    assert.equal(detailOf(v2, 'disposed'), 'Vehicle located; Handed to Persephone Oyelaran-Marsh');
  };
  await check(d);
  // The shift log still finds the old hits' steps (its triggers never copied the details).
  const shift = d.core.db.prepare("SELECT plate_check, disposition FROM shift_hits WHERE hit_id = 'old-1'").get();
  assert.deepEqual(shift, { plate_check: 'misread', disposition: 'misread' });
  await d.core.close();
  assert.deepEqual(scan(dataDir, 'console.sqlite', SECRETS), [], 'after close');

  // Once only: the next start finds nothing to seal and reads the same.
  lines.length = 0;
  const again = await desk({ hub: null, ws: 'ws-01', user: 'dana', role: 'dispatcher', dataDir, log: (l) => lines.push(l) });
  assert.deepEqual(lines.filter((l) => l.startsWith('encrypted the notes')), []);
  await check(again);
  await again.core.close();
});

test('a hub database from before schema 4 with clear timeline details is sealed when the hub starts', async () => {
  const hubDir = tempDir();
  let hub = await startHub({ port: 0, dataDir: hubDir, tokens: TOKENS });
  const hitId = await postHit(hub, '7HUBOLD', 'Owner reported it');
  await hub.close();
  {
    // Back to schema 3 as an older hub left it, with a detail written in clear.
    const db = new Database(path.join(hubDir, 'hub.sqlite'));
    db.exec(`DROP INDEX audit_by_workstation_prev; DROP INDEX audit_by_workstation_seq; DROP INDEX reads_by_client_id; ALTER TABLE reads DROP COLUMN client_id; DELETE FROM counters WHERE name = 'read_id';
      DROP TABLE officer_hits_pending; DROP INDEX hit_events_clear_detail; ALTER TABLE hit_events DROP COLUMN detail_enc;
      PRAGMA user_version = 3;`);
    db.prepare(
      `INSERT INTO hit_events (ord, hit_id, step, outcome, detail, username, display_name, workstation, at, received_at)
       VALUES (1, ?, 'taken-over', NULL, 'Dana is with Rosalind Achterberg-Quist', 'pat', 'Pat', 'ws-02', '2026-11-20T10:00:00Z', '2026-11-20T10:00:00Z')`,
    ).run(hitId);
    db.close();
  }
  assert.notDeepEqual(scan(hubDir, 'hub.sqlite', ['Achterberg-Quist']), [], 'the old file does hold it in clear');

  hub = await startHub({ port: 0, dataDir: hubDir, tokens: TOKENS });
  try {
    const events = await hubTimeline(hub, hitId);
    assert.deepEqual(events.map((e) => [e.step, e.detail]), [['taken-over', 'Dana is with Rosalind Achterberg-Quist']]);
    assert.deepEqual(scan(hubDir, 'hub.sqlite', ['Achterberg-Quist']), [], 'sealed while running');
  } finally {
    await hub.close();
  }
  assert.deepEqual(scan(hubDir, 'hub.sqlite', ['Achterberg-Quist']), [], 'after close');
});
