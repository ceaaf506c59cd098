// Two real consoles (cores with their own SQLite files and hub clients) against one real hub on
// loopback: claims, live status between consoles, the CLETS switch, takeover, offline steps.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { startHub, type Hub, type HubOptions } from '../../electron/hub/server';
import { Core } from '../../electron/core/core';
import { hubBasicAuth, parseHubTokens, type HitEvent } from '../../electron/contract/hub';
import { workedByText, type HitDetail, type QueueItem, type ShiftRow, type ShiftSummary, type WorkflowView } from '../../electron/contract';
import { tempDir } from '../helpers/tmp';
import { postedHit } from '../helpers/hits';
import { waitFor } from '../helpers/wait';
import { signInCleared, TRAINED } from '../helpers/clearance';

const TOKENS = parseHubTokens('ws-01=secret-one,ws-02=secret-two');

interface Desk {
  core: Core;
  sid: string;
  events: { name: string; payload: unknown }[];
  call(channel: string, input: unknown): ReturnType<Core['dispatch']>;
  step(channel: string, input: unknown): Promise<WorkflowView>;
}

async function desk(hub: Hub, ws: 'ws-01' | 'ws-02', user: string, role: string, dataDir = tempDir(), log?: (line: string) => void): Promise<Desk> {
  const core = await Core.open({
    dataDir,
    ...(log ? { log } : {}),
    workstationId: ws,
    hub: { url: hub.url, token: ws === 'ws-01' ? 'secret-one' : 'secret-two', hubKey: 'hub', training: false },
    mode: 'headless',
    version: '0-test',
    agencyName: 'Test PD',
    bootstrapUser: `${user}:hunter2hunter2:${role}:${TRAINED}`,
  });
  const s = core.openSession({ ip: null });
  const events: Desk['events'] = [];
  s.subscribe((name, payload) => events.push({ name, payload }));
  await signInCleared(core, s.id, user, 'hunter2hunter2');
  await waitFor(`${ws} connected`, () => core.hubState().state === 'connected');
  const call = (channel: string, input: unknown) => core.dispatch(s.id, channel, input);
  return {
    core,
    sid: s.id,
    events,
    call,
    async step(channel, input) {
      const r = await call(channel, input);
      assert.ok(r.ok, `${ws} ${channel}: ${r.ok ? '' : r.error.message}`);
      return r.value as WorkflowView;
    },
  };
}

async function postHit(hub: Hub, plate: string): Promise<string> {
  const hit = postedHit({ read: { plate, state: 'CA', confidence: 0.92 } });
  hit.matches[0] = { ...hit.matches[0]!, plate };
  const res = await fetch(`${hub.url}/hits`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(hit) });
  assert.equal(res.status, 202);
  return ((await res.json()) as { id: string }).id;
}

async function timeline(hub: Hub, hitId: string): Promise<HitEvent[]> {
  return (await (await fetch(`${hub.url}/hits/${hitId}/events`, { headers: { authorization: hubBasicAuth('ws-01', TOKENS.get('ws-01')!) } })).json()) as HitEvent[];
}

const lastUpdate = (d: Desk, hitId: string) =>
  d.events.filter((e) => e.name === 'hits:updated' && (e.payload as QueueItem).id === hitId).map((e) => e.payload as QueueItem).pop();

async function startTestHub(opts: Partial<HubOptions> = {}) {
  return startHub({ port: 0, dataDir: tempDir(), tokens: TOKENS, ...opts });
}

/**
 * A hub for one test, and `open` for the consoles on it: after the test, those consoles close
 * and then the hub.
 */
async function hubForTest(t: { after(fn: () => unknown): void }, opts: Partial<HubOptions> = {}) {
  const hub = await startTestHub(opts);
  const desks: Desk[] = [];
  t.after(async () => {
    for (const d of desks) await d.core.close();
    await hub.close();
  });
  const open = async (...args: Parameters<typeof desk> extends [Hub, ...infer R] ? R : never): Promise<Desk> => {
    const d = await desk(hub, ...args);
    desks.push(d);
    return d;
  };
  return { hub, open };
}

