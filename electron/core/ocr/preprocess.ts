import { INPUT_H, INPUT_W, STD_FLOOR } from './spec';
import type { Pixels } from './image';

/**
 * The network input for a crop, computed exactly as tools/ocr-model/common.py does in
 * training: ITU-R 601 grey in float64, an antialiased triangle-filter resize to H x 128
 * (rows first, then columns; H is 32 for the shipped models), then per-image
 * standardisation with a contrast floor.
 */
export interface Prepared {
  /** 1 x H x 128, row-major. */
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
function computeTaps(nIn: number, nOut: number): Taps[] {
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

/**
 * Taps by (input size, output size). A camera sends crops of a handful of sizes, and making
 * the taps (160 small typed arrays) costs more than the resize itself, so they are kept.
 */
const tapsCache = new Map<string, Taps[]>();
const TAPS_CACHED = 256;

function resizeTaps(nIn: number, nOut: number): Taps[] {
  const key = `${nIn}:${nOut}`;
  let taps = tapsCache.get(key);
  if (!taps) {
    taps = computeTaps(nIn, nOut);
    if (tapsCache.size >= TAPS_CACHED) tapsCache.delete(tapsCache.keys().next().value!);
    tapsCache.set(key, taps);
  }
  return taps;
}

export function preprocess(pixels: Pixels, outH: number = INPUT_H): Prepared {
  // Locals, not the imported constants: compiled to CommonJS, every read of an import in the
  // loops below is a property getter call, which cost most of the preprocessing time.
  const outW = INPUT_W;
  const { width: w, height: h, rgba } = pixels;
  const gray = new Float64Array(w * h);
  for (let p = 0, q = 0; p < gray.length; p++, q += 4) {
    gray[p] = 0.299 * rgba[q]! + 0.587 * rgba[q + 1]! + 0.114 * rgba[q + 2]!;
  }
  const rowTaps = resizeTaps(h, outH);
  const rows = new Float64Array(outH * w);
  for (let o = 0; o < outH; o++) {
    const { start, weights } = rowTaps[o]!;
    const out = o * w;
    for (let k = 0; k < weights.length; k++) {
      const wk = weights[k]!;
      const src = (start + k) * w;
      for (let x = 0; x < w; x++) rows[out + x]! += wk * gray[src + x]!;
    }
  }
  const colTaps = resizeTaps(w, outW);
  const resized = new Float64Array(outH * outW);
  let sum = 0;
  for (let o = 0; o < outW; o++) {
    const { start, weights } = colTaps[o]!;
    const n = weights.length;
    for (let y = 0; y < outH; y++) {
      const src = y * w + start;
      let v = 0;
      for (let k = 0; k < n; k++) v += weights[k]! * rows[src + k]!;
      resized[y * outW + o] = v;
    }
  }
  // summed in row-major order, as training sums them
  for (let i = 0; i < resized.length; i++) sum += resized[i]!;
  const mean = sum / resized.length;
  let sq = 0;
  for (let i = 0; i < resized.length; i++) sq += (resized[i]! - mean) * (resized[i]! - mean);
  const std = Math.sqrt(sq / resized.length);
  const scale = Math.max(std, STD_FLOOR);
  const input = new Float32Array(resized.length);
  for (let i = 0; i < resized.length; i++) input[i] = (resized[i]! - mean) / scale;
  return { input, brightness: mean, contrast: std };
}
