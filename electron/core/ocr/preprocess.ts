import { INPUT_H, INPUT_W, STD_FLOOR } from './spec';
import type { Pixels } from './image';

/**
 * The network input for a crop, computed exactly as tools/ocr-model/common.py does in
 * training: ITU-R 601 grey in float64, an antialiased triangle-filter resize to 32x128
 * (rows first, then columns), then per-image standardisation with a contrast floor.
 */
export interface Prepared {
  /** 1 x 32 x 128, row-major. */
  input: Float32Array;
  /** Mean grey of the resized crop, 0..255. */
  brightness: number;
  /** Standard deviation of the resized grey, 0..255: near zero for a blank or black frame. */
  contrast: number;
}

interface Taps {
  start: number;
  weights: Float64Array;
}

/** Output o samples around (o + 0.5) * scale with a triangle as wide as the downscale factor. */
function resizeTaps(nIn: number, nOut: number): Taps[] {
  const scale = nIn / nOut;
  const support = Math.max(scale, 1);
  const taps: Taps[] = [];
  for (let o = 0; o < nOut; o++) {
    const center = (o + 0.5) * scale;
    const lo = Math.max(0, Math.floor(center - support));
    const hi = Math.min(nIn, Math.ceil(center + support));
    const weights = new Float64Array(Math.max(0, hi - lo));
    let total = 0;
    for (let i = lo; i < hi; i++) {
      const w = Math.max(0, 1 - Math.abs(i + 0.5 - center) / support);
      weights[i - lo] = w;
      total += w;
    }
    for (let k = 0; k < weights.length; k++) weights[k]! /= total;
    taps.push({ start: lo, weights });
  }
  return taps;
}

export function preprocess(pixels: Pixels): Prepared {
  const { width: w, height: h, rgba } = pixels;
  const gray = new Float64Array(w * h);
  for (let p = 0, q = 0; p < gray.length; p++, q += 4) {
    gray[p] = 0.299 * rgba[q]! + 0.587 * rgba[q + 1]! + 0.114 * rgba[q + 2]!;
  }
  const rowTaps = resizeTaps(h, INPUT_H);
  const rows = new Float64Array(INPUT_H * w);
  for (let o = 0; o < INPUT_H; o++) {
    const { start, weights } = rowTaps[o]!;
    const out = o * w;
    for (let k = 0; k < weights.length; k++) {
      const wk = weights[k]!;
      const src = (start + k) * w;
      for (let x = 0; x < w; x++) rows[out + x]! += wk * gray[src + x]!;
    }
  }
  const colTaps = resizeTaps(w, INPUT_W);
  const resized = new Float64Array(INPUT_H * INPUT_W);
  let sum = 0;
  for (let y = 0; y < INPUT_H; y++) {
    for (let o = 0; o < INPUT_W; o++) {
      const { start, weights } = colTaps[o]!;
      let v = 0;
      for (let k = 0; k < weights.length; k++) v += weights[k]! * rows[y * w + start + k]!;
      resized[y * INPUT_W + o] = v;
      sum += v;
    }
  }
  const mean = sum / resized.length;
  let sq = 0;
  for (const v of resized) sq += (v - mean) * (v - mean);
  const std = Math.sqrt(sq / resized.length);
  const scale = Math.max(std, STD_FLOOR);
  const input = new Float32Array(resized.length);
  for (let i = 0; i < resized.length; i++) input[i] = (resized[i]! - mean) / scale;
  return { input, brightness: mean, contrast: std };
}
