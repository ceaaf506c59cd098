// The hub's plain reads: kept once per camera-system id, and numbered so that a purged read's
// number never comes back (hub migration 0006).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { openHubStore, type NewRead } from '../../electron/hub/store';
import { tempDir } from '../helpers/tmp';

const read = (plate: string, over: Partial<NewRead> = {}): NewRead => ({ plate, state: 'CA', cameraId: 'cam-1', capturedAt: Date.now(), confidence: 0.9, ...over });

test('a read sent again with its id is not stored twice; reads without an id always are', async () => {
  const store = openHubStore(tempDir('alpr-hub-'));
  try {
    const first = await store.addReadsOnce([read('7AAA001', { clientId: 'r-1' }), read('7AAA002')]);
    assert.deepEqual(first.map((r) => r.fresh), [true, true]);
    const again = await store.addReadsOnce([read('7AAA001', { clientId: 'r-1' }), read('7AAA002'), read('7AAA003', { clientId: 'r-3' }), read('7AAA003', { clientId: 'r-3' })]);
    assert.deepEqual(again.map((r) => r.fresh), [false, true, true, false]);
    assert.equal(again[0]!.id, first[0]!.id, 'the held read\'s number');
    assert.equal(again[3]!.id, again[2]!.id, 'the same id twice in one batch is one read');
  } finally {
    await store.close();
  }
});

test('after the newest reads are purged, a new read gets a new number', async () => {
  const dir = tempDir('alpr-hub-');
  const store = openHubStore(dir);
  try {
    const ids = await store.addReads([read('7BBB001'), read('7BBB002'), read('7BBB003')]);
    (store as unknown as { db: { prepare(sql: string): { run(...a: unknown[]): unknown } } }).db.prepare('DELETE FROM reads WHERE id >= ?').run(ids[1]);
    const [next] = await store.addReads([read('7BBB004')]);
    assert.ok(next! > ids[2]!, `read ${next} must not reuse a purged read's number (${ids.join(', ')})`);
  } finally {
    await store.close();
  }
});
