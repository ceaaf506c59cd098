import fs from 'node:fs';
import path from 'node:path';
import type { HubHit, PostedHit } from '../../electron/contract/hub';

export const SHARED_PLATES = path.resolve(__dirname, '..', '..', '..', 'shared', 'data', 'plates');

/** A small valid PNG (1x1), for tests where the picture does not matter. */
export const TINY_PNG = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==',
  'base64',
);

let counter = 0;

export function postedHit(over: Partial<PostedHit> = {}, image: Buffer = TINY_PNG, mime: 'image/png' | 'image/jpeg' = 'image/png'): PostedHit {
  counter += 1;
  const plate = over.read?.plate ?? `7TST${String(counter % 1000).padStart(3, '0')}`;
  return {
    capturedAt: new Date().toISOString(),
    camera: { id: 'cam-07', name: 'Main St & 5th Ave', lat: 37.8, lon: -121.27, direction: 'NB' },
    read: { plate, state: 'CA', confidence: 0.91 },
    images: {
      plate: { mime, base64: image.toString('base64') },
      overview: { mime, base64: image.toString('base64') },
    },
    matches: [
      {
        list: 'SVS',
        reason: 'Stolen vehicle',
        priority: 'high',
        plate,
        state: 'CA',
        vehicle: '2015 Honda Civic, white',
        notes: 'Owner: Jane Roe, reported 11/24',
        listUpdatedAt: new Date(Date.now() - 3600_000).toISOString(),
      },
    ],
    ...over,
  };
}

/** The same hit as the hub pushes it. */
export function hubHit(seq: number, over: Partial<PostedHit> = {}): HubHit {
  const p = postedHit(over);
  return {
    id: p.id ?? `hit-${seq}`,
    seq,
    receivedAt: new Date().toISOString(),
    capturedAt: p.capturedAt,
    camera: p.camera,
    read: p.read,
    matches: p.matches,
    images: {
      plate: { mime: 'image/png', data: TINY_PNG },
      overview: { mime: 'image/png', data: TINY_PNG },
    },
  };
}

/** A real photo from ../shared/data/plates with its plate box and text. */
export function realPlate(name = 'us/car1'): { photo: Buffer; box: [number, number, number, number]; plate: string } {
  const [dir, base] = name.split('/') as [string, string];
  const line = fs.readFileSync(path.join(SHARED_PLATES, dir, `${base}.txt`), 'utf8').trim().split(/\s+/);
  return {
    photo: fs.readFileSync(path.join(SHARED_PLATES, dir, `${base}.jpg`)),
    box: [Number(line[1]), Number(line[2]), Number(line[3]), Number(line[4])],
    plate: line[5]!,
  };
}
