import assert from 'node:assert/strict';
import { test } from 'node:test';
import {
  hitClaimAckSchema,
  hitEscalateSchema,
  hitEventSchema,
  hitReleaseAckSchema,
  hitStatusReportAckSchema,
  hitStatusSchema,
  hitTakeoverAckSchema,
  hubBasicAuth,
} from '../../electron/contract/hub';
import { openHubStore } from '../../electron/hub/store';
import { tempDir } from '../helpers/tmp';
import {
  connectAcking,
  DISPATCHER,
  DISPATCHER2,
  getJson,
  postHit,
  record,
  startTestHub,
  SUPERVISOR,
  until,
  type Json,
} from './hub-fixtures';

const at = (offsetMs = 0) => new Date(Date.parse('2026-11-25T03:13:00.000Z') + offsetMs).toISOString();

test('two consoles race to claim the same hits: exactly one wins each, and both see who', async (t) => {
  const hub = await startTestHub();
  t.after(() => hub.close());
  const ws1 = await connectAcking(hub, { workstationId: 'ws-01' });
  const ws2 = await connectAcking(hub, { workstationId: 'ws-02' });
  t.after(() => {
    ws1.close();
    ws2.close();
  });
  const seen1 = record(ws1, 'hit:status');
  const seen2 = record(ws2, 'hit:status');
  const ids: string[] = [];
  for (let i = 0; i < 20; i++) ids.push(await postHit(hub));

  const winners = new Map<string, string>();
  await Promise.all(
    ids.map(async (hitId) => {
      const [a, b] = await Promise.all([
        ws1.emitWithAck('hit:claim', { hitId, user: DISPATCHER }),
        ws2.emitWithAck('hit:claim', { hitId, user: DISPATCHER2 }),
      ]);
      for (const ack of [a, b]) assert.ok(hitClaimAckSchema.safeParse(ack).success, JSON.stringify(ack));
      assert.equal([a, b].filter((x) => x.ok).length, 1, `exactly one console wins ${hitId}`);
      const winner = a.ok ? a : b;
      const loser = a.ok ? b : a;
      assert.deepEqual(loser.claimedBy, winner.claimedBy, 'the loser is told who holds the hit');
      winners.set(hitId, winner.claimedBy.workstationId);
    }),
  );
  await until(() => seen1.length === 20 && seen2.length === 20, 5000, 'one claimed status per hit on each console');
  for (const seen of [seen1, seen2]) {
    for (const s of seen) {
      assert.ok(hitStatusSchema.safeParse(s).success, JSON.stringify(s));
      assert.equal(s.step, 'claimed');
      assert.equal(s.workstationId, winners.get(s.hitId));
      assert.deepEqual(s.user, s.workstationId === 'ws-01' ? DISPATCHER : DISPATCHER2);
    }
  }
  const timeline = (await getJson(hub, `/hits/${ids[0]}/events`, 'ws-02')).json as Json[];
  assert.equal(timeline.filter((e) => e.step === 'claimed').length, 1);
});

test('the claim is atomic in the database: two hub nodes on one database race, one wins', async (t) => {
  const dataDir = tempDir('alpr-hub-');
  const hub = await startTestHub({ dataDir });
  t.after(() => hub.close());
  const other = openHubStore(dataDir); // a second node's connection to the same database
  t.after(() => other.close());
  const ids: string[] = [];
  for (let i = 0; i < 10; i++) ids.push(await postHit(hub));
  for (const hitId of ids) {
    const results = await Promise.all([
      hub.store.claimHit(hitId, { user: DISPATCHER, workstationId: 'ws-01', at: at() }),
      other.claimHit(hitId, { user: DISPATCHER2, workstationId: 'ws-02', at: at(1) }),
    ]);
    assert.equal(results.filter((r) => r.won).length, 1);
    assert.equal(results.filter((r) => r.event).length, 1, 'one claim recorded');
  }
});

