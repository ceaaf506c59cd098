// The workflow through the core's one entry point, as a transport drives it, with no hub: the
// console works hits alone (claims unconfirmed, steps kept to report later), CLETS is manual.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Core } from '../../electron/core/core';
import { verifyChain } from '../../electron/core/audit/log';
import type { CallResult, QueueItem, WorkflowView } from '../../electron/contract';
import { tempDir } from '../helpers/tmp';
import { hubHit } from '../helpers/hits';
import { waitFor } from '../helpers/wait';
import { signInCleared, TRAINED } from '../helpers/clearance';
import { authCore } from '../helpers/auth-core';

async function setup(users = 'disp1:hunter2hunter2:dispatcher') {
  const core = await Core.open({
    dataDir: tempDir(),
    workstationId: 'ws-07',
    hub: null,
    mode: 'headless',
    version: '0-test',
    agencyName: 'Test PD',
    bootstrapUser: `${users}:${TRAINED}`,
  });
  const [username, password] = users.split(':') as [string, string];
  const s = core.openSession({ ip: '10.0.0.5' });
  const events: { name: string; payload: unknown }[] = [];
  s.subscribe((name, payload) => events.push({ name, payload }));
  await signInCleared(core, s.id, username, password);
  const call = async (channel: string, input: unknown) => core.dispatch(s.id, channel, input);
  const step = async (channel: string, input: unknown): Promise<WorkflowView> => {
    const r = await call(channel, input);
    assert.ok(r.ok, `${channel}: ${r.ok ? '' : `${r.error.message} ${r.error.details?.join('; ') ?? ''}`}`);
    return r.value as WorkflowView;
  };
  return { core, s, call, step, events };
}

const refused = (r: CallResult<unknown>, why: RegExp) => {
  assert.equal(r.ok, false);
  if (!r.ok) {
    assert.equal(r.error.code, 'conflict');
    assert.match(r.error.message, why);
  }
};

function audit(core: Core) {
  return core.db.prepare('SELECT action, outcome, purpose, data FROM audit_log ORDER BY seq').all() as {
    action: string; outcome: string; purpose: string | null; data: string;
  }[];
}

