// The disposition's assigned units as the dispatcher types them (renderer/features/workflow/units.ts).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { unitsOf } from '../../renderer/features/workflow/units';

test('call signs are separated by commas, semicolons or lines; a call sign with a space stays whole; 4A12 4A14 is two', () => {
  assert.deepEqual(unitsOf('Unit 12'), ['Unit 12']);
  assert.deepEqual(unitsOf('Adam 12, 4A14'), ['Adam 12', '4A14']);
  assert.deepEqual(unitsOf(' 4A12 ;  Lincoln   7 ,,\n2K9 '), ['4A12', 'Lincoln 7', '2K9']);
  assert.deepEqual(unitsOf('  '), []);
  // Typed the old way, with spaces only: call signs of letters and digits are still separate.
  assert.deepEqual(unitsOf('4A12 4A14 2K9'), ['4A12', '4A14', '2K9']);
  assert.deepEqual(unitsOf('Adam 12 4A14'), ['Adam 12 4A14'], 'ambiguous: kept whole (the form says to use commas)');
});
