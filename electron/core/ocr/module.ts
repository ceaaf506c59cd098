/**
 * The second reading of every hit's plate image (issue 7), off the UI's path: when the hub
 * client has stored and announced new hits (the core's own listener sends `hits:new` and the
 * alert first), their ids go on a queue; the PlateReader worker scores each plate image
 * against the camera's read; the result is stored per hit (hit_ocr) and sent as a
 * `hits:updated` event carrying `secondReading`. A hit whose scoring fails works as before:
 * its second reading says `unavailable`. At start, open hits not scored yet (arrived while
 * the console was down, or scored while the model was missing) are scored.
 */
import crypto from 'node:crypto';
import fs from 'node:fs';
import { HIT_STATUSES, isEnded, type HitStatus, type ReaderModel, type SecondReading } from '../../contract';
import type { CoreContext, CoreModule } from '../context';
import { OcrImageError, type OcrImage } from './image';
import { PlateReader } from './reader';
import { failedReading, fromAgreement, writeSecondReading } from './second-reading';
import { modelPaths } from './spec';

export interface OcrModuleOptions {
  /** The ONNX model, or an ensemble's member files; defaults to the shipped set in assets/models. */
  modelPath?: string | readonly string[];
}

/**
 * The reader's version and, when its card (`<first member>.card.json`) names exactly these
 * member files by SHA-256, in order, the card's measured figures. Throws when a file cannot
 * be read.
 */
export function describeModel(modelPath: string | readonly string[]): ReaderModel | null {
  const files = modelPaths(modelPath);
  const shas = files.map((f) => crypto.createHash('sha256').update(fs.readFileSync(f)).digest('hex'));
  const version = `plate-ocr ${shas.map((s) => s.slice(0, 12)).join('+')}`;
  const cardPath = files[0]!.replace(/\.onnx$/, '.card.json');
  try {
    const card = JSON.parse(fs.readFileSync(cardPath, 'utf8')) as Record<string, unknown>;
    if (!Array.isArray(card.members) || card.members.join(',') !== shas.join(',')) return null;
    return {
      version,
      exactPercent: Number(card.exactPercent),
      lookalikeFlaggedPercent: Number(card.lookalikeFlaggedPercent),
      trueReadsFlaggedPercent: Number(card.trueReadsFlaggedPercent),
      heldOutCrops: Number(card.heldOutCrops),
    };
  } catch {
    return null;
  }
}

/** A reading scored and waiting to be stored. */
interface Scored {
  hitId: string;
  reading: SecondReading;
  elapsed: number;
}

/** Readings are stored in batches of up to this many, at most once per STORE_EVERY_MS. */
const STORE_BATCH = 64;
const STORE_EVERY_MS = 250;

export interface OcrModule extends CoreModule<never> {
  /** Queues hits for scoring (already-scored ones are scored again). */
  enqueue(hitIds: readonly string[]): void;
  /** Resolves when the queue is empty and nothing is being scored (tests, shutdown). */
  idle(): Promise<void>;
}

