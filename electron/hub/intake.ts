/**
 * Hit intake: the one path by which a hit enters the hub, whether a camera system posted it
 * to `POST /hits` or the training simulator made it up. Validates, decodes the images, stores
 * the hit before anything is answered, then tells the console pumps there is more to send.
 */
import crypto from 'node:crypto';
import type { z } from 'zod';
import {
  describeIssues,
  MAX_IMAGE_BYTES,
  postedHitSchema,
  type PostedHit,
  type WireImage,
} from '../contract/hub';
import type { HubStore } from './store';

export interface IntakeResult {
  status: 202 | 400 | 409 | 413;
  body: Record<string, unknown>;
}

export type Intake = (jsonText: string) => Promise<IntakeResult>;

/**
 * A posted body read as JSON and checked against its schema: the data, or the 400 to answer
 * (`malformed JSON` with the parser's words, or `error` with every problem named).
 */
export function parsePosted<S extends z.ZodTypeAny>(
  jsonText: string,
  schema: S,
  error: string,
): { ok: true; data: z.infer<S> } | { ok: false; refused: IntakeResult } {
  if (nestedDeeperThan(jsonText, MAX_JSON_DEPTH)) {
    const detail = `arrays and objects nested more than ${MAX_JSON_DEPTH} deep: no hit or read is`;
    return { ok: false, refused: { status: 400, body: { error: 'malformed JSON', detail } } };
  }
  let json: unknown;
  try {
    json = JSON.parse(jsonText);
  } catch (err) {
    return { ok: false, refused: { status: 400, body: { error: 'malformed JSON', detail: (err as Error).message } } };
  }
  const parsed = schema.safeParse(json);
  if (!parsed.success) return { ok: false, refused: { status: 400, body: { error, problems: describeIssues(parsed.error) } } };
  return { ok: true, data: parsed.data as z.infer<S> };
}

/** Hits and reads nest five levels deep at most; this leaves room for any later field. */
export const MAX_JSON_DEPTH = 32;

/**
 * Whether a JSON text nests arrays and objects deeper than `max`, found before parsing it:
 * JSON.parse of 14 MB of "[[[[..." costs the hub 2 s of its one thread before the schema can
 * refuse it. Strings (images are most of a body) are skipped with indexOf; the scan stops at
 * the first level too deep. Malformed text is left for JSON.parse to describe.
 */
export function nestedDeeperThan(text: string, max: number): boolean {
  let depth = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 0x22 /* " */) {
      let end = text.indexOf('"', i + 1);
      // A quote preceded by an odd run of backslashes is inside the string.
      for (;;) {
        if (end === -1) return false;
        let slashes = 0;
        while (text.charCodeAt(end - 1 - slashes) === 0x5c) slashes++;
        if (slashes % 2 === 0) break;
        end = text.indexOf('"', end + 1);
      }
      i = end;
    } else if (c === 0x5b /* [ */ || c === 0x7b /* { */) {
      if (++depth > max) return true;
    } else if (c === 0x5d /* ] */ || c === 0x7d /* } */) {
      depth--;
    }
  }
  return false;
}

/**
 * Standard base64, padded, no whitespace. Checked without a repeating group: a regular
 * expression of the form (?:x{4})* overflows V8's backtracking stack on inputs of a few MB,
 * and a 4 MB image (under the 5 MB limit) then failed as a 500 and its hit was never stored.
 */
function isStrictBase64(text: string): boolean {
  if (text.length % 4 !== 0) return false;
  const pad = text.endsWith('==') ? 2 : text.endsWith('=') ? 1 : 0;
  return !/[^A-Za-z0-9+/]/.test(text.slice(0, text.length - pad));
}
const PNG_MAGIC = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
const JPEG_MAGIC = Buffer.from([0xff, 0xd8, 0xff]);
const MAGIC: Record<WireImage['mime'], Buffer> = { 'image/png': PNG_MAGIC, 'image/jpeg': JPEG_MAGIC };
const IMAGE_ROLES = ['plate', 'overview'] as const;

export function createIntake(store: HubStore, onStored: (seq: number) => void): Intake {
  return async (jsonText) => {
    const parsed = parsePosted(jsonText, postedHitSchema, 'invalid hit');
    if (!parsed.ok) return parsed.refused;
    const decoded = decodeImages(parsed.data.images);
    if ('tooLarge' in decoded) {
      return { status: 413, body: { error: 'image too large', problems: decoded.tooLarge } };
    }
    if ('invalid' in decoded) {
      return { status: 400, body: { error: 'invalid hit', problems: decoded.invalid } };
    }
    const { id = crypto.randomUUID(), images: _posted, ...hit } = parsed.data;
    const stored = await store.insertHit({
      id,
      receivedAt: new Date().toISOString(),
      hit,
      images: decoded.images,
    });
    if (stored.conflict) {
      return {
        status: 409,
        body: { error: 'id already used', detail: `hit id ${stored.id} is already a different read (${stored.conflict}); nothing was stored: post this read under a new id` },
      };
    }
    if (stored.created) onStored(stored.seq);
    return { status: 202, body: { id: stored.id, seq: stored.seq } };
  };
}

type Decoded =
  | { images: { plate: WireImage; overview: WireImage } }
  | { tooLarge: string[] }
  | { invalid: string[] };

function decodeImages(posted: PostedHit['images']): Decoded {
  const tooLarge: string[] = [];
  const invalid: string[] = [];
  const images: Partial<Record<(typeof IMAGE_ROLES)[number], WireImage>> = {};
  for (const role of IMAGE_ROLES) {
    const d = decodeImage(posted[role], `images.${role}`);
    if ('tooLarge' in d) tooLarge.push(d.tooLarge);
    else if ('invalid' in d) invalid.push(d.invalid);
    else images[role] = d.image;
  }
  if (tooLarge.length) return { tooLarge };
  if (invalid.length || !images.plate || !images.overview) return { invalid };
  return { images: { plate: images.plate, overview: images.overview } };
}

/**
 * One posted image: its bytes, or why it is refused (`tooLarge` for a 413). Used for both
 * images of a hit and the optional images of plain reads (`POST /reads`). The size follows
 * from the text alone, so an oversized image is refused before megabytes are allocated for it.
 */
export function decodeImage(
  posted: { mime: WireImage['mime']; base64: string },
  field: string,
): { image: WireImage } | { tooLarge: string } | { invalid: string } {
  const size = base64ByteLength(posted.base64);
  if (size > MAX_IMAGE_BYTES) return { tooLarge: `${field}.base64: the image is ${size} bytes; at most ${MAX_IMAGE_BYTES} are accepted` };
  if (!isStrictBase64(posted.base64)) return { invalid: `${field}.base64: not valid base64 (standard alphabet, padded, no whitespace)` };
  const data = Buffer.from(posted.base64, 'base64');
  const magic = MAGIC[posted.mime];
  if (data.length < magic.length || !data.subarray(0, magic.length).equals(magic)) {
    return { invalid: `${field}.mime: declared ${posted.mime} but the data is not a ${posted.mime === 'image/png' ? 'PNG' : 'JPEG'} image` };
  }
  return { image: { mime: posted.mime, data } };
}

function base64ByteLength(text: string): number {
  const padding = text.endsWith('==') ? 2 : text.endsWith('=') ? 1 : 0;
  return Math.floor((text.length * 3) / 4) - padding;
}
