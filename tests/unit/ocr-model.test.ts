// The shipped plate model on real, held-out crops, through the product's worker, and the
// `npm run ocr` command. Needs ../shared/data/plates (the benchmark photos); skipped, saying
// so, where that folder is absent.
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { PNG } from 'pngjs';
import { OcrImageError, PlateReader, type OcrImage } from '../../electron/core/ocr';
import { describeModel } from '../../electron/core/ocr/module';
import { MODEL_FILES } from '../../electron/core/ocr/spec';
import { cropPlate, encodePng, platesAvailable, readPhotos, validationPhotos, PLATES_DIR } from '../../tools/ocr-model/plates';

const root = path.resolve(__dirname, '..', '..');
const skip = platesAvailable() ? false : `no benchmark photos at ${PLATES_DIR}`;
// The look-alike pairs, each way round.
const LOOKALIKE: Record<string, string> = { '0': 'O', O: '0', '8': 'B', B: '8', '1': 'I', I: '1', '5': 'S', S: '5', '2': 'Z', Z: '2', '6': 'G', G: '6' };

/** A figure from the claims table of MODEL_CARD.md: the shipped file must live up to it. */
function claimed(row: string): number {
  const card = fs.readFileSync(path.join(root, 'assets', 'models', 'MODEL_CARD.md'), 'utf8');
  const m = new RegExp(`^\\| ${row} \\| ([\\d.]+) % \\|`, 'm').exec(card);
  assert.ok(m, `MODEL_CARD.md has the row "| ${row} | N % |"`);
  return Number(m[1]);
}

function png(width: number, height: number, fill: (x: number, y: number) => number): OcrImage {
  const img = new PNG({ width, height });
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const v = fill(x, y);
      img.data.set([v, v, v, 255], (y * width + x) * 4);
    }
  }
  return { mime: 'image/png', data: new Uint8Array(PNG.sync.write(img)) };
}

