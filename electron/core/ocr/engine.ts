import * as ort from 'onnxruntime-node';
import { judge, MIN_CONTRAST, type Agreement } from './agreement';
import { bestRead, greedyDecode, logLikelihood, type DecodedChar, type LogProbs } from './ctc';
import { decodeImage, type OcrImage, type Pixels } from './image';
import { preprocess, type Prepared } from './preprocess';
import { INPUT_NAME, INPUT_W, normalizePlate, NUM_CLASSES, OUTPUT_NAME, modelPaths } from './spec';

export interface PlateRead {
  /** The model's read; '' when it sees no characters. */
  plate: string;
  /** P(plate | image) under the model (all CTC alignments; the members' geometric mean), 0..1. */
  confidence: number;
  chars: DecodedChar[];
}

export interface EngineOptions {
  /**
   * The model file, or the member files of an ensemble (first member first); defaults to the
   * shipped set (spec.MODEL_FILES).
   */
  modelPath?: string | readonly string[];
  /** onnxruntime intra-op threads; 1 keeps the reader to one core beside the rest of the app. */
  threads?: number;
}

/**
 * The first member alone decides when it is at least this sure of its read (P(read | image),
 * all alignments) and, when scoring, that read is the camera's: the other members run only
 * for crops it doubts or reads differently from the camera. Set before measuring: on the
 * held-out crops it skips the others for about 60 % of plates without changing any result.
 */
export const CONFIDENT_READ = 0.9;

/**
 * The model(s) and everything around them, in the calling thread. The product uses it through
 * PlateReader (a worker thread); benchmarks and tools use it directly.
 */
export class PlateOcr {
  private constructor(
    private readonly sessions: ort.InferenceSession[],
    /** The input height every member takes (rows of the [1, 1, H, 128] input). */
    readonly inputH: number,
  ) {}

  static async open(options: EngineOptions = {}): Promise<PlateOcr> {
    const sessions: ort.InferenceSession[] = [];
    const files = modelPaths(options.modelPath);
    try {
      for (const file of files) {
        sessions.push(
          await ort.InferenceSession.create(file, {
            intraOpNumThreads: options.threads ?? 1,
            interOpNumThreads: 1,
            executionMode: 'sequential',
            graphOptimizationLevel: 'all',
          }),
        );
      }
      return new PlateOcr(sessions, inputHeight(sessions, files));
    } catch (err) {
      await Promise.all(sessions.map((s) => s.release()));
      throw err;
    }
  }

  /** How many member models the reader has. */
  get members(): number {
    return this.sessions.length;
  }

  /** Decode and preprocess; throws OcrImageError for an image it will not read. */
  prepare(image: OcrImage): Prepared {
    return this.preparePixels(decodeImage(image));
  }

  /** Preprocess decoded pixels to this reader's input size. */
  preparePixels(pixels: Pixels): Prepared {
    return preprocess(pixels, this.inputH);
  }

  /** One member's per-column log-probabilities (the first member by default). */
  async logProbs(prepared: Prepared, member = 0): Promise<LogProbs> {
    const session = this.sessions[member];
    if (!session) throw new Error(`no member ${member}: the reader has ${this.sessions.length}`);
    if (prepared.input.length !== this.inputH * INPUT_W) {
      throw new Error(`a prepared input of ${prepared.input.length} values for a reader that takes ${this.inputH} x ${INPUT_W}`);
    }
    const feeds = { [INPUT_NAME]: new ort.Tensor('float32', prepared.input, [1, 1, this.inputH, INPUT_W]) };
    const out = (await session.run(feeds))[OUTPUT_NAME];
    if (!out || out.dims.length !== 3 || out.dims[2] !== NUM_CLASSES) {
      throw new Error(`model output ${OUTPUT_NAME} has shape [${out?.dims.join(', ')}], expected [1, T, ${NUM_CLASSES}]`);
    }
    return { data: out.data as Float32Array, steps: out.dims[1]!, classes: NUM_CLASSES };
  }

  /**
   * The members' log-probabilities for a crop, as read() and score() use them: the first
   * member's alone when the crop is blank, or when it is sure of its read (CONFIDENT_READ)
   * and that read is `cameraRead` (if given); otherwise every member's (`all` forces that).
   */
  async evidence(prepared: Prepared, cameraRead?: string, all = false): Promise<LogProbs[]> {
    const first = await this.logProbs(prepared);
    if (this.sessions.length === 1) return [first];
    if (!all) {
      if (prepared.contrast < MIN_CONTRAST) return [first];
      const read = greedyDecode(first).text;
      const sure = Math.exp(logLikelihood(first, read)) >= CONFIDENT_READ;
      if (sure && (cameraRead === undefined || normalizePlate(cameraRead) === read)) return [first];
    }
    const out = [first];
    for (let m = 1; m < this.sessions.length; m++) out.push(await this.logProbs(prepared, m));
    return out;
  }

  async readPrepared(prepared: Prepared): Promise<PlateRead> {
    return readFrom(await this.evidence(prepared));
  }

  async scorePrepared(prepared: Prepared, cameraRead: string): Promise<Agreement> {
    return judge(await this.evidence(prepared, cameraRead), prepared.contrast, cameraRead);
  }

  read(image: OcrImage): Promise<PlateRead> {
    return this.readPrepared(this.prepare(image));
  }

  score(image: OcrImage, cameraRead: string): Promise<Agreement> {
    return this.scorePrepared(this.prepare(image), cameraRead);
  }

  async close(): Promise<void> {
    await Promise.all(this.sessions.map((s) => s.release()));
  }
}

/**
 * The input height all members take, from each model's own input shape ([n, 1, H, 128]): a
 * file that is not a plate reader, or members that would need different inputs, are refused
 * when the reader opens rather than on every crop.
 */
function inputHeight(sessions: readonly ort.InferenceSession[], files: readonly string[]): number {
  let height: number | undefined;
  sessions.forEach((session, i) => {
    const meta = session.inputMetadata.find((m) => m.name === INPUT_NAME);
    const shape = meta?.isTensor ? meta.shape : undefined;
    const h = shape?.[2];
    if (!shape || shape.length !== 4 || shape[1] !== 1 || shape[3] !== INPUT_W || typeof h !== 'number' || h < 8 || h % 8 !== 0) {
      throw new Error(`${files[i]}: not a plate reader: its input "${INPUT_NAME}" is ${shape ? `[${shape.join(', ')}]` : 'missing'}, expected [n, 1, H, ${INPUT_W}] with H a multiple of 8`);
    }
    if (height !== undefined && h !== height) {
      throw new Error(`the reader's members take different input heights: ${height} rows, and ${h} in ${files[i]}`);
    }
    height = h;
  });
  return height!;
}

export function readFrom(members: readonly LogProbs[]): PlateRead {
  const best = bestRead(members);
  return { plate: best.text, confidence: Math.exp(best.score), chars: best.chars };
}
