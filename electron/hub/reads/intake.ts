/**
 * `POST /reads`: plain reads from camera systems, `{reads: [...]}` (postedReadsSchema), up to
 * 500 at once, images optional, each read kept once per its optional `id`. All of a batch is kept or none (a bad one refuses the batch
 * with its index and field named). Kept reads are searchable at once and checked against the
 * officers' entries in force; the answer lists the hits they raised.
 */
import { postedReadsSchema, type WireImage } from '../../contract/hub';
import { decodeImage, parsePosted, type IntakeResult } from '../intake';
import type { OfficerHits } from '../officer-hits';
import type { HubStore, NewRead } from '../store';

export type ReadsIntake = (jsonText: string) => Promise<IntakeResult>;

export function createReadsIntake(store: HubStore, officerHits: OfficerHits): ReadsIntake {
  return async (jsonText) => {
    const parsed = parsePosted(jsonText, postedReadsSchema, 'invalid reads');
    if (!parsed.ok) return parsed.refused;
    const reads: NewRead[] = [];
    const tooLarge: string[] = [];
    const invalid: string[] = [];
    parsed.data.reads.forEach((r, i) => {
      let images: NewRead['images'];
      if (r.images) {
        const decoded: Partial<Record<'plate' | 'overview', WireImage>> = {};
        for (const role of ['plate', 'overview'] as const) {
          const posted = r.images[role];
          if (!posted) continue;
          const d = decodeImage(posted, `reads.${i}.images.${role}`);
          if ('tooLarge' in d) tooLarge.push(d.tooLarge);
          else if ('invalid' in d) invalid.push(d.invalid);
          else decoded[role] = d.image;
        }
        if (decoded.plate) images = { plate: decoded.plate, ...(decoded.overview ? { overview: decoded.overview } : {}) };
      }
      reads.push({
        plate: r.read.plate,
        state: r.read.state,
        cameraId: r.camera.id,
        capturedAt: Date.parse(r.capturedAt),
        confidence: r.read.confidence,
        ...(r.id !== undefined ? { clientId: r.id } : {}),
        ...(images ? { images } : {}),
      });
    });
    if (tooLarge.length) return { status: 413, body: { error: 'image too large', problems: tooLarge } };
    if (invalid.length) return { status: 400, body: { error: 'invalid reads', problems: invalid } };
    await store.upsertCameras(parsed.data.reads.map((r) => r.camera));
    const kept = await store.addReadsOnce(reads);
    // A read sent again (same id) was checked against the entries when it first came.
    const ids = kept.filter((k) => k.fresh).map((k) => k.id);
    const hits = await officerHits.checkNewReads(ids, new Date());
    const duplicates = kept.length - ids.length;
    return { status: 202, body: { stored: ids.length, hits, ...(duplicates ? { duplicates } : {}) } };
  };
}
