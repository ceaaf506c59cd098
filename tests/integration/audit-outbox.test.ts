// Store-and-forward of the audit trail against the real hub: outages, garbage answers,
// checkpoints with receipts.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import http from 'node:http';
import path from 'node:path';
import Database from 'better-sqlite3';
import { Server } from 'socket.io';
import { startHub, type Hub } from '../../electron/hub/server';
import { Core, type CoreOptions } from '../../electron/core/core';
import { outboxSize } from '../../electron/core/audit/log';
import { listCheckpoints } from '../../electron/core/audit/checkpoints';
import { verifyAudit } from '../../electron/core/audit/verify';
import { parseHubTokens } from '../../electron/contract/hub';
import { tempDir } from '../helpers/tmp';
import { copyHubFolder, restoreHubFolder } from '../helpers/hub-backup';
import { postedHit } from '../helpers/hits';
import { waitFor } from '../helpers/wait';
import { signInCleared, TRAINED } from '../helpers/clearance';

const TOKENS = parseHubTokens('ws-01=secret-one');

function options(dataDir: string, url: string, extra: Partial<CoreOptions> = {}): CoreOptions {
  return {
    dataDir,
    workstationId: 'ws-01',
    hub: { url, token: 'secret-one', hubKey: url, training: false },
    mode: 'headless',
    version: '0-test',
    agencyName: 'Test PD',
    bootstrapUser: `disp:hunter2hunter2:dispatcher:${TRAINED}`,
    ...extra,
  };
}

async function hubAudit(hub: Hub): Promise<{ id: string; action: string; outcome: string }[]> {
  const text = await (await fetch(`${hub.url}/audit?workstation=ws-01`)).text();
  return text.split('\n').filter(Boolean).map((l) => JSON.parse(l) as { id: string; action: string; outcome: string });
}

/** Waits until the hub holds as many of this console's audit records as it has, all sent; the hub's rows. */
function wholeAtHub(core: Core, hub: Hub): Promise<{ id: string; action: string; outcome: string }[]> {
  const local = () => core.db.prepare('SELECT count(*) FROM audit_log').pluck().get() as number;
  return waitFor('every record at the hub again', async () => {
    const rows = await hubAudit(hub);
    return rows.length === local() && outboxSize(core.db) === 0 ? rows : null;
  });
}

test('10,000 lookups logged while the hub is down all reach it once it is back, each exactly once', { timeout: 120_000 }, async () => {
  const hubDir = tempDir();
  let hub = await startHub({ port: 0, dataDir: hubDir, tokens: TOKENS });
  const port = hub.port;
  const core = await Core.open(options(tempDir(), hub.url));
  try {
    await fetch(`${hub.url}/hits`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(postedHit({ id: 'h1' })) });
    await waitFor('hit stored', () => core.hits.count() === 1);
    const s = core.openSession({ ip: '10.0.0.7' });
    await signInCleared(core, s.id, 'disp', 'hunter2hunter2');
    await hub.close();
    await waitFor('link down', () => core.hubState().state !== 'connected');
    for (let batch = 0; batch < 20; batch++) {
      const results = await Promise.all(Array.from({ length: 500 }, () => core.dispatch(s.id, 'hits:open', { hitId: 'h1' })));
      assert.ok(results.every((r) => r.ok));
    }
    const local = core.db.prepare('SELECT count(*) FROM audit_log').pluck().get() as number;
    assert.ok(outboxSize(core.db) >= 10_000, 'everything waits in the outbox');
    hub = await startHub({ port, dataDir: hubDir, tokens: TOKENS });
    const records = await waitFor('all records at the hub', async () => {
      const rows = await hubAudit(hub);
      return rows.length >= local ? rows : null;
    }, 60_000, 200);
    assert.equal(records.length, local);
    assert.equal(new Set(records.map((r) => r.id)).size, local, 'no duplicates');
    assert.equal(records.filter((r) => r.action === 'hits:open' && r.outcome === 'granted').length, 10_000);
    await waitFor('outbox empty', () => outboxSize(core.db) === 0);
    // The reconnect also sent a checkpoint; the hub's receipt is kept beside it.
    await waitFor('checkpoint receipted', () => listCheckpoints(core.db).some((c) => c.receipt !== null), 10_000);
    const report = await verifyAudit({ dataDir: core.opts.dataDir, hubUrl: hub.url });
    assert.equal(report.ok, true, report.problems.join('; '));
    assert.equal(report.hubRecords, local);
  } finally {
    await core.close();
    await hub.close();
  }
});

