// The product's preprocessing against the numbers training computes (fixture written by
// tools/ocr-model/make_parity_fixture.py): a drift here silently costs accuracy.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { decodeImage } from '../../electron/core/ocr/image';
import { preprocess } from '../../electron/core/ocr/preprocess';
import { INPUT_H, INPUT_W, STD_FLOOR } from '../../electron/core/ocr/spec';

interface Fixture {
  inputH: number;
  inputW: number;
  stdFloor: number;
  cases: { width: number; height: number; png: string; brightness: number; contrast: number; input: number[] }[];
}

const fixture = JSON.parse(
  fs.readFileSync(path.join(__dirname, '..', '..', 'tools', 'ocr-model', 'fixtures', 'preprocess-parity.json'), 'utf8'),
) as Fixture;

test('input geometry and contrast floor match training', () => {
  assert.deepEqual([fixture.inputH, fixture.inputW, fixture.stdFloor], [INPUT_H, INPUT_W, STD_FLOOR]);
});

for (const c of fixture.cases) {
  test(`preprocessing a ${c.width}x${c.height} crop matches training to 1e-3`, () => {
    const pixels = decodeImage({ mime: 'image/png', data: new Uint8Array(Buffer.from(c.png, 'base64')) });
    assert.deepEqual([pixels.width, pixels.height], [c.width, c.height]);
    const out = preprocess(pixels);
    assert.ok(Math.abs(out.brightness - c.brightness) < 1e-6, `brightness ${out.brightness} vs ${c.brightness}`);
    assert.ok(Math.abs(out.contrast - c.contrast) < 1e-6, `contrast ${out.contrast} vs ${c.contrast}`);
    let worst = 0;
    for (let i = 0; i < c.input.length; i++) worst = Math.max(worst, Math.abs(out.input[i]! - c.input[i]!));
    assert.ok(worst < 1e-3, `largest difference ${worst}`);
  });
}
