// The built-in training hub is what a new dispatcher practises on, so its plate images must be
// read the way the shipped reader reads real plates: a correct camera read agrees, and the
// hub's deliberate look-alike misreads are flagged. (Its first font drew M and W with shallow
// middles, A with a round top and S with straight sides: the reader took M for H and W for I or
// M, and flagged 29 % of the correct reads as possible misreads.)
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { PlateOcr } from '../../electron/core/ocr/engine';
import { measureTrainingHub } from '../../tools/ocr-model/training-hub';

const HITS = 120;
const ready = PlateOcr.open();
after(async () => (await ready).close());

test(`the reader reads the training hub's plates and agrees with its correct reads (${HITS} hits)`, async () => {
  const f = await measureTrainingHub(await ready, HITS, 5);
  assert.ok(f.misreads >= 10 && f.correct >= 80, `the sample holds both kinds (${f.correct} correct, ${f.misreads} misread)`);
  assert.ok(f.exact >= HITS * 0.97, `read ${f.exact}/${HITS} exactly: ${f.wrong.join(', ')}`);
  assert.ok(f.correctFlagged <= f.correct * 0.02, `${f.correctFlagged}/${f.correct} correct camera reads were not "agrees"`);
  assert.ok(f.misreadsFlagged >= f.misreads * 0.8, `${f.misreadsFlagged}/${f.misreads} look-alike misreads flagged`);
});