test('two consoles race to open the same hits: exactly one wins each; the other sees who, is refused, and follows live; a supervisor takes over', async (t) => {
  const { hub, open } = await hubForTest(t);
  const a = await open('ws-01', 'dana', 'dispatcher');
  const b = await open('ws-02', 'pat', 'supervisor');
  const ids: string[] = [];
  for (let i = 0; i < 5; i++) ids.push(await postHit(hub, `7RACE0${i}`));
  await waitFor('both consoles have the hits', () => ids.every((id) => a.core.hits.exists(id) && b.core.hits.exists(id)));

  for (const hitId of ids) {
    const [ra, rb] = await Promise.all([a.call('hits:open', { hitId }), b.call('hits:open', { hitId })]);
    assert.ok(ra.ok && rb.ok, 'both may look at the hit');
    const [va, vb] = [(ra.value as HitDetail).workflow, (rb.value as HitDetail).workflow];
    assert.equal([va, vb].filter((v) => v.claim.mine).length, 1, `exactly one console holds ${hitId}`);
    const loser = va.claim.mine ? vb : va;
    assert.equal(loser.canAct, false);
    assert.match(loser.blockedReason!, /^Being handled by (Dana|pat|dana) at ws-0[12]\.$/);
    assert.equal(loser.canTakeOver, loser === vb, 'only the supervisor may take over');
  }

  // One hit worked through: ws-01 holds it (ws-02 lets it go by taking over only later).
  const hitId = await postHit(hub, '7ABC123');
  await waitFor('hit at both', () => a.core.hits.exists(hitId) && b.core.hits.exists(hitId));
  assert.equal((await a.step('hits:open', { hitId }) as unknown as HitDetail).workflow.claim.mine, true);
  await waitFor('ws-02 learns the claim', () => lastUpdate(b, hitId)?.claimedBy?.workstationId === 'ws-01');
  // pat opens it too (the lookup is recorded; dana holds it), as the review screen does.
  assert.equal((await b.step('hits:open', { hitId }) as unknown as HitDetail).workflow.claim.mine, false);
  const refusedHere = await b.call('workflow:confirm-plate', { hitId });
  assert.equal(refusedHere.ok, false);
  if (!refusedHere.ok) assert.match(refusedHere.error.message, /Being handled by dana at ws-01/);

  await a.step('workflow:confirm-plate', { hitId });
  await waitFor('status reaches the other console', () => lastUpdate(b, hitId)?.status === 'plate-confirmed');
  await a.step('workflow:mark-broadcast', { hitId });
  const answered = await a.step('workflow:run-clets', { hitId });
  assert.equal(answered.clets.via, 'hub');
  assert.equal(answered.clets.response!.status, 'active', 'the simulator knows the posted match');
  assert.match(answered.clets.response!.text, /MKE\/STOLEN VEHICLE/);
  await a.step('workflow:mark-results-broadcast', { hitId });
  await waitFor('ws-02 follows', () => lastUpdate(b, hitId)?.status === 'results-broadcast');

  const noReason = await b.call('workflow:take-over', { hitId, reason: ' ' });
  assert.equal(noReason.ok ? null : noReason.error.code, 'invalid-input');
  const took = await b.step('workflow:take-over', { hitId, reason: 'Dana is on a pursuit' });
  assert.equal(took.claim.mine, true);
  assert.equal(took.next, 'dispose', 'the takeover carries on where the hit is');
  await waitFor('ws-01 learns of the takeover', () => lastUpdate(a, hitId)?.claimedBy?.workstationId === 'ws-02');
  const late = await a.call('workflow:dispose', { hitId, code: 'vehicle-located' });
  assert.equal(late.ok, false);
  if (!late.ok) assert.match(late.error.message, /Being handled by pat at ws-02/);
  await b.step('workflow:dispose', { hitId, code: 'vehicle-located', units: ['4A12'] });
  await waitFor('ended at ws-01 too', () => lastUpdate(a, hitId)?.status === 'disposed');
  const queueA = (await a.call('hits:queue', {})) as { ok: true; value: { hits: QueueItem[] } };
  assert.ok(!queueA.value.hits.some((h) => h.id === hitId), 'gone from the other console\'s queue');

  const steps = await waitFor('full timeline at the hub', async () => {
    const events = await timeline(hub, hitId);
    return events.some((e) => e.step === 'released') ? events : null;
  });
  assert.deepEqual(
    steps.map((e) => `${e.step}${e.outcome ? `:${e.outcome}` : ''}@${e.workstationId}`),
    [
      'claimed@ws-01',
      'opened@ws-01',
      'plate-check:confirmed@ws-01',
      'broadcast@ws-01',
      'clets-sent@ws-01',
      'clets-result:active@ws-01',
      'results-broadcast@ws-01',
      'taken-over@ws-02',
      'disposed:vehicle-located@ws-02',
      'released@ws-02',
    ],
    'every step in order; the claim ends with the hit',
  );
  const takeoverAudit = b.core.db.prepare("SELECT data FROM audit_log WHERE action = 'workflow.take-over' AND outcome = 'ok'").get() as { data: string };
  assert.deepEqual(JSON.parse(takeoverAudit.data).previous, { username: 'dana', workstationId: 'ws-01' });
});