test('a hit worked to disposition (manual CLETS), each step audited with its purpose, kept for the hub, ended hit leaves the queue', async () => {
  const { core, call, step, events } = await setup();
  core.hits.insertBatch('hub', [hubHit(1, { id: 'h-1', read: { plate: '1ABC234', state: 'CA', confidence: 0.9 } })]);
  const opened = await call('hits:open', { hitId: 'h-1' });
  assert.ok(opened.ok);
  let view = (opened.value as { workflow: WorkflowView }).workflow;
  assert.equal(view.status, 'opened');
  assert.equal(view.next, 'plate-check');
  assert.deepEqual(view.claim, { holder: { displayName: 'disp1', username: 'disp1', workstationId: 'ws-07', at: view.claim.holder!.at }, mine: true, confirmed: false });
  assert.equal(view.canAct, true);

  refused(await call('workflow:mark-broadcast', { hitId: 'h-1' }), /Refused: the hit broadcast is not the next step for this hit: the plate check is/);
  const early = audit(core).at(-1)!;
  assert.deepEqual([early.action, early.outcome, JSON.parse(early.data).plate], ['workflow.broadcast', 'refused', '1ABC234']);
  view = await step('workflow:confirm-plate', { hitId: 'h-1' });
  assert.equal(view.next, 'broadcast');
  assert.match(view.hitScript!.lines.map((l) => l.text).join(' '), /One Adam Boy Charles Two Three Four/);
  refused(await call('workflow:confirm-plate', { hitId: 'h-1' }), /the plate check is not the next step/);
  view = await step('workflow:mark-broadcast', { hitId: 'h-1' });
  assert.equal(view.clets.adapter, 'manual', 'no hub: the query runs on a separate terminal');
  assert.equal(view.clets.message, 'QV.CA0000000.LIC/1ABC234.LIS/CA');
  view = await step('workflow:run-clets', { hitId: 'h-1' });
  assert.equal(view.status, 'clets-sent');
  assert.equal(view.next, 'clets-result');
  assert.equal(view.clets.via, 'manual');

  const garbage = await call('workflow:record-clets', { hitId: 'h-1', text: '\u0002MKE/ST%L3N\u0000' });
  assert.equal(garbage.ok, false);
  if (!garbage.ok) assert.match(garbage.error.message, /cannot be read: the return contains line noise/);
  const contradicting = await call('workflow:record-clets', { hitId: 'h-1', status: 'active', text: 'NO RECORD LIC/1ABC234 LIS/CA' });
  assert.equal(contradicting.ok, false);
  assert.equal((await step('workflow:state', { hitId: 'h-1' })).status, 'clets-sent', 'the hit stays where it was');

  view = await step('workflow:record-clets', {
    hitId: 'h-1',
    text: 'MKE/STOLEN VEHICLE\nCMC/00 - ARMED AND DANGEROUS\nVYR/2015 VMA/HONDA VMO/CIVIC VCO/BLUE\nDTE/20261120 OCA/26-004512',
    notes: 'Confirmed by teletype',
  });
  assert.equal(view.status, 'clets-answered');
  assert.equal(view.clets.response!.status, 'active');
  assert.deepEqual(view.clets.response!.fields.cautions, ['ARMED AND DANGEROUS']);
  assert.deepEqual(view.clets.differences, ['Vehicle colour: CLETS BLUE, hotlist white.']);
  assert.equal(view.resultsScript!.kind, 'results');
  view = await step('workflow:mark-results-broadcast', { hitId: 'h-1' });
  assert.equal(view.next, 'dispose');
  const badCode = await call('workflow:dispose', { hitId: 'h-1', code: 'misread' });
  assert.equal(badCode.ok ? null : badCode.error.code, 'invalid-input');
  view = await step('workflow:dispose', { hitId: 'h-1', code: 'vehicle-located', notes: 'Driver detained', units: ['4A12', '4A14', '4A12'] });
  assert.equal(view.status, 'disposed');
  assert.equal(view.next, null);
  assert.deepEqual(view.ending, { disposition: 'vehicle-located', label: 'Vehicle located', notes: 'Driver detained', units: ['4A12', '4A14'], at: view.ending!.at, by: 'disp1' });
  refused(await call('workflow:dispose', { hitId: 'h-1', code: 'referred' }), /this hit has ended/);

  assert.deepEqual(
    view.timeline.map((e) => [e.label, e.report]),
    [
      ['Opened', 'pending'],
      ['Plate check: confirmed', 'pending'],
      ['Hit broadcast', 'pending'],
      ['CLETS query sent', 'pending'],
      ['CLETS: ACTIVE', 'pending'],
      ['Results broadcast', 'pending'],
      ['Disposition: Vehicle located', 'pending'],
    ],
  );
  const queue = (await call('hits:queue', {})) as { ok: true; value: { hits: QueueItem[] } };
  assert.deepEqual(queue.value.hits, [], 'an ended hit leaves the queue');
  const updates = events.filter((e) => e.name === 'hits:updated').map((e) => (e.payload as QueueItem).status);
  assert.deepEqual(updates.slice(-1), ['disposed']);

  const rows = audit(core).filter((r) => r.action.startsWith('workflow') || r.action === 'hits:open');
  assert.deepEqual(rows.map((r) => `${r.action} ${r.outcome}`), [
    'hits:open granted',
    'workflow.opened ok',
    'workflow.broadcast refused',
    'workflow.plate-check ok',
    'workflow.plate-check refused',
    'workflow.broadcast ok',
    'workflow.clets-query ok',
    'workflow.clets-result refused', // the two returns that could not be read
    'workflow.clets-result refused',
    'workflow.clets-result ok',
    'workflow.results-broadcast ok',
    'workflow.disposed refused', // "misread" is not a Dispose code
    'workflow.disposed ok',
    'workflow.disposed refused',
  ]);
  assert.ok(rows.every((r) => r.purpose === 'Hit confirmation'));
  assert.deepEqual(JSON.parse(rows[6]!.data), { hitId: 'h-1', plate: '1ABC234', state: 'CA', step: 'clets-sent', message: 'QV.CA0000000.LIC/1ABC234.LIS/CA', via: 'manual' });
  assert.equal(verifyChain(core.db).ok, true);
  await core.close();
});

