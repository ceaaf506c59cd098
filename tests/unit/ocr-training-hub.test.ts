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
  // A misread's car carries the listed plate with one look-alike changed (since 2026-11-27):
  // the misses are letter O's where the listed plate has a 0, which the reader, trained on US
  // plates that use 0, reads as 0 (113/120 exact, 21/27 misreads flagged on this sample).
  assert.ok(f.exact >= HITS * 0.92, `read ${f.exact}/${HITS} exactly: ${f.wrong.join(', ')}`);
  assert.ok(f.correctFlagged <= f.correct * 0.02, `${f.correctFlagged}/${f.correct} correct camera reads were not "agrees"`);
  assert.ok(f.misreadsFlagged >= f.misreads * 0.7, `${f.misreadsFlagged}/${f.misreads} look-alike misreads flagged`);
});