test('a garbled CLETS return: a clear error, the failure audited, the hit stays where it was', async (t) => {
  const { hub, open } = await hubForTest(t, { cletsFault: 'garbage' });
  const a = await open('ws-01', 'dana', 'dispatcher');
  const hitId = await postHit(hub, '7GARB01');
  await waitFor('hit stored', () => a.core.hits.exists(hitId));
  await a.call('hits:open', { hitId });
  await a.step('workflow:confirm-plate', { hitId });
  await a.step('workflow:mark-broadcast', { hitId });
  const r = await a.call('workflow:run-clets', { hitId });
  assert.equal(r.ok, false);
  if (!r.ok) {
    assert.equal(r.error.code, 'unavailable');
    assert.match(r.error.message, /garbled return.*still waiting for its CLETS query/);
  }
  const view = await a.step('workflow:state', { hitId });
  assert.equal(view.status, 'broadcast');
  assert.equal(view.next, 'clets-query');
  const rows = a.core.db.prepare("SELECT outcome FROM audit_log WHERE action = 'workflow.clets-query' ORDER BY seq").all() as { outcome: string }[];
  assert.deepEqual(rows.map((x) => x.outcome), ['granted', 'failed'], 'the lookup, then its failure');
  const manual = await a.step('workflow:run-clets', { hitId, manual: true });
  assert.equal(manual.status, 'clets-sent', 'the dispatcher can turn to a CLETS terminal instead');
  assert.equal(manual.clets.via, 'manual');
});

test('steps taken while the hub is down are kept and reported, in order, once it is back; escalations are relayed', async (t) => {
  const hubDir = tempDir();
  let hub = await startHub({ port: 0, dataDir: hubDir, tokens: TOKENS });
  const port = hub.port;
  const a = await desk(hub, 'ws-01', 'dana', 'admin');
  const b = await desk(hub, 'ws-02', 'pat', 'supervisor');
  t.after(async () => {
    await a.core.close();
    await b.core.close();
    await hub.close();
  });
  const hitId = await postHit(hub, '7OFFL01');
  await waitFor('hit stored', () => a.core.hits.exists(hitId));
  await a.call('hits:open', { hitId });
  await waitFor('opened reported', async () => (await timeline(hub, hitId)).some((e) => e.step === 'opened'));
  await hub.close();
  await waitFor('link down', () => a.core.hubState().state !== 'connected');
  const confirmed = await a.step('workflow:confirm-plate', { hitId });
  assert.equal(confirmed.hubConnected, false);
  await a.step('workflow:mark-broadcast', { hitId });
  const waiting = await a.step('workflow:state', { hitId });
  assert.deepEqual(waiting.timeline.filter((e) => e.report === 'pending').map((e) => e.label), ['Plate check: confirmed', 'Hit broadcast']);

  hub = await startHub({ port, dataDir: hubDir, tokens: TOKENS });
  const steps = await waitFor('reported after reconnect', async () => {
    const events = await timeline(hub, hitId);
    return events.some((e) => e.step === 'broadcast') ? events : null;
  }, 20_000);
  assert.deepEqual(steps.map((e) => e.step), ['claimed', 'opened', 'plate-check', 'broadcast']);
  await waitFor('marked as reported here', async () => (await a.step('workflow:state', { hitId })).timeline.every((e) => e.report === 'sent' || e.report === null));

  // ws-01's timers (short) escalate a hit nobody opens; ws-02 (default 60 s) hears it through the hub.
  await waitFor('ws-02 back', () => b.core.hubState().state === 'connected', 20_000);
  await a.step('workflow:update-settings', { unopenedAlertS: 1, escalateAfterS: 1 });
  const idle = await postHit(hub, '7IDLE01');
  await waitFor('escalation relayed to the supervisor at ws-02', () =>
    b.events.some((e) => e.name === 'hits:escalated' && (e.payload as { item: QueueItem }).item.id === idle), 10_000);
  assert.ok(b.events.some((e) => e.name === 'hits:overdue' && (e.payload as { item: QueueItem }).item.id === idle), 'its dispatchers were alerted too');
});

