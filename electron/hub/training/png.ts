/**
 * A small PNG encoder and software raster for training images, icons and the like. The
 * project ships no native image library (canvas and sharp need prebuilt binaries that a
 * locked-down dispatch workstation may not be able to fetch), so this draws with plain
 * arithmetic and leaves anti-aliasing to supersampling: draw on a raster several times
 * larger than wanted, then `downsample` or `warp` it to the final size.
 */
import zlib from 'node:zlib';

/** [r, g, b] or [r, g, b, alpha] with channels 0-255 and alpha 0-1. */
export type Color = readonly [number, number, number] | readonly [number, number, number, number];
export type Point = readonly [number, number];
/** A flat colour, or a colour per point (in drawing units) for gradients. */
export type Paint = Color | ((x: number, y: number) => Color);

const CRC_TABLE = (() => {
  const table = new Uint32Array(256);
  for (let n = 0; n < 256; n++) {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    table[n] = c >>> 0;
  }
  return table;
})();

export function crc32(data: Uint8Array): number {
  let c = 0xffffffff;
  for (let i = 0; i < data.length; i++) c = CRC_TABLE[(c ^ data[i]!) & 0xff]! ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}

function chunk(type: string, data: Uint8Array): Buffer {
  const out = Buffer.alloc(12 + data.length);
  out.writeUInt32BE(data.length, 0);
  out.write(type, 4, 'latin1');
  out.set(data, 8);
  out.writeUInt32BE(crc32(out.subarray(4, 8 + data.length)), 8 + data.length);
  return out;
}

function paeth(a: number, b: number, c: number): number {
  const p = a + b - c;
  const pa = Math.abs(p - a);
  const pb = Math.abs(p - b);
  const pc = Math.abs(p - c);
  return pa <= pb && pa <= pc ? a : pb <= pc ? b : c;
}

/**
 * Encodes 8-bit RGBA as PNG. Each row gets whichever of the five standard filters leaves the
 * smallest sum of absolute residuals (the heuristic libpng uses): gradients and flat areas,
 * which synthetic scenes are mostly made of, then deflate to a fraction of their raw size.
 */
export function encodePng(width: number, height: number, rgba: Uint8Array): Buffer {
  if (!Number.isInteger(width) || !Number.isInteger(height) || width < 1 || height < 1) {
    throw new Error(`bad PNG size ${width}x${height}`);
  }
  if (rgba.length !== width * height * 4) {
    throw new Error(`expected ${width * height * 4} bytes of RGBA, got ${rgba.length}`);
  }
  const stride = width * 4;
  const raw = Buffer.alloc(height * (stride + 1));
  const candidate = new Uint8Array(stride);
  const best = new Uint8Array(stride);
  for (let y = 0; y < height; y++) {
    const row = y * stride;
    const prev = row - stride;
    let bestFilter = 0;
    let bestScore = Infinity;
    for (let filter = 0; filter <= 4; filter++) {
      let score = 0;
      for (let i = 0; i < stride; i++) {
        const x = rgba[row + i]!;
        const a = i >= 4 ? rgba[row + i - 4]! : 0;
        const b = y > 0 ? rgba[prev + i]! : 0;
        const c = i >= 4 && y > 0 ? rgba[prev + i - 4]! : 0;
        const predicted =
          filter === 0 ? 0
          : filter === 1 ? a
          : filter === 2 ? b
          : filter === 3 ? (a + b) >> 1
          : paeth(a, b, c);
        const v = (x - predicted) & 0xff;
        candidate[i] = v;
        score += v < 128 ? v : 256 - v;
      }
      if (score < bestScore) {
        bestScore = score;
        bestFilter = filter;
        best.set(candidate);
      }
    }
    const out = y * (stride + 1);
    raw[out] = bestFilter;
    raw.set(best, out + 1);
  }
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(width, 0);
  ihdr.writeUInt32BE(height, 4);
  ihdr[8] = 8; // bit depth
  ihdr[9] = 6; // colour type: truecolour with alpha
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', ihdr),
    chunk('IDAT', zlib.deflateSync(raw, { level: 6 })),
    chunk('IEND', new Uint8Array(0)),
  ]);
}

const clamp255 = (v: number) => (v < 0 ? 0 : v > 255 ? 255 : Math.round(v));

/** Linear blend of two colours, t in [0, 1]. */
export function mix(a: Color, b: Color, t: number): Color {
  return [
    a[0] + (b[0] - a[0]) * t,
    a[1] + (b[1] - a[1]) * t,
    a[2] + (b[2] - a[2]) * t,
    (a[3] ?? 1) + ((b[3] ?? 1) - (a[3] ?? 1)) * t,
  ];
}

