// The plate reader's worker thread: owns the onnxruntime session so that decoding and
// inference never run on the thread that handles hits and the UI.
import { parentPort, workerData } from 'node:worker_threads';
import jpeg from 'jpeg-js';
import { PlateOcr, type EngineOptions } from './engine';
import { OcrImageError, type OcrImage } from './image';

export type WorkerRequest =
  | { id: number; op: 'read'; image: OcrImage }
  | { id: number; op: 'score'; image: OcrImage; cameraRead: string }
  /** Load the models now and run each once (nothing is read). */
  | { id: number; op: 'warm' };

export type WorkerReply =
  /** Sent once the models are loaded and the work on this request begins (the time limit starts). */
  | { id: number; started: true }
  | { id: number; ok: true; result: unknown }
  | { id: number; ok: false; badImage: boolean; message: string };

const port = parentPort;
if (!port) throw new Error('electron/core/ocr/worker runs only as a worker thread');

let engine: Promise<PlateOcr> | null = null;

/**
 * Scores a grey gradient as a JPEG once, so that the first hit does not pay for onnxruntime's
 * first run and the first JPEG decode and scoring (tens of ms before they are compiled).
 */
async function warmUp(ocr: PlateOcr): Promise<null> {
  const width = 128;
  const height = 32;
  const data = Buffer.alloc(width * height * 4);
  for (let i = 0; i < width * height; i++) data.fill(64 + (i % width), i * 4, i * 4 + 4);
  await ocr.score({ mime: 'image/jpeg', data: new Uint8Array(jpeg.encode({ width, height, data }, 80).data) }, 'WARM123');
  return null;
}

port.on('message', async (req: WorkerRequest) => {
  let reply: WorkerReply;
  try {
    engine ??= PlateOcr.open(workerData as EngineOptions);
    const ocr = await engine;
    port.postMessage({ id: req.id, started: true } satisfies WorkerReply);
    const result =
      req.op === 'warm' ? await warmUp(ocr) : req.op === 'read' ? await ocr.read(req.image) : await ocr.score(req.image, req.cameraRead);
    reply = { id: req.id, ok: true, result };
  } catch (err) {
    const e = err as Error;
    reply = { id: req.id, ok: false, badImage: e instanceof OcrImageError, message: e.message ?? String(err) };
  }
  port.postMessage(reply);
});