test('garbage from the hub in reply to audit:append marks nothing sent', async () => {
  const server = http.createServer();
  const io = new Server(server);
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const url = `http://127.0.0.1:${(server.address() as { port: number }).port}`;
  const answers: unknown[] = [null, 'ok', { acked: 'all' }, { acked: ['not-a-record-we-sent'] }, { acked: [42] }, { ok: true }];
  let calls = 0;
  io.of('/console').on('connection', (socket) => {
    socket.on('audit:append', (_records: unknown, ack: (a: unknown) => void) => {
      ack(answers[calls % answers.length]);
      calls += 1;
    });
  });
  const core = await Core.open(options(tempDir(), url));
  try {
    const before = outboxSize(core.db);
    assert.ok(before > 0, 'the bootstrap user left a record to forward');
    for (let i = 0; i < answers.length; i++) {
      core.hub!.kick();
      await waitFor(`answer ${i}`, () => calls > i);
    }
    await new Promise((r) => setTimeout(r, 100));
    assert.equal(outboxSize(core.db), before);
  } finally {
    await core.close();
    io.close();
  }
});

test('a batch the hub refuses is sent again by itself, without waiting for the next lookup', async () => {
  const server = http.createServer();
  const io = new Server(server);
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const url = `http://127.0.0.1:${(server.address() as { port: number }).port}`;
  const calls: number[] = [];
  io.of('/console').on('connection', (socket) => {
    socket.on('audit:append', (records: { id: string }[], ack: (a: unknown) => void) => {
      calls.push(Date.now());
      // The first two tries fail as a busy hub's would; then everything is taken.
      if (calls.length === 1) ack({ acked: [], error: 'hub database is busy' });
      else if (calls.length === 2) return; // no answer at all: the console's ack timeout
      else ack({ acked: records.map((r) => r.id) });
    });
  });
  const lines: string[] = [];
  const core = await Core.open(options(tempDir(), url, { log: (l) => lines.push(l) }));
  try {
    assert.ok(outboxSize(core.db) > 0, 'the bootstrap user left a record to forward');
    await waitFor('the outbox emptied with no new audit record written', () => outboxSize(core.db) === 0, 30_000);
    assert.equal(calls.length, 3);
    assert.ok(lines.some((l) => /the hub refused audit:append: hub database is busy/.test(l)), lines.join('\n'));
    assert.ok(calls[2]! - calls[1]! > calls[1]! - calls[0]!, 'each retry waits longer');
  } finally {
    await core.close();
    io.close();
  }
});

test('unsent records older than the limit raise the alarm once, and the alarm is logged', async () => {
  const core = await Core.open(options(tempDir(), 'http://127.0.0.1:9', { unsentAlarmAfterMs: 1500, alarmCheckEveryMs: 20 }));
  try {
    const s = core.openSession({ ip: null });
    const alarms: unknown[] = [];
    s.subscribe((name, payload) => name === 'audit:alarm' && alarms.push(payload));
    await signInCleared(core, s.id, 'disp', 'hunter2hunter2');
    await core.users.create({ username: 'sup', password: 'hunter2hunter2', displayName: 'Sam Sup', role: 'supervisor', trainingDate: TRAINED });
    const sup = core.openSession({ ip: null });
    const supAlarms: { message: string }[] = [];
    sup.subscribe((name, payload) => name === 'audit:alarm' && supAlarms.push(payload as { message: string }));
    await signInCleared(core, sup.id, 'sup', 'hunter2hunter2');
    await waitFor('supervisor alarm', () => supAlarms.length === 1);
    assert.match(supAlarms[0]!.message, /not acknowledged by the hub/);
    await new Promise((r) => setTimeout(r, 200));
    assert.equal(alarms.length, 0, 'dispatchers do not receive the audit alarm');
    const logged = core.db.prepare("SELECT count(*) FROM audit_log WHERE action = 'audit.alarm'").pluck().get() as number;
    assert.equal(logged, 1, 'raised once for the episode');
  } finally {
    await core.close();
  }
});