test("a console that was not running while a hit was worked takes it over from where it is, reading the hub's timeline with its credentials", async (t) => {
  const { hub, open } = await hubForTest(t);
  const lines: string[] = [];
  const a = await open('ws-01', 'dana', 'dispatcher');
  const hitId = await postHit(hub, '7LATE01');
  await waitFor('hit stored', () => a.core.hits.exists(hitId));
  await a.step('hits:open', { hitId });
  await a.step('workflow:confirm-plate', { hitId });
  await a.step('workflow:mark-broadcast', { hitId });
  await waitFor('steps at the hub', async () => (await timeline(hub, hitId)).some((e) => e.step === 'broadcast'));

  // ws-02 starts only now: it gets the hit, but none of the live steps it was not there for.
  const b = await open('ws-02', 'pat', 'supervisor', tempDir(), (l) => lines.push(l));
  await waitFor('hit at ws-02', () => b.core.hits.exists(hitId));
  await b.step('hits:open', { hitId });
  const took = await b.step('workflow:take-over', { hitId, reason: 'Dana went on break' });
  assert.deepEqual(
    took.timeline.filter((e) => e.step === 'plate-check' || e.step === 'broadcast').map((e) => e.step),
    ['plate-check', 'broadcast'],
    'the steps ws-01 took are in the timeline ws-02 works from',
  );
  assert.equal(took.next, 'clets-query', 'the takeover carries on after the broadcast, not at the plate check');
  assert.deepEqual(lines.filter((l) => /timeline of hit/.test(l)), [], 'the hub answered the timeline');
});

test('signing out mid-hit releases it: another console takes it up without a takeover, and the steps done stay credited to who did them', async (t) => {
  const { hub, open } = await hubForTest(t);
  const a = await open('ws-01', 'dana', 'dispatcher');
  const b = await open('ws-02', 'pat', 'dispatcher');
  const hitId = await postHit(hub, '7OUT001');
  await waitFor('hit at both', () => a.core.hits.exists(hitId) && b.core.hits.exists(hitId));
  await a.step('hits:open', { hitId });
  await a.step('workflow:confirm-plate', { hitId });
  await b.step('hits:open', { hitId, intent: 'review' });
  await waitFor('ws-02 sees the claim', async () => (await b.step('workflow:state', { hitId })).claim.holder?.workstationId === 'ws-01');
  assert.equal((await b.step('workflow:state', { hitId })).canAct, false, 'held by dana');

  assert.ok((await a.call('session:sign-out', {})).ok);
  await waitFor('released at the hub', async () => (await timeline(hub, hitId)).some((e) => e.step === 'released' && e.user.username === 'dana'));
  const opened = (await b.step('hits:open', { hitId })) as unknown as HitDetail;
  assert.equal(opened.workflow.claim.mine, true, 'ws-02 claims it without a supervisor');
  assert.equal(opened.workflow.next, 'broadcast', 'it carries on after the plate check dana did');
  await b.step('workflow:mark-broadcast', { hitId });
  const steps = (await timeline(hub, hitId)).map((e) => `${e.step}:${e.user.username}@${e.workstationId}`);
  assert.deepEqual(steps, [
    'claimed:dana@ws-01',
    'opened:dana@ws-01',
    'plate-check:dana@ws-01',
    'released:dana@ws-01',
    'claimed:pat@ws-02',
    'broadcast:pat@ws-02',
  ]);
});

