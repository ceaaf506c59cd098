/**
 * Generates the committed binary and data assets from code, so they can be reviewed, rebuilt
 * and changed without an image or audio editor:
 *   assets/geo/training-city.geojson   the training city (from electron/hub/training/city.ts)
 *   assets/sounds/alert.wav            new-hit chime
 *   assets/sounds/escalate.wav         escalation chime
 *   build/icon.png, build/icons/NxN.png, assets/icons/tray.png, assets/icons/tray-alert.png
 * Run with `npm run assets`; the output is deterministic.
 */
import fs from 'node:fs';
import path from 'node:path';
import { trainingCityGeoJSONText } from '../electron/hub/training/city';
import { drawText } from '../electron/hub/training/font';
import { linearGradient, Raster, type Color } from '../electron/hub/training/png';

const ROOT = path.resolve(__dirname, '..');

export const SAMPLE_RATE = 22050;

interface Note {
  at: number;
  freq: number;
  /** Seconds for the fundamental to fall to 1/e; overtones fade faster. */
  decay: number;
}

/**
 * Bell-like notes: a soft attack (no click), a few harmonics fading faster than the
 * fundamental, so they sound like a chime rather than a beeper, and a fade to silence at the
 * end. Peaks are normalised to -3 dBFS: loud, never clipped.
 */
function synthesise(notes: readonly Note[], seconds: number, brightness: number): Int16Array {
  const n = Math.round(seconds * SAMPLE_RATE);
  const mixed = new Float64Array(n);
  const attack = 0.006;
  const partials = [
    { k: 1, amp: 1, decay: 1 },
    { k: 2, amp: 0.32 * brightness, decay: 0.55 },
    { k: 3, amp: 0.12 * brightness, decay: 0.35 },
  ];
  for (const note of notes) {
    const start = Math.round(note.at * SAMPLE_RATE);
    for (let i = start; i < n; i++) {
      const t = (i - start) / SAMPLE_RATE;
      const rise = t < attack ? 0.5 - 0.5 * Math.cos((Math.PI * t) / attack) : 1;
      let v = 0;
      for (const p of partials) v += p.amp * Math.exp(-t / (note.decay * p.decay)) * Math.sin(2 * Math.PI * note.freq * p.k * t);
      mixed[i]! += rise * v;
    }
  }
  const fade = Math.round(0.04 * SAMPLE_RATE);
  for (let i = 0; i < fade; i++) mixed[n - 1 - i]! *= i / fade;
  const peak = mixed.reduce((m, v) => Math.max(m, Math.abs(v)), 0) || 1;
  const gain = (0.708 * 32767) / peak;
  return Int16Array.from(mixed, (v) => Math.round(v * gain));
}

/** 16-bit mono PCM in a RIFF/WAVE container. */
export function encodeWav(samples: Int16Array, sampleRate = SAMPLE_RATE): Buffer {
  const data = samples.length * 2;
  const out = Buffer.alloc(44 + data);
  out.write('RIFF', 0, 'latin1');
  out.writeUInt32LE(36 + data, 4);
  out.write('WAVE', 8, 'latin1');
  out.write('fmt ', 12, 'latin1');
  out.writeUInt32LE(16, 16);
  out.writeUInt16LE(1, 20); // PCM
  out.writeUInt16LE(1, 22); // mono
  out.writeUInt32LE(sampleRate, 24);
  out.writeUInt32LE(sampleRate * 2, 28);
  out.writeUInt16LE(2, 32);
  out.writeUInt16LE(16, 34);
  out.write('data', 36, 'latin1');
  out.writeUInt32LE(data, 40);
  samples.forEach((s, i) => out.writeInt16LE(s, 44 + i * 2));
  return out;
}

/** A falling two-note "ding-dong" (A5, E5): noticeable across a dispatch room, not shrill. */
export function alertWav(): Buffer {
  return encodeWav(
    synthesise(
      [
        { at: 0, freq: 880, decay: 0.28 },
        { at: 0.32, freq: 659.25, decay: 0.32 },
      ],
      1.1,
      1,
    ),
  );
}

