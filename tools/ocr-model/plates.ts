// The real photos in ../shared/data/plates as the TypeScript side sees them: the same
// validation split as tools/ocr-model/common.py (every 5th US photo by file name), cropped
// by the annotated box with pure-JS JPEG decoding, as the product would receive them.
import fs from 'node:fs';
import path from 'node:path';
import jpeg from 'jpeg-js';
import { PNG } from 'pngjs';
import type { Pixels } from '../../electron/core/ocr/image';

export interface PlatePhoto {
  region: 'us' | 'eu';
  name: string;
  file: string;
  box: { x: number; y: number; w: number; h: number };
  plate: string;
}

export const PLATES_DIR = path.resolve(__dirname, '..', '..', '..', 'shared', 'data', 'plates');

export function platesAvailable(root = PLATES_DIR): boolean {
  return fs.existsSync(path.join(root, 'us'));
}

export const LABEL_CORRECTIONS = path.join(__dirname, 'data', 'label-corrections.tsv');

/**
 * The annotated photos under root/{us,eu}. Labels the photo plainly contradicts are corrected
 * from data/label-corrections.tsv, as train.py does (data/label-corrections.md);
 * `labels: 'benchmark'` keeps the published ones. A correction whose old label no longer
 * matches the benchmark is an error, not silently applied.
 */
export function readPhotos(root = PLATES_DIR, labels: 'corrected' | 'benchmark' = 'corrected'): PlatePhoto[] {
  const out: PlatePhoto[] = [];
  for (const region of ['us', 'eu'] as const) {
    const dir = path.join(root, region);
    if (!fs.existsSync(dir)) continue;
    for (const txt of fs.readdirSync(dir).filter((f) => f.endsWith('.txt')).sort()) {
      const [name, x, y, w, h, plate] = fs.readFileSync(path.join(dir, txt), 'utf8').trim().split('\t');
      if (!name || plate === undefined) throw new Error(`${region}/${txt}: expected "NAME x y w h PLATE"`);
      out.push({ region, name, file: path.join(dir, name), box: { x: +x!, y: +y!, w: +w!, h: +h! }, plate: plate.toUpperCase() });
    }
  }
  return labels === 'benchmark' || out.length === 0 ? out : correctLabels(out);
}

function correctLabels(photos: PlatePhoto[]): PlatePhoto[] {
  const fixes = new Map<string, { was: string; now: string }>();
  fs.readFileSync(LABEL_CORRECTIONS, 'utf8').split('\n').forEach((line, i) => {
    if (line.startsWith('#') || !line.trim()) return;
    const [photo, was, now, ...rest] = line.split('\t');
    if (!photo || !was || !now || rest.length) throw new Error(`${LABEL_CORRECTIONS}:${i + 1}: expected PHOTO<tab>BENCHMARK LABEL<tab>CORRECTED LABEL`);
    fixes.set(photo, { was, now });
  });
  const out = photos.map((p) => {
    const key = `${p.region}/${p.name}`;
    const fix = fixes.get(key);
    if (!fix) return p;
    fixes.delete(key);
    if (p.plate !== fix.was) throw new Error(`${LABEL_CORRECTIONS}: ${key} is labelled ${p.plate} in the benchmark, not ${fix.was}: check the correction`);
    return { ...p, plate: fix.now };
  });
  if (fixes.size) throw new Error(`${LABEL_CORRECTIONS}: no such photo: ${[...fixes.keys()].join(', ')}`);
  return out;
}

/**
 * The held-out photos: never trained on (see common.split_real). `fold` 1..4 are the
 * cross-validation folds of `train.py --fold`; 0, the default, is the set every figure uses.
 */
export function validationPhotos(photos: PlatePhoto[], fold = 0): PlatePhoto[] {
  if (!Number.isInteger(fold) || fold < 0 || fold > 4) throw new Error(`fold ${fold}: expected 0 to 4`);
  return photos
    .filter((p) => p.region === 'us')
    .sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))
    .filter((_, i) => i % 5 === 4 - fold);
}

/**
 * The photos training uses: all but the held-out ones and any other photo of a held-out plate
 * (common.split_real: the benchmark has a few cars photographed twice).
 */
export function trainingPhotos(photos: PlatePhoto[]): PlatePhoto[] {
  const val = validationPhotos(photos);
  const valNames = new Set(val.map((p) => `${p.region}/${p.name}`));
  const valPlates = new Set(val.map((p) => p.plate));
  return photos.filter((p) => !valNames.has(`${p.region}/${p.name}`) && !valPlates.has(p.plate));
}

/** The plate box cut out of its photo (clamped to the frame), as RGBA pixels. */
export function cropPlate(photo: PlatePhoto): Pixels {
  const img = jpeg.decode(fs.readFileSync(photo.file), { useTArray: true, formatAsRGBA: true });
  const x0 = Math.max(0, photo.box.x);
  const y0 = Math.max(0, photo.box.y);
  const x1 = Math.min(img.width, photo.box.x + photo.box.w);
  const y1 = Math.min(img.height, photo.box.y + photo.box.h);
  const width = x1 - x0;
  const height = y1 - y0;
  const rgba = new Uint8Array(width * height * 4);
  for (let y = 0; y < height; y++) {
    rgba.set(img.data.subarray(((y0 + y) * img.width + x0) * 4, ((y0 + y) * img.width + x1) * 4), y * width * 4);
  }
  return { width, height, rgba };
}

/** A crop as a hit would carry it: a JPEG file's bytes. */
export function encodeJpeg(pixels: Pixels, quality = 92): Uint8Array {
  const out = jpeg.encode({ width: pixels.width, height: pixels.height, data: pixels.rgba }, quality);
  return new Uint8Array(out.data.buffer, out.data.byteOffset, out.data.byteLength);
}

/** A crop as lossless PNG bytes: the reader sees exactly the cropped pixels. */
export function encodePng(pixels: Pixels): Uint8Array {
  const png = new PNG({ width: pixels.width, height: pixels.height });
  png.data = Buffer.from(pixels.rgba.buffer, pixels.rgba.byteOffset, pixels.rgba.byteLength);
  const out = PNG.sync.write(png);
  return new Uint8Array(out.buffer, out.byteOffset, out.byteLength);
}
