// The dispatcher-facing rules the review screen and the queue are drawn from.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { comparePlates, isStaleList, summarisePlates, isLookAlike } from '../../renderer/features/review/compare';
import { compareQueueItems, upsertQueueItem } from '../../renderer/features/queue/queue-order';
import { unopenedCount } from '../../renderer/features/shell/unopened-count';
import { directionBearing, directionWords } from '../../renderer/features/review/map-geometry';
import type { QueueItem } from '../../electron/contract';

test('look-alike characters are told apart from other differences, by position', () => {
  const s = summarisePlates('7A8C123', '7ABC123');
  assert.equal(s.exact, false);
  assert.equal(s.lookAlikes, 1);
  assert.equal(s.others, 0);
  assert.deepEqual(s.differences, ['position 3: read 8, list B (look-alike)']);
  const other = summarisePlates('7AXC12', '7ABC123');
  assert.equal(other.others, 2);
  assert.match(other.differences.join('|'), /position 7: read nothing, list 3 \(missing\)/);
  assert.equal(summarisePlates('7abc123', '7ABC123').exact, true);
  for (const [a, b] of [['0', 'O'], ['8', 'B'], ['1', 'I'], ['5', 'S'], ['2', 'Z'], ['6', 'G']] as const) {
    assert.ok(isLookAlike(a, b) && isLookAlike(b, a));
  }
  assert.equal(isLookAlike('A', '4'), false);
  assert.deepEqual(comparePlates('0', 'O')[0], { position: 1, read: '0', list: 'O', match: 'look-alike' });
});

test('a list entry more than 24 h old at the time of the read is stale', () => {
  const read = '2026-11-25T03:00:00Z';
  assert.equal(isStaleList('2026-11-24T03:00:01Z', read), false);
  assert.equal(isStaleList('2026-11-24T02:59:59Z', read), true);
  assert.equal(isStaleList('not a date', read), true);
});

function item(id: string, priority: QueueItem['priority'], capturedAt: string, seq: number): QueueItem {
  return { id, seq, plate: id, state: 'CA', priority, list: 'SVS', reason: 'x', cameraName: 'c', direction: 'NB', capturedAt, receivedAt: capturedAt, status: 'new', claimedBy: null, lastStepAt: null };
}

test('the queue puts higher priority first, live before retroactive, then the oldest read, and live hits slot in', () => {
  const a = item('a', 'medium', '2026-11-25T03:00:00Z', 1);
  const b = item('b', 'high', '2026-11-25T03:05:00Z', 2);
  const c = item('c', 'medium', '2026-11-25T02:00:00Z', 3);
  const sorted = [a, b, c].sort(compareQueueItems).map((i) => i.id);
  assert.deepEqual(sorted, ['b', 'c', 'a']);
  const d = item('d', 'high', '2026-11-25T03:01:00Z', 4);
  assert.deepEqual(upsertQueueItem([b, c, a], d).map((i) => i.id), ['d', 'b', 'c', 'a']);
  const opened = { ...c, status: 'opened' as const, claimedBy: { displayName: 'Kim', username: 'kim', workstationId: 'ws-02', at: c.capturedAt } };
  assert.deepEqual(upsertQueueItem([b, c, a], opened).map((i) => i.status), ['new', 'opened', 'new']);
  assert.deepEqual(upsertQueueItem([b, c, a], { ...c, status: 'disposed' }).map((i) => i.id), ['b', 'a'], 'an ended hit leaves the queue');
  // A week-old read a new entry matched does not bury a live hit of the same priority.
  const old = { ...item('old', 'high', '2026-11-18T03:00:00Z', 5), retroactive: true };
  assert.deepEqual([old, d, b].sort(compareQueueItems).map((i) => i.id), ['d', 'b', 'old']);
  assert.deepEqual(upsertQueueItem([d, b], old).map((i) => i.id), ['d', 'b', 'old']);
});

test('directions of travel read as words and bearings', () => {
  assert.equal(directionWords('NB'), 'northbound');
  assert.equal(directionBearing('EB'), 90);
  assert.equal(directionWords('sideways'), null);
});

test('hits of a withdrawn officer entry go to the bottom of the queue and do not count as unopened', () => {
  const live = item('live', 'low', '2026-11-25T03:00:00Z', 1);
  const gone = { ...item('gone', 'high', '2026-11-25T02:00:00Z', 2), withdrawn: { at: '2026-11-25T03:10:00Z', by: 'Dana', reason: 'Vehicle recovered' } };
  assert.deepEqual([gone, live].sort(compareQueueItems).map((i) => i.id), ['live', 'gone']);
  // Announced as withdrawn while it sat at the top: it moves down.
  const high = { ...gone, withdrawn: undefined };
  assert.deepEqual(upsertQueueItem([high, live], gone).map((i) => i.id), ['live', 'gone']);
  assert.equal(unopenedCount([live, gone]), 1);
});
