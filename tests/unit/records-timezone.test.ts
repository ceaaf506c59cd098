// Hold and sharing periods are the agency's calendar days, as the forms ask for them: in
// California a day's evening hits fall after 00:00 UTC of the next day, and a hold "for the
// 20th" must keep them. The whole file runs in Pacific time (SQLite and Date follow TZ).
process.env.TZ = 'America/Los_Angeles';

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { authCore, callValue } from '../helpers/auth-core';
import { hubHit } from '../helpers/hits';
import { waitFor } from '../helpers/wait';
import { holdCoverage, localDayBounds } from '../../electron/core/records/holds';

const ok = callValue;

test('a plate hold for a local day keeps that whole day\'s hits, evening included, and only those', async (t) => {
  const a = await authCore();
  const { core } = a;
  t.after(() => core.close());
  await waitFor('the start purge ran', () => core.db.prepare("SELECT 1 FROM retention_runs WHERE trigger = 'start'").get() !== undefined);
  const hit = (id: string, at: string, seq: number) =>
    core.hits.insertBatch('test-hub', [hubHit(seq, { id, capturedAt: new Date(at).toISOString(), read: { plate: '7EVID01', state: 'CA', confidence: 0.9 } })]);
  hit('h-noon', '2025-11-20T12:00:00-08:00', 1);
  hit('h-evening', '2025-11-20T18:30:00-08:00', 2);
  hit('h-late', '2025-11-20T23:30:00-08:00', 3);
  hit('h-next-day', '2025-11-21T00:30:00-08:00', 4);
  const disp = await a.session('disp', 'dispatcher');
  const { hold } = ok<{ hold: Parameters<typeof holdCoverage>[0] }>(
    await a.call(disp, 'records:place-hold', { target: { kind: 'plate', plate: '7EVID01', from: '2025-11-20', to: '2025-11-20' }, caseNumber: 'C-55', reason: 'Hit-and-run, evening of Nov 20' }),
  );
  // What the hub is told: the same local day as instants.
  assert.deepEqual(holdCoverage(hold), {
    holdId: hold.id, kind: 'plate', plate: '7EVID01', state: null, from: '2025-11-20', to: '2025-11-20',
    fromAt: '2025-11-20T08:00:00.000Z', toAt: '2025-11-21T08:00:00.000Z',
  });
  a.clock.advance(1000 * 86_400_000);
  const sup = await a.session('sup', 'supervisor');
  ok(await a.call(sup, 'records:purge-now', {}));
  const left = (core.db.prepare('SELECT id FROM hits ORDER BY seq').all() as { id: string }[]).map((r) => r.id);
  assert.deepEqual(left, ['h-noon', 'h-evening', 'h-late'], 'the day held, and not the next one');
});

test('local day bounds across the change to standard time', () => {
  // 2 November 2025: a 25-hour day in California.
  assert.deepEqual(localDayBounds('2025-11-02', '2025-11-02'), { fromAt: '2025-11-02T07:00:00.000Z', toAt: '2025-11-03T08:00:00.000Z' });
});