test("audit:verify --hub: a record deleted at the hub, or a hub copy edited with its hash kept, is named; records sent to an earlier hub are not", { timeout: 60_000 }, async () => {
  const firstHub = await startHub({ port: 0, dataDir: tempDir(), tokens: TOKENS });
  const hubDir = tempDir();
  const dataDir = tempDir();
  let core = await Core.open(options(dataDir, firstHub.url));
  let hub: Hub | null = null;
  try {
    // Some records go to a first hub (say, a test hub), then the console is pointed at another.
    const s = core.openSession({ ip: '10.0.0.7' });
    await signInCleared(core, s.id, 'disp', 'hunter2hunter2');
    await waitFor('sent to the first hub', () => outboxSize(core.db) === 0);
    const before = core.db.prepare('SELECT max(seq) FROM audit_log').pluck().get() as number;
    await core.close();
    await firstHub.close();
    hub = await startHub({ port: 0, dataDir: hubDir, tokens: TOKENS });
    core = await Core.open(options(dataDir, hub.url));
    const s2 = core.openSession({ ip: '10.0.0.7' });
    await signInCleared(core, s2.id, 'disp', 'hunter2hunter2');
    await core.dispatch(s2.id, 'session:sign-out', {});
    await waitFor('sent to this hub', () => outboxSize(core.db) === 0);
    const clean = await verifyAudit({ dataDir, hubUrl: hub.url });
    assert.equal(clean.ok, true, clean.problems.join('; '));
    assert.ok(clean.hubRecords! > 0 && clean.hubRecords! < clean.records, 'the hub holds only what came after the switch');
    await core.close();
    await hub.close();
    hub = null;

    // Someone with access to the hub's file deletes one copy and rewrites another, keeping its hash.
    const file = new Database(path.join(hubDir, 'hub.sqlite'));
    const rows = file.prepare('SELECT id, record FROM audit_records ORDER BY ord').all() as { id: string; record: string }[];
    const gone = JSON.parse(rows[1]!.record) as { id: string; seq: number };
    const edited = JSON.parse(rows[rows.length - 1]!.record) as { id: string; seq: number; username: string; purpose: string | null };
    file.prepare('DELETE FROM audit_records WHERE id = ?').run(gone.id);
    file.prepare('UPDATE audit_records SET record = ? WHERE id = ?').run(JSON.stringify({ ...edited, username: 'someone-else', purpose: 'edited' }), edited.id);
    file.close();
    assert.ok(gone.seq > before, 'the deleted copy is one this hub took');

    hub = await startHub({ port: 0, dataDir: hubDir, tokens: TOKENS });
    const report = await verifyAudit({ dataDir, hubUrl: hub.url });
    assert.equal(report.ok, false);
    assert.deepEqual(report.problems, [
      `record ${edited.seq} differs from the hub's copy (username, purpose)`,
      `1 record(s) the hub acknowledged are missing there: ${gone.seq} (${gone.id})`,
    ]);
    assert.equal(report.firstBad, null, 'the local chain itself is sound');
  } finally {
    await core.close().catch(() => {});
    await hub?.close();
  }
});