test('signing out while the hub is unreachable releases the hit there once the link is back, after its waiting steps, across a restart', async (t) => {
  const hubDir = tempDir();
  let hub = await startHub({ port: 0, dataDir: hubDir, tokens: TOKENS });
  const port = hub.port;
  const aDir = tempDir();
  const a = await desk(hub, 'ws-01', 'dana', 'dispatcher', aDir);
  let a2: Desk | null = null;
  let b: Desk | null = null;
  t.after(async () => {
    await a.core.close();
    await a2?.core.close();
    await b?.core.close();
    await hub.close();
  });
  const hitId = await postHit(hub, '7GONE01');
  await waitFor('hit stored', () => a.core.hits.exists(hitId));
  await a.step('hits:open', { hitId });
  await a.step('workflow:confirm-plate', { hitId });
  await waitFor('plate check at the hub', async () => (await timeline(hub, hitId)).some((e) => e.step === 'plate-check'));

  await hub.close();
  await waitFor('link down', () => a.core.hubState().state !== 'connected');
  await a.step('workflow:mark-broadcast', { hitId });
  assert.ok((await a.call('session:sign-out', {})).ok);
  // The console is closed before the link comes back: the release waits on disk.
  await a.core.close();

  hub = await startHub({ port, dataDir: hubDir, tokens: TOKENS });
  a2 = await desk(hub, 'ws-01', 'dana', 'dispatcher', aDir);
  const steps = await waitFor('released at the hub', async () => {
    const events = await timeline(hub, hitId);
    return events.some((e) => e.step === 'released') ? events : null;
  }, 20_000);
  assert.deepEqual(
    steps.map((e) => `${e.step}:${e.user.username}@${e.workstationId}`),
    ['claimed:dana@ws-01', 'opened:dana@ws-01', 'plate-check:dana@ws-01', 'broadcast:dana@ws-01', 'released:dana@ws-01'],
    'the broadcast taken offline first, then the release',
  );
  b = await desk(hub, 'ws-02', 'pat', 'dispatcher');
  await waitFor('hit at ws-02', () => b!.core.hits.exists(hitId));
  const opened = (await b.step('hits:open', { hitId })) as unknown as HitDetail;
  assert.equal(opened.workflow.claim.mine, true, 'ws-02 takes it up without a supervisor');
  // ws-02 was not running while dana worked it: the hub's timeline brings it up to date.
  await waitFor('ws-02 goes on after the broadcast dana did', async () => (await b!.step('workflow:state', { hitId })).next === 'clets-query');
});

test('the next user at the same console takes up a hit released offline: the hub moves it to them, and their sign-out releases it', async (t) => {
  const hubDir = tempDir();
  let hub = await startHub({ port: 0, dataDir: hubDir, tokens: TOKENS });
  const port = hub.port;
  const a = await desk(hub, 'ws-01', 'dana', 'dispatcher');
  t.after(async () => {
    await a.core.close();
    await hub.close();
  });
  await a.core.users.create({ username: 'pat', password: 'hunter2hunter2', displayName: 'Pat', role: 'dispatcher', trainingDate: TRAINED });
  const hitId = await postHit(hub, '7NEXT01');
  await waitFor('hit stored', () => a.core.hits.exists(hitId));
  await a.step('hits:open', { hitId });
  await hub.close();
  await waitFor('link down', () => a.core.hubState().state !== 'connected');
  assert.ok((await a.call('session:sign-out', {})).ok);
  await signInCleared(a.core, a.sid, 'pat', 'hunter2hunter2');
  await a.step('hits:open', { hitId }); // from the queue, as pat
  const mine = await a.step('workflow:confirm-plate', { hitId });
  assert.equal(mine.claim.holder?.username, 'pat');

  hub = await startHub({ port, dataDir: hubDir, tokens: TOKENS });
  await waitFor('claimed for pat at the hub', async () => (await timeline(hub, hitId)).some((e) => e.step === 'claimed' && e.user.username === 'pat'), 20_000);
  await waitFor('steps reported', async () => (await a.step('workflow:state', { hitId })).timeline.every((e) => e.report !== 'pending'));
  assert.equal((await a.step('workflow:state', { hitId })).claim.holder?.username, 'pat', 'shown as pat\'s, not the user who left');
  assert.ok((await a.call('session:sign-out', {})).ok);
  await waitFor("pat's sign-out releases it at the hub", async () => (await timeline(hub, hitId)).some((e) => e.step === 'released' && e.user.username === 'pat'));
  const steps = (await timeline(hub, hitId)).map((e) => `${e.step}:${e.user.username}`);
  assert.equal(steps.filter((x) => x === 'released:dana').length, 0, "dana's late release never freed pat's claim");
});

