// The disposition's assigned units as the dispatcher types them (renderer/features/workflow/units.ts).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { unitsOf } from '../../renderer/features/workflow/units';

test('call signs are separated by commas, semicolons or lines; a call sign with a space stays whole', () => {
  assert.deepEqual(unitsOf('Unit 12'), ['Unit 12']);
  assert.deepEqual(unitsOf('Adam 12, 4A14'), ['Adam 12', '4A14']);
  assert.deepEqual(unitsOf(' 4A12 ;  Lincoln   7 ,,\n2K9 '), ['4A12', 'Lincoln 7', '2K9']);
  assert.deepEqual(unitsOf('  '), []);
});
