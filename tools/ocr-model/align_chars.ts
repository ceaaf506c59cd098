// Where each character of each training photo's plate sits, for `train.py --shuffle-chars`:
// the shipped first member reads the box crop, and a forced (Viterbi) CTC alignment of the
// labelled text gives each character's columns; its centre is written as a fraction of the
// box width. Held-out photos (and other photos of their plates) are left out, as in training.
//   npx tsx tools/ocr-model/align_chars.ts [OUT.json]
// Photos whose alignment is doubtful (no alignment, or the label far less likely than the
// model's own read) are left out of the file, so they are never shuffled.
import fs from 'node:fs';
import path from 'node:path';
import { PlateOcr } from '../../electron/core/ocr/engine';
import { CHARSET } from '../../electron/core/ocr/spec';
import { greedyDecode, logLikelihood, type LogProbs } from '../../electron/core/ocr/ctc';
import { cropPlate, readPhotos, trainingPhotos } from './plates';

/** The most likely single alignment of `text`: for each character, the columns it holds. */
export function forcedAlignment(lp: LogProbs, text: string): number[][] | null {
  const { data, steps, classes } = lp;
  const labels = [...text].map((ch) => CHARSET.indexOf(ch) + 1);
  if (labels.some((k) => k <= 0)) return null;
  const S = 2 * labels.length + 1;
  const ext = (s: number) => (s % 2 === 0 ? 0 : labels[(s - 1) / 2]!);
  const score = Array.from({ length: steps }, () => new Float64Array(S).fill(-Infinity));
  const back = Array.from({ length: steps }, () => new Int32Array(S).fill(-1));
  score[0]![0] = data[ext(0)]!;
  if (S > 1) score[0]![1] = data[ext(1)]!;
  for (let t = 1; t < steps; t++) {
    for (let s = 0; s < S; s++) {
      let best = score[t - 1]![s]!;
      let from = s;
      if (s > 0 && score[t - 1]![s - 1]! > best) {
        best = score[t - 1]![s - 1]!;
        from = s - 1;
      }
      if (s > 1 && ext(s) !== 0 && ext(s) !== ext(s - 2) && score[t - 1]![s - 2]! > best) {
        best = score[t - 1]![s - 2]!;
        from = s - 2;
      }
      if (best === -Infinity) continue;
      score[t]![s] = best + data[t * classes + ext(s)]!;
      back[t]![s] = from;
    }
  }
  let s = score[steps - 1]![S - 1]! >= score[steps - 1]![S - 2]! ? S - 1 : S - 2;
  if (score[steps - 1]![s] === -Infinity) return null;
  const columns: number[][] = labels.map(() => []);
  for (let t = steps - 1; t >= 0; t--) {
    if (s % 2 === 1) columns[(s - 1) / 2]!.unshift(t);
    s = back[t]![s]!;
  }
  return columns;
}

async function main(): Promise<void> {
  const out = process.argv[2] ?? path.join(__dirname, 'char-centres.json');
  const training = trainingPhotos(readPhotos());
  const ocr = await PlateOcr.open({});
  const centres: Record<string, number[]> = {};
  const skipped: string[] = [];
  try {
    for (const photo of training) {
      const [lp] = await ocr.evidence(ocr.preparePixels(cropPlate(photo)), undefined, true);
      const cols = forcedAlignment(lp!, photo.plate);
      const own = greedyDecode(lp!).text;
      // "Doubtful": the label over 20x (3 nats) less likely than the model's own read.
      const doubtful = !cols || logLikelihood(lp!, photo.plate) < logLikelihood(lp!, own) - 3;
      if (doubtful) {
        skipped.push(`${photo.region}/${photo.name} ${photo.plate} (read ${own})`);
        continue;
      }
      centres[`${photo.region}/${photo.name}`] = cols.map((c) => Number((((c[0]! + c[c.length - 1]!) / 2 + 0.5) / lp!.steps).toFixed(4)));
    }
  } finally {
    await ocr.close();
  }
  fs.writeFileSync(
    out,
    JSON.stringify({ made_by: 'tools/ocr-model/align_chars.ts with assets/models/plate-ocr.onnx', centres, skipped }, null, 1) + '\n',
  );
  console.log(`${Object.keys(centres).length} photos aligned, ${skipped.length} left out -> ${out}`);
}

if (require.main === module) void main();