test('claim, release and claim again; only the holder releases; a console that connects learns the claims', async (t) => {
  const hub = await startTestHub();
  t.after(() => hub.close());
  const ws1 = await connectAcking(hub, { workstationId: 'ws-01' });
  const ws2 = await connectAcking(hub, { workstationId: 'ws-02' });
  t.after(() => {
    ws1.close();
    ws2.close();
  });
  const seen = record(ws2, 'hit:status');
  const hitId = await postHit(hub);

  const first = await ws1.emitWithAck('hit:claim', { hitId, user: DISPATCHER });
  assert.equal(first.ok, true);
  assert.deepEqual(first.claimedBy.user, DISPATCHER);
  assert.equal(first.claimedBy.workstationId, 'ws-01');
  assert.ok(Math.abs(Date.parse(first.claimedBy.at) - Date.now()) < 5000, 'claimed at hub time');
  assert.deepEqual(await ws1.emitWithAck('hit:claim', { hitId, user: DISPATCHER }), first, 'claiming again is harmless');
  assert.deepEqual(await ws2.emitWithAck('hit:claim', { hitId, user: DISPATCHER2 }), { ok: false, claimedBy: first.claimedBy });

  let lateSeen: Json[] = [];
  const late = await connectAcking(hub, { workstationId: 'ws-02' }, (s) => (lateSeen = record(s, 'hit:status')));
  t.after(() => late.close());
  await until(() => lateSeen.length === 1, 5000, 'current claims on connect');
  assert.deepEqual(lateSeen[0], { hitId, step: 'claimed', ...first.claimedBy });

  const refused = await ws2.emitWithAck('hit:release', { hitId, user: DISPATCHER2 });
  assert.equal(refused.ok, false);
  assert.match(refused.error, /held by Dana Dispatcher \(dispatcher1\) at ws-01; only that console can release it/);

  const released = await ws1.emitWithAck('hit:release', { hitId, user: DISPATCHER });
  assert.deepEqual(released, { ok: true, released: true });
  assert.ok(hitReleaseAckSchema.safeParse(released).success);
  assert.deepEqual(await ws1.emitWithAck('hit:release', { hitId }), { ok: true, released: false }, 'releasing twice is harmless');
  const second = await ws2.emitWithAck('hit:claim', { hitId, user: DISPATCHER2 });
  assert.equal(second.ok, true);
  assert.equal(second.claimedBy.workstationId, 'ws-02');

  await until(() => seen.length === 3, 5000, 'claimed, released, claimed');
  assert.deepEqual(
    seen.map((s) => [s.step, s.workstationId, s.user.username]),
    [
      ['claimed', 'ws-01', 'dispatcher1'],
      ['released', 'ws-01', 'dispatcher1'],
      ['claimed', 'ws-02', 'dispatcher2'],
    ],
  );

  // The next user at ws-02 (the first signed out there) takes the hit up: it is theirs now,
  // and a late release in the first user's name does not free it.
  const next = { username: 'dispatcher3', displayName: 'Dee Next' };
  const moved = await ws2.emitWithAck('hit:claim', { hitId, user: next });
  assert.deepEqual([moved.ok, moved.claimedBy.user], [true, next]);
  assert.deepEqual(await ws2.emitWithAck('hit:release', { hitId, user: DISPATCHER2 }), { ok: true, released: false });
  assert.deepEqual(await ws2.emitWithAck('hit:release', { hitId, user: next }), { ok: true, released: true });
});

