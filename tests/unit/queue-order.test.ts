// The core's queue order, which the renderer's insertion order (queue-order.ts) follows.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { authCore, callValue as ok } from '../helpers/auth-core';
import { hubHit } from '../helpers/hits';

test('the core queues live hits before retroactive ones of the same priority', async (t) => {
  const a = await authCore();
  t.after(() => a.core.close());
  const week = hubHit(1, { id: 'h-old', capturedAt: '2026-11-18T10:00:00.000Z' });
  const live = hubHit(2, { id: 'h-live', capturedAt: '2026-11-25T10:00:00.000Z' });
  a.core.hits.insertBatch('test-hub', [{ ...week, retroactive: true }, live]);
  const disp = await a.session('disp', 'dispatcher');
  assert.deepEqual(ok<{ hits: { id: string }[] }>(await a.call(disp, 'hits:queue', {})).hits.map((h) => h.id), ['h-live', 'h-old']);
});

test('a role limited to some hotlists is told which; an admin is told of a list name no hit has carried', async (t) => {
  const a = await authCore();
  t.after(() => a.core.close());
  a.core.hits.insertBatch('test-hub', [hubHit(1, { id: 'h-1' })]);
  const adm = await a.session('adm', 'admin');
  const settings = ok<Record<string, unknown>>(await a.call(adm, 'admin:security-settings'));
  // "Stolen vehicle" is what the rows say in bold; the list is SVS.
  const saved = ok<{ unknownLists: string[] }>(
    await a.call(adm, 'admin:update-security-settings', { ...settings, roleLists: { dispatcher: ['svs', 'Stolen vehicle'], supervisor: null, admin: null, auditor: null } }),
  );
  assert.deepEqual(saved.unknownLists, ['Stolen vehicle']);
  const disp = await a.session('disp', 'dispatcher');
  assert.deepEqual(ok<{ onlyLists: string[] | null }>(await a.call(disp, 'hits:queue', {})).onlyLists, ['svs', 'Stolen vehicle']);
  assert.equal(ok<{ onlyLists: string[] | null }>(await a.call(adm, 'hits:queue', {})).onlyLists, null);
});
