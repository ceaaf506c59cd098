// The verification workflow's state machine: every legal step in both orders, and every step
// refused in every state where it is not the next one.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { HIT_STATUSES, WORKFLOW_ORDERS, type HitStatus, type WorkflowOrder } from '../../electron/contract/workflow';
import { CLETS_STATUSES, type CletsStatus } from '../../electron/contract/hub';
import { advance, advanceWithdrawn, nextStep, stages, stateAfter, type Move, type WorkflowState } from '../../electron/core/workflow/machine';

const MOVES: Move[] = [
  { step: 'opened' },
  { step: 'plate-check', outcome: 'confirmed' },
  { step: 'plate-check', outcome: 'misread' },
  { step: 'broadcast' },
  { step: 'clets-sent' },
  { step: 'clets-result', outcome: 'active' },
  { step: 'clets-result', outcome: 'cleared' },
  { step: 'clets-result', outcome: 'no-record' },
  { step: 'results-broadcast' },
  { step: 'disposed', outcome: 'vehicle-located' },
];

const describe = (m: Move) => ('outcome' in m ? `${m.step}(${m.outcome})` : m.step);

/** Walks `moves` from a new hit, asserting each is accepted; returns the final state and ending. */
function walk(order: WorkflowOrder, moves: Move[]) {
  let state: WorkflowState = { status: 'new', cletsStatus: null };
  let ending = null;
  for (const m of moves) {
    const r = advance(order, state, m);
    assert.ok(r.ok, `${order}: ${describe(m)} from ${state.status}: ${r.ok ? '' : r.error}`);
    assert.equal(ending, null, 'nothing after an ending');
    state = r.state;
    ending = r.ending;
  }
  return { state, ending };
}

const opened: Move[] = [{ step: 'opened' }, { step: 'plate-check', outcome: 'confirmed' }];

test('Claremont: open, confirm, broadcast, CLETS active, results, dispose', () => {
  const { state, ending } = walk('claremont', [
    ...opened,
    { step: 'broadcast' },
    { step: 'clets-sent' },
    { step: 'clets-result', outcome: 'active' },
    { step: 'results-broadcast' },
    { step: 'disposed', outcome: 'vehicle-located' },
  ]);
  assert.deepEqual(state, { status: 'disposed', cletsStatus: 'active' });
  assert.equal(ending, null);
  assert.equal(nextStep('claremont', state), null);
});

for (const status of ['cleared', 'no-record'] as const) {
  test(`Claremont: CLETS ${status} -> the disregard broadcast ends the hit as stale list, no Dispose`, () => {
    const before = walk('claremont', [...opened, { step: 'broadcast' }, { step: 'clets-sent' }, { step: 'clets-result', outcome: status }]);
    assert.deepEqual(before.state, { status: 'clets-answered', cletsStatus: status });
    assert.equal(nextStep('claremont', before.state), 'results-broadcast');
    const end = advance('claremont', before.state, { step: 'results-broadcast' });
    assert.ok(end.ok);
    assert.deepEqual(end.state, { status: 'stale-list', cletsStatus: status });
    assert.equal(end.ending, 'stale-list');
    const dispose = advance('claremont', end.state, { step: 'disposed', outcome: 'vehicle-located' });
    assert.equal(dispose.ok, false);
  });

  test(`CLETS first: CLETS ${status} ends the hit at once, with nothing broadcast`, () => {
    const { state, ending } = walk('clets-first', [...opened, { step: 'clets-sent' }, { step: 'clets-result', outcome: status }]);
    assert.deepEqual(state, { status: 'stale-list', cletsStatus: status });
    assert.equal(ending, 'stale-list');
    for (const m of MOVES) assert.equal(advance('clets-first', state, m).ok, false, describe(m));
  });
}

test('CLETS first: query before any broadcast; active goes on to the hit broadcast, results, dispose', () => {
  const { state } = walk('clets-first', [
    ...opened,
    { step: 'clets-sent' },
    { step: 'clets-result', outcome: 'active' },
    { step: 'broadcast' },
    { step: 'results-broadcast' },
    { step: 'disposed', outcome: 'unable-to-locate' },
  ]);
  assert.equal(state.status, 'disposed');
});

