/**
 * Images for reads: what camera systems posted with a read, a hit's images for a hit's read,
 * and for the training history (which stores no pictures) a rendering of the read, seeded by
 * its id so the same read always looks the same. A read with none gets a grey frame that says
 * so where a hit must carry an image (a hit raised from it), and `null` in search thumbnails.
 */
import type { ReadResult, WireImage } from '../../contract/hub';
import type { HubStore } from '../store';
import { renderNoImagePng, renderOverviewPng, renderPlatePng, renderPlateThumbPng } from '../training/render';
import type { ReadSearcher } from './search';

const THUMB_CACHE = 2000;

export class ReadImages {
  private readonly thumbs = new Map<string, WireImage | null>();

  constructor(
    private readonly store: HubStore,
    private readonly searcher: ReadSearcher,
  ) {}

  /** A search thumbnail for a read result id (`r-12`, `t-345`); null when there is none. */
  async thumbnail(id: string, size: 'thumb' | 'full' = 'thumb'): Promise<WireImage | null> {
    const key = `${size}:${id}`;
    if (this.thumbs.has(key)) return this.thumbs.get(key)!;
    const found = await this.searcher.read(id);
    let image: WireImage | null = null;
    if (found?.source === 'training') {
      const opts = { plate: found.row.plate, state: found.row.state, seed: trainingSeed(found.row.id) };
      image = { mime: 'image/png', data: size === 'thumb' ? renderPlateThumbPng(opts) : renderPlatePng(opts) };
    } else if (found) {
      image = await this.store.readImage(found.row.id, 'plate');
    }
    if (this.thumbs.size >= THUMB_CACHE) this.thumbs.delete(this.thumbs.keys().next().value!);
    this.thumbs.set(key, image);
    return image;
  }

  /** The plate crop and overview a hit raised from this read carries (never missing). */
  async forHit(read: ReadResult, vehicle: string | undefined): Promise<{ plate: WireImage; overview: WireImage }> {
    const m = /^([rt])-(\d+)$/.exec(read.id);
    const n = Number(m?.[2] ?? 0);
    if (m?.[1] === 't') {
      const seed = trainingSeed(n);
      const caption = `${read.camera.name ?? read.camera.id} ${read.camera.direction ?? ''} ${read.capturedAt.slice(0, 19).replace('T', ' ')}Z`;
      return {
        plate: { mime: 'image/png', data: renderPlatePng({ plate: read.plate, state: read.state, seed }) },
        overview: {
          mime: 'image/png',
          data: renderOverviewPng({ plate: read.plate, state: read.state, vehicle: vehicle ?? '', seed, caption }),
        },
      };
    }
    const plate = m ? await this.store.readImage(n, 'plate') : null;
    const overview = m ? await this.store.readImage(n, 'overview') : null;
    return {
      plate: plate ?? noImage(240, 120, ['NO IMAGE HELD', `READ ${read.plate}`]),
      overview: overview ?? noImage(480, 270, ['NO OVERVIEW IMAGE HELD', 'FOR THIS READ']),
    };
  }
}

function trainingSeed(id: number): number {
  return (Math.imul(id, 0x9e3779b1) ^ 0x5eed) >>> 0;
}

function noImage(width: number, height: number, lines: string[]): WireImage {
  return { mime: 'image/png', data: renderNoImagePng(width, height, lines) };
}