export function ocrModule(ctx: CoreContext, options: OcrModuleOptions = {}): OcrModule {
  const modelPath = modelPaths(options.modelPath);
  let reader: PlateReader | null = null;
  let model: { ok: true; info: ReaderModel | null } | { ok: false; reason: string } | null = null;
  const queue: string[] = [];
  const queued = new Set<string>();
  let running = false;
  let stopped = false;
  let idleWaiters: (() => void)[] = [];
  let loggedFailure = false;
  let lastStoreAt = -Infinity;
  let warming: Promise<void> | null = null;

  const loadModel = () => {
    if (model) return model;
    try {
      model = { ok: true, info: describeModel(modelPath) };
    } catch (err) {
      model = { ok: false, reason: `the plate reading model cannot be loaded (${(err as NodeJS.ErrnoException).code ?? (err as Error).message})` };
    }
    return model;
  };

  const hitInput = (hitId: string): { plate: string; status: HitStatus; image: OcrImage | null } | null => {
    const hit = ctx.db.prepare('SELECT read_plate, status FROM hits WHERE id = ?').get(hitId) as { read_plate: string; status: HitStatus } | undefined;
    if (!hit) return null;
    const img = ctx.db.prepare("SELECT mime, data FROM hit_images WHERE hit_id = ? AND kind = 'plate'").get(hitId) as
      | { mime: string; data: Buffer }
      | undefined;
    return { plate: hit.read_plate, status: hit.status, image: img ? { mime: img.mime, data: new Uint8Array(img.data) } : null };
  };

  const scoreOne = async (hitId: string): Promise<Scored | null> => {
    const input = hitInput(hitId);
    if (!input) return null;
    const at = () => ctx.now().toISOString();
    const started = performance.now();
    let reading: SecondReading;
    const m = loadModel();
    if (!m.ok) {
      reading = failedReading(input.plate, 'unavailable', m.reason, null, at());
    } else if (!input.image) {
      reading = failedReading(input.plate, 'unreadable', 'the hit came without a plate image', m.info, at());
    } else {
      reader ??= new PlateReader({ modelPath });
      try {
        reading = fromAgreement(input.plate, await reader.score(input.image, input.plate), m.info, at());
      } catch (err) {
        if (err instanceof OcrImageError) {
          reading = failedReading(input.plate, 'unreadable', `the plate image cannot be read: ${err.message}`, m.info, at());
        } else {
          if (!loggedFailure) ctx.log(`second reading unavailable: ${(err as Error).message}`);
          loggedFailure = true;
          reading = failedReading(input.plate, 'unavailable', 'the plate reader failed; see the application log', m.info, at());
        }
      }
    }
    return { hitId, reading, elapsed: Math.round((performance.now() - started) * 100) / 100 };
  };

  /**
   * Stores readings together: one commit (one fsync on the console's main thread) for every
   * reading scored since the last, so a burst of hits is not followed by a burst of commits
   * that would hold up the next hit's own.
   */
  const store = async (done: Scored[]): Promise<void> => {
    if (stopped || done.length === 0) return;
    await ctx.commit(() => {
      for (const d of done) writeSecondReading(ctx.db, d.hitId, d.reading, d.elapsed);
    });
    if (stopped) return;
    for (const d of done) {
      const item = ctx.hits.queueItem(d.hitId);
      if (item) ctx.broadcast('hits:updated', { ...item, secondReading: d.reading });
    }
  };

  const pump = async (): Promise<void> => {
    if (running) return;
    running = true;
    try {
      while (queue.length && !stopped) {
        // At most one store per STORE_EVERY_MS: hits arriving meanwhile join the next batch.
        const wait = lastStoreAt + STORE_EVERY_MS - performance.now();
        if (wait > 0) await new Promise((r) => setTimeout(r, wait));
        if (stopped) break;
        const done: Scored[] = [];
        // Score what is queued now (at most a batch), then store it all at once.
        for (let n = 0; n < STORE_BATCH && queue.length && !stopped; n++) {
          const id = queue.shift()!;
          queued.delete(id);
          try {
            const scored = await scoreOne(id);
            if (scored) done.push(scored);
          } catch (err) {
            // The hit itself is untouched; its second reading stays pending until the next start.
            if (!stopped) ctx.log(`second reading of hit ${id} failed: ${(err as Error).message}`);
          }
        }
        try {
          lastStoreAt = performance.now();
          await store(done);
        } catch (err) {
          if (!stopped) ctx.log(`second readings of ${done.length} hit(s) could not be stored: ${(err as Error).message}`);
        }
      }
    } finally {
      running = false;
      const waiters = idleWaiters;
      idleWaiters = [];
      for (const w of waiters) w();
    }
  };

  const enqueue = (hitIds: readonly string[]) => {
    if (stopped) return;
    for (const id of hitIds) {
      if (queued.has(id)) continue;
      queued.add(id);
      queue.push(id);
    }
    // Never in the caller's turn: the hub client's listeners (hits:new, the alert) come first.
    if (queue.length) setImmediate(() => void pump());
  };

  const onHits = (fresh: readonly { id: string }[]) => enqueue(fresh.map((h) => h.id));

  return {
    handlers: {},
    enqueue,
    idle: () => (running || queue.length ? new Promise<void>((resolve) => idleWaiters.push(resolve)) : Promise.resolve()),
    start() {
      ctx.hub?.on('hits', onHits);
      // Open hits only: an ended hit's review is history, and a large store stays cheap to start.
      const ended = HIT_STATUSES.filter(isEnded);
      const rows = ctx.db
        .prepare(
          `SELECT h.id FROM hits h LEFT JOIN hit_ocr o ON o.hit_id = h.id
           WHERE h.status NOT IN (${ended.map(() => '?').join(', ')}) AND (o.hit_id IS NULL OR o.status = 'unavailable')
           ORDER BY h.priority_rank, h.captured_at`,
        )
        .all(...ended) as { id: string }[];
      enqueue(rows.map((r) => r.id));
      // Load the models while the console is idle rather than when the first hit comes.
      if (ctx.hub && loadModel().ok) {
        reader ??= new PlateReader({ modelPath });
        warming = reader.warm().catch(() => {
          // Scoring reports any failure (the worker is started again for it).
        });
      }
    },
    async stop() {
      stopped = true;
      ctx.hub?.off('hits', onHits);
      queue.length = 0;
      queued.clear();
      // A reading in flight finishes first (it writes nothing once stopped): terminating the
      // worker in the middle of an inference can abort the whole process in onnxruntime.
      if (running) await new Promise<void>((resolve) => idleWaiters.push(resolve));
      // The same for the models still loading: a worker stopped halfway can take the process down.
      await warming;
      const r = reader;
      reader = null;
      await r?.close();
    },
  };
}
