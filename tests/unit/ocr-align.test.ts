// The forced CTC alignment that tools/ocr-model/align_chars.ts uses to find where each
// character of a training photo sits (for `train.py --shuffle-chars`).
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { CHARSET, NUM_CLASSES } from '../../electron/core/ocr/spec';
import type { LogProbs } from '../../electron/core/ocr/ctc';
import { forcedAlignment } from '../../tools/ocr-model/align_chars';

/** Columns that each put most of their probability on one class ('-' is the blank). */
function columns(spec: string): LogProbs {
  const steps = spec.length;
  const data = new Float32Array(steps * NUM_CLASSES).fill(Math.log(0.1 / (NUM_CLASSES - 1)));
  [...spec].forEach((ch, t) => {
    data[t * NUM_CLASSES + (ch === '-' ? 0 : CHARSET.indexOf(ch) + 1)] = Math.log(0.9);
  });
  return { data, steps, classes: NUM_CLASSES };
}

test('each character gets the columns where the model sees it', () => {
  assert.deepEqual(forcedAlignment(columns('--A--BB--1-'), 'AB1'), [[2], [5, 6], [9]]);
});

test('a doubled character is two characters only across a blank', () => {
  assert.deepEqual(forcedAlignment(columns('-AA--A-'), 'AA'), [[1, 2], [5]]);
});

test('a label the columns disagree with is still placed, in order', () => {
  const cols = forcedAlignment(columns('--X--Y--'), 'AB');
  assert.ok(cols);
  assert.equal(cols.length, 2);
  assert.ok(cols[0]!.at(-1)! < cols[1]![0]!);
});

test('text that cannot be emitted gives no alignment', () => {
  assert.equal(forcedAlignment(columns('-A-'), 'AAA'), null, 'three As need five columns');
  assert.equal(forcedAlignment(columns('-A-B-'), 'A-B'), null, 'not a plate character');
});