test('a misread ends the hit with its reason and corrections; the camera read is never overwritten', async () => {
  const { core, call, step } = await setup('sup1:hunter2hunter2:supervisor');
  core.hits.insertBatch('hub', [hubHit(1, { id: 'h-2', read: { plate: '7ABC123', state: 'CA', confidence: 0.7 } })]);
  assert.ok((await call('hits:open', { hitId: 'h-2' })).ok);
  const other = await call('workflow:misread', { hitId: 'h-2', reason: 'other' });
  assert.equal(other.ok ? null : other.error.details?.join(), 'note: describe the misread');
  const unknown = await call('workflow:misread', { hitId: 'h-2', reason: 'blurry' });
  assert.equal(unknown.ok ? null : unknown.error.code, 'invalid-input');
  // Refused steps are on the record under the step, with the plate, whatever refused them.
  const refusals = () => audit(core).filter((r) => r.outcome === 'refused').map((r) => `${r.action} ${JSON.parse(r.data).plate} ${JSON.parse(r.data).reason}`);
  assert.deepEqual(refusals().slice(-1), ['workflow.plate-check 7ABC123 unknown misread reason']);
  const badPaste = await call('workflow:record-clets', { hitId: 'h-2', text: 'this is not a CLETS return' });
  assert.equal(badPaste.ok ? null : badPaste.error.code, 'invalid-input');
  assert.match(refusals().at(-1)!, /^workflow\.clets-result 7ABC123 the pasted CLETS return cannot be read/);
  const badCode = await call('workflow:dispose', { hitId: 'h-2', code: 'no-such-code' });
  assert.equal(badCode.ok ? null : badCode.error.code, 'invalid-input');
  assert.deepEqual(refusals().slice(-1), ['workflow.disposed 7ABC123 unknown disposition code']);
  // No hub: a takeover cannot be recorded, and the attempt is.
  const takeOver = await call('workflow:take-over', { hitId: 'h-2', reason: 'Dispatcher at lunch' });
  assert.equal(takeOver.ok ? null : takeOver.error.code, 'unavailable');
  assert.match(refusals().at(-1)!, /^workflow\.take-over 7ABC123 a takeover is recorded by the hub/);
  // "Corrected" to the listed plate: the car is the wanted one; refused, the hit stays open.
  const listed = core.db.prepare("SELECT plate, state FROM hit_matches WHERE hit_id = 'h-2'").get() as { plate: string; state: string };
  const wanted = await call('workflow:misread', { hitId: 'h-2', reason: 'wrong-characters', correctedPlate: listed.plate.toLowerCase(), correctedState: listed.state });
  assert.match(wanted.ok ? '' : wanted.error.message, new RegExp(`corrected plate ${listed.plate} ${listed.state} is the listed plate.*Confirm the plate`));
  assert.equal((core.db.prepare("SELECT status FROM hits WHERE id = 'h-2'").get() as { status: string }).status, 'opened');
  // Nor with a state no plate is issued in, which would slip the listed plate past that check.
  const madeUp = await call('workflow:misread', { hitId: 'h-2', reason: 'wrong-characters', correctedPlate: listed.plate, correctedState: 'zz' });
  assert.equal(madeUp.ok ? null : madeUp.error.details?.join(), 'correctedState: ZZ is not a US state, territory or Canadian province code');
  assert.equal((core.db.prepare("SELECT status FROM hits WHERE id = 'h-2'").get() as { status: string }).status, 'opened');
  const view = await step('workflow:misread', { hitId: 'h-2', reason: 'wrong-characters', correctedPlate: '7abc 128', correctedState: 'ca' });
  assert.equal(view.status, 'misread');
  assert.deepEqual(view.misread, { reason: 'wrong-characters', label: 'Wrong characters', note: null, correctedPlate: '7ABC128', correctedState: 'CA' });
  assert.equal(view.ending!.disposition, 'misread');
  assert.deepEqual(view.timeline.map((e) => e.label), ['Opened', 'Plate check: misread', 'Disposition: Misread']);
  assert.equal(view.hitScript, null, 'nothing to broadcast for a misread');
  const read = core.db.prepare('SELECT read_plate, read_state FROM hits WHERE id = ?').get('h-2');
  assert.deepEqual(read, { read_plate: '7ABC123', read_state: 'CA' });
  assert.throws(() => core.db.prepare("UPDATE hits SET read_plate = 'X' WHERE id = 'h-2'").run(), /never changed/);
  assert.throws(() => core.db.prepare("UPDATE hits SET disposition = 'referred' WHERE id = 'h-2'").run(), /exactly one disposition/);
  await core.close();
});

