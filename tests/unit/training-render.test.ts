import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { describe, test } from 'node:test';
import zlib from 'node:zlib';
import { TRAINING_SITES, trainingCityGeoJSON, trainingCityGeoJSONText, type Position } from '../../electron/hub/training/city';
import { drawText, FONT_CHARACTERS } from '../../electron/hub/training/font';
import { crc32, encodePng, Raster } from '../../electron/hub/training/png';
import { int, mulberry32 } from '../../electron/hub/training/random';
import { renderOverviewPng, renderPlatePng, stateName, vehicleColour } from '../../electron/hub/training/render';
import { ICON_SIZES, SAMPLE_RATE } from '../../tools/make-assets';

const ROOT = path.resolve(__dirname, '../..');
const MAX_IMAGE_BYTES = 60 * 1024;

/** A strict reading of the PNGs we write: chunks, CRCs, header, and the unfiltered pixels. */
function decodePng(png: Buffer): { width: number; height: number; rgba: Uint8Array } {
  assert.deepEqual([...png.subarray(0, 8)], [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a], 'PNG signature');
  const chunks: { type: string; data: Buffer }[] = [];
  for (let off = 8; off < png.length; ) {
    const len = png.readUInt32BE(off);
    const type = png.toString('latin1', off + 4, off + 8);
    const data = png.subarray(off + 8, off + 8 + len);
    assert.equal(png.readUInt32BE(off + 8 + len), crc32(png.subarray(off + 4, off + 8 + len)), `${type} CRC`);
    chunks.push({ type, data });
    off += 12 + len;
  }
  assert.equal(chunks[0]?.type, 'IHDR');
  assert.equal(chunks.at(-1)?.type, 'IEND');
  const ihdr = chunks[0]!.data;
  const width = ihdr.readUInt32BE(0);
  const height = ihdr.readUInt32BE(4);
  assert.deepEqual([...ihdr.subarray(8)], [8, 6, 0, 0, 0], 'RGBA, 8 bits, no interlace');
  const raw = zlib.inflateSync(Buffer.concat(chunks.filter((c) => c.type === 'IDAT').map((c) => c.data)));
  const stride = width * 4;
  assert.equal(raw.length, height * (1 + stride), 'IDAT length');
  const rgba = new Uint8Array(width * height * 4);
  for (let y = 0; y < height; y++) {
    const filter = raw[y * (stride + 1)]!;
    assert.ok(filter <= 4, `filter type ${filter}`);
    for (let i = 0; i < stride; i++) {
      const a = i >= 4 ? rgba[y * stride + i - 4]! : 0;
      const b = y > 0 ? rgba[(y - 1) * stride + i]! : 0;
      const c = i >= 4 && y > 0 ? rgba[(y - 1) * stride + i - 4]! : 0;
      const p = a + b - c;
      const [pa, pb, pc] = [Math.abs(p - a), Math.abs(p - b), Math.abs(p - c)];
      const predicted = [0, a, b, (a + b) >> 1, pa <= pb && pa <= pc ? a : pb <= pc ? b : c][filter]!;
      rgba[y * stride + i] = (raw[y * (stride + 1) + 1 + i]! + predicted) & 0xff;
    }
  }
  return { width, height, rgba };
}

describe('PNG encoder', () => {
  test('round-trips pixels exactly, whichever filters it picks', () => {
    const rand = mulberry32(7);
    const [w, h] = [37, 23];
    const rgba = new Uint8Array(w * h * 4);
    // Noise, flat runs and gradients, so that every filter type wins somewhere.
    for (let i = 0; i < rgba.length; i++) {
      const y = Math.floor(i / (w * 4));
      rgba[i] = y < 8 ? int(rand, 0, 255) : y < 16 ? 200 : (i * 3 + y * 5) & 0xff;
    }
    const decoded = decodePng(encodePng(w, h, rgba));
    assert.equal(decoded.width, w);
    assert.equal(decoded.height, h);
    assert.deepEqual(decoded.rgba, rgba);
  });

  test('refuses a buffer of the wrong length', () => {
    assert.throws(() => encodePng(2, 2, new Uint8Array(15)), /expected 16 bytes/);
  });
});