/** A gradient from `from` at (x0, y0) to `to` at (x1, y1), flat beyond both ends. */
export function linearGradient(x0: number, y0: number, x1: number, y1: number, from: Color, to: Color): Paint {
  const dx = x1 - x0;
  const dy = y1 - y0;
  const len2 = dx * dx + dy * dy || 1;
  // 256 steps are finer than 8-bit channels can show, and spare an allocation per pixel.
  const steps = Array.from({ length: 256 }, (_, i) => mix(from, to, i / 255));
  return (x, y) => {
    const t = ((x - x0) * dx + (y - y0) * dy) / len2;
    return steps[t <= 0 ? 0 : t >= 1 ? 255 : Math.round(t * 255)]!;
  };
}

/**
 * An RGBA pixel buffer. Shapes are given in drawing units, `scale` pixels each, so a scene can
 * be written once at its final size and drawn supersampled (see `Raster.supersampled`).
 * Shapes are sampled at pixel centres without coverage: edges are hard until downsampled.
 */
export class Raster {
  readonly rgba: Uint8Array;
  /** The same memory, one element per pixel, for fast fills. */
  private readonly pixels: Uint32Array;

  constructor(
    readonly width: number,
    readonly height: number,
    background: Color = [0, 0, 0, 0],
    readonly scale = 1,
  ) {
    this.rgba = new Uint8Array(width * height * 4);
    this.pixels = new Uint32Array(this.rgba.buffer);
    const [r, g, b] = background;
    const a = clamp255((background[3] ?? 1) * 255);
    for (let i = 0; i < this.rgba.length; i += 4) {
      this.rgba[i] = r;
      this.rgba[i + 1] = g;
      this.rgba[i + 2] = b;
      this.rgba[i + 3] = a;
    }
  }

  /** A raster `factor` times larger than width x height, drawn on in width x height units. */
  static supersampled(width: number, height: number, factor: number, background?: Color): Raster {
    return new Raster(width * factor, height * factor, background, factor);
  }

  /** Source-over compositing of one pixel. */
  blend(px: number, py: number, color: Color): void {
    if (px < 0 || py < 0 || px >= this.width || py >= this.height) return;
    const i = (py * this.width + px) * 4;
    const a = color[3] ?? 1;
    if (a >= 1) {
      this.rgba[i] = clamp255(color[0]);
      this.rgba[i + 1] = clamp255(color[1]);
      this.rgba[i + 2] = clamp255(color[2]);
      this.rgba[i + 3] = 255;
      return;
    }
    if (a <= 0) return;
    const da = this.rgba[i + 3]! / 255;
    const outA = a + da * (1 - a);
    const keep = (da * (1 - a)) / outA;
    const put = a / outA;
    this.rgba[i] = clamp255(color[0] * put + this.rgba[i]! * keep);
    this.rgba[i + 1] = clamp255(color[1] * put + this.rgba[i + 1]! * keep);
    this.rgba[i + 2] = clamp255(color[2] * put + this.rgba[i + 2]! * keep);
    this.rgba[i + 3] = clamp255(outA * 255);
  }

  /**
   * Paints, row by row, the pixels whose centres (in drawing units) fall inside the spans
   * that `spans(y)` returns for that row, as [start, end, start, end, ...]. The shapes below
   * are all made of these, which keeps drawing proportional to the area actually painted.
   */
  fillSpans(top: number, bottom: number, spans: (y: number) => readonly number[], paint: Paint): void {
    const s = this.scale;
    const py0 = Math.max(0, Math.ceil(top * s - 0.5));
    const py1 = Math.min(this.height - 1, Math.ceil(bottom * s - 0.5) - 1);
    // Opaque flat colour, the common case, is a plain fill of whole pixels.
    const solid = typeof paint !== 'function' && (paint[3] ?? 1) >= 1 ? packPixel(paint) : undefined;
    for (let py = py0; py <= py1; py++) {
      const y = (py + 0.5) / s;
      const list = spans(y);
      for (let k = 0; k + 1 < list.length; k += 2) {
        const px0 = Math.max(0, Math.ceil(list[k]! * s - 0.5));
        const px1 = Math.min(this.width - 1, Math.ceil(list[k + 1]! * s - 0.5) - 1);
        if (solid !== undefined) {
          if (px1 >= px0) this.pixels.fill(solid, py * this.width + px0, py * this.width + px1 + 1);
          continue;
        }
        for (let px = px0; px <= px1; px++) {
          this.blend(px, py, typeof paint === 'function' ? paint((px + 0.5) / s, y) : paint);
        }
      }
    }
  }

