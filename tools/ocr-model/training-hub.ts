/**
 * How the shipped reader reads the built-in training hub's plates (the README's figures):
 *
 *   npx tsx tools/ocr-model/training-hub.ts [HITS=300] [SEED=1]
 *
 * For the first HITS training hits of SEED: exact reads of the plate image, correct camera
 * reads not judged "agrees", and the hub's deliberate look-alike misreads flagged, then the
 * plates it read wrong.
 */
import { PlateOcr } from '../../electron/core/ocr/engine';
import { planTrainingHit, trainingHitBody } from '../../electron/hub/training/simulator';
import { trainingHotlist } from '../../electron/hub/training/hotlist';

export interface TrainingHubFigures {
  hits: number;
  exact: number;
  correct: number;
  correctFlagged: number;
  misreads: number;
  misreadsFlagged: number;
  /** "TRUTH->READ" for each plate read wrong. */
  wrong: string[];
}

/** Reads the first `hits` training hits of `seed` as the console does when they arrive. */
export async function measureTrainingHub(ocr: PlateOcr, hits: number, seed: number): Promise<TrainingHubFigures> {
  const now = new Date('2026-11-26T12:00:00Z');
  const hotlist = trainingHotlist(now);
  const f: TrainingHubFigures = { hits, exact: 0, correct: 0, correctFlagged: 0, misreads: 0, misreadsFlagged: 0, wrong: [] };
  for (let i = 0; i < hits; i++) {
    const plan = planTrainingHit(seed, i, now, hotlist);
    const image = { mime: 'image/png', data: Buffer.from(trainingHitBody(plan).images.plate.base64, 'base64') };
    const truth = plan.imagePlate;
    const read = await ocr.read(image);
    if (read.plate === truth) f.exact++;
    else f.wrong.push(`${truth}->${read.plate}`);
    const verdict = await ocr.score(image, plan.read.plate);
    if (plan.read.plate === truth) {
      f.correct++;
      if (verdict.kind !== 'agrees') f.correctFlagged++;
    } else {
      f.misreads++;
      if (verdict.kind === 'possible-misread') f.misreadsFlagged++;
    }
  }
  return f;
}

async function main(): Promise<void> {
  const hits = Number(process.argv[2] ?? 300);
  const seed = Number(process.argv[3] ?? 1);
  const ocr = await PlateOcr.open();
  const f = await measureTrainingHub(ocr, hits, seed);
  console.log(`${hits} hits, seed ${seed}: ${f.exact} read exactly; ${f.correctFlagged}/${f.correct} correct camera reads not "agrees"; ${f.misreadsFlagged}/${f.misreads} look-alike misreads flagged`);
  if (f.wrong.length) console.log(`read wrong: ${f.wrong.join(' ')}`);
  await ocr.close();
}

if (require.main === module) void main();
