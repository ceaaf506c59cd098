/**
 * The model card's numbers, measured through the product's own code (pure-JS decoding,
 * electron/core/ocr preprocessing, onnxruntime-node, the agreement rule) on the held-out
 * real US crops:
 *
 *   npx tsx tools/ocr-model/evaluate.ts [--model A.onnx[,B.onnx...]] [--fold K] [--benchmark-labels] [--json FILE] [--card FILE]
 *
 * Without --model it measures the shipped reader (every member in assets/models); a comma
 * list measures those files as one ensemble, first member first. --card writes the figures
 * the console shows dispatchers (assets/models/plate-ocr.card.json) for exactly those files.
 * --fold 1..4 reads a cross-validation fold's held-out photos instead (models trained with
 * `train.py --fold K`); the card is only ever written for fold 0. The truth is each photo's
 * label with data/label-corrections.tsv applied (two fold-3 photos), or with
 * --benchmark-labels the benchmark's own.
 */
import crypto from 'node:crypto';
import fs from 'node:fs';
import { MISREAD_MARGIN } from '../../electron/core/ocr/agreement';
import { meanLogLikelihood } from '../../electron/core/ocr/ctc';
import { PlateOcr, readFrom } from '../../electron/core/ocr/engine';
import { modelPaths } from '../../electron/core/ocr/spec';
import { parseArgs } from '../../electron/cli/args';
import { cropPlate, readPhotos, validationPhotos } from './plates';

/** The look-alike pairs the issue names; each is tried in both directions. */
const LOOKALIKE_PAIRS: [string, string][] = [['0', 'O'], ['8', 'B'], ['1', 'I'], ['5', 'S'], ['2', 'Z'], ['6', 'G']];

function editDistance(a: string, b: string): number {
  const d = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    let prev = d[0]!;
    d[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const cur = d[j]!;
      d[j] = Math.min(d[j]! + 1, d[j - 1]! + 1, prev + (a[i - 1] === b[j - 1] ? 0 : 1));
      prev = cur;
    }
  }
  return d[b.length]!;
}

async function main(): Promise<void> {
  const args = parseArgs(process.argv.slice(2), { model: 'string', fold: 'number', 'benchmark-labels': 'boolean', json: 'string', card: 'string' });
  const fold = (args.fold as number | undefined) ?? 0;
  if (args.card && fold !== 0) throw new Error('--card describes the shipped reader on fold 0; leave out --fold');
  const files = modelPaths((args.model as string | undefined)?.split(','));
  const ocr = await PlateOcr.open({ modelPath: files });
  const labels = args['benchmark-labels'] ? 'benchmark' : 'corrected';
  const val = validationPhotos(readPhotos(undefined, labels), fold);
  let exact = 0;
  let chars = 0;
  let edits = 0;
  let trueFlagged = 0;
  let trueUnreadable = 0;
  let subs = 0;
  let subsFlagged = 0;
  let subsAtPosition = 0;
  let firstAlone = 0;
  let membersRun = 0;
  const errors: { name: string; truth: string; read: string; confidence: number }[] = [];
  const trueMargins: number[] = [];
  const subMargins: number[] = [];
  for (const photo of val) {
    const prepared = ocr.preparePixels(cropPlate(photo));
    // What the product does: read() and score() each decide how many members to run.
    const evidence = await ocr.evidence(prepared);
    if (evidence.length === 1) firstAlone++;
    membersRun += evidence.length;
    const decoded = readFrom(evidence); // = ocr.readPrepared(prepared), without running the models again
    const truth = photo.plate;
    if (decoded.plate === truth) exact++;
    else errors.push({ name: photo.name, truth, read: decoded.plate, confidence: decoded.confidence });
    chars += truth.length;
    edits += editDistance(decoded.plate, truth);
    // Margins from every member, so they are comparable across crops.
    const all = evidence.length === ocr.members ? evidence : await ocr.evidence(prepared, undefined, true);
    const readScore = meanLogLikelihood(all, decoded.plate);
    trueMargins.push(readScore - meanLogLikelihood(all, truth));
    const verdict = await ocr.scorePrepared(prepared, truth);
    if (verdict.kind === 'possible-misread') trueFlagged++;
    if (verdict.kind === 'unreadable') trueUnreadable++;
    for (let i = 0; i < truth.length; i++) {
      for (const [a, b] of LOOKALIKE_PAIRS) {
        const other = truth[i] === a ? b : truth[i] === b ? a : null;
        if (!other) continue;
        const wrong = truth.slice(0, i) + other + truth.slice(i + 1);
        subs++;
        subMargins.push(readScore - meanLogLikelihood(all, wrong));
        const v = await ocr.scorePrepared(prepared, wrong);
        if (v.kind === 'possible-misread') {
          subsFlagged++;
          if (v.positions.some((p) => p.index === i && p.read === other)) subsAtPosition++;
        }
      }
    }
  }
  const members = ocr.members;
  await ocr.close();
  const pct = (n: number, d: number) => Math.round((1000 * n) / d) / 10;
  const report = {
    members,
    fold,
    labels,
    validation_photos: val.length,
    first_member_alone_percent: pct(firstAlone, val.length),
    members_run_per_read: Math.round((100 * membersRun) / val.length) / 100,
    exact_percent: pct(exact, val.length),
    exact: `${exact}/${val.length}`,
    char_percent: pct(chars - edits, chars),
    misread_margin_nats: MISREAD_MARGIN,
    lookalike_substitutions: subs,
    lookalike_flagged_percent: pct(subsFlagged, subs),
    lookalike_flagged_at_position_percent: pct(subsAtPosition, subs),
    true_reads_flagged_percent: pct(trueFlagged, val.length),
    true_reads_unreadable_percent: pct(trueUnreadable, val.length),
    true_margin_max: Math.max(...trueMargins),
    true_margins_sorted_desc: trueMargins.sort((a, b) => b - a).slice(0, 6).map((m) => Math.round(m * 100) / 100),
    substitution_margins_lowest: subMargins.sort((a, b) => a - b).slice(0, 6).map((m) => Math.round(m * 100) / 100),
    errors,
  };
  const text = JSON.stringify(report, null, 1);
  if (args.json) fs.writeFileSync(args.json as string, text + '\n');
  if (args.card) {
    const card = {
      name: 'plate-ocr',
      members: files.map((f) => crypto.createHash('sha256').update(fs.readFileSync(f)).digest('hex')),
      exactPercent: report.exact_percent,
      lookalikeFlaggedPercent: report.lookalike_flagged_percent,
      trueReadsFlaggedPercent: report.true_reads_flagged_percent,
      heldOutCrops: val.length,
    };
    fs.writeFileSync(args.card as string, JSON.stringify(card, null, 2) + '\n');
  }
  console.log(text);
}

main().catch((err: Error) => {
  console.error(err.stack ?? err.message);
  process.exit(1);
});