  /** Paints the pixels in the box whose centres satisfy `inside`: for shapes without spans. */
  fillWhere(
    x0: number,
    y0: number,
    x1: number,
    y1: number,
    inside: (x: number, y: number) => boolean,
    paint: Paint,
  ): void {
    const s = this.scale;
    const px0 = Math.max(0, Math.floor(x0 * s));
    const px1 = Math.min(this.width - 1, Math.ceil(x1 * s));
    const py0 = Math.max(0, Math.floor(y0 * s));
    const py1 = Math.min(this.height - 1, Math.ceil(y1 * s));
    for (let py = py0; py <= py1; py++) {
      const y = (py + 0.5) / s;
      for (let px = px0; px <= px1; px++) {
        const x = (px + 0.5) / s;
        if (inside(x, y)) this.blend(px, py, typeof paint === 'function' ? paint(x, y) : paint);
      }
    }
  }

  fillRect(x: number, y: number, w: number, h: number, paint: Paint): void {
    const span = [x, x + w];
    this.fillSpans(y, y + h, () => span, paint);
  }

  fillRoundRect(x: number, y: number, w: number, h: number, radius: number, paint: Paint): void {
    this.fillSpans(y, y + h, (py) => roundRectSpan(x, y, w, h, radius, py), paint);
  }

  /** An outline of the given thickness, drawn inwards from the rectangle's edge. */
  strokeRoundRect(
    x: number,
    y: number,
    w: number,
    h: number,
    radius: number,
    thickness: number,
    paint: Paint,
  ): void {
    const t = thickness;
    this.fillSpans(
      y,
      y + h,
      (py) => {
        const outer = roundRectSpan(x, y, w, h, radius, py);
        const inner = roundRectSpan(x + t, y + t, w - 2 * t, h - 2 * t, Math.max(0, radius - t), py);
        if (outer.length === 0 || inner.length === 0) return outer;
        return [outer[0]!, inner[0]!, inner[1]!, outer[1]!];
      },
      paint,
    );
  }

  fillEllipse(cx: number, cy: number, rx: number, ry: number, paint: Paint): void {
    this.fillSpans(
      cy - ry,
      cy + ry,
      (py) => {
        const t = (py - cy) / ry;
        if (t * t >= 1) return [];
        const dx = rx * Math.sqrt(1 - t * t);
        return [cx - dx, cx + dx];
      },
      paint,
    );
  }

  /** Even-odd fill of a closed polygon. */
  fillPolygon(points: readonly Point[], paint: Paint): void {
    if (points.length < 3) return;
    const ys = points.map((p) => p[1]);
    this.fillSpans(
      Math.min(...ys),
      Math.max(...ys),
      (py) => {
        const xs: number[] = [];
        for (let i = 0, j = points.length - 1; i < points.length; j = i++) {
          const [xi, yi] = points[i]!;
          const [xj, yj] = points[j]!;
          if (yi > py !== yj > py) xs.push(xi + ((xj - xi) * (py - yi)) / (yj - yi));
        }
        return xs.sort((a, b) => a - b);
      },
      paint,
    );
  }

  /** A straight stroke with round ends (a capsule). */
  line(x0: number, y0: number, x1: number, y1: number, thickness: number, paint: Paint): void {
    const r = thickness / 2;
    const dx = x1 - x0;
    const dy = y1 - y0;
    const len = Math.hypot(dx, dy);
    // A capsule is convex, so each row crosses it in one interval: the union of the rows of
    // its two end discs and of the band between them.
    this.fillSpans(
      Math.min(y0, y1) - r,
      Math.max(y0, y1) + r,
      (py) => {
        let lo = Infinity;
        let hi = -Infinity;
        for (const [ex, ey] of [[x0, y0], [x1, y1]] as const) {
          const h = r * r - (py - ey) ** 2;
          if (h >= 0) {
            lo = Math.min(lo, ex - Math.sqrt(h));
            hi = Math.max(hi, ex + Math.sqrt(h));
          }
        }
        if (len > 0) {
          // Within r of the line, and projecting between the ends: two linear bounds on x.
          const band = solveLinear(-dy / len, ((py - y0) * dx) / len + (dy * x0) / len, -r, r);
          const along = solveLinear(dx / len, ((py - y0) * dy) / len - (dx * x0) / len, 0, len);
          const a = Math.max(band[0], along[0]);
          const b = Math.min(band[1], along[1]);
          if (a <= b) {
            lo = Math.min(lo, a);
            hi = Math.max(hi, b);
          }
        }
        return lo <= hi ? [lo, hi] : [];
      },
      paint,
    );
  }

