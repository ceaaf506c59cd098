/**
 * `reads:images`: the plate image of each read a search listed (ids from its results), as
 * thumbnails for the result list (`size: 'thumb'`, the default) or full crops. Training reads
 * are rendered on demand (they store no picture); a read with no image answers `image: null`.
 */
import { readImagesSchema, type ReadImagesAck } from '../../contract/hub';
import { parsePayload } from './ack';
import type { ConsoleEvent } from './events';

export const readsImages: ConsoleEvent = {
  name: 'reads:images',
  async handle(ctx, payload): Promise<ReadImagesAck> {
    const p = parsePayload('reads:images', readImagesSchema, payload);
    if (!p.ok) return p.ack;
    const images = [];
    for (const id of p.data.ids) images.push({ id, image: await ctx.services.images.thumbnail(id, p.data.size ?? 'thumb') });
    return { ok: true, images };
  },
};