test("a hit's workflow (what CLETS returned, the notes) is shown only to a session that opened it, its lookup on the record", async (t) => {
  const { hub, open } = await hubForTest(t);
  const a = await open('ws-01', 'dana', 'dispatcher');
  const hitId = await postHit(hub, '7LOOK01');
  await waitFor('hit stored', () => a.core.hits.exists(hitId));
  await a.step('hits:open', { hitId });
  await a.step('workflow:confirm-plate', { hitId });
  await a.step('workflow:mark-broadcast', { hitId });
  assert.match((await a.step('workflow:run-clets', { hitId })).clets.response!.text, /MKE\/STOLEN VEHICLE/);

  // Another dispatcher at the same console, who never opened it, asks for its workflow.
  await a.core.users.create({ username: 'lee', password: 'hunter2hunter2', displayName: 'Lee', role: 'dispatcher', trainingDate: TRAINED });
  const lee = a.core.openSession({ ip: null });
  await signInCleared(a.core, lee.id, 'lee', 'hunter2hunter2');
  const peek = await a.core.dispatch(lee.id, 'workflow:state', { hitId });
  assert.equal(peek.ok ? 'shown' : peek.error.code, 'forbidden');
  assert.match(peek.ok ? '' : peek.error.message, /open the hit first/);
  assert.doesNotMatch(JSON.stringify(peek), /STOLEN VEHICLE/);
  const step = await a.core.dispatch(lee.id, 'workflow:mark-results-broadcast', { hitId });
  assert.equal(step.ok ? 'taken' : step.error.code, 'forbidden');
  const refusals = a.core.db.prepare("SELECT action, data FROM audit_log WHERE username = 'lee' AND outcome = 'refused'").all() as { action: string; data: string }[];
  assert.equal(refusals.length, 2, 'both refusals on the record');
  assert.ok(refusals.every((r) => JSON.parse(r.data).hitId === hitId));

  // Opened (a lookup recorded with its purpose), it is shown.
  assert.ok((await a.core.dispatch(lee.id, 'hits:open', { hitId, intent: 'review' })).ok);
  const shown = await a.core.dispatch(lee.id, 'workflow:state', { hitId });
  assert.ok(shown.ok);
  assert.match((shown.value as WorkflowView).clets.response!.text, /MKE\/STOLEN VEHICLE/);
});

test('an administrator disabling a user mid-hit signs them out and releases the hit, as a sign-out would', async (t) => {
  const { hub, open } = await hubForTest(t);
  const a = await open('ws-01', 'dana', 'dispatcher');
  const hitId = await postHit(hub, '7DIS001');
  await waitFor('hit stored', () => a.core.hits.exists(hitId));
  await a.step('hits:open', { hitId });
  await a.step('workflow:confirm-plate', { hitId });

  await a.core.users.create({ username: 'chief', password: 'hunter2hunter2', displayName: 'Chief', role: 'admin', trainingDate: TRAINED });
  const admin = a.core.openSession({ ip: null });
  await signInCleared(a.core, admin.id, 'chief', 'hunter2hunter2');
  const dana = (await a.core.dispatch(admin.id, 'admin:users', {})) as { ok: true; value: { users: { id: number; username: string }[] } };
  const id = dana.value.users.find((u) => u.username === 'dana')!.id;
  assert.ok((await a.core.dispatch(admin.id, 'admin:set-disabled', { id, disabled: true })).ok);

  assert.ok(a.events.some((e) => e.name === 'session:ended'), "dana's console is told");
  await waitFor('released at the hub', async () => (await timeline(hub, hitId)).some((e) => e.step === 'released' && e.user.username === 'dana'));
  assert.ok((await a.core.dispatch(admin.id, 'hits:open', { hitId, intent: 'review' })).ok);
  const view = (await a.core.dispatch(admin.id, 'workflow:state', { hitId })) as { ok: true; value: WorkflowView };
  assert.equal(view.value.claim.holder, null, 'back in the queue here');
});