describe('training images', () => {
  const plates = ['7ABC123', '8B0O5S1', 'A', 'ABCDEFGH12', '6GZ2I1'];

  test('plate crops are valid 240x120 PNGs under 60 KB', () => {
    for (const [i, plate] of plates.entries()) {
      for (const seed of [i, 1000 + i, 0xfffffff0 + i]) {
        const png = renderPlatePng({ plate, state: ['CA', 'NV', 'TX', 'ZZ', 'MA'][i]!, seed });
        const { width, height } = decodePng(png);
        assert.deepEqual([width, height], [240, 120]);
        assert.ok(png.length < MAX_IMAGE_BYTES, `${plate} seed ${seed}: ${png.length} bytes`);
      }
    }
  });

  test('overviews are valid 480x270 PNGs under 60 KB, by day and by night', () => {
    for (const [i, plate] of plates.entries()) {
      for (const time of ['14:05:00', '23:40:12']) {
        const png = renderOverviewPng({
          plate,
          state: 'CA',
          vehicle: ['2015 Honda Civic, white', 'Ford F-150 black', '', 'silver Tahoe', 'red'][i]!,
          seed: 50 + i,
          caption: `Main St & 5th Ave NB 2026-11-25 ${time}Z`,
        });
        const { width, height } = decodePng(png);
        assert.deepEqual([width, height], [480, 270]);
        assert.ok(png.length < MAX_IMAGE_BYTES, `${plate} at ${time}: ${png.length} bytes`);
      }
    }
  });

  test('the same seed gives the same image; another seed another', () => {
    const plate = (seed: number) => renderPlatePng({ plate: '7ABC123', state: 'CA', seed });
    const overview = (seed: number) =>
      renderOverviewPng({ plate: '7ABC123', state: 'CA', vehicle: 'white Civic', seed, caption: 'cam-07 12:00' });
    assert.deepEqual(plate(42), plate(42));
    assert.notDeepEqual(plate(42), plate(43));
    assert.deepEqual(overview(42), overview(42));
    assert.notDeepEqual(overview(42), overview(43));
  });

  test('the plate text is drawn: different plates give different crops for one seed', () => {
    assert.notDeepEqual(
      renderPlatePng({ plate: '7ABC123', state: 'CA', seed: 5 }),
      renderPlatePng({ plate: '7ABC128', state: 'CA', seed: 5 }),
    );
  });

  test('state names and vehicle colours', () => {
    assert.equal(stateName('CA'), 'CALIFORNIA');
    assert.equal(stateName('ny'), 'NEW YORK');
    assert.equal(stateName('ZZ'), 'ZZ');
    assert.deepEqual(vehicleColour('2015 Honda Civic, white'), vehicleColour('WHITE'));
    assert.notDeepEqual(vehicleColour('black Ford'), vehicleColour('silver Ford'));
    assert.equal(vehicleColour('2015 Honda Civic'), undefined);
  });
});

describe('plate font', () => {
  test('draws every plate character', () => {
    for (const ch of 'ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789') assert.ok(FONT_CHARACTERS.includes(ch), ch);
  });

  test('look-alikes are closer than most pairs, yet never the same', () => {
    const ink = (ch: string) => {
      const r = Raster.supersampled(28, 44, 2, [255, 255, 255]);
      drawText(r, ch, 2, 2, { height: 40, width: 24, stroke: 5, gap: 0 }, [0, 0, 0]);
      const small = r.downsample(2);
      return Array.from({ length: 28 * 44 }, (_, i) => 1 - small.rgba[i * 4]! / 255);
    };
    const difference = (a: string, b: string) => {
      const [x, y] = [ink(a), ink(b)];
      return x.reduce((sum, v, i) => sum + Math.abs(v - y[i]!), 0) / x.length;
    };
    const alphabet = [...'ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789'];
    for (const [a, b] of [['0', 'O'], ['8', 'B'], ['1', 'I'], ['5', 'S'], ['2', 'Z'], ['6', 'G']] as const) {
      const others = alphabet.filter((c) => c !== a).map((c) => difference(a, c)).sort((p, q) => p - q);
      const median = others[Math.floor(others.length / 2)]!;
      const d = difference(a, b);
      assert.ok(d > 0.03, `${a} and ${b} are nearly identical (${d.toFixed(3)})`);
      assert.ok(d < median, `${a} and ${b} differ more (${d.toFixed(3)}) than most pairs (${median.toFixed(3)})`);
    }
  });
});

