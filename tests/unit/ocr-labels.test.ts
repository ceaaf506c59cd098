// The benchmark labels the photo contradicts are corrected (tools/ocr-model/data/
// label-corrections.tsv), for the evaluation as for training, and a correction that no longer
// matches the benchmark stops the run instead of overwriting a label silently.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { platesAvailable, readPhotos, validationPhotos, PLATES_DIR } from '../../tools/ocr-model/plates';

const skip = platesAvailable() ? false : `no benchmark photos at ${PLATES_DIR}`;

function fakeBenchmark(labels: Record<string, string>): string {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'plates-'));
  fs.mkdirSync(path.join(root, 'us'));
  for (const [name, plate] of Object.entries(labels)) {
    fs.writeFileSync(path.join(root, 'us', name.replace(/\.jpg$/, '.txt')), `${name}\t10\t10\t80\t40\t${plate}\n`);
  }
  return root;
}

test('corrected labels: the photos read as they show; the benchmark labels stay available', { skip }, () => {
  const show = (labels?: 'benchmark') => new Map(readPhotos(undefined, labels).map((p) => [p.name, p.plate]));
  const corrected = show();
  const benchmark = show('benchmark');
  assert.equal(corrected.get('wts-lg-000159.jpg'), '59321P1');
  assert.equal(corrected.get('wts-lg-000085.jpg'), 'BDJ0529');
  assert.equal(benchmark.get('wts-lg-000159.jpg'), '59E21P1');
  assert.equal(benchmark.get('wts-lg-000085.jpg'), '5DJ0529');
  const changed = [...benchmark].filter(([name, plate]) => corrected.get(name) !== plate);
  assert.equal(changed.length, 2, 'only the two listed labels change');
  // Neither is in the held-out set every model card figure uses.
  const fold0 = validationPhotos(readPhotos()).map((p) => p.name);
  assert.ok(!fold0.includes('wts-lg-000159.jpg') && !fold0.includes('wts-lg-000085.jpg'));
  assert.ok(validationPhotos(readPhotos(), 3).some((p) => p.plate === '59321P1'));
});

test('a correction that no longer matches the benchmark, or names a missing photo, is an error', () => {
  const changed = fakeBenchmark({ 'wts-lg-000159.jpg': '59X21P1', 'wts-lg-000085.jpg': '5DJ0529' });
  const missing = fakeBenchmark({ 'wts-lg-000159.jpg': '59E21P1' });
  try {
    assert.throws(() => readPhotos(changed), /wts-lg-000159\.jpg is labelled 59X21P1 in the benchmark, not 59E21P1/);
    assert.equal(readPhotos(changed, 'benchmark').length, 2);
    assert.throws(() => readPhotos(missing), /no such photo: us\/wts-lg-000085\.jpg/);
  } finally {
    fs.rmSync(changed, { recursive: true, force: true });
    fs.rmSync(missing, { recursive: true, force: true });
  }
});