test('the card file the console shows dispatchers describes the shipped models, with the model card figures', () => {
  const models = MODEL_FILES.map((f) => path.join(root, 'assets', 'models', f));
  const shas = models.map((m) => crypto.createHash('sha256').update(fs.readFileSync(m)).digest('hex'));
  const card = JSON.parse(fs.readFileSync(path.join(root, 'assets', 'models', 'plate-ocr.card.json'), 'utf8')) as Record<string, unknown>;
  assert.deepEqual(card.members, shas, 'plate-ocr.card.json names the shipped files, first member first');
  assert.equal(card.exactPercent, claimed('Exact whole-plate accuracy on held-out real US crops'));
  assert.equal(card.lookalikeFlaggedPercent, claimed('Look-alike substitutions flagged'));
  assert.equal(card.trueReadsFlaggedPercent, claimed('True reads flagged'));
  const described = describeModel(models);
  assert.ok(described);
  assert.equal(described.exactPercent, card.exactPercent);
  assert.equal(described.version, `plate-ocr ${shas.map((s) => s.slice(0, 12)).join('+')}`);
  // The card measured the set, not a member alone, nor the members in another order.
  assert.equal(describeModel(models[0]!), null);
  if (models.length > 1) assert.equal(describeModel([...models].reverse()), null);
  // Another file next to a card that does not name it: no figures are claimed for it.
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ocr-card-'));
  try {
    const copies = models.map((m) => path.join(dir, path.basename(m)));
    models.forEach((m, k) => fs.copyFileSync(m, copies[k]!));
    fs.copyFileSync(path.join(root, 'assets', 'models', 'plate-ocr.card.json'), path.join(dir, 'plate-ocr.card.json'));
    assert.ok(describeModel(copies), 'the same files elsewhere keep their figures');
    fs.appendFileSync(copies[copies.length - 1]!, Buffer.from([0]));
    assert.equal(describeModel(copies), null);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

const reader = new PlateReader();
after(() => reader.close());

const crops = skip
  ? []
  : validationPhotos(readPhotos()).map((p) => ({ photo: p, image: { mime: 'image/png', data: encodePng(cropPlate(p)) } }));
const reads = new Map<string, string>();

test('the shipped model reads the held-out real US crops at the accuracy its card claims', { skip }, async () => {
  let exact = 0;
  for (const { photo, image } of crops) {
    const r = await reader.read(image);
    reads.set(photo.name, r.plate);
    assert.ok(r.confidence >= 0 && r.confidence <= 1);
    assert.equal(r.chars.map((c) => c.char).join(''), r.plate);
    if (r.plate === photo.plate) exact++;
  }
  const percent = (100 * exact) / crops.length;
  assert.ok(crops.length >= 40, `validation set has ${crops.length} photos`);
  const claim = claimed('Exact whole-plate accuracy on held-out real US crops');
  assert.ok(percent + 0.05 >= claim, `read ${exact}/${crops.length} = ${percent.toFixed(1)} %, card claims ${claim} %`);
});

test('true reads agree; one look-alike substitution is flagged at its position', { skip }, async () => {
  let trueFlagged = 0;
  let subs = 0;
  let flagged = 0;
  for (const { photo, image } of crops) {
    const truth = photo.plate;
    const verdict = await reader.score(image, truth);
    if (reads.get(photo.name) === truth) assert.equal(verdict.kind, 'agrees', `${photo.name}: true read ${truth}`);
    if (verdict.kind === 'possible-misread') trueFlagged++;
    for (let i = 0; i < truth.length; i++) {
      const other = LOOKALIKE[truth[i]!];
      if (!other) continue;
      const wrong = truth.slice(0, i) + other + truth.slice(i + 1);
      const v = await reader.score(image, wrong);
      subs++;
      if (v.kind !== 'possible-misread') continue;
      flagged++;
      if (reads.get(photo.name) === truth) {
        // the model read the plate right, so the one difference is the substituted character
        assert.deepEqual(v.positions, [{ index: i, read: other, suggested: truth[i] }], `${photo.name}: camera ${wrong}`);
        assert.equal(v.modelRead, truth);
        assert.ok(v.support < 0.05);
      } else {
        assert.ok(v.positions.some((p) => p.index === i && p.read === other), `${photo.name}: camera ${wrong}, flagged ${JSON.stringify(v.positions)}`);
      }
    }
  }
  assert.ok(subs >= 100, `only ${subs} substitutions`);
  const flaggedPct = (100 * flagged) / subs;
  const trueFlaggedPct = (100 * trueFlagged) / crops.length;
  assert.ok(flaggedPct + 0.05 >= claimed('Look-alike substitutions flagged'), `${flagged}/${subs} substitutions flagged`);
  assert.ok(trueFlaggedPct - 0.05 <= claimed('True reads flagged'), `${trueFlagged}/${crops.length} true reads flagged`);
});

test('a blank or black image is unreadable', async () => {
  for (const level of [128, 0, 255]) {
    const verdict = await reader.score(png(120, 60, () => level), '7ABC123');
    assert.equal(verdict.kind, 'unreadable');
    assert.equal(verdict.kind === 'unreadable' && verdict.reason, 'blank-image');
  }
});

/**
 * A minimal progressive JPEG (one grey component) of side x side pixels whose `scans` AC scans
 * each end every block with end-of-band runs: tiny on disk, a full pass over the image each.
 */
function progressiveBomb(side: number, scans: number): Uint8Array {
  const parts: number[] = [0xff, 0xd8];
  const seg = (marker: number, body: number[]) => parts.push(0xff, marker, ((body.length + 2) >> 8) & 255, (body.length + 2) & 255, ...body);
  seg(0xdb, [0x00, ...new Array(64).fill(1)]);
  seg(0xc2, [8, side >> 8, side & 255, side >> 8, side & 255, 1, 1, 0x11, 0]);
  seg(0xc4, [0x10, 1, ...new Array(15).fill(0), 0xe0]);
  const symbols = Math.ceil(Math.ceil(side / 8) ** 2 / 32767);
  let bits = '';
  for (let i = 0; i < symbols; i++) bits += '0' + '1'.repeat(14);
  while (bits.length % 8) bits += '1';
  const entropy: number[] = [];
  for (let i = 0; i < bits.length; i += 8) {
    const b = parseInt(bits.slice(i, i + 8), 2);
    entropy.push(b, ...(b === 0xff ? [0] : []));
  }
  for (let s = 0; s < scans; s++) {
    seg(0xda, [1, 1, 0x00, 1, 63, 0]);
    parts.push(...entropy);
  }
  parts.push(0xff, 0xd9);
  return new Uint8Array(parts);
}

test('bad images get a clear error and the worker keeps serving', async () => {
  const bad: [OcrImage, RegExp][] = [
    [{ mime: 'image/jpeg', data: new Uint8Array(0) }, /empty/],
    [{ mime: 'image/jpeg', data: new TextEncoder().encode('not an image at all') }, /not a JPEG or PNG/],
    [{ mime: 'image/jpeg', data: new Uint8Array([0xff, 0xd8, 0xff, 0xe0, 0, 16, 1, 2, 3]) }, /cannot decode JPEG/],
    [{ mime: 'image/png', data: new Uint8Array(6 * 1024 * 1024) }, /over the 5 MB limit/],
  ];
  // a valid PNG header claiming 100000 x 100000 pixels
  const huge = png(4, 4, () => 0).data.slice();
  new DataView(huge.buffer).setUint32(16, 100_000);
  new DataView(huge.buffer).setUint32(20, 100_000);
  bad.push([{ mime: 'image/png', data: huge }, /beyond any plate photo/]);
  // A few kilobytes of progressive scans over a large frame: each scan is a pass over every
  // pixel, which held the reader for minutes before the scans were counted.
  bad.push([{ mime: 'image/jpeg', data: progressiveBomb(4000, 500) }, /in 500 scans is too costly to decode/]);
  const started = performance.now();
  for (const [image, message] of bad) {
    await assert.rejects(reader.read(image), (err: Error) => err instanceof OcrImageError && message.test(err.message));
  }
  assert.ok(performance.now() - started < 5000, 'refused without decoding');
  const ok = await reader.read(png(120, 60, (x) => (x % 20 < 10 ? 30 : 220)));
  assert.equal(typeof ok.plate, 'string');
});

test('npm run ocr reads a folder, reports the broken file and reads the rest', { skip }, () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ocr-cli-'));
  try {
    const picked = crops.slice(0, 3);
    picked.forEach(({ image }, k) => fs.writeFileSync(path.join(dir, `plate-${k}.png`), image.data));
    fs.writeFileSync(path.join(dir, 'broken.jpg'), 'this is not a jpeg');
    fs.writeFileSync(path.join(dir, 'notes.txt'), 'ignored: not an image name');
    // A dangling link (a crop deleted after it was linked) is one more bad file, not the end of the run.
    fs.symlinkSync(path.join(dir, 'deleted.jpg'), path.join(dir, 'gone.jpg'));
    const run = spawnSync('npm', ['run', '-s', 'ocr', '--', dir], { cwd: root, encoding: 'utf8', timeout: 60_000 });
    assert.equal(run.status, 0, run.stderr);
    const lines = run.stdout.trim().split('\n');
    assert.equal(lines.length, 3, run.stdout);
    picked.forEach(({ photo }, k) => {
      const [file, plate, confidence] = lines[k]!.split(',');
      assert.equal(file, path.join(dir, `plate-${k}.png`));
      assert.equal(plate, reads.get(photo.name));
      assert.match(confidence!, /^(0\.\d{3}|1\.000)$/);
    });
    assert.match(run.stderr, /broken\.jpg: not a JPEG or PNG image/);
    assert.match(run.stderr, /gone\.jpg: a link to a file that does not exist/);
    assert.doesNotMatch(run.stdout + run.stderr, /notes\.txt/);

    const none = spawnSync('npm', ['run', '-s', 'ocr', '--', path.join(dir, 'broken.jpg')], { cwd: root, encoding: 'utf8', timeout: 60_000 });
    assert.equal(none.status, 1);
    assert.equal(none.stdout, '');
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

test('warming loads the models ahead of the first read; a model that cannot load fails the warm-up with the reason', async () => {
  const fresh = new PlateReader();
  try {
    await fresh.warm();
    const verdict = await fresh.score(png(120, 60, () => 128), '7ABC123');
    assert.equal(verdict.kind, 'unreadable');
  } finally {
    await fresh.close();
  }
  const missing = new PlateReader({ modelPath: path.join(os.tmpdir(), 'no-such-plate-model.onnx') });
  try {
    await assert.rejects(missing.warm(), /plate reader: .*no-such-plate-model/);
  } finally {
    await missing.close();
  }
});

test('an image the reader cannot finish within its time limit is given up as unreadable, and the hits after it are still read', async () => {
  // 24 megapixels of flat grey: a legal image that takes the decoder about a second here.
  const big = new PNG({ width: 6000, height: 4000 });
  big.data.fill(128);
  const costly: OcrImage = { mime: 'image/png', data: new Uint8Array(PNG.sync.write(big)) };
  const limited = new PlateReader({ timeLimitMs: 250 });
  try {
    await limited.warm();
    const first = limited.score(costly, '7ABC123');
    // Queued behind it: read by a fresh worker once the first is given up.
    const next = limited.score(png(120, 60, () => 128), '7ABC123');
    await assert.rejects(first, (err: Error) => err instanceof OcrImageError && /took longer than 0\.3 s; the plate reader gave up on it/.test(err.message));
    assert.equal((await next).kind, 'unreadable');
    // Given the time, a reader reads it: the limit is on time, not a size rule.
    const patient = new PlateReader({ timeLimitMs: 60_000 });
    try {
      assert.equal((await patient.read(costly)).plate, '');
    } finally {
      await patient.close();
    }
  } finally {
    await limited.close();
  }
});
