/**
 * ocr_ms_per_plate: one decoded plate crop preprocessed and read by the shipped reader as the
 * product reads it (the first member, and the other members only for crops it doubts; see
 * CONFIDENT_READ), single-threaded onnxruntime sessions, in the calling thread; baseline: the
 * preprocessing alone, on the same crops. ocr_all_members_ms_per_plate: the same with every
 * member run on every crop (the worst case: a night of doubtful crops). The crops are the
 * held-out photos, repeated: on photos the models trained on, the first member is surer than
 * it would be on a camera's, and the figure would flatter the ensemble.
 * ocr_decode_ms_per_plate: decoding the crop's JPEG (pure JS) that comes before it, reported
 * apart because it depends on the camera's image size and quality, not on the model. Best of
 * several rounds over ~200 crops: the figure is the reader's cost, not the machine's other
 * load.
 */
import { PlateOcr, readFrom } from '../../electron/core/ocr/engine';
import { decodeImage, type OcrImage, type Pixels } from '../../electron/core/ocr/image';
import { cropPlate, encodeJpeg, platesAvailable, readPhotos, validationPhotos } from '../../tools/ocr-model/plates';
import { line, type BenchLine } from './stats';

export async function benchOcr(options: { plates?: number; rounds?: number } = {}): Promise<BenchLine[]> {
  if (!platesAvailable()) throw new Error('ocr bench needs the benchmark photos in ../shared/data/plates');
  const count = options.plates ?? 200;
  const rounds = options.rounds ?? 5;
  const photos = validationPhotos(readPhotos());
  const jpegs: OcrImage[] = [];
  const crops: Pixels[] = [];
  for (let i = 0; crops.length < count; i++) {
    const crop = cropPlate(photos[i % photos.length]!);
    crops.push(crop);
    jpegs.push({ mime: 'image/jpeg', data: encodeJpeg(crop) });
  }
  const ocr = await PlateOcr.open({ threads: 1 });
  try {
    for (const crop of crops.slice(0, 20)) readFrom(await ocr.evidence(ocr.preparePixels(crop), undefined, true));
    let full = Infinity;
    let every = Infinity;
    let prep = Infinity;
    let decode = Infinity;
    for (let r = 0; r < rounds; r++) {
      let t = performance.now();
      for (const image of jpegs) decodeImage(image);
      decode = Math.min(decode, (performance.now() - t) / count);
      t = performance.now();
      for (const crop of crops) ocr.preparePixels(crop);
      prep = Math.min(prep, (performance.now() - t) / count);
      t = performance.now();
      for (const crop of crops) await ocr.readPrepared(ocr.preparePixels(crop));
      full = Math.min(full, (performance.now() - t) / count);
      t = performance.now();
      for (const crop of crops) readFrom(await ocr.evidence(ocr.preparePixels(crop), undefined, true));
      every = Math.min(every, (performance.now() - t) / count);
    }
    return [
      line('ocr_ms_per_plate', full, 'ms', prep),
      line('ocr_all_members_ms_per_plate', every, 'ms', prep),
      line('ocr_decode_ms_per_plate', decode, 'ms', null),
    ];
  } finally {
    await ocr.close();
  }
}
