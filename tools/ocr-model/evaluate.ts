/**
 * The model card's numbers, measured through the product's own code (pure-JS decoding,
 * electron/core/ocr preprocessing, onnxruntime-node, the agreement rule) on the held-out
 * real US crops:
 *
 *   npx tsx tools/ocr-model/evaluate.ts [--model assets/models/plate-ocr.onnx] [--json FILE]
 */
import fs from 'node:fs';
import { judge, MISREAD_MARGIN } from '../../electron/core/ocr/agreement';
import { greedyDecode, logLikelihood } from '../../electron/core/ocr/ctc';
import { PlateOcr } from '../../electron/core/ocr/engine';
import { preprocess } from '../../electron/core/ocr/preprocess';
import { defaultModelPath } from '../../electron/core/ocr/spec';
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
  const args = parseArgs(process.argv.slice(2), { model: 'string', json: 'string' });
  const ocr = await PlateOcr.open({ modelPath: (args.model as string | undefined) ?? defaultModelPath() });
  const val = validationPhotos(readPhotos());
  let exact = 0;
  let chars = 0;
  let edits = 0;
  let trueFlagged = 0;
  let trueUnreadable = 0;
  let subs = 0;
  let subsFlagged = 0;
  let subsAtPosition = 0;
  const errors: { name: string; truth: string; read: string; confidence: number }[] = [];
  const trueMargins: number[] = [];
  const subMargins: number[] = [];
  for (const photo of val) {
    const prepared = preprocess(cropPlate(photo));
    const lp = await ocr.logProbs(prepared);
    const decoded = greedyDecode(lp);
    const truth = photo.plate;
    if (decoded.text === truth) exact++;
    else errors.push({ name: photo.name, truth, read: decoded.text, confidence: Math.exp(logLikelihood(lp, decoded.text)) });
    chars += truth.length;
    edits += editDistance(decoded.text, truth);
    const best = logLikelihood(lp, decoded.text);
    trueMargins.push(best - logLikelihood(lp, truth));
    const verdict = judge(lp, prepared.contrast, truth);
    if (verdict.kind === 'possible-misread') trueFlagged++;
    if (verdict.kind === 'unreadable') trueUnreadable++;
    for (let i = 0; i < truth.length; i++) {
      for (const [a, b] of LOOKALIKE_PAIRS) {
        const other = truth[i] === a ? b : truth[i] === b ? a : null;
        if (!other) continue;
        const wrong = truth.slice(0, i) + other + truth.slice(i + 1);
        subs++;
        subMargins.push(best - logLikelihood(lp, wrong));
        const v = judge(lp, prepared.contrast, wrong);
        if (v.kind === 'possible-misread') {
          subsFlagged++;
          if (v.positions.some((p) => p.index === i && p.read === other)) subsAtPosition++;
        }
      }
    }
  }
  await ocr.close();
  const pct = (n: number, d: number) => Math.round((1000 * n) / d) / 10;
  const report = {
    validation_photos: val.length,
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
  console.log(text);
}

main().catch((err: Error) => {
  console.error(err.stack ?? err.message);
  process.exit(1);
});
