import * as ort from 'onnxruntime-node';
import { judge, type Agreement } from './agreement';
import { greedyDecode, logLikelihood, type DecodedChar, type LogProbs } from './ctc';
import { decodeImage, type OcrImage } from './image';
import { preprocess, type Prepared } from './preprocess';
import { defaultModelPath, INPUT_H, INPUT_NAME, INPUT_W, NUM_CLASSES, OUTPUT_NAME } from './spec';

export interface PlateRead {
  /** The model's read; '' when it sees no characters. */
  plate: string;
  /** P(plate | image) under the model (all CTC alignments), 0..1. */
  confidence: number;
  chars: DecodedChar[];
}

export interface EngineOptions {
  modelPath?: string;
  /** onnxruntime intra-op threads; 1 keeps the reader to one core beside the rest of the app. */
  threads?: number;
}

/**
 * The model and everything around it, in the calling thread. The product uses it through
 * PlateReader (a worker thread); benchmarks and tools use it directly.
 */
export class PlateOcr {
  private constructor(private readonly session: ort.InferenceSession) {}

  static async open(options: EngineOptions = {}): Promise<PlateOcr> {
    const session = await ort.InferenceSession.create(options.modelPath ?? defaultModelPath(), {
      intraOpNumThreads: options.threads ?? 1,
      interOpNumThreads: 1,
      executionMode: 'sequential',
      graphOptimizationLevel: 'all',
    });
    return new PlateOcr(session);
  }

  /** Decode and preprocess; throws OcrImageError for an image it will not read. */
  prepare(image: OcrImage): Prepared {
    return preprocess(decodeImage(image));
  }

  async logProbs(prepared: Prepared): Promise<LogProbs> {
    const feeds = { [INPUT_NAME]: new ort.Tensor('float32', prepared.input, [1, 1, INPUT_H, INPUT_W]) };
    const out = (await this.session.run(feeds))[OUTPUT_NAME];
    if (!out || out.dims.length !== 3 || out.dims[2] !== NUM_CLASSES) {
      throw new Error(`model output ${OUTPUT_NAME} has shape [${out?.dims.join(', ')}], expected [1, T, ${NUM_CLASSES}]`);
    }
    return { data: out.data as Float32Array, steps: out.dims[1]!, classes: NUM_CLASSES };
  }

  async read(image: OcrImage): Promise<PlateRead> {
    const lp = await this.logProbs(this.prepare(image));
    return readFrom(lp);
  }

  async score(image: OcrImage, cameraRead: string): Promise<Agreement> {
    const prepared = this.prepare(image);
    return judge(await this.logProbs(prepared), prepared.contrast, cameraRead);
  }

  async close(): Promise<void> {
    await this.session.release();
  }
}

export function readFrom(lp: LogProbs): PlateRead {
  const decoded = greedyDecode(lp);
  return { plate: decoded.text, confidence: Math.exp(logLikelihood(lp, decoded.text)), chars: decoded.chars };
}
