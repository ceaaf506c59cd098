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