test('CLETS first (an audited setting): a cleared return ends the hit as stale list before any broadcast', async () => {
  const { core, call, step } = await setup('admin1:hunter2hunter2:admin');
  const denied = await call('workflow:update-settings', { order: 'sideways' });
  assert.equal(denied.ok ? null : denied.error.code, 'invalid-input');
  const bad = await call('workflow:update-settings', { cletsTemplate: 'QV.{LIC}.{LIS}.LIY/{LIY}' });
  assert.match(bad.ok ? '' : bad.error.details!.join(), /cletsTemplate: \{LIY\} is unknown/);
  const changed = await step('workflow:update-settings', { order: 'clets-first' });
  assert.equal((changed as unknown as { order: string }).order, 'clets-first');
  const record = audit(core).find((r) => r.action === 'workflow.settings')!;
  assert.deepEqual(JSON.parse(record.data), { order: { from: 'claremont', to: 'clets-first' } });

  core.hits.insertBatch('hub', [hubHit(1, { id: 'h-3' })]);
  await call('hits:open', { hitId: 'h-3' });
  await step('workflow:confirm-plate', { hitId: 'h-3' });
  refused(await call('workflow:mark-broadcast', { hitId: 'h-3' }), /the hit broadcast is not the next step for this hit: the CLETS query is/);
  await step('workflow:run-clets', { hitId: 'h-3' });
  const view = await step('workflow:record-clets', { hitId: 'h-3', status: 'cleared' });
  assert.equal(view.status, 'stale-list');
  assert.equal(view.hitScript, null);
  assert.equal(view.resultsScript!.kind, 'disregard');
  assert.deepEqual(view.stages.map((s) => s.state), ['done', 'done', 'skipped', 'skipped', 'skipped']);
  assert.deepEqual(view.timeline.map((e) => e.label).slice(-2), ['CLETS: CLEARED', 'Disposition: Stale list (CLETS: not active)']);

  // A hit opened before the change keeps the order it was opened under.
  core.hits.insertBatch('hub', [hubHit(2, { id: 'h-4' })]);
  await call('hits:open', { hitId: 'h-4' });
  await step('workflow:update-settings', { order: 'claremont' });
  assert.equal((await step('workflow:confirm-plate', { hitId: 'h-4' })).next, 'clets-query');
  await core.close();
});

test('roles: auditors cannot work hits; only supervisors and admins take over; only admins change settings', async () => {
  const { core, call } = await setup('aud:hunter2hunter2:auditor');
  core.hits.insertBatch('hub', [hubHit(1, { id: 'h-5' })]);
  assert.equal(((await call('workflow:confirm-plate', { hitId: 'h-5' })) as { error: { code: string } }).error.code, 'forbidden');
  // Under the step's own action and with the plate, so a search by either finds the attempt.
  const refusal = audit(core).find((r) => r.action === 'workflow.plate-check' && r.outcome === 'refused');
  assert.ok(refusal, 'the refusal is logged');
  assert.equal(JSON.parse(refusal.data).plate, core.hits.queueItem('h-5')!.plate);
  await core.close();
  const d = await setup();
  d.core.hits.insertBatch('hub', [hubHit(1, { id: 'h-6' })]);
  assert.equal(((await d.call('workflow:take-over', { hitId: 'h-6', reason: 'x' })) as { error: { code: string } }).error.code, 'forbidden');
  assert.equal(((await d.call('workflow:update-settings', { order: 'clets-first' })) as { error: { code: string } }).error.code, 'forbidden');
  await d.core.close();
});

test('a hit nobody opens alerts again, then escalates to supervisors; opening it stops that', async () => {
  const { core, call, step, events } = await setup('sup:hunter2hunter2:admin');
  await step('workflow:update-settings', { unopenedAlertS: 1, escalateAfterS: 1 });
  core.hits.insertBatch('hub', [hubHit(1, { id: 'h-7' }), hubHit(2, { id: 'h-8' })]);
  await call('hits:open', { hitId: 'h-8' });
  await waitFor('level 2', () => events.some((e) => e.name === 'hits:escalated'), 6000);
  const raised = events.filter((e) => e.name === 'hits:overdue' || e.name === 'hits:escalated');
  assert.deepEqual(
    raised.map((e) => [e.name, (e.payload as { level: number; item: QueueItem }).level, (e.payload as { item: QueueItem }).item.id]),
    [['hits:overdue', 1, 'h-7'], ['hits:escalated', 2, 'h-7']],
  );
  assert.ok((raised[1]!.payload as { unopenedForS: number }).unopenedForS >= 2);
  await new Promise((r) => setTimeout(r, 1200));
  assert.equal(events.filter((e) => e.name === 'hits:overdue' || e.name === 'hits:escalated').length, 2, 'each level once');
  await core.close();
});

