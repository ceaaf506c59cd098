// Whether a connecting console's lastSeq belongs to this hub's history (hub/console/history-check.ts).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { historyCheck } from '../../electron/hub/console/history-check';

function hubWith(ids: (string | null)[], delivered: number) {
  return {
    lastSeq: async () => ids.length,
    hitIdAt: async (seq: number) => ids[seq - 1] ?? null,
    deliveredUpTo: async () => delivered,
  };
}

test('a console in step with the hub resumes from its own lastSeq', async () => {
  const hub = hubWith(['h1', 'h2', 'h3'], 2);
  assert.equal(await historyCheck(hub, 'ws-01', 2, { seq: 2, id: 'h2' }), null);
  assert.equal(await historyCheck(hub, 'ws-01', 0, undefined), null, 'a new console');
  assert.equal(await historyCheck(hub, 'ws-01', 3, undefined), null, 'a console that does not send its last hit id');
});

test('a hit purged at the hub proves nothing: lastSeq stands', async () => {
  assert.equal(await historyCheck(hubWith([null, null, 'h3'], 2), 'ws-01', 2, { seq: 2, id: 'h2' }), null);
});

test('another hit at that number, or a hub that never reached it: resend after what this hub knows was delivered', async () => {
  assert.deepEqual(await historyCheck(hubWith(['h1', 'x2', 'x3'], 1), 'ws-01', 3, { seq: 3, id: 'h3' }), { resumeAfter: 1, hubNewest: 3, consoleSeq: 3 });
  assert.deepEqual(await historyCheck(hubWith(['h1'], 1), 'ws-01', 3, { seq: 3, id: 'h3' }), { resumeAfter: 1, hubNewest: 1, consoleSeq: 3 });
  // The console's hit at lastSeq was purged there: its newest held hit still tells.
  assert.deepEqual(await historyCheck(hubWith(['h1', 'x2', 'x3', 'x4'], 1), 'ws-01', 3, { seq: 2, id: 'h2' }), { resumeAfter: 1, hubNewest: 4, consoleSeq: 3 });
  // A hub that is another hub altogether knows of no delivery: everything it has, again.
  assert.deepEqual(await historyCheck(hubWith(['x1'], 0), 'ws-01', 5, undefined), { resumeAfter: 0, hubNewest: 1, consoleSeq: 5 });
});
