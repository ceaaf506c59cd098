// Probe (2026-11-26, not used by the product): read each held-out crop as it is and as shifted,
// inset and padded copies, and combine the copies and the members as one product of experts.
//   npx tsx tools/ocr-model/experiments/probe-crop-variants.ts
import { PlateOcr } from '../../../electron/core/ocr/engine';
import { bestRead } from '../../../electron/core/ocr/ctc';
import type { Pixels } from '../../../electron/core/ocr/image';
import type { LogProbs } from '../../../electron/core/ocr/ctc';
import { cropPlate, readPhotos, validationPhotos } from '../plates';

function sub(p: Pixels, l: number, t: number, r: number, b: number): Pixels {
  // inset (positive) or pad with edge replication (negative), fractions of width/height
  const L = Math.round(l * p.width), R = Math.round(r * p.width), T = Math.round(t * p.height), B = Math.round(b * p.height);
  const w = p.width - L - R, h = p.height - T - B;
  const out = new Uint8Array(w * h * 4);
  for (let y = 0; y < h; y++) for (let x = 0; x < w; x++) {
    const sx = Math.min(p.width - 1, Math.max(0, x + L)), sy = Math.min(p.height - 1, Math.max(0, y + T));
    out.set(p.rgba.subarray((sy * p.width + sx) * 4, (sy * p.width + sx) * 4 + 4), (y * w + x) * 4);
  }
  return { width: w, height: h, rgba: out };
}
const variants: Record<string, (p: Pixels) => Pixels> = {
  orig: (p) => p,
  inset3: (p) => sub(p, 0.03, 0.05, 0.03, 0.05),
  pad4: (p) => sub(p, -0.04, -0.06, -0.04, -0.06),
  shiftL: (p) => sub(p, 0.03, 0, -0.03, 0),
  shiftR: (p) => sub(p, -0.03, 0, 0.03, 0),
};
async function main(): Promise<void> {
  const ocr = await PlateOcr.open({});
  const photos = validationPhotos(readPhotos());
  const combos: Record<string, string[]> = { orig: ['orig'], 'orig+inset3': ['orig', 'inset3'], 'orig+pad4': ['orig', 'pad4'], 'orig+shifts': ['orig', 'shiftL', 'shiftR'], all5: Object.keys(variants) };
  const score: Record<string, number> = {};
  const errs: Record<string, string[]> = {};
  for (const photo of photos) {
    const crop = cropPlate(photo);
    const lp: Record<string, LogProbs[]> = {};
    for (const [k, f] of Object.entries(variants)) lp[k] = await ocr.evidence(ocr.preparePixels(f(crop)), undefined, true);
    for (const [name, ks] of Object.entries(combos)) {
      const read = bestRead(ks.flatMap((k) => lp[k]!)).text;
      if (read === photo.plate) score[name] = (score[name] ?? 0) + 1;
      else (errs[name] ??= []).push(`${photo.plate}->${read}`);
    }
    for (const k of Object.keys(variants)) { const r = bestRead(lp[k]!).text; if (r === photo.plate) score['only:' + k] = (score['only:' + k] ?? 0) + 1; }
  }
  console.log(score);
  console.log(errs);
  await ocr.close();
}

void main();