  /**
   * Part of a ring of centre radius `r`, from angle `from` to `to` (radians, clockwise on
   * screen from the +x axis), with flat ends.
   */
  arc(cx: number, cy: number, r: number, thickness: number, from: number, to: number, paint: Paint): void {
    const outer = r + thickness / 2;
    const inner = r - thickness / 2;
    const span = (((to - from) % (2 * Math.PI)) + 2 * Math.PI) % (2 * Math.PI) || 2 * Math.PI;
    this.fillWhere(
      cx - outer,
      cy - outer,
      cx + outer,
      cy + outer,
      (px, py) => {
        const d = Math.hypot(px - cx, py - cy);
        if (d > outer || d < inner) return false;
        const a = (((Math.atan2(py - cy, px - cx) - from) % (2 * Math.PI)) + 2 * Math.PI) % (2 * Math.PI);
        return a <= span;
      },
      paint,
    );
  }

  /** Box blur over `radius` pixels each way, horizontal then vertical; edges clamp. */
  boxBlur(radius: number): void {
    const r = Math.round(radius);
    if (r < 1) return;
    const { width: w, height: h, rgba } = this;
    const tmp = new Float32Array(rgba.length);
    const n = 2 * r + 1;
    for (let y = 0; y < h; y++) {
      for (let ch = 0; ch < 4; ch++) {
        let sum = 0;
        for (let k = -r; k <= r; k++) sum += rgba[(y * w + Math.min(w - 1, Math.max(0, k))) * 4 + ch]!;
        for (let x = 0; x < w; x++) {
          tmp[(y * w + x) * 4 + ch] = sum / n;
          const add = Math.min(w - 1, x + r + 1);
          const drop = Math.max(0, x - r);
          sum += rgba[(y * w + add) * 4 + ch]! - rgba[(y * w + drop) * 4 + ch]!;
        }
      }
    }
    for (let x = 0; x < w; x++) {
      for (let ch = 0; ch < 4; ch++) {
        let sum = 0;
        for (let k = -r; k <= r; k++) sum += tmp[(Math.min(h - 1, Math.max(0, k)) * w + x) * 4 + ch]!;
        for (let y = 0; y < h; y++) {
          rgba[(y * w + x) * 4 + ch] = clamp255(sum / n);
          const add = Math.min(h - 1, y + r + 1);
          const drop = Math.max(0, y - r);
          sum += tmp[(add * w + x) * 4 + ch]! - tmp[(drop * w + x) * 4 + ch]!;
        }
      }
    }
  }

  /**
   * Grey sensor noise, roughly Gaussian with standard deviation `sigma` (0-255 scale). Noise
   * costs PNG size, so callers keep it small.
   */
  addNoise(rand: () => number, sigma: number): void {
    for (let i = 0; i < this.rgba.length; i += 4) {
      const n = (rand() + rand() + rand() - 1.5) * 2 * sigma;
      this.rgba[i] = clamp255(this.rgba[i]! + n);
      this.rgba[i + 1] = clamp255(this.rgba[i + 1]! + n);
      this.rgba[i + 2] = clamp255(this.rgba[i + 2]! + n);
    }
  }

  /** v * gain + offset per colour channel; `gain` may differ per channel to tint. */
  adjust(gain: number | readonly [number, number, number], offset = 0): void {
    const [gr, gg, gb] = typeof gain === 'number' ? [gain, gain, gain] : gain;
    for (let i = 0; i < this.rgba.length; i += 4) {
      this.rgba[i] = clamp255(this.rgba[i]! * gr + offset);
      this.rgba[i + 1] = clamp255(this.rgba[i + 1]! * gg + offset);
      this.rgba[i + 2] = clamp255(this.rgba[i + 2]! * gb + offset);
    }
  }

  /** Averages factor x factor blocks (alpha-weighted, so transparent edges keep their colour). */
  downsample(factor: number): Raster {
    if (!Number.isInteger(factor) || factor < 1) throw new Error(`bad downsample factor ${factor}`);
    const w = Math.floor(this.width / factor);
    const h = Math.floor(this.height / factor);
    const out = new Raster(w, h, [0, 0, 0, 0], this.scale / factor);
    const n = factor * factor;
    for (let y = 0; y < h; y++) {
      for (let x = 0; x < w; x++) {
        let r = 0;
        let g = 0;
        let b = 0;
        let a = 0;
        for (let dy = 0; dy < factor; dy++) {
          let i = ((y * factor + dy) * this.width + x * factor) * 4;
          for (let dx = 0; dx < factor; dx++, i += 4) {
            const pa = this.rgba[i + 3]!;
            r += this.rgba[i]! * pa;
            g += this.rgba[i + 1]! * pa;
            b += this.rgba[i + 2]! * pa;
            a += pa;
          }
        }
        const o = (y * w + x) * 4;
        if (a > 0) {
          out.rgba[o] = clamp255(r / a);
          out.rgba[o + 1] = clamp255(g / a);
          out.rgba[o + 2] = clamp255(b / a);
        }
        out.rgba[o + 3] = clamp255(a / n);
      }
    }
    return out;
  }

