/**
 * Training mode's camera network: fixed sites in the synthetic city read plates from the
 * training hotlist and post hits through the same intake as a real camera system. Every hit
 * is a pure function of (seed, index), so a training session can be replayed exactly.
 * About 15 % of reads differ from the listed plate by one look-alike character, because
 * real hit error rates run 5 to 35 % and a dispatcher must learn to catch them.
 */
import type { PostedHit } from '../../contract/hub';
import type { Intake } from '../intake';
import type { HotlistEntry, HubStore } from '../store';
import { TRAINING_SITES, type Site } from './city';
import { trainingHotlist } from './hotlist';
import { int, mulberry32, pick, range } from './random';
import { renderOverviewPng, renderPlatePng } from './render';

export interface TrainingOptions {
  ratePerMinute: number;
  seed?: number;
  /**
   * How many synthetic reads the read history holds (default 1,000,000; 0: none). Written
   * once per data folder in the background (reads/history.ts).
   */
  reads?: number;
}

export const MISREAD_SHARE = 0.15;
/** The least idle time between two training hits, however far behind the rate they are. */
const MIN_GAP_MS = 20;

/** Characters a plate reader confuses, both ways. */
export const LOOK_ALIKES: Readonly<Record<string, string>> = {
  '0': 'O',
  O: '0',
  '8': 'B',
  B: '8',
  '1': 'I',
  I: '1',
  '5': 'S',
  S: '5',
  '2': 'Z',
  Z: '2',
  '6': 'G',
  G: '6',
};

export interface TrainingHitPlan {
  /** Seeds this hit's images, so they too are the same on every replay. */
  imageSeed: number;
  entry: HotlistEntry;
  site: Site;
  /** What the camera read: the listed plate (that is what matched the hotlist). */
  read: { plate: string; state: string; confidence: number };
  /**
   * The plate the car really carries, as its images show it: the listed plate, or for a
   * misread one look-alike character away from it (the camera read the car's 572W2G as the
   * listed 572W26). A misread is a car that is not the listed one.
   */
  imagePlate: string;
  capturedAt: string;
}

/** What hit number `index` of a session seeded with `seed` is; no images yet (cheap). */
export function planTrainingHit(
  seed: number,
  index: number,
  now: Date,
  hotlist: readonly HotlistEntry[],
): TrainingHitPlan {
  const imageSeed = (Math.imul(seed | 0, 0x9e3779b1) ^ Math.imul(index + 1, 0x85ebca77)) >>> 0;
  const rand = mulberry32(imageSeed);
  const site = pick(rand, TRAINING_SITES);
  const misread = rand() < MISREAD_SHARE;
  let entry = pick(rand, hotlist);
  let imagePlate = entry.plate;
  if (misread) {
    const confusable = hotlist.filter((e) => lookAlikePositions(e.plate).length > 0);
    if (!lookAlikePositions(entry.plate).length) entry = pick(rand, confusable);
    const at = pick(rand, lookAlikePositions(entry.plate));
    imagePlate = entry.plate.slice(0, at) + LOOK_ALIKES[entry.plate[at]!]! + entry.plate.slice(at + 1);
  }
  return {
    imageSeed,
    entry,
    site,
    imagePlate,
    read: {
      plate: entry.plate,
      state: entry.state,
      // Misreads come with lower confidence on real readers too, but not reliably lower.
      confidence: round2(misread ? range(rand, 0.55, 0.88) : range(rand, 0.78, 0.99)),
    },
    capturedAt: new Date(now.getTime() - int(rand, 300, 2500)).toISOString(),
  };
}

/** The `POST /hits` body a camera system would send for this plan. */
export function trainingHitBody(plan: TrainingHitPlan): PostedHit {
  const { entry, site } = plan;
  const { id: _id, cleared: _cleared, ...match } = entry;
  const plate = renderPlatePng({ plate: plan.imagePlate, state: entry.state, seed: plan.imageSeed });
  const overview = renderOverviewPng({
    plate: plan.imagePlate,
    state: entry.state,
    vehicle: entry.vehicle ?? '',
    seed: plan.imageSeed,
    caption: `${site.name} ${site.direction} ${plan.capturedAt.slice(0, 19).replace('T', ' ')}Z`,
  });
  return {
    capturedAt: plan.capturedAt,
    camera: { id: site.id, name: site.name, lat: site.lat, lon: site.lon, direction: site.direction },
    read: plan.read,
    images: {
      plate: { mime: 'image/png', base64: plate.toString('base64') },
      overview: { mime: 'image/png', base64: overview.toString('base64') },
    },
    matches: [match],
  };
}

/**
 * Seeds the training hotlist, posts one hit at once (a new user sees something straight
 * away), then one every 60 / ratePerMinute seconds until stopped.
 */
export async function startTrainingCamera(opts: {
  ratePerMinute: number;
  seed?: number;
  store: HubStore;
  intake: Intake;
  log: (line: string) => void;
}): Promise<{ stop(): void }> {
  const { ratePerMinute, store, intake, log } = opts;
  if (!(ratePerMinute > 0 && Number.isFinite(ratePerMinute))) {
    throw new Error(`training hit rate must be a positive number of hits per minute, not ${ratePerMinute}`);
  }
  const seed = opts.seed ?? 1;
  const hotlist = trainingHotlist(new Date());
  await store.upsertHotlist('training', hotlist);
  await store.upsertCameras(TRAINING_SITES);
  // Numbering continues from what the hub holds, so a restarted hub does not replay the
  // hits it already sent.
  let index = await store.hitCount();
  let stopped = false;

  const postOne = async () => {
    const body = trainingHitBody(planTrainingHit(seed, index++, new Date(), hotlist));
    const result = await intake(JSON.stringify(body));
    if (result.status !== 202) log(`hub: training hit refused by intake: ${JSON.stringify(result.body)}`);
  };

  await postOne();
  // A chain of timeouts rather than setInterval: rendering a hit blocks the event loop, and
  // when it takes longer than the period an interval is always overdue and starves socket
  // I/O in the same process (the in-process training hub of the console). The gap after
  // each hit lets the hub push what it has and read acknowledgements.
  const periodMs = 60_000 / ratePerMinute;
  let due = Date.now() + periodMs;
  let timer: NodeJS.Timeout;
  const tick = () => {
    postOne()
      .catch((err: Error) => log(`hub: training hit failed: ${err.message}`))
      .finally(() => {
        if (stopped) return;
        due = Math.max(due + periodMs, Date.now());
        timer = setTimeout(tick, Math.max(MIN_GAP_MS, due - Date.now()));
      });
  };
  timer = setTimeout(tick, periodMs);
  log(`hub: training mode, ${hotlist.length} hotlist entries, ${ratePerMinute} hits per minute, seed ${seed}`);
  return {
    stop() {
      stopped = true;
      clearTimeout(timer);
    },
  };
}

function lookAlikePositions(plate: string): number[] {
  return [...plate].flatMap((c, i) => (c in LOOK_ALIKES ? [i] : []));
}

function round2(n: number): number {
  return Math.round(n * 100) / 100;
}
