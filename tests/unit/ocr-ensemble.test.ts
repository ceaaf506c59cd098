// How the reader combines its member models: a product of experts over whole reads (which
// needs no agreement between members on where each character sits), and the first member
// deciding alone only when it is sure and agrees with the camera.
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { judge } from '../../electron/core/ocr/agreement';
import { bestRead, greedyDecode, logLikelihood, meanLogLikelihood, type LogProbs } from '../../electron/core/ocr/ctc';
import { CONFIDENT_READ, PlateOcr } from '../../electron/core/ocr/engine';
import { CHARSET, MODEL_FILES, NUM_CLASSES } from '../../electron/core/ocr/spec';
import { cropPlate, platesAvailable, readPhotos, validationPhotos, PLATES_DIR } from '../../tools/ocr-model/plates';

/**
 * Log-probabilities from columns: each column is the characters it favours with their
 * probabilities ('-' is the blank); what is left is spread over the other classes.
 */
function columns(cols: Record<string, number>[]): LogProbs {
  const data = new Float32Array(cols.length * NUM_CLASSES);
  cols.forEach((col, t) => {
    const named = Object.values(col).reduce((a, b) => a + b, 0);
    const rest = (1 - named) / (NUM_CLASSES - Object.keys(col).length);
    for (let c = 0; c < NUM_CLASSES; c++) data[t * NUM_CLASSES + c] = Math.log(rest);
    for (const [ch, p] of Object.entries(col)) data[t * NUM_CLASSES + (ch === '-' ? 0 : CHARSET.indexOf(ch) + 1)] = Math.log(p);
  });
  return { data, steps: cols.length, classes: NUM_CLASSES };
}

const blank = { '-': 0.97 };
// Member A reads "8AB" but is torn between 8 and B in the first column; member B reads "BAB"
// and is sure of its B.
const a = columns([blank, { '8': 0.5, B: 0.45 }, blank, { A: 0.97 }, blank, { B: 0.97 }, blank]);
const b = columns([blank, blank, { B: 0.97, '8': 0.0005 }, blank, { A: 0.97 }, { B: 0.97 }, blank]);

test('the members read what they find most likely together, even where they place characters differently', () => {
  assert.equal(greedyDecode(a).text, '8AB');
  assert.equal(greedyDecode(b).text, 'BAB');
  const best = bestRead([a, b]);
  assert.equal(best.text, 'BAB');
  assert.ok(Math.abs(best.score - (logLikelihood(a, 'BAB') + logLikelihood(b, 'BAB')) / 2) < 1e-9);
  assert.ok(best.score > meanLogLikelihood([a, b], '8AB'));
  // its characters and confidences are the member's that read it
  assert.deepEqual(best.chars.map((c) => c.char), ['B', 'A', 'B']);
  assert.ok(best.chars[0]!.confidence > 0.96);
  // one member alone is just that member
  assert.equal(bestRead([a]).text, '8AB');
  assert.equal(bestRead([a]).score, logLikelihood(a, '8AB'));
});

test('agreement weighs the camera read by every member', () => {
  // Member A alone cannot tell 8AB from BAB, so a camera read of BAB agrees ...
  assert.equal(judge([a], 100, 'BAB').kind, 'agrees');
  // ... and with member B, the camera's 8AB is the doubtful one, at position 0.
  const verdict = judge([a, b], 100, '8AB');
  assert.equal(verdict.kind, 'possible-misread');
  assert.deepEqual(verdict.kind === 'possible-misread' && verdict.positions, [{ index: 0, read: '8', suggested: 'B' }]);
  assert.equal(judge([a, b], 100, 'B-A B').kind, 'agrees');
});

const skip = platesAvailable() ? false : `no benchmark photos at ${PLATES_DIR}`;
const ocr = PlateOcr.open();
after(async () => (await ocr).close());

test('the shipped reader runs its other members only for crops its first member doubts or reads differently', { skip }, async () => {
  const reader = await ocr;
  assert.equal(reader.members, MODEL_FILES.length);
  let sure = 0;
  let doubtful = 0;
  for (const photo of validationPhotos(readPhotos())) {
    const prepared = reader.preparePixels(cropPlate(photo));
    const first = await reader.logProbs(prepared);
    const read = greedyDecode(first).text;
    const confident = Math.exp(logLikelihood(first, read)) >= CONFIDENT_READ;
    const evidence = await reader.evidence(prepared);
    assert.equal(evidence.length, confident ? 1 : reader.members, photo.name);
    // the camera's read differs from the first member's: every member weighs in
    assert.equal((await reader.evidence(prepared, `${read}X`)).length, reader.members);
    if (confident) {
      sure++;
      assert.equal((await reader.readPrepared(prepared)).plate, read);
      assert.equal((await reader.evidence(prepared, read)).length, 1);
    } else doubtful++;
  }
  // both paths occur on real crops
  if (MODEL_FILES.length > 1) assert.ok(sure > 0 && doubtful > 0, `${sure} sure, ${doubtful} doubtful`);
});
