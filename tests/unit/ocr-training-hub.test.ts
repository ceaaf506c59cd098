// The built-in training hub is what a new dispatcher practises on, so its plate images must be
// read the way the shipped reader reads real plates: a correct camera read agrees, and the
// hub's deliberate look-alike misreads are flagged. (Its first font drew M and W with shallow
// middles, A with a round top and S with straight sides: the reader took M for H and W for I or
// M, and flagged 29 % of the correct reads as possible misreads.)
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { PlateOcr } from '../../electron/core/ocr/engine';
import { planTrainingHit, trainingHitBody } from '../../electron/hub/training/simulator';
import { trainingHotlist } from '../../electron/hub/training/hotlist';

const HITS = 120;
const now = new Date('2026-11-26T12:00:00Z');
const ready = PlateOcr.open();
after(async () => (await ready).close());

test(`the reader reads the training hub's plates and agrees with its correct reads (${HITS} hits)`, async () => {
  const ocr = await ready;
  const hotlist = trainingHotlist(now);
  let exact = 0;
  let correct = 0;
  let correctFlagged = 0;
  let misreads = 0;
  let misreadsFlagged = 0;
  const wrong: string[] = [];
  for (let i = 0; i < HITS; i++) {
    const plan = planTrainingHit(5, i, now, hotlist);
    const image = { mime: 'image/png', data: Buffer.from(trainingHitBody(plan).images.plate.base64, 'base64') };
    const truth = plan.entry.plate;
    const read = await ocr.read(image);
    if (read.plate === truth) exact++;
    else wrong.push(`${truth} read as ${read.plate}`);
    const verdict = await ocr.score(image, plan.read.plate);
    if (plan.read.plate === truth) {
      correct++;
      if (verdict.kind !== 'agrees') correctFlagged++;
    } else {
      misreads++;
      if (verdict.kind === 'possible-misread') misreadsFlagged++;
    }
  }
  assert.ok(misreads >= 10 && correct >= 80, `the sample holds both kinds (${correct} correct, ${misreads} misread)`);
  assert.ok(exact >= HITS * 0.97, `read ${exact}/${HITS} exactly: ${wrong.join(', ')}`);
  assert.ok(correctFlagged <= correct * 0.02, `${correctFlagged}/${correct} correct camera reads were not "agrees"`);
  assert.ok(misreadsFlagged >= misreads * 0.8, `${misreadsFlagged}/${misreads} look-alike misreads flagged`);
});