test('a supervisor takes a hit over: recorded with the reason and who lost it; the loser can no longer act', async (t) => {
  const hub = await startTestHub();
  t.after(() => hub.close());
  const ws1 = await connectAcking(hub, { workstationId: 'ws-01' });
  const ws2 = await connectAcking(hub, { workstationId: 'ws-02' });
  t.after(() => {
    ws1.close();
    ws2.close();
  });
  const seen = record(ws1, 'hit:status');
  const hitId = await postHit(hub);
  const claim = await ws1.emitWithAck('hit:claim', { hitId, user: DISPATCHER });

  const bad = [
    [{ hitId, reason: 'x', user: { ...SUPERVISOR, role: 'dispatcher' } }, /user\.role/],
    [{ hitId, reason: '  ', user: SUPERVISOR }, /reason: a takeover needs a reason/],
    [{ hitId, user: SUPERVISOR }, /reason: Required/],
  ] as const;
  for (const [payload, error] of bad) {
    const ack = await ws2.emitWithAck('hit:takeover', payload);
    assert.equal(ack.ok, false);
    assert.match(ack.error, error);
  }

  const ack = await ws2.emitWithAck('hit:takeover', { hitId, reason: 'Dispatcher on a priority call', user: SUPERVISOR });
  assert.ok(hitTakeoverAckSchema.safeParse(ack).success, JSON.stringify(ack));
  assert.equal(ack.ok, true);
  assert.deepEqual(ack.claimedBy.user, { username: 'super1', displayName: 'Pat Supervisor' });
  assert.equal(ack.claimedBy.workstationId, 'ws-02');
  assert.deepEqual(ack.previous, claim.claimedBy);

  await until(() => seen.some((s) => s.step === 'taken-over'), 5000, 'takeover status');
  const takeover = seen.find((s) => s.step === 'taken-over');
  assert.equal(takeover.workstationId, 'ws-02');
  assert.deepEqual(takeover.previous, claim.claimedBy);
  assert.match(takeover.detail, /Dispatcher on a priority call \(supervisor\)/);

  const step = await ws1.emitWithAck('hit:status', { hitId, step: 'opened', at: at(), user: DISPATCHER });
  assert.equal(step.ok, false);
  assert.match(step.error, /being handled by Pat Supervisor at ws-02/);
  assert.equal((await ws1.emitWithAck('hit:claim', { hitId, user: DISPATCHER })).ok, false);
  assert.equal((await ws1.emitWithAck('hit:release', { hitId })).ok, false);

  const events = (await getJson(hub, `/hits/${hitId}/events`, 'ws-01')).json as Json[];
  assert.deepEqual(events.map((e) => e.step), ['claimed', 'taken-over']);
});

test('a claim held by a console offline longer than claimReleaseAfterMs is released; a quick reconnect keeps it', async (t) => {
  const hub = await startTestHub({ claimReleaseAfterMs: 300 });
  t.after(() => hub.close());
  const watcher = await connectAcking(hub, { workstationId: 'ws-02' });
  t.after(() => watcher.close());
  const seen = record(watcher, 'hit:status');
  const [kept, lost] = [await postHit(hub), await postHit(hub)];

  let ws1 = await connectAcking(hub, { workstationId: 'ws-01' });
  assert.equal((await ws1.emitWithAck('hit:claim', { hitId: kept, user: DISPATCHER })).ok, true);
  ws1.close();
  await new Promise((r) => setTimeout(r, 100));
  ws1 = await connectAcking(hub, { workstationId: 'ws-01' }); // back within the release time
  await new Promise((r) => setTimeout(r, 700));
  assert.equal((await hub.store.claimOf(kept))?.workstationId, 'ws-01', 'kept: the console came back in time');

  assert.equal((await ws1.emitWithAck('hit:claim', { hitId: lost, user: DISPATCHER })).ok, true);
  const gone = Date.now();
  ws1.close();
  await until(() => seen.some((s) => s.hitId === lost && s.step === 'released'), 3000, 'release of the absent console');
  const waited = Date.now() - gone;
  assert.ok(waited >= 250, `released after ${waited} ms, not before the release time`);
  const release = seen.find((s) => s.hitId === lost && s.step === 'released');
  assert.equal(release.workstationId, 'ws-01');
  assert.deepEqual(release.user, DISPATCHER);
  assert.match(release.detail, /offline for more than 0\.3 s/);
  assert.equal((await watcher.emitWithAck('hit:claim', { hitId: lost, user: DISPATCHER2 })).ok, true);
  assert.equal(await hub.store.claimOf(kept), null, 'the other claim of the console that stayed away went too');
});

