import jpeg from 'jpeg-js';
import { PNG } from 'pngjs';

/** An image as hits carry it (DESIGN.md: JPEG or PNG, at most 5 MB). */
export interface OcrImage {
  mime: string;
  data: Uint8Array;
}

export interface Pixels {
  width: number;
  height: number;
  /** RGBA, 4 bytes per pixel, rows top to bottom. */
  rgba: Uint8Array;
}

export const MAX_IMAGE_BYTES = 5 * 1024 * 1024;
/** Larger than any camera frame; a header claiming more is broken or hostile. */
export const MAX_SIDE = 16_384;
export const MAX_MEGAPIXELS = 40;
/**
 * A JPEG's decoding work grows with its scans times its pixels: a progressive file may hold
 * any number of scans, each a pass over the whole image, and a few hundred kilobytes of tiny
 * scans held the plate reader for minutes. Scans x megapixels is capped at what one baseline
 * scan of the largest image allowed costs.
 */
export const MAX_SCAN_MEGAPIXELS = MAX_MEGAPIXELS;

/** An image this module refuses to read; the message says why, for the dispatcher or a log. */
export class OcrImageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'OcrImageError';
  }
}

const PNG_MAGIC = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];

function sniff(data: Uint8Array): 'jpeg' | 'png' | null {
  if (data.length >= 3 && data[0] === 0xff && data[1] === 0xd8 && data[2] === 0xff) return 'jpeg';
  if (data.length >= 8 && PNG_MAGIC.every((b, i) => data[i] === b)) return 'png';
  return null;
}

/**
 * The frame size (SOFn) and the number of scans (SOS) of a JPEG, read from its segment
 * headers before decoding (segments are skipped by their length, so a thumbnail inside an
 * APP1 block is not counted; after each scan header the entropy-coded data runs to the next
 * marker that is not a stuffed 0xFF00 or a restart). Null when the markers do not parse:
 * the decoder then says what is wrong.
 */
function jpegShape(data: Uint8Array): { width: number; height: number; scans: number } | null {
  let width = 0;
  let height = 0;
  let scans = 0;
  let i = 2;
  while (i + 3 < data.length) {
    if (data[i] !== 0xff) return null;
    const m = data[i + 1]!;
    if (m === 0xff) {
      i += 1; // fill byte
      continue;
    }
    if (m === 0xd9) break; // EOI
    if ((m >= 0xd0 && m <= 0xd7) || m === 0x01) {
      i += 2;
      continue;
    }
    const length = (data[i + 2]! << 8) | data[i + 3]!;
    if (length < 2) return null;
    // SOF0-SOF15 but DHT (C4), JPG (C8) and DAC (CC): length, precision, height, width.
    if (m >= 0xc0 && m <= 0xcf && m !== 0xc4 && m !== 0xc8 && m !== 0xcc && width === 0 && i + 8 < data.length) {
      height = (data[i + 5]! << 8) | data[i + 6]!;
      width = (data[i + 7]! << 8) | data[i + 8]!;
    }
    i += 2 + length;
    if (m === 0xda) {
      scans += 1;
      while (i + 1 < data.length && !(data[i] === 0xff && data[i + 1] !== 0x00 && !(data[i + 1]! >= 0xd0 && data[i + 1]! <= 0xd7))) i += 1;
    }
  }
  return width > 0 ? { width, height, scans } : null;
}

function checkSize(width: number, height: number): void {
  if (!(width > 0 && height > 0)) throw new OcrImageError(`image has no pixels (${width}x${height})`);
  if (width > MAX_SIDE || height > MAX_SIDE || width * height > MAX_MEGAPIXELS * 1e6) {
    throw new OcrImageError(`image dimensions ${width}x${height} are beyond any plate photo`);
  }
}

/**
 * Decodes by content, not by the declared type: cameras and files mislabel images, and the
 * bytes are what the model will see. Throws OcrImageError for anything it will not read.
 */
export function decodeImage(image: OcrImage): Pixels {
  const { data } = image;
  if (!(data instanceof Uint8Array)) throw new OcrImageError('image data is not binary');
  if (data.length === 0) throw new OcrImageError('image is empty');
  if (data.length > MAX_IMAGE_BYTES) {
    throw new OcrImageError(`image is ${(data.length / 1048576).toFixed(1)} MB, over the 5 MB limit`);
  }
  const kind = sniff(data);
  if (kind === null) throw new OcrImageError(`not a JPEG or PNG image (declared ${image.mime || 'no type'})`);
  try {
    if (kind === 'png') {
      // The header's size is checked before decoding, so a tiny file claiming a gigapixel
      // image cannot make the decoder allocate it.
      if (data.length < 24) throw new OcrImageError('PNG is truncated');
      const view = new DataView(data.buffer, data.byteOffset, data.byteLength);
      checkSize(view.getUint32(16), view.getUint32(20));
      const png = PNG.sync.read(Buffer.from(data.buffer, data.byteOffset, data.byteLength));
      checkSize(png.width, png.height);
      return { width: png.width, height: png.height, rgba: new Uint8Array(png.data.buffer, png.data.byteOffset, png.data.byteLength) };
    }
    const shape = jpegShape(data);
    if (shape) {
      checkSize(shape.width, shape.height);
      const work = (Math.max(1, shape.scans) * shape.width * shape.height) / 1e6;
      if (work > MAX_SCAN_MEGAPIXELS) {
        throw new OcrImageError(
          `JPEG of ${shape.width}x${shape.height} in ${shape.scans} scans is too costly to decode (${work.toFixed(0)} scan-megapixels, limit ${MAX_SCAN_MEGAPIXELS})`,
        );
      }
    }
    const out = jpeg.decode(data, {
      useTArray: true,
      formatAsRGBA: true,
      maxResolutionInMP: MAX_MEGAPIXELS,
      maxMemoryUsageInMB: 512,
    });
    checkSize(out.width, out.height);
    return { width: out.width, height: out.height, rgba: out.data };
  } catch (err) {
    if (err instanceof OcrImageError) throw err;
    throw new OcrImageError(`cannot decode ${kind.toUpperCase()}: ${(err as Error).message ?? String(err)}`);
  }
}
