/**
 * ocr_ms_per_plate: one decoded plate crop preprocessed, run through the model on a
 * single-threaded onnxruntime session and CTC-decoded, in the calling thread; baseline: the
 * preprocessing alone, on the same crops. ocr_decode_ms_per_plate: decoding the crop's JPEG
 * (pure JS) that comes before it, reported apart because it depends on the camera's image
 * size and quality, not on the model. Best of several rounds over ~200 real crops: the figure
 * is the reader's cost, not the machine's other load.
 */
import { PlateOcr } from '../../electron/core/ocr/engine';
import { greedyDecode } from '../../electron/core/ocr/ctc';
import { decodeImage, type OcrImage, type Pixels } from '../../electron/core/ocr/image';
import { preprocess } from '../../electron/core/ocr/preprocess';
import { cropPlate, encodeJpeg, platesAvailable, readPhotos } from '../../tools/ocr-model/plates';
import { line, type BenchLine } from './stats';

export async function benchOcr(options: { plates?: number; rounds?: number } = {}): Promise<BenchLine[]> {
  if (!platesAvailable()) throw new Error('ocr bench needs the benchmark photos in ../shared/data/plates');
  const count = options.plates ?? 200;
  const rounds = options.rounds ?? 5;
  const photos = readPhotos();
  const jpegs: OcrImage[] = [];
  const crops: Pixels[] = [];
  for (let i = 0; crops.length < count; i++) {
    const crop = cropPlate(photos[i % photos.length]!);
    crops.push(crop);
    jpegs.push({ mime: 'image/jpeg', data: encodeJpeg(crop) });
  }
  const ocr = await PlateOcr.open({ threads: 1 });
  try {
    for (const crop of crops.slice(0, 20)) greedyDecode(await ocr.logProbs(preprocess(crop)));
    let full = Infinity;
    let prep = Infinity;
    let decode = Infinity;
    for (let r = 0; r < rounds; r++) {
      let t = performance.now();
      for (const image of jpegs) decodeImage(image);
      decode = Math.min(decode, (performance.now() - t) / count);
      t = performance.now();
      for (const crop of crops) preprocess(crop);
      prep = Math.min(prep, (performance.now() - t) / count);
      t = performance.now();
      for (const crop of crops) greedyDecode(await ocr.logProbs(preprocess(crop)));
      full = Math.min(full, (performance.now() - t) / count);
    }
    return [line('ocr_ms_per_plate', full, 'ms', prep), line('ocr_decode_ms_per_plate', decode, 'ms', null)];
  } finally {
    await ocr.close();
  }
}