test('hit:status: every step is kept in the hit timeline and passed to every console; GET /hits/:id/events', async (t) => {
  const hub = await startTestHub();
  t.after(() => hub.close());
  const ws1 = await connectAcking(hub, { workstationId: 'ws-01' });
  const ws2 = await connectAcking(hub, { workstationId: 'ws-02' });
  t.after(() => {
    ws1.close();
    ws2.close();
  });
  const seen = record(ws2, 'hit:status');
  const hitId = await postHit(hub);
  await ws1.emitWithAck('hit:claim', { hitId, user: DISPATCHER });
  const steps: Json[] = [
    { step: 'opened' },
    { step: 'plate-check', outcome: 'confirmed' },
    { step: 'broadcast' },
    { step: 'clets-sent' },
    { step: 'clets-result', outcome: 'active' },
    { step: 'results-broadcast' },
    { step: 'disposed', outcome: 'vehicle-located', detail: 'Unit 4A; driver detained' },
  ];
  for (const [i, s] of steps.entries()) {
    const ack = await ws1.emitWithAck('hit:status', { hitId, ...s, at: at(i * 1000), user: DISPATCHER });
    assert.deepEqual(ack, { ok: true });
    assert.ok(hitStatusReportAckSchema.safeParse(ack).success);
  }
  // The ack of the last one was lost: the console sends it again. Kept once.
  assert.deepEqual(await ws1.emitWithAck('hit:status', { hitId, ...steps[6], at: at(6000), user: DISPATCHER }), { ok: true });

  await until(() => seen.length === 8, 5000, 'claimed and seven steps');
  await new Promise((r) => setTimeout(r, 50));
  assert.equal(seen.length, 8, 'the repeated report is not passed on again');
  assert.deepEqual(seen[2], {
    hitId,
    step: 'plate-check',
    outcome: 'confirmed',
    user: DISPATCHER,
    workstationId: 'ws-01',
    at: at(1000),
  });

  const { status, json } = await getJson(hub, `/hits/${hitId}/events`, 'ws-02');
  assert.equal(status, 200);
  const events = json as Json[];
  assert.deepEqual(events.map((e) => e.step), ['claimed', ...steps.map((s) => s.step)]);
  for (const e of events) {
    assert.ok(hitEventSchema.safeParse(e).success, JSON.stringify(e));
    assert.ok(Date.parse(e.receivedAt) > 0);
  }
  assert.deepEqual(events[7], { hitId, ...steps[6], user: DISPATCHER, workstationId: 'ws-01', at: at(6000), receivedAt: events[7].receivedAt });
  assert.deepEqual((await getJson(hub, '/hits/no-such-hit/events', 'ws-01')).status, 404);
  // The timeline carries notes in clear: no answer, not even "no such hit", without credentials.
  const anonymous = await getJson(hub, `/hits/${hitId}/events`);
  assert.equal(anonymous.status, 401);
  assert.equal(anonymous.json.error, 'unauthorized');
  const wrongToken = await fetch(`${hub.url}/hits/${hitId}/events`, { headers: { authorization: hubBasicAuth('ws-01', 'secret2') } });
  assert.equal(wrongToken.status, 401);
  assert.equal((await getJson(hub, '/hits/no-such-hit/events')).status, 401);
});