/** A rising three-note figure (G5, B5, D6) played twice, quicker and brighter: act now. */
export function escalateWav(): Buffer {
  const notes: Note[] = [];
  for (const start of [0, 0.52]) {
    [783.99, 987.77, 1174.66].forEach((freq, i) => notes.push({ at: start + i * 0.13, freq, decay: 0.12 }));
  }
  return encodeWav(synthesise(notes, 1.15, 1.6));
}

const NAVY_TOP: Color = [28, 48, 92];
const NAVY_BOTTOM: Color = [10, 20, 44];
const PLATE: Color = [246, 246, 240];
const PLATE_INK: Color = [22, 40, 110];
const SIGNAL: Color = [245, 184, 46];
const ALERT_RED: Color = [222, 38, 38];

/**
 * The app icon at `size` pixels: a navy tile with a licence plate and a camera's signal arcs
 * above it. Below 64 px the plate's lettering becomes bars, which stay crisp where letters
 * would smear. `badge` adds the red dot the tray shows while hits wait.
 */
export function renderIcon(size: number, badge = false): Raster {
  const factor = 4;
  // Drawn on a 100 x 100 grid of units whatever the pixel size.
  const r = new Raster(size * factor, size * factor, [0, 0, 0, 0], (size * factor) / 100);
  const small = size < 64;
  r.fillRoundRect(3, 3, 94, 94, 20, linearGradient(0, 3, 0, 97, NAVY_TOP, NAVY_BOTTOM));

  const plate = small ? { x: 13, y: 46, w: 74, h: 40 } : { x: 16, y: 50, w: 68, h: 34 };
  r.fillRoundRect(plate.x, plate.y + 2, plate.w, plate.h, 6, [0, 0, 0, 0.35]);
  r.fillRoundRect(plate.x, plate.y, plate.w, plate.h, 6, PLATE);
  r.strokeRoundRect(plate.x + 2.5, plate.y + 2.5, plate.w - 5, plate.h - 5, 4, small ? 3 : 2, PLATE_INK);
  if (small) {
    for (const [x, w] of [[22, 14], [40, 20], [64, 14]] as const) r.fillRoundRect(x, 58, w, 16, 2, PLATE_INK);
  } else {
    r.fillRoundRect(38, 54, 24, 3, 1.5, [178, 32, 42]);
    drawText(r, 'ALPR', 25, 60, { height: 18, width: 10.5, stroke: 3.6, gap: 2.8 }, PLATE_INK);
  }

  // The camera's read: arcs spreading up from a lens point above the plate.
  const cx = 50;
  const cy = small ? 37 : 40;
  const dot = small ? 5.5 : 5;
  r.fillEllipse(cx, cy, dot, dot, SIGNAL);
  for (const radius of small ? [17] : [11, 20]) {
    r.arc(cx, cy, radius, small ? 5.5 : 4.5, Math.PI * 1.25, Math.PI * 1.75, SIGNAL);
  }

  if (badge) {
    r.fillEllipse(78, 22, 21, 21, [255, 255, 255]);
    r.fillEllipse(78, 22, 16, 16, ALERT_RED);
  }
  return r.downsample(factor);
}

export const ICON_SIZES = [16, 32, 48, 64, 128, 256] as const;

/** Every generated file, relative to the repository root, with its contents. */
export function assetFiles(): Map<string, Buffer | string> {
  const files = new Map<string, Buffer | string>();
  files.set('assets/geo/training-city.geojson', trainingCityGeoJSONText());
  files.set('assets/sounds/alert.wav', alertWav());
  files.set('assets/sounds/escalate.wav', escalateWav());
  files.set('build/icon.png', renderIcon(512).toPng());
  for (const size of ICON_SIZES) files.set(`build/icons/${size}x${size}.png`, renderIcon(size).toPng());
  files.set('assets/icons/tray.png', renderIcon(32).toPng());
  files.set('assets/icons/tray-alert.png', renderIcon(32, true).toPng());
  return files;
}

if (require.main === module) {
  for (const [file, contents] of assetFiles()) {
    const target = path.join(ROOT, file);
    fs.mkdirSync(path.dirname(target), { recursive: true });
    fs.writeFileSync(target, contents);
    console.log(`wrote ${file} (${Buffer.byteLength(contents)} bytes)`);
  }
}