test('a hub restored from an older backup gets the records it had acknowledged since then again, once each', { timeout: 120_000 }, async () => {
  const hubDir = tempDir();
  let hub = await startHub({ port: 0, dataDir: hubDir, tokens: TOKENS });
  const port = hub.port;
  const lines: string[] = [];
  const core = await Core.open(options(tempDir(), hub.url, { log: (l) => lines.push(l) }));
  try {
    const s = core.openSession({ ip: '10.0.0.7' });
    await signInCleared(core, s.id, 'disp', 'hunter2hunter2');
    await waitFor('sent', () => outboxSize(core.db) === 0);
    // IT backs the hub up (stopped, its folder copied) ...
    await hub.close();
    const backup = copyHubFolder(hubDir);
    hub = await startHub({ port, dataDir: hubDir, tokens: TOKENS });
    await waitFor('link up again', () => core.hubState().state === 'connected');
    // ... the console goes on working and the hub acknowledges it all ...
    await fetch(`${hub.url}/hits`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(postedHit({ id: 'h1' })) });
    await waitFor('hit stored', () => core.hits.count() === 1);
    for (let i = 0; i < 30; i++) assert.equal((await core.dispatch(s.id, 'hits:open', { hitId: 'h1' })).ok, true);
    await waitFor('all acknowledged', () => outboxSize(core.db) === 0);
    const acknowledged = (await hubAudit(hub)).length;
    // ... and then the hub's disk fails and the backup is put back.
    await hub.close();
    restoreHubFolder(backup, hubDir);
    hub = await startHub({ port, dataDir: hubDir, tokens: TOKENS });
    const restored = (await hubAudit(hub)).length;
    assert.ok(restored < acknowledged, 'the restored hub lacks what came after the backup');

    // The console notices when it connects and sends those again: the hub's copy is whole.
    const held = await wholeAtHub(core, hub);
    assert.equal(new Set(held.map((r) => r.id)).size, held.length, 'each once');
    const resent = held.filter((r) => r.action === 'audit.resent') as unknown as { data: { records: number } }[];
    assert.equal(resent.length, 1);
    assert.equal(resent[0]!.data.records, acknowledged - restored);
    assert.ok(lines.some((l) => l.startsWith(`the hub lacks ${acknowledged - restored} audit record(s) it had acknowledged`)), lines.join('\n'));
    const report = await verifyAudit({ dataDir: core.opts.dataDir, hubUrl: hub.url });
    assert.equal(report.ok, true, report.problems.join('; '));
  } finally {
    await core.close();
    await hub.close();
  }
});

test('a hub restored from a backup taken before this console first connected gets every record it acknowledged again', { timeout: 120_000 }, async () => {
  const hubDir = tempDir();
  let hub = await startHub({ port: 0, dataDir: hubDir, tokens: TOKENS });
  const port = hub.port;
  await hub.close();
  const backup = copyHubFolder(hubDir);
  hub = await startHub({ port, dataDir: hubDir, tokens: TOKENS });
  const lines: string[] = [];
  const core = await Core.open(options(tempDir(), hub.url, { log: (l) => lines.push(l) }));
  try {
    const s = core.openSession({ ip: '10.0.0.7' });
    await signInCleared(core, s.id, 'disp', 'hunter2hunter2');
    await waitFor('sent', () => outboxSize(core.db) === 0);
    const acknowledged = (await hubAudit(hub)).length;
    assert.ok(acknowledged > 0);
    await hub.close();
    restoreHubFolder(backup, hubDir);
    hub = await startHub({ port, dataDir: hubDir, tokens: TOKENS });
    await wholeAtHub(core, hub);
    assert.ok(lines.some((l) => l.startsWith(`the hub lacks ${acknowledged} audit record(s) it had acknowledged`)), lines.join('\n'));
  } finally {
    await core.close();
    await hub.close();
  }
});

test('a console moved from hub A to hub B and back asks A only about what A acknowledged', { timeout: 120_000 }, async () => {
  const hubA = await startHub({ port: 0, dataDir: tempDir(), tokens: TOKENS });
  const hubB = await startHub({ port: 0, dataDir: tempDir(), tokens: TOKENS });
  const dir = tempDir();
  const lines: string[] = [];
  const work = async (hub: Hub) => {
    const core = await Core.open(options(dir, hub.url, { log: (l) => lines.push(l), hub: { url: hub.url, token: 'secret-one', hubKey: hub.url, training: false } }));
    const s = core.openSession({ ip: '10.0.0.7' });
    await signInCleared(core, s.id, 'disp', 'hunter2hunter2');
    await waitFor('sent', () => core.hubState().state === 'connected' && outboxSize(core.db) === 0);
    await core.trail.checkpointNow();
    const resent = await core.trail.resendLost();
    await core.close();
    return resent;
  };
  try {
    assert.equal(await work(hubA), 0);
    assert.equal(await work(hubB), 0);
    assert.equal(await work(hubA), 0, 'hub A never acknowledged what went to hub B');
    assert.deepEqual(lines.filter((l) => l.startsWith('the hub lacks')), []);
    assert.deepEqual((await hubAudit(hubA)).filter((r) => r.action === 'audit.resent'), []);
  } finally {
    await hubA.close();
    await hubB.close();
  }
});