test('hit:status, hit:claim and hit:release refuse bad payloads, naming the field; a console that wants no ack is fine', async (t) => {
  const hub = await startTestHub();
  t.after(() => hub.close());
  const ws1 = await connectAcking(hub);
  t.after(() => ws1.close());
  const hitId = await postHit(hub);
  const base = { hitId, at: at(), user: DISPATCHER };
  const cases: [string, unknown, RegExp][] = [
    ['hit:status', { ...base, step: 'jumped' }, /invalid hit:status: step: Invalid enum value/],
    ['hit:status', { ...base, step: 'plate-check' }, /outcome: step plate-check needs an outcome: one of confirmed, misread/],
    ['hit:status', { ...base, step: 'plate-check', outcome: 'maybe' }, /outcome: for step plate-check: one of confirmed, misread/],
    ['hit:status', { ...base, step: 'clets-result', outcome: 'stolen' }, /one of active, cleared, no-record/],
    ['hit:status', { ...base, step: 'disposed' }, /needs an outcome: a disposition code/],
    ['hit:status', { ...base, step: 'opened', outcome: 'yes' }, /outcome: step opened has no outcome/],
    ['hit:status', { ...base, step: 'opened', at: 'yesterday' }, /at: an ISO 8601 date and time/],
    ['hit:status', { ...base, step: 'opened', user: { username: 'x' } }, /user\.displayName: Required/],
    ['hit:status', { ...base, step: 'opened', extra: 1 }, /Unrecognized key\(s\) in object: 'extra'/],
    ['hit:status', { ...base, hitId: 'nope', step: 'opened' }, /no hit nope at this hub/],
    ['hit:claim', { hitId }, /invalid hit:claim: user: Required/],
    ['hit:claim', { hitId: 'bad id!', user: DISPATCHER }, /hitId: an id is letters, digits/],
    ['hit:claim', { hitId: 'unknown', user: DISPATCHER }, /no hit unknown at this hub/],
    ['hit:claim', 'nonsense', /invalid hit:claim: \(body\): Expected object, received string/],
    ['hit:release', {}, /invalid hit:release: hitId: Required/],
  ];
  for (const [event, payload, error] of cases) {
    const ack = await ws1.emitWithAck(event, payload);
    assert.equal(ack.ok, false, `${event} ${JSON.stringify(payload)}`);
    assert.match(ack.error, error);
  }
  ws1.emit('hit:claim', { hitId, user: DISPATCHER }); // no ack callback
  await until(async () => (await hub.store.claimOf(hitId)) !== null, 2000, 'the claim without an ack');
  assert.equal((await ws1.emitWithAck('hit:claim', { hitId, user: DISPATCHER })).ok, true, 'the hub is still answering');
});

test('hit:escalate from a console is relayed to every console, with the time stamped when missing', async (t) => {
  const hub = await startTestHub();
  t.after(() => hub.close());
  const ws1 = await connectAcking(hub, { workstationId: 'ws-01' });
  const ws2 = await connectAcking(hub, { workstationId: 'ws-02' });
  t.after(() => {
    ws1.close();
    ws2.close();
  });
  const seen = record(ws2, 'hit:escalate');
  const hitId = await postHit(hub);
  assert.deepEqual(await ws1.emitWithAck('hit:escalate', { hitId, level: 2, at: at() }), { ok: true });
  assert.deepEqual(await ws1.emitWithAck('hit:escalate', { hitId, level: 1 }), { ok: true });
  await until(() => seen.length === 2, 5000, 'both escalations at ws-02');
  for (const e of seen) assert.ok(hitEscalateSchema.safeParse(e).success, JSON.stringify(e));
  assert.deepEqual(seen[0], { hitId, level: 2, at: at() });
  assert.ok(Math.abs(Date.parse(seen[1].at) - Date.now()) < 5000, 'stamped with hub time');
  const cases: [unknown, RegExp][] = [
    [{ hitId, level: 0 }, /invalid hit:escalate: level: Number must be greater than or equal to 1/],
    [{ hitId }, /level: Required/],
    [{ hitId: 'nope', level: 1 }, /no hit nope at this hub/],
  ];
  for (const [payload, error] of cases) {
    const ack = await ws1.emitWithAck('hit:escalate', payload);
    assert.equal(ack.ok, false);
    assert.match(ack.error, error);
  }
});
