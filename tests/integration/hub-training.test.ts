import assert from 'node:assert/strict';
import { test } from 'node:test';
import zlib from 'node:zlib';
import { hotlistMatchSchema, hubHitSchema, postedHitSchema } from '../../electron/contract/hub';
import { TRAINING_SITES } from '../../electron/hub/training/city';
import { trainingHotlist } from '../../electron/hub/training/hotlist';
import {
  LOOK_ALIKES,
  MISREAD_SHARE,
  planTrainingHit,
  trainingHitBody,
} from '../../electron/hub/training/simulator';
import { connectConsole, startTestHub, until, type Json } from './hub-fixtures';

test('training mode posts hits at once and keeps posting: valid hits, real PNGs, known sites', async (t) => {
  const hub = await startTestHub({ training: { ratePerMinute: 600, seed: 7, reads: 0 } });
  t.after(() => hub.close());
  assert.equal(await hub.store.hitCount(), 1, 'one hit is there before startHub resolves');

  const hits: Json[] = [];
  const socket = await connectConsole(hub, {}, (hit, ack) => {
    hits.push(hit);
    ack({ ok: true });
  });
  t.after(() => socket.close());
  await until(() => hits.length >= 3, 10_000, 'three training hits');

  const siteIds = new Set(TRAINING_SITES.map((s) => s.id));
  for (const hit of hits) {
    const parsed = hubHitSchema.safeParse(hit);
    assert.ok(parsed.success, JSON.stringify(parsed.error?.issues));
    assert.ok(siteIds.has(hit.camera.id));
    for (const role of ['plate', 'overview'] as const) {
      assert.equal(hit.images[role].mime, 'image/png');
      assertValidPng(Buffer.from(hit.images[role].data), `hit ${hit.seq} ${role}`);
    }
  }
  assert.deepEqual(
    hits.map((h) => h.seq),
    hits.map((_, i) => i + 1),
  );

  const hotlist = await hub.store.hotlist();
  assert.ok(hotlist.length >= 40);
  assert.deepEqual(
    [...new Set(hotlist.map((e) => e.list))].sort(),
    ['Amber alert', 'Felony want', 'Local BOLO', 'SVS', 'Stolen plate'],
  );
});

test('the training hotlist: varied lists, vehicle descriptions, some stale, about 15 % cleared', () => {
  const now = new Date('2026-11-25T12:00:00Z');
  const hotlist = trainingHotlist(now);
  assert.deepEqual(trainingHotlist(now), hotlist, 'the same on every start');
  assert.ok(hotlist.length >= 40);
  assert.equal(new Set(hotlist.map((e) => e.plate)).size, hotlist.length, 'plates are unique');
  for (const e of hotlist) {
    const { id: _id, cleared: _cleared, ...match } = e;
    assert.ok(hotlistMatchSchema.safeParse(match).success, `${e.id} is a valid match`);
    assert.match(e.vehicle ?? '', /^(19|20)\d\d [A-Z][\w-]*( [\w-]+)+, [a-z]+$/);
    assert.ok(e.reason && e.notes);
  }
  assert.ok(hotlist.some((e) => /^\d[A-Z]{3}\d{3}$/.test(e.plate) && e.state === 'CA'), 'California plates');
  assert.ok(hotlist.some((e) => e.state !== 'CA'), 'plates from other states');
  assert.deepEqual([...new Set(hotlist.map((e) => e.priority))].sort(), ['high', 'low', 'medium']);
  const stale = hotlist.filter((e) => now.getTime() - Date.parse(e.listUpdatedAt) > 24 * 3_600_000);
  assert.ok(stale.length >= 2 && stale.length < hotlist.length / 2, `${stale.length} stale`);
  const cleared = hotlist.filter((e) => e.cleared).length / hotlist.length;
  assert.ok(cleared > 0.1 && cleared < 0.2, `${cleared} cleared`);
});

test('about 15 % of training hits are misreads: the camera read the listed plate, the car carries one a look-alike character away', () => {
  const now = new Date('2026-11-25T12:00:00Z');
  const hotlist = trainingHotlist(now);
  const plans = Array.from({ length: 200 }, (_, i) => planTrainingHit(7, i, now, hotlist));
  assert.deepEqual(planTrainingHit(7, 5, now, hotlist), plans[5], 'deterministic from seed and index');
  assert.notDeepEqual(planTrainingHit(8, 5, now, hotlist), plans[5], 'another seed, another session');

  let misreads = 0;
  for (const plan of plans) {
    const listed = plan.entry.plate;
    assert.equal(plan.read.plate, listed, 'a hit is a read that matched the list');
    const read = plan.imagePlate;
    if (read === listed) continue;
    misreads += 1;
    assert.equal(read.length, listed.length);
    const diffs = [...read].flatMap((c, i) => (c === listed[i] ? [] : [i]));
    assert.equal(diffs.length, 1, `${read} vs ${listed}`);
    const at = diffs[0]!;
    assert.equal(LOOK_ALIKES[listed[at]!], read[at], `${listed[at]} -> ${read[at]} is a look-alike pair`);
  }
  const share = misreads / plans.length;
  assert.ok(Math.abs(share - MISREAD_SHARE) < 0.07, `misread share ${share}`);

  const body = trainingHitBody(plans.find((p) => p.imagePlate !== p.entry.plate)!);
  assert.ok(postedHitSchema.safeParse(body).success);
  assert.equal(body.read.plate, body.matches[0]!.plate, 'the camera read is the listed plate; only the image shows the car is another');
});

/** Checks the signature, every chunk's CRC, and that IDAT inflates to exactly the raster IHDR declares. */
function assertValidPng(png: Buffer, what: string): void {
  assert.ok(png.subarray(0, 8).equals(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])), `${what}: signature`);
  let offset = 8;
  let width = 0;
  let height = 0;
  let channels = 0;
  const idat: Buffer[] = [];
  let ended = false;
  while (offset < png.length) {
    const length = png.readUInt32BE(offset);
    const type = png.toString('latin1', offset + 4, offset + 8);
    const data = png.subarray(offset + 8, offset + 8 + length);
    assert.equal(png.readUInt32BE(offset + 8 + length), crc32(png.subarray(offset + 4, offset + 8 + length)), `${what}: ${type} CRC`);
    if (type === 'IHDR') {
      width = data.readUInt32BE(0);
      height = data.readUInt32BE(4);
      assert.equal(data[8], 8, `${what}: 8-bit`);
      channels = ({ 0: 1, 2: 3, 4: 2, 6: 4 } as Record<number, number>)[data[9]!] ?? 0;
      assert.ok(channels > 0, `${what}: colour type`);
    }
    if (type === 'IDAT') idat.push(data);
    if (type === 'IEND') ended = true;
    offset += 12 + length;
  }
  assert.ok(ended && width > 0 && height > 0, `${what}: IHDR and IEND`);
  assert.equal(zlib.inflateSync(Buffer.concat(idat)).length, height * (1 + width * channels), `${what}: pixel data`);
}

function crc32(data: Buffer): number {
  let c = 0xffffffff;
  for (const byte of data) {
    c ^= byte;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  }
  return (c ^ 0xffffffff) >>> 0;
}