  /**
   * Resamples through a mapping from output pixel coordinates to this raster's pixel
   * coordinates (a slight rotation, say), averaging samples x samples bilinear taps per output
   * pixel so that it also shrinks cleanly. Points outside clamp to the edge.
   */
  warp(outWidth: number, outHeight: number, toSource: (x: number, y: number) => Point, samples = 3): Raster {
    const out = new Raster(outWidth, outHeight, [0, 0, 0, 0]);
    const acc = new Float64Array(4);
    for (let y = 0; y < outHeight; y++) {
      for (let x = 0; x < outWidth; x++) {
        acc.fill(0);
        for (let sy = 0; sy < samples; sy++) {
          for (let sx = 0; sx < samples; sx++) {
            const [u, v] = toSource(x + (sx + 0.5) / samples, y + (sy + 0.5) / samples);
            this.bilinear(u - 0.5, v - 0.5, acc);
          }
        }
        const o = (y * outWidth + x) * 4;
        const a = acc[3]!;
        if (a > 0) {
          out.rgba[o] = clamp255(acc[0]! / a);
          out.rgba[o + 1] = clamp255(acc[1]! / a);
          out.rgba[o + 2] = clamp255(acc[2]! / a);
        }
        out.rgba[o + 3] = clamp255(a / (samples * samples));
      }
    }
    return out;
  }

  /** Adds the alpha-weighted bilinear sample at (u, v) to acc = [r*a, g*a, b*a, a]. */
  private bilinear(u: number, v: number, acc: Float64Array): void {
    const cu = Math.min(this.width - 1, Math.max(0, u));
    const cv = Math.min(this.height - 1, Math.max(0, v));
    const x0 = Math.floor(cu);
    const y0 = Math.floor(cv);
    const fx = cu - x0;
    const fy = cv - y0;
    const dx = x0 + 1 < this.width ? 4 : 0;
    const dy = y0 + 1 < this.height ? this.width * 4 : 0;
    const i = (y0 * this.width + x0) * 4;
    this.tap(i, (1 - fx) * (1 - fy), acc);
    this.tap(i + dx, fx * (1 - fy), acc);
    this.tap(i + dy, (1 - fx) * fy, acc);
    this.tap(i + dx + dy, fx * fy, acc);
  }

  private tap(i: number, weight: number, acc: Float64Array): void {
    const a = this.rgba[i + 3]! * weight;
    acc[0]! += this.rgba[i]! * a;
    acc[1]! += this.rgba[i + 1]! * a;
    acc[2]! += this.rgba[i + 2]! * a;
    acc[3]! += a;
  }

  toPng(): Buffer {
    return encodePng(this.width, this.height, this.rgba);
  }
}

/** An opaque colour as one Uint32Array element, in this machine's byte order. */
function packPixel(c: Color): number {
  return new Uint32Array(new Uint8Array([clamp255(c[0]), clamp255(c[1]), clamp255(c[2]), 255]).buffer)[0]!;
}

/** Where the row at height py crosses a rounded rectangle, as [start, end] or []. */
function roundRectSpan(x: number, y: number, w: number, h: number, radius: number, py: number): number[] {
  if (w <= 0 || h <= 0 || py < y || py >= y + h) return [];
  const r = Math.max(0, Math.min(radius, w / 2, h / 2));
  const dy = py < y + r ? y + r - py : py > y + h - r ? py - (y + h - r) : 0;
  const inset = r - Math.sqrt(Math.max(0, r * r - dy * dy));
  return [x + inset, x + w - inset];
}

/** The x with lo <= a * x + b <= hi, as [from, to] (empty when from > to). */
function solveLinear(a: number, b: number, lo: number, hi: number): [number, number] {
  if (Math.abs(a) < 1e-12) return lo <= b && b <= hi ? [-Infinity, Infinity] : [Infinity, -Infinity];
  const p = (lo - b) / a;
  const q = (hi - b) / a;
  return p < q ? [p, q] : [q, p];
}