for (const order of WORKFLOW_ORDERS) {
  test(`${order}: a misread plate check ends the hit as misread`, () => {
    const { state, ending } = walk(order, [{ step: 'opened' }, { step: 'plate-check', outcome: 'misread' }]);
    assert.equal(state.status, 'misread');
    assert.equal(ending, 'misread');
    assert.equal(nextStep(order, state), null);
  });

  test(`${order}: in every state, exactly the next step is accepted and every other is refused with what is next`, () => {
    const cletsFor = (status: HitStatus): (CletsStatus | null)[] =>
      ['clets-answered', 'results-broadcast', 'stale-list', 'disposed'].includes(status) ? [...CLETS_STATUSES] : [null];
    for (const status of HIT_STATUSES) {
      for (const cletsStatus of cletsFor(status)) {
        const state: WorkflowState = { status, cletsStatus };
        const next = nextStep(order, state);
        for (const m of MOVES) {
          const r = advance(order, state, m);
          const wanted: Record<string, Move['step']> = {
            open: 'opened',
            'plate-check': 'plate-check',
            broadcast: 'broadcast',
            'clets-query': 'clets-sent',
            'clets-result': 'clets-result',
            'results-broadcast': 'results-broadcast',
            dispose: 'disposed',
          };
          const legal = next !== null && wanted[next] === m.step;
          assert.equal(r.ok, legal, `${order} ${status}/${cletsStatus}: ${describe(m)}`);
          if (!r.ok) {
            assert.match(r.error, next === null ? /has ended/ : /is not the next step for this hit: .* is$/);
          }
        }
      }
    }
  });

  test(`${order}: misread, stale-list and entry-withdrawn are never a Dispose code`, () => {
    const { state } = walk(order, order === 'claremont'
      ? [...opened, { step: 'broadcast' }, { step: 'clets-sent' }, { step: 'clets-result', outcome: 'active' }, { step: 'results-broadcast' }]
      : [...opened, { step: 'clets-sent' }, { step: 'clets-result', outcome: 'active' }, { step: 'broadcast' }, { step: 'results-broadcast' }]);
    for (const code of ['misread', 'stale-list', 'entry-withdrawn']) {
      const r = advance(order, state, { step: 'disposed', outcome: code });
      assert.equal(r.ok, false);
      if (!r.ok) assert.match(r.error, /set by the workflow itself/);
    }
  });
}

test('stages follow the order and say what is done, current, to do or skipped', () => {
  const at = (order: WorkflowOrder, status: HitStatus, cletsStatus: CletsStatus | null = null) =>
    stages(order, { status, cletsStatus }).map((s) => `${s.key}:${s.state}`).join(' ');
  assert.equal(at('claremont', 'opened'), 'plate-check:current broadcast:todo clets:todo results-broadcast:todo dispose:todo');
  assert.equal(at('claremont', 'broadcast'), 'plate-check:done broadcast:done clets:current results-broadcast:todo dispose:todo');
  assert.equal(at('clets-first', 'plate-confirmed'), 'plate-check:done clets:current broadcast:todo results-broadcast:todo dispose:todo');
  assert.equal(at('claremont', 'misread'), 'plate-check:done broadcast:skipped clets:skipped results-broadcast:skipped dispose:skipped');
  assert.equal(at('claremont', 'stale-list', 'cleared'), 'plate-check:done broadcast:done clets:done results-broadcast:done dispose:skipped');
  assert.equal(at('clets-first', 'stale-list', 'no-record'), 'plate-check:done clets:done broadcast:skipped results-broadcast:skipped dispose:skipped');
  assert.equal(at('clets-first', 'disposed', 'active'), 'plate-check:done clets:done broadcast:done results-broadcast:done dispose:done');
});

test('a withdrawn entry\'s hit may end as entry-withdrawn once opened and only until the hit broadcast goes out', () => {
  const allowed = (order: WorkflowOrder) =>
    HIT_STATUSES.filter((status) => advanceWithdrawn(order, { status, cletsStatus: status === 'clets-answered' ? 'active' : null }).ok);
  assert.deepEqual(allowed('claremont'), ['opened', 'plate-confirmed']);
  assert.deepEqual(allowed('clets-first'), ['opened', 'plate-confirmed', 'clets-sent', 'clets-answered']);
  const after = advanceWithdrawn('claremont', { status: 'broadcast', cletsStatus: null });
  assert.match(after.ok ? '' : after.error, /has been broadcast: patrol needs the disregard/);
  const ended = advanceWithdrawn('clets-first', { status: 'clets-answered', cletsStatus: 'active' });
  assert.deepEqual(ended.ok && [ended.state, ended.ending], [{ status: 'entry-withdrawn', cletsStatus: 'active' }, null]);
  assert.equal(nextStep('claremont', { status: 'entry-withdrawn', cletsStatus: null }), null, 'an ending');
  // Another console's report of it lands in the same state.
  assert.equal(stateAfter('claremont', { status: 'opened', cletsStatus: null }, { step: 'disposed', outcome: 'entry-withdrawn' }).state.status, 'entry-withdrawn');
  assert.equal(
    stages('clets-first', { status: 'entry-withdrawn', cletsStatus: 'active' }, new Set(['opened', 'plate-check', 'clets-sent', 'clets-result'] as const))
      .map((st) => `${st.key}:${st.state}`)
      .join(' '),
    'plate-check:done clets:done broadcast:skipped results-broadcast:skipped dispose:skipped',
  );
});

test('a later "opened" (a second console opening a hit worked elsewhere) never takes the hit back', () => {
  for (const order of WORKFLOW_ORDERS) {
    assert.equal(stateAfter(order, { status: 'new', cletsStatus: null }, { step: 'opened' }).state.status, 'opened');
    assert.deepEqual(stateAfter(order, { status: 'broadcast', cletsStatus: null }, { step: 'opened' }).state, { status: 'broadcast', cletsStatus: null });
  }
});
