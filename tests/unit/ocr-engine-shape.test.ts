// The reader takes its input size from its model files: a reader trained at another height
// (train.py --input-h) is read at that height, and a file that is not a plate reader, or
// members that would need different inputs, are refused when the reader opens, by name.
// Fixtures: tools/ocr-model/make_shape_fixtures.py (tiny untrained models; only shapes matter).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import { PNG } from 'pngjs';
import { PlateOcr } from '../../electron/core/ocr/engine';
import { defaultModelPaths, INPUT_H, INPUT_W } from '../../electron/core/ocr/spec';

const fixtures = path.resolve(__dirname, '..', '..', 'tools', 'ocr-model', 'fixtures');
const rows48 = path.join(fixtures, 'reader-48rows.onnx');
const notReader = path.join(fixtures, 'not-a-reader.onnx');

function crop(width: number, height: number) {
  const img = new PNG({ width, height });
  for (let i = 0; i < width * height; i++) img.data.set([(i * 7) % 251, 90, 40, 255], i * 4);
  return { mime: 'image/png' as const, data: new Uint8Array(PNG.sync.write(img)) };
}

test('the shipped reader takes 32 rows; a reader trained at 48 rows prepares and reads crops at 48', async () => {
  const shipped = await PlateOcr.open();
  try {
    assert.equal(shipped.inputH, INPUT_H);
    assert.equal(shipped.prepare(crop(90, 45)).input.length, INPUT_H * INPUT_W);
  } finally {
    await shipped.close();
  }
  const tall = await PlateOcr.open({ modelPath: rows48 });
  try {
    assert.equal(tall.inputH, 48);
    const prepared = tall.prepare(crop(90, 45));
    assert.equal(prepared.input.length, 48 * INPUT_W);
    const read = await tall.read(crop(90, 45));
    assert.equal(typeof read.plate, 'string');
    assert.ok(read.confidence >= 0 && read.confidence <= 1);
  } finally {
    await tall.close();
  }
});

test('a 32-row input given to a 48-row reader is refused, not fed to the model', async () => {
  const [shipped, tall] = await Promise.all([PlateOcr.open(), PlateOcr.open({ modelPath: rows48 })]);
  try {
    await assert.rejects(tall.logProbs(shipped.prepare(crop(90, 45))), /4096 values for a reader that takes 48 x 128/);
  } finally {
    await Promise.all([shipped.close(), tall.close()]);
  }
});

test('a model file that is not a plate reader is refused when the reader opens, naming the file', async () => {
  await assert.rejects(PlateOcr.open({ modelPath: notReader }), (err: Error) => {
    assert.match(err.message, /not-a-reader\.onnx: not a plate reader: its input "input" is \[n, 3, 8, 8\], expected \[n, 1, H, 128\]/);
    return true;
  });
});

test('members that take different input heights are refused together', async () => {
  await assert.rejects(
    PlateOcr.open({ modelPath: [defaultModelPaths()[0]!, rows48] }),
    /members take different input heights: 32 rows, and 48 in .*reader-48rows\.onnx/,
  );
});
