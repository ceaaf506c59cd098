// The plate reader's worker thread: owns the onnxruntime session so that decoding and
// inference never run on the thread that handles hits and the UI.
import { parentPort, workerData } from 'node:worker_threads';
import { PlateOcr, type EngineOptions } from './engine';
import { OcrImageError, type OcrImage } from './image';

export type WorkerRequest =
  | { id: number; op: 'read'; image: OcrImage }
  | { id: number; op: 'score'; image: OcrImage; cameraRead: string };

export type WorkerReply =
  | { id: number; ok: true; result: unknown }
  | { id: number; ok: false; badImage: boolean; message: string };

const port = parentPort;
if (!port) throw new Error('electron/core/ocr/worker runs only as a worker thread');

let engine: Promise<PlateOcr> | null = null;

port.on('message', async (req: WorkerRequest) => {
  let reply: WorkerReply;
  try {
    engine ??= PlateOcr.open(workerData as EngineOptions);
    const ocr = await engine;
    const result = req.op === 'read' ? await ocr.read(req.image) : await ocr.score(req.image, req.cameraRead);
    reply = { id: req.id, ok: true, result };
  } catch (err) {
    const e = err as Error;
    reply = { id: req.id, ok: false, badImage: e instanceof OcrImageError, message: e.message ?? String(err) };
  }
  port.postMessage(reply);
});
