import type { Worker } from 'node:worker_threads';
import { startWorker } from '../util/worker';
import type { Agreement } from './agreement';
import type { EngineOptions, PlateRead } from './engine';
import { MAX_IMAGE_BYTES, OcrImageError, type OcrImage } from './image';
import type { WorkerReply, WorkerRequest } from './worker';

type Job = { op: 'read'; image: OcrImage } | { op: 'score'; image: OcrImage; cameraRead: string } | { op: 'warm' };

interface Queued {
  job: Job;
  resolve: (value: unknown) => void;
  reject: (err: Error) => void;
}

interface InFlight extends Queued {
  id: number;
  worker: Worker;
  timer: NodeJS.Timeout | null;
}

export interface ReaderOptions extends EngineOptions {
  /**
   * The longest one image may take, from when the worker starts on it (models loaded) to its
   * answer. Beyond it the image is given up as unreadable and the worker is replaced, so one
   * image no decoder finishes cannot hold the second readings of the hits after it.
   */
  timeLimitMs?: number;
}

/** A plate crop reads in about 2 ms and the largest image accepted (40 MP) in a few seconds. */
export const DEFAULT_TIME_LIMIT_MS = 15_000;

/**
 * Reads plate crops with the shipped model in a worker thread, started by `warm()` or on
 * first use. Calls run one at a time, in order; a bad image rejects with OcrImageError and
 * leaves the worker running; an image over the time limit rejects with OcrImageError and the
 * worker is replaced; a worker that dies rejects the call it held and the next call starts a
 * new one. The worker does not keep the process alive while idle.
 */
export class PlateReader {
  private live: Worker | null = null;
  private readonly waiting: Queued[] = [];
  private inFlight: InFlight | null = null;
  private nextId = 1;
  private readonly timeLimitMs: number;
  private readonly engine: EngineOptions;

  constructor(options: ReaderOptions = {}) {
    const { timeLimitMs = DEFAULT_TIME_LIMIT_MS, ...engine } = options;
    this.timeLimitMs = timeLimitMs;
    this.engine = engine;
  }

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
    const worker = this.live;
    this.live = null;
    const closed = new Error('plate reader closed');
    for (const q of this.waiting.splice(0)) q.reject(closed);
    this.finish(this.inFlight?.id ?? -1, (f) => f.reject(closed));
    if (worker) await worker.terminate();
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
    return new Promise((resolve, reject) => {
      this.waiting.push({ job, resolve, reject });
      this.next();
    });
  }

  /** Sends the next waiting call, when none is in flight. */
  private next(): void {
    if (this.inFlight || this.waiting.length === 0) return;
    const queued = this.waiting.shift()!;
    const worker = this.ensureWorker();
    const id = this.nextId++;
    this.inFlight = { ...queued, id, worker, timer: null };
    worker.ref();
    worker.postMessage({ id, ...queued.job } as WorkerRequest);
  }

  /** Settles the call in flight if it is `id`, then sends the next. */
  private finish(id: number, settle: (f: InFlight) => void): void {
    const f = this.inFlight;
    if (!f || f.id !== id) return;
    if (f.timer) clearTimeout(f.timer);
    this.inFlight = null;
    settle(f);
    if (this.waiting.length === 0) f.worker.unref();
    this.next();
  }

  /** The worker began on call `id` (its models are loaded): the time limit runs from now. */
  private started(id: number): void {
    const f = this.inFlight;
    if (!f || f.id !== id || f.job.op === 'warm') return;
    f.timer = setTimeout(() => {
      // Only a decoder that never returns gets here (plate crops take milliseconds), so the
      // worker is in JavaScript, where terminating it is safe, not inside an inference.
      if (this.live === f.worker) this.live = null;
      void f.worker.terminate();
      this.finish(id, (x) =>
        x.reject(new OcrImageError(`reading this image took longer than ${(this.timeLimitMs / 1000).toFixed(1)} s; the plate reader gave up on it`)),
      );
    }, this.timeLimitMs);
  }

  private ensureWorker(): Worker {
    if (this.live) return this.live;
    const worker = startWorker(__dirname, 'worker', this.engine);
    worker.on('message', (reply: WorkerReply) => {
      if ('started' in reply) this.started(reply.id);
      else if (reply.ok) this.finish(reply.id, (f) => f.resolve(reply.result));
      else this.finish(reply.id, (f) => f.reject(reply.badImage ? new OcrImageError(reply.message) : new Error(`plate reader: ${reply.message}`)));
    });
    // A worker settles only the call it holds, so a dying worker's late 'exit' cannot reject
    // a call already sent to its replacement.
    const fail = (err: Error) => {
      if (this.live === worker) this.live = null;
      if (this.inFlight?.worker === worker) this.finish(this.inFlight.id, (f) => f.reject(err));
    };
    worker.on('error', (err) => fail(new Error(`plate reader worker failed: ${err.message}`)));
    worker.on('exit', (code) => fail(new Error(`plate reader worker exited with code ${code}`)));
    worker.unref();
    this.live = worker;
    return worker;
  }
}
