// The hub's nesting check before JSON.parse: brackets inside strings do not count, escaped
// quotes do not end a string, and the limit is exact.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { MAX_JSON_DEPTH, nestedDeeperThan } from '../../electron/hub/intake';

test('nesting is counted outside strings only, to the exact limit', () => {
  const nest = (n: number) => '['.repeat(n) + ']'.repeat(n);
  assert.equal(nestedDeeperThan(nest(MAX_JSON_DEPTH), MAX_JSON_DEPTH), false);
  assert.equal(nestedDeeperThan(nest(MAX_JSON_DEPTH + 1), MAX_JSON_DEPTH), true);
  assert.equal(nestedDeeperThan(JSON.stringify({ note: '[[[[[[{{{{{{' }), 3), false, 'brackets in a string');
  assert.equal(nestedDeeperThan(JSON.stringify({ note: 'say \\"[[[[[\\" and "{{{{"' }), 3), false, 'escaped quotes stay inside the string');
  assert.equal(nestedDeeperThan(`{"a\\\\":[[[[1]]]]}`, 3), true, 'an escaped backslash before the quote ends the string');
  assert.equal(nestedDeeperThan('{"open": "no end', 3), false, 'malformed text is left to JSON.parse');
  assert.equal(nestedDeeperThan('', 3), false);
});
