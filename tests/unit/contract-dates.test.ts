// Dates a person types (holds, sharing periods, training, a shift's date) must exist: V8 reads
// 2025-02-30 as 2 March, and a period would end days later than asked.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { calls } from '../../electron/contract';
import { calendarDateSchema } from '../../electron/contract/common';
import { authCore, callValue } from '../helpers/auth-core';

test('a calendar date must exist', () => {
  for (const d of ['2025-02-28', '2024-02-29', '2026-12-31']) assert.ok(calendarDateSchema.safeParse(d).success, d);
  for (const d of ['2025-02-29', '2025-02-30', '2025-04-31', '2026-13-01', '2026-00-10', '2026-1-5']) assert.equal(calendarDateSchema.safeParse(d).success, false, d);
  const shift = calls['shiftlog:open'].input.safeParse({ period: { shiftId: 1, date: '2026-02-30' } });
  assert.equal(shift.success, false);
});

test('a training date that does not exist is refused in the form\'s words', async () => {
  const a = await authCore();
  try {
    const adm = await a.session('adm', 'admin');
    await a.session('disp', 'dispatcher');
    const id = a.core.db.prepare("SELECT id FROM users WHERE username = 'disp'").pluck().get() as number;
    const r = await a.call(adm, 'admin:record-training', { id, date: '2026-02-30', course: 'ALPR 101', trainer: 'Sgt. Ray' });
    assert.equal(!r.ok && r.error.code, 'invalid-input');
    assert.match(!r.ok ? (r.error.details ?? []).join() : '', /date: not a real date/);
    callValue(await a.call(adm, 'admin:record-training', { id, date: '2026-02-28', course: 'ALPR 101', trainer: 'Sgt. Ray' }));
  } finally {
    await a.core.close();
  }
});

test('a plate search whose period ends before it starts says exactly that', () => {
  const r = calls['search:plates'].input.safeParse({ pattern: '7AB*', from: '2026-11-20T10:00:00Z', to: '2026-11-19T10:00:00Z', purpose: { purposeId: 1, caseNumber: 'C-1' } });
  assert.equal(r.success, false);
  assert.deepEqual(!r.success && r.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`), ['to: the period ends before it starts']);
  // An empty period (From = To) is not one that ends before it starts.
  const empty = calls['shiftlog:open'].input.safeParse({ period: { from: '2026-11-20T10:00:00Z', to: '2026-11-20T10:00:00Z' }, filters: {} });
  assert.deepEqual(!empty.success && empty.error.issues.map((i) => i.message), ['the period ends when it starts: give a later end']);
});
