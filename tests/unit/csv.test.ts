// Cells a spreadsheet would run as a formula are written as text (OWASP CSV injection),
// including the forms behind a leading space or in full-width characters.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { csvCell } from '../../electron/core/util/csv';

test('formula-like text is prefixed with a quote; plain text, plates and numbers are not', () => {
  for (const cell of ['=HYPERLINK("http://x")', '+1', '-2+3', '@SUM(A1)', '\t=1', ' =1+1', '\u3000=1', '\uFF1D1+1', '\uFF0B1', '\uFF0D1', '\uFF201']) {
    assert.ok(csvCell(cell).replace(/^"/, '').startsWith("'"), JSON.stringify(cell));
  }
  assert.equal(csvCell('7ABC123'), '7ABC123');
  assert.equal(csvCell('Main St & 5th'), 'Main St & 5th');
  assert.equal(csvCell(' plain text'), ' plain text');
  assert.equal(csvCell(-5), '-5', 'a number is a number');
  assert.equal(csvCell('a,b'), '"a,b"');
});