test('a supervisor reviewing a hit from the shift log looks without claiming it; the lookup says so', async (t) => {
  const { hub, open } = await hubForTest(t);
  const a = await open('ws-01', 'dana', 'dispatcher');
  const b = await open('ws-02', 'pat', 'supervisor');
  const hitId = await postHit(hub, '7LOOK01');
  await waitFor('hit at both', () => a.core.hits.exists(hitId) && b.core.hits.exists(hitId));
  const seen = (await b.step('hits:open', { hitId, intent: 'review' })) as unknown as HitDetail;
  assert.equal(seen.workflow.claim.holder, null, 'not claimed by the review');
  assert.equal(seen.workflow.status, 'new', 'not recorded as opened');
  const record = b.core.db.prepare("SELECT purpose, data FROM audit_log WHERE action = 'hits:open' ORDER BY seq DESC LIMIT 1").get() as { purpose: string; data: string };
  assert.equal(record.purpose, 'Supervisory review');
  // The dispatcher opens it from the queue as if nobody had looked.
  const opened = (await a.step('hits:open', { hitId })) as unknown as HitDetail;
  assert.equal(opened.workflow.claim.mine, true);
  assert.deepEqual((await timeline(hub, hitId)).map((e) => `${e.step}:${e.user.username}`), ['claimed:dana', 'opened:dana']);
});

test('two users signed in at one console: a hit one of them works is not the other\'s to work; a supervisor takes it over there', async (t) => {
  const { hub, open } = await hubForTest(t);
  const a = await open('ws-01', 'dana', 'dispatcher');
  await a.core.users.create({ username: 'sam', password: 'hunter2hunter2', displayName: 'Sam Sup', role: 'supervisor', trainingDate: TRAINED });
  const sup = a.core.openSession({ ip: null });
  await signInCleared(a.core, sup.id, 'sam', 'hunter2hunter2');
  const hitId = await postHit(hub, '7TWO001');
  await waitFor('hit stored', () => a.core.hits.exists(hitId));
  await a.step('hits:open', { hitId });

  const seen = (await a.core.dispatch(sup.id, 'hits:open', { hitId })) as { ok: true; value: HitDetail };
  assert.equal(seen.value.workflow.claim.mine, false, "dana's, though at the same console");
  assert.equal(seen.value.workflow.canAct, false);
  assert.equal(seen.value.workflow.canTakeOver, true);
  const refused = await a.core.dispatch(sup.id, 'workflow:confirm-plate', { hitId });
  assert.equal(refused.ok, false);
  assert.match(!refused.ok ? refused.error.message : '', /Being handled by .* at ws-01 \(signed in at this console\)/);

  const took = (await a.core.dispatch(sup.id, 'workflow:take-over', { hitId, reason: 'Dana is on a call' })) as { ok: true; value: WorkflowView };
  assert.ok(took.ok, JSON.stringify(took));
  assert.equal(took.value.claim.holder?.username, 'sam');
  assert.equal(took.value.canAct, true);
  assert.equal((await a.step('workflow:state', { hitId })).canAct, false, 'and now not dana\'s');
  assert.ok((await timeline(hub, hitId)).some((e) => e.step === 'taken-over' && e.user.username === 'sam'));
});

