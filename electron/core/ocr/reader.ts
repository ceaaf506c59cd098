import type { Worker } from 'node:worker_threads';
import { startWorker } from '../util/worker';
import type { Agreement } from './agreement';
import type { EngineOptions, PlateRead } from './engine';
import { MAX_IMAGE_BYTES, OcrImageError, type OcrImage } from './image';
import type { WorkerReply, WorkerRequest } from './worker';

interface Pending {
  resolve: (value: unknown) => void;
  reject: (err: Error) => void;
}

type Job = { op: 'read'; image: OcrImage } | { op: 'score'; image: OcrImage; cameraRead: string } | { op: 'warm' };


/**
 * Reads plate crops with the shipped model in a worker thread, started by `warm()` or on
 * first use. Calls queue in order; a bad image rejects with OcrImageError and leaves the
 * worker running; a worker that dies rejects what it held and is replaced on the next call.
 * The worker does not keep the process alive while idle.
 */
export class PlateReader {
  private live: { worker: Worker; pending: Map<number, Pending> } | null = null;
  private nextId = 1;

  constructor(private readonly options: EngineOptions = {}) {}

  read(image: OcrImage): Promise<PlateRead> {
    return this.call({ op: 'read', image }) as Promise<PlateRead>;
  }

  /** How well `image` supports the camera's read `cameraRead`. */
  score(image: OcrImage, cameraRead: string): Promise<Agreement> {
    return this.call({ op: 'score', image, cameraRead }) as Promise<Agreement>;
  }

  /**
   * Starts the worker and loads the models now, while the console is idle, so the first hit
   * of a shift does not wait for them or share the CPU with them.
   */
  async warm(): Promise<void> {
    await this.call({ op: 'warm' });
  }

  async close(): Promise<void> {
    const live = this.live;
    this.live = null;
    if (live) await live.worker.terminate();
  }

  private call(job: Job): Promise<unknown> {
    if (job.op !== 'warm') {
      const { data } = job.image;
      if (!(data instanceof Uint8Array)) return Promise.reject(new OcrImageError('image data is not binary'));
      // Refused here so an oversized buffer is never copied to the worker.
      if (data.length > MAX_IMAGE_BYTES) {
        return Promise.reject(new OcrImageError(`image is ${(data.length / 1048576).toFixed(1)} MB, over the 5 MB limit`));
      }
    }
    const { worker, pending } = this.ensureWorker();
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      pending.set(id, { resolve, reject });
      worker.ref();
      worker.postMessage({ id, ...job } as WorkerRequest);
    });
  }

  private ensureWorker(): { worker: Worker; pending: Map<number, Pending> } {
    if (this.live) return this.live;
    const worker = startWorker(__dirname, 'worker', this.options);
    // Each worker settles only its own calls, so a dying worker's late 'exit' cannot reject
    // calls already sent to its replacement.
    const pending = new Map<number, Pending>();
    const live = { worker, pending };
    worker.on('message', (reply: WorkerReply) => {
      const p = pending.get(reply.id);
      if (!p) return;
      pending.delete(reply.id);
      if (pending.size === 0) worker.unref();
      if (reply.ok) p.resolve(reply.result);
      else p.reject(reply.badImage ? new OcrImageError(reply.message) : new Error(`plate reader: ${reply.message}`));
    });
    const fail = (err: Error) => {
      if (this.live === live) this.live = null;
      for (const p of pending.values()) p.reject(err);
      pending.clear();
    };
    worker.on('error', (err) => fail(new Error(`plate reader worker failed: ${err.message}`)));
    worker.on('exit', (code) => fail(new Error(`plate reader worker exited with code ${code}`)));
    worker.unref();
    this.live = live;
    return live;
  }
}