test("other consoles' claims and steps from the hub: applied in order, even when they arrive before the hit; this console's own echo is ignored", async () => {
  const { core, call } = await setup();
  const kim = { username: 'kim', displayName: 'Kim Nguyen' };
  const at = (s: number) => new Date(Date.parse('2026-11-25T03:13:00Z') + s * 1000).toISOString();
  // The hub announces current claims on connect, before it sends the hits themselves.
  await core.workflow.fromHub({ hitId: 'h-9', step: 'claimed', user: kim, workstationId: 'ws-02', at: at(0) });
  await core.workflow.fromHub({ hitId: 'h-9', step: 'opened', user: kim, workstationId: 'ws-02', at: at(1) });
  core.hits.insertBatch('hub', [hubHit(1, { id: 'h-9' })]);
  core.workflow.adopt(['h-9']);
  let item = core.hits.queueItem('h-9')!;
  assert.equal(item.status, 'opened');
  assert.deepEqual(item.claimedBy, { displayName: 'Kim Nguyen', username: 'kim', workstationId: 'ws-02', at: at(0) });

  const opened = await call('hits:open', { hitId: 'h-9' });
  assert.ok(opened.ok, 'a hit another console holds can be looked at');
  const view = (opened.value as { workflow: WorkflowView }).workflow;
  assert.equal(view.canAct, false);
  assert.equal(view.blockedReason, 'Being handled by Kim Nguyen at ws-02.');
  refused(await call('workflow:confirm-plate', { hitId: 'h-9' }), /Being handled by Kim Nguyen at ws-02/);

  await core.workflow.fromHub({ hitId: 'h-9', step: 'plate-check', outcome: 'confirmed', user: kim, workstationId: 'ws-02', at: at(2) });
  await core.workflow.fromHub({ hitId: 'h-9', step: 'plate-check', outcome: 'misread', user: kim, workstationId: 'ws-07', at: at(3) });
  assert.equal(core.hits.queueItem('h-9')!.status, 'plate-confirmed', "an echo of this console's own step changes nothing");
  await core.workflow.fromHub({ hitId: 'h-9', step: 'plate-check', outcome: 'bogus' });
  for (const [step, outcome, s] of [['broadcast', undefined, 4], ['clets-sent', undefined, 5], ['clets-result', 'no-record', 6], ['results-broadcast', undefined, 7], ['disposed', 'stale-list', 7]] as const) {
    await core.workflow.fromHub({ hitId: 'h-9', step, ...(outcome ? { outcome } : {}), user: kim, workstationId: 'ws-02', at: at(s) });
  }
  item = core.hits.queueItem('h-9')!;
  assert.equal(item.status, 'stale-list');
  const queue = (await call('hits:queue', {})) as { ok: true; value: { hits: QueueItem[] } };
  assert.deepEqual(queue.value.hits.map((h) => h.id), [], 'ended at another console: gone from this queue too');
  const final = (await call('workflow:state', { hitId: 'h-9' })) as { ok: true; value: WorkflowView };
  assert.equal(final.value.ending!.disposition, 'stale-list');
  assert.equal(final.value.ending!.by, 'Kim Nguyen');
  await core.close();
});

test('a hit from a list the role may not see is "no such hit" to every workflow call, as to hits:open', async () => {
  const a = await authCore();
  try {
    a.core.hits.insertBatch('hub', [hubHit(1, { id: 'svs-hit' })]);
    const adm = await a.session('adm', 'admin');
    const settings = await a.call(adm, 'admin:security-settings');
    assert.ok(settings.ok);
    const roleLists = { dispatcher: ['Local BOLO'], supervisor: null, admin: null, auditor: null };
    assert.ok((await a.call(adm, 'admin:update-security-settings', { ...(settings.value as object), roleLists })).ok);
    const disp = await a.session('disp', 'dispatcher');
    for (const [channel, input] of [
      ['workflow:state', {}],
      ['workflow:confirm-plate', {}],
      ['workflow:misread', { reason: 'wrong-state' }],
      ['workflow:dispose', { code: 'referred' }],
    ] as const) {
      const hidden = await a.call(disp, channel, { hitId: 'svs-hit', ...input });
      const missing = await a.call(disp, channel, { hitId: 'no-such-hit', ...input });
      assert.deepEqual(hidden, missing, channel);
      assert.equal(!hidden.ok && hidden.error.code, 'not-found', channel);
    }
    assert.equal(a.core.hits.queueItem('svs-hit')!.status, 'new', 'nothing happened to the hit');
    // Each refusal is on the record under the step tried, not as a lookup that never happened.
    const refusals = a.audit().filter((r) => r.outcome === 'refused' && r.data.reason === 'list not visible to role');
    assert.deepEqual(refusals.map((r) => r.action), ['workflow:state', 'workflow.plate-check', 'workflow.plate-check', 'workflow.disposed']);
  } finally {
    await a.core.close();
  }
});
