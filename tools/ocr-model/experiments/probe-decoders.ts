// Probe (2026-11-27, eleventh session; not used by the product): does a decoder other than the
// product's (each member's greedy read, the best of them by the members' mean log-likelihood)
// read more of the cross-validation folds? No parameter is fitted: each decoder proposes
// candidates and the members' exact CTC likelihood (ctc.ts) picks among them.
//   greedy   the product's decoder
//   edges    greedy reads, and each with its first or last character dropped
//   beam     CTC prefix beam search (beam 16) per member, its best 8 prefixes as candidates
//   both     beam + edges
// Usage: npx tsx tools/ocr-model/experiments/probe-decoders.ts RUN... where RUN is
// FOLD:MODEL[,MODEL] (an ensemble, as the product combines members).
import { bestRead, greedyDecode, logAdd, meanLogLikelihood, type LogProbs } from '../../../electron/core/ocr/ctc';
import { PlateOcr } from '../../../electron/core/ocr/engine';
import { CHARSET } from '../../../electron/core/ocr/spec';
import { cropPlate, readPhotos, validationPhotos } from '../plates';

/** CTC prefix beam search: the `keep` most likely strings found with `beam` prefixes. */
function beamSearch(lp: LogProbs, beam = 16, keep = 8): string[] {
  const { data, steps, classes } = lp;
  let beams = new Map<string, { b: number; nb: number }>([['', { b: 0, nb: -Infinity }]]);
  for (let t = 0; t < steps; t++) {
    const row = t * classes;
    const next = new Map<string, { b: number; nb: number }>();
    const at = (s: string) => {
      let e = next.get(s);
      if (!e) next.set(s, (e = { b: -Infinity, nb: -Infinity }));
      return e;
    };
    for (const [prefix, { b, nb }] of beams) {
      const total = logAdd(b, nb);
      const blank = at(prefix);
      blank.b = logAdd(blank.b, total + data[row]!);
      const last = prefix.length ? CHARSET.indexOf(prefix[prefix.length - 1]!) + 1 : -1;
      for (let c = 1; c < classes; c++) {
        const p = data[row + c]!;
        if (p < -12) continue;
        const ext = at(prefix + CHARSET[c - 1]);
        if (c === last) {
          ext.nb = logAdd(ext.nb, b + p); // a repeat needs a blank between
          blank.nb = logAdd(blank.nb, nb + p); // the same character continued
        } else {
          ext.nb = logAdd(ext.nb, total + p);
        }
      }
    }
    beams = new Map([...next].sort((x, y) => logAdd(y[1].b, y[1].nb) - logAdd(x[1].b, x[1].nb)).slice(0, beam));
  }
  return [...beams.keys()].slice(0, keep);
}

function pick(members: LogProbs[], candidates: Iterable<string>): string {
  let best = '';
  let score = -Infinity;
  for (const c of new Set(candidates)) {
    const s = meanLogLikelihood(members, c);
    if (s > score) [best, score] = [c, s];
  }
  return best;
}

function edges(texts: string[]): string[] {
  return texts.flatMap((t) => (t.length > 2 ? [t, t.slice(1), t.slice(0, -1)] : [t]));
}

async function main(): Promise<void> {
  const photos = readPhotos();
  const totals: Record<string, number> = {};
  let n = 0;
  for (const run of process.argv.slice(2)) {
    const [fold, models] = run.split(':');
    const ocr = await PlateOcr.open({ modelPath: models!.split(',') });
    const counts: Record<string, number> = { greedy: 0, edges: 0, beam: 0, both: 0 };
    const changed: string[] = [];
    const val = validationPhotos(photos, Number(fold));
    for (const photo of val) {
      const members = await ocr.evidence(ocr.preparePixels(cropPlate(photo)), undefined, true);
      const greedy = members.map((m) => greedyDecode(m).text);
      const beams = members.flatMap((m) => beamSearch(m));
      const reads: Record<string, string> = {
        greedy: bestRead(members).text,
        edges: pick(members, edges(greedy)),
        beam: pick(members, [...greedy, ...beams]),
        both: pick(members, [...edges(greedy), ...beams]),
      };
      for (const [k, r] of Object.entries(reads)) if (r === photo.plate) counts[k]!++;
      if (new Set(Object.values(reads)).size > 1) changed.push(`${photo.plate}: ${Object.entries(reads).map(([k, r]) => `${k} ${r}`).join(', ')}`);
    }
    await ocr.close();
    n += val.length;
    for (const [k, v] of Object.entries(counts)) totals[k] = (totals[k] ?? 0) + v;
    console.log(`${run} (${val.length}): ${JSON.stringify(counts)}`);
    for (const c of changed) console.log(`  ${c}`);
  }
  console.log(`total over ${n}: ${JSON.stringify(totals)}`);
}

void main();
