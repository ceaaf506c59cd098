// The audit review shows data elements as words, not JSON: what a supervisor reads in the table.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { plainLines, plainValue } from '../../renderer/lib/plain-data';

test('data elements read as key: value, nested filters in brackets, no JSON quotes or braces', () => {
  const lines = plainLines({
    plate: '7ABC123',
    matched: 12,
    filters: { username: 'disp1', onlyFlagged: true, from: null },
    problems: ['image too large', 'no plate'],
    after: {},
    lists: [],
  });
  assert.deepEqual(lines, [
    'plate: 7ABC123',
    'matched: 12',
    'filters: (username: disp1, onlyFlagged: yes, from: —)',
    'problems: image too large; no plate',
    'after: none',
    'lists: none',
  ]);
  for (const line of lines) assert.doesNotMatch(line, /["{}]/, line);
  assert.equal(plainValue([{ seq: 1 }, { seq: 2 }]), '(seq: 1); (seq: 2)');
});