describe('training city', () => {
  const city = trainingCityGeoJSON();
  const streets = city.features.flatMap((f) => (f.geometry.type === 'LineString' ? [{ name: f.properties.name, line: f.geometry.coordinates }] : []));
  const cameras = city.features.flatMap((f) => (f.properties.kind === 'camera' && f.geometry.type === 'Point' ? [{ ...f.properties, at: f.geometry.coordinates }] : []));

  function distanceToLine([x, y]: Position, line: Position[]): number {
    let best = Infinity;
    for (let i = 1; i < line.length; i++) {
      const [x0, y0] = line[i - 1]!;
      const [x1, y1] = line[i]!;
      const len2 = (x1 - x0) ** 2 + (y1 - y0) ** 2;
      const t = len2 === 0 ? 0 : Math.max(0, Math.min(1, ((x - x0) * (x1 - x0) + (y - y0) * (y1 - y0)) / len2));
      best = Math.min(best, Math.hypot(x - (x0 + t * (x1 - x0)), y - (y0 + t * (y1 - y0))));
    }
    return best;
  }

  test('has 20 to 40 named streets, water and parks, centred near 37.80, -121.27', () => {
    assert.ok(streets.length >= 20 && streets.length <= 40, `${streets.length} streets`);
    assert.equal(new Set(streets.map((s) => s.name)).size, streets.length, 'street names are unique');
    const kinds = new Set(city.features.map((f) => f.properties.kind));
    assert.ok(kinds.has('water') && kinds.has('park'));
    for (const f of city.features) {
      if (f.geometry.type === 'Polygon') {
        const ring = f.geometry.coordinates[0]!;
        assert.deepEqual(ring[0], ring.at(-1), `${f.properties.name} is closed`);
      }
    }
    const [west, south, east, north] = city.bbox;
    assert.ok(Math.abs((south + north) / 2 - 37.8) < 0.01 && Math.abs((west + east) / 2 + 121.27) < 0.01);
  });

  test('has at least 12 camera sites with unique ids, each on both of its streets', () => {
    assert.ok(cameras.length >= 12, `${cameras.length} cameras`);
    assert.equal(new Set(cameras.map((c) => c.id)).size, cameras.length, 'camera ids are unique');
    const [west, south, east, north] = city.bbox;
    for (const c of cameras) {
      const [lon, lat] = c.at;
      assert.ok(lon >= west && lon <= east && lat >= south && lat <= north, `${c.id} lies in the city`);
      assert.match(c.direction, /^(NB|SB|EB|WB)$/);
      const names = c.name.split(' & ');
      assert.equal(names.length, 2, `${c.id} is named for an intersection: ${c.name}`);
      for (const name of names) {
        const street = streets.find((s) => s.name === name);
        assert.ok(street, `${c.id}: no street named ${name}`);
        assert.ok(distanceToLine(c.at, street.line) < 1e-9, `${c.id} is not on ${name}`);
      }
    }
  });

  test('TRAINING_SITES are the camera features', () => {
    assert.deepEqual(
      TRAINING_SITES.map((s) => ({ id: s.id, name: s.name, direction: s.direction, at: [s.lon, s.lat] })),
      cameras.map((c) => ({ id: c.id, name: c.name, direction: c.direction, at: c.at })),
    );
  });

  test('the committed GeoJSON is what tools/make-assets.ts writes', () => {
    const committed = fs.readFileSync(path.join(ROOT, 'assets/geo/training-city.geojson'), 'utf8');
    assert.equal(committed, trainingCityGeoJSONText(), 'run `npm run assets` after changing city.ts');
    assert.deepEqual(JSON.parse(committed), city);
  });
});

describe('generated assets', () => {
  for (const name of ['alert', 'escalate']) {
    test(`${name}.wav is 16-bit mono PCM at 22050 Hz, at most 1.2 s, loud and click-free`, () => {
      const wav = fs.readFileSync(path.join(ROOT, `assets/sounds/${name}.wav`));
      assert.equal(wav.toString('latin1', 0, 4), 'RIFF');
      assert.equal(wav.readUInt32LE(4), wav.length - 8);
      assert.equal(wav.toString('latin1', 8, 16), 'WAVEfmt ');
      assert.equal(wav.readUInt32LE(16), 16);
      assert.equal(wav.readUInt16LE(20), 1, 'PCM');
      assert.equal(wav.readUInt16LE(22), 1, 'mono');
      assert.equal(wav.readUInt32LE(24), SAMPLE_RATE);
      assert.equal(wav.readUInt32LE(28), SAMPLE_RATE * 2, 'byte rate');
      assert.equal(wav.readUInt16LE(32), 2, 'block align');
      assert.equal(wav.readUInt16LE(34), 16, 'bits per sample');
      assert.equal(wav.toString('latin1', 36, 40), 'data');
      const bytes = wav.readUInt32LE(40);
      assert.equal(bytes, wav.length - 44);
      const seconds = bytes / 2 / SAMPLE_RATE;
      assert.ok(seconds > 0.3 && seconds <= 1.2, `${seconds} s`);
      const samples = Array.from({ length: bytes / 2 }, (_, i) => wav.readInt16LE(44 + i * 2));
      const peak = Math.max(...samples.map(Math.abs));
      assert.ok(peak > 16000 && peak < 32767, `peak ${peak}`);
      assert.ok(Math.abs(samples[0]!) < 100 && Math.abs(samples.at(-1)!) < 100, 'starts and ends at silence');
    });
  }

  test('icons exist at every size electron-builder and the tray use', () => {
    const expected: [string, number][] = [
      ['build/icon.png', 512],
      ...ICON_SIZES.map((s): [string, number] => [`build/icons/${s}x${s}.png`, s]),
      ['assets/icons/tray.png', 32],
      ['assets/icons/tray-alert.png', 32],
    ];
    for (const [file, size] of expected) {
      const { width, height } = decodePng(fs.readFileSync(path.join(ROOT, file)));
      assert.deepEqual([width, height], [size, size], file);
    }
  });
});