test('the shift log after a takeover: the row says who took over, and the broadcast and its time count for the supervisor who read it', async (t) => {
  const { hub, open } = await hubForTest(t);
  const a = await open('ws-01', 'dana', 'dispatcher');
  const b = await open('ws-02', 'pat', 'supervisor');
  const hitId = await postHit(hub, '7TKO001');
  await waitFor('hit at both', () => a.core.hits.exists(hitId) && b.core.hits.exists(hitId));
  await a.step('hits:open', { hitId });
  await a.step('workflow:confirm-plate', { hitId });
  await waitFor('ws-02 follows', () => lastUpdate(b, hitId)?.status === 'plate-confirmed');
  await b.step('hits:open', { hitId });
  await b.step('workflow:take-over', { hitId, reason: 'Dana is on a pursuit' });
  await b.step('workflow:mark-broadcast', { hitId });

  const period = { from: new Date(Date.now() - 3_600_000).toISOString(), to: new Date(Date.now() + 3_600_000).toISOString() };
  const view = async (filters = {}) => {
    const r = await b.call('shiftlog:open', { period, filters });
    assert.ok(r.ok, JSON.stringify(r));
    return r.value as { viewId: string; summary: ShiftSummary; options: { dispatchers: { username: string }[] } };
  };
  const all = await view();
  const people = Object.fromEntries(all.summary.dispatchers.map((d) => [d.username, d]));
  assert.equal(people.dana!.handled, 1, 'the plate check is Dana\'s');
  assert.equal(people.dana!.confirmed, 1);
  assert.equal(people.dana!.broadcasts, 0, 'the broadcast is not');
  assert.equal(people.pat!.broadcasts, 1);
  assert.equal(people.pat!.handled, 0);
  assert.deepEqual(all.options.dispatchers.map((d) => d.username).sort(), ['dana', 'pat']);
  const rows = await b.call('shiftlog:rows', { viewId: all.viewId, offset: 0, limit: 10 });
  assert.ok(rows.ok, JSON.stringify(rows));
  const row = (rows.value as { rows: ShiftRow[] }).rows.find((r) => r.hitId === hitId)!;
  assert.deepEqual([row.dispatcher, row.broadcaster, row.takenOverBy], ['dana', 'pat', 'pat']);
  assert.equal(workedByText(row), 'dana, taken over by pat');
  // Filtered by the supervisor: the hit they worked is there.
  assert.equal((await view({ dispatcher: 'pat' })).summary.hits, 1);
});

test('a console back after the hub released its claim asks for it again before its next step; another console cannot take it meanwhile unseen', async (t) => {
  const { hub, open } = await hubForTest(t, { claimReleaseAfterMs: 400 });
  const aDir = tempDir();
  let a = await desk(hub, 'ws-01', 'dana', 'dispatcher', aDir);
  const b = await open('ws-02', 'pat', 'dispatcher');
  const hitId = await postHit(hub, '7AWAY01');
  await waitFor('hit at both', () => a.core.hits.exists(hitId) && b.core.hits.exists(hitId));
  assert.equal(((await a.step('hits:open', { hitId })) as unknown as HitDetail).workflow.claim.mine, true);
  await waitFor('opened reported', async () => (await timeline(hub, hitId)).some((e) => e.step === 'opened'));
  // Dana's PC goes down longer than the hub waits: the hub releases her claim.
  await a.core.close();
  await waitFor('hub released the claim', async () => (await hub.store.claimOf(hitId)) === null, 5000);
  a = await desk(hub, 'ws-01', 'dana', 'dispatcher', aDir);
  t.after(() => a.core.close());
  // Signed in again, she looks at it (a review claims nothing) before her next step.
  await a.step('hits:open', { hitId, intent: 'review' });
  await waitFor('the claim no longer taken as confirmed', async () => !(await a.step('workflow:state', { hitId })).claim.confirmed);
  // Her next step asks the hub first, which gives the hit back to her console.
  await a.step('workflow:confirm-plate', { hitId });
  assert.equal((await hub.store.claimOf(hitId))?.workstationId, 'ws-01', 'held at the hub again');
  // Pat cannot now open it as his own.
  const bView = ((await b.step('hits:open', { hitId })) as unknown as HitDetail).workflow;
  assert.equal(bView.claim.mine, false);
  assert.equal(bView.canAct, false);
});
